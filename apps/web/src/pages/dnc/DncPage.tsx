import { ActionIcon, Button, Group, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiGet, apiSend, fieldErrors } from '../../api/client';
import type { DncEntry } from '../../api/types';
import { useCanWrite } from '../../auth/session';
import { CsvUpload } from '../../components/CsvUpload';
import { dateTime } from '../../components/format';
import { Empty, ErrorAlert, QueryState } from '../../components/states';

const PAGE_SIZE = 50;

/** The organization's do-not-call list: numbers are checked at every dial. */
export function DncPage() {
  const canWrite = useCanWrite();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(0);
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState('');
  const entries = useQuery({
    queryKey: ['dnc', page],
    queryFn: () => apiGet<{ entries: DncEntry[] }>('/dnc', { limit: PAGE_SIZE, offset: page * PAGE_SIZE }).then((r) => r.entries),
    placeholderData: keepPreviousData,
  });
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['dnc'] });
  const add = useMutation({
    mutationFn: () => apiSend('POST', '/dnc', { phone, ...(reason ? { reason } : {}) }),
    onSuccess: () => {
      setPhone('');
      setReason('');
      reload();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => apiSend('DELETE', `/dnc/${id}`), onSuccess: reload });
  const errors = fieldErrors(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <Stack>
      <Title order={2}>Do not call</Title>
      {canWrite && (
        <>
          <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Add a number">
            <Group align="flex-start">
              <TextInput label="Phone" type="tel" required value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={errors.phone} />
              <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
              <Button type="submit" mt={25} loading={add.isPending}>
                Add number
              </Button>
            </Group>
            {add.error && !errors.phone && <ErrorAlert error={add.error} title="Not added" />}
          </Paper>
          <CsvUpload title="Upload numbers" path="/dnc/upload" hint="A phone column, and optionally reason" onUploaded={reload} />
        </>
      )}
      <ErrorAlert error={remove.error} title="Not removed" />
      <QueryState query={entries}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{page === 0 ? 'The list is empty.' : 'No more numbers.'}</Empty>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table striped aria-label="Do-not-call numbers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Phone</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th>Added</Table.Th>
                    {canWrite && <Table.Th>Remove</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td>{entry.phone}</Table.Td>
                      <Table.Td>{entry.reason || '—'}</Table.Td>
                      <Table.Td>{entry.source}</Table.Td>
                      <Table.Td>{dateTime(entry.createdAt)}</Table.Td>
                      {canWrite && (
                        <Table.Td>
                          <ActionIcon variant="subtle" color="red" aria-label={`Remove ${entry.phone}`} onClick={() => remove.mutate(entry.id)}>
                            ✕
                          </ActionIcon>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <Group justify="flex-end">
        <Button variant="default" disabled={page === 0} onClick={() => setPage(page - 1)}>
          Previous
        </Button>
        <Button variant="default" disabled={(entries.data?.length ?? 0) < PAGE_SIZE} onClick={() => setPage(page + 1)}>
          Next
        </Button>
      </Group>
    </Stack>
  );
}
