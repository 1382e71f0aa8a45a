import { ActionIcon, Button, Group, NativeSelect, Paper, PasswordInput, Stack, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiGet, apiSend, fieldErrors } from '../../api/client';
import type { Role, User } from '../../api/types';
import { useSession } from '../../auth/session';
import { dateTime } from '../../components/format';
import { ErrorAlert, QueryState } from '../../components/states';

export const ROLE_CHOICES = [
  { value: 'viewer', label: 'Viewer (reads)' },
  { value: 'admin', label: 'Admin (writes, starts calls)' },
];

/** Admins add users, change roles and remove them; the API keeps at least one admin. */
export function UsersPage() {
  const { principal } = useSession();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const users = useQuery({ queryKey: ['users'], queryFn: () => apiGet<{ users: User[] }>('/users').then((r) => r.users) });
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['users'] });
  const add = useMutation({
    mutationFn: () => apiSend('POST', '/users', { email, password, role }),
    onSuccess: () => {
      setEmail('');
      setPassword('');
      reload();
    },
  });
  const change = useMutation({ mutationFn: (user: Pick<User, 'id' | 'role'>) => apiSend('PATCH', `/users/${user.id}`, { role: user.role }), onSettled: reload });
  const remove = useMutation({ mutationFn: (id: string) => apiSend('DELETE', `/users/${id}`), onSuccess: reload });
  const errors = fieldErrors(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <Stack>
      <Title order={2}>Users</Title>
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Add a user">
        <Stack>
          <ErrorAlert error={add.error} title="User not added" />
          <Group align="flex-start" grow>
            <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} />
            <PasswordInput label="Password (12 characters or more)" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
            <NativeSelect label="Role" data={ROLE_CHOICES} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)} error={errors.role} />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </Paper>
      <ErrorAlert error={change.error ?? remove.error} title="Not changed" />
      <QueryState query={users}>
        {(list) => (
          <Table.ScrollContainer minWidth={480}>
            <Table striped aria-label="Users">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Added</Table.Th>
                  <Table.Th>Remove</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td>{user.email}</Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={`Role of ${user.email}`}
                        data={ROLE_CHOICES}
                        value={user.role}
                        onChange={(e) => change.mutate({ id: user.id, role: e.currentTarget.value as Role })}
                      />
                    </Table.Td>
                    <Table.Td>{dateTime(user.createdAt)}</Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        disabled={user.id === principal?.userId}
                        aria-label={`Remove ${user.email}`}
                        onClick={() => window.confirm(`Remove ${user.email}?`) && remove.mutate(user.id)}
                      >
                        ✕
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
