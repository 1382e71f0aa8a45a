import { Alert, Badge, Button, Code, CopyButton, Group, NativeSelect, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiGet, apiSend, fieldErrors } from '../../api/client';
import type { ApiKey, Role } from '../../api/types';
import { dateTime } from '../../components/format';
import { Empty, ErrorAlert, QueryState } from '../../components/states';
import { ROLE_CHOICES } from './UsersPage';

/** Keys for machine clients: a new key is shown once (only its hash is stored), then listed by prefix. */
export function ApiKeysPage() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => apiGet<{ apiKeys: ApiKey[] }>('/api-keys').then((r) => r.apiKeys) });
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({
    mutationFn: () => apiSend<{ key: string }>('POST', '/api-keys', { name, role }),
    onSuccess: () => {
      setName('');
      reload();
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => apiSend('DELETE', `/api-keys/${id}`), onSuccess: reload });
  const errors = fieldErrors(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <Stack>
      <Title order={2}>API keys</Title>
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Create an API key">
        <Stack>
          <ErrorAlert error={create.error} title="Key not created" />
          <Group align="flex-start" grow>
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
            <NativeSelect label="Role" data={ROLE_CHOICES} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)} error={errors.role} />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </Paper>
      {create.data && (
        <Alert color="green" title="Store this key now: it is not shown again" role="status">
          <Group gap="sm" wrap="nowrap">
            <Code data-testid="new-api-key" style={{ wordBreak: 'break-all' }}>
              {create.data.key}
            </Code>
            <CopyButton value={create.data.key}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <ErrorAlert error={revoke.error} title="Not revoked" />
      <QueryState query={keys}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No API key yet.</Empty>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped aria-label="API keys">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Prefix</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th>State</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((key) => (
                    <Table.Tr key={key.id}>
                      <Table.Td>{key.name}</Table.Td>
                      <Table.Td>
                        <Code>{key.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{key.role}</Table.Td>
                      <Table.Td>{dateTime(key.lastUsedAt)}</Table.Td>
                      <Table.Td>
                        {key.revokedAt ? (
                          <Badge color="gray">revoked</Badge>
                        ) : (
                          <Button size="compact-xs" color="red" variant="outline" aria-label={`Revoke ${key.name}`} onClick={() => window.confirm(`Revoke ${key.name}?`) && revoke.mutate(key.id)}>
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}
