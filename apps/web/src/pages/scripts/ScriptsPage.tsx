import { Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiSend } from '../../api/client';
import type { Script } from '../../api/types';
import { useCanWrite } from '../../auth/session';
import { Empty, ErrorAlert, QueryState } from '../../components/states';
import { useScripts } from '../campaigns/campaign-api';
import { ScriptForm } from './ScriptForm';

export function ScriptsPage() {
  const scripts = useScripts();
  const canWrite = useCanWrite();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Script | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/scripts/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['scripts'] }),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Scripts</Title>
        {canWrite && <Button onClick={() => setEditing('new')}>New script</Button>}
      </Group>
      <ErrorAlert error={remove.error} title="Not deleted" />
      <QueryState query={scripts}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No script yet; campaigns use the default pitch.</Empty>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {list.map((script) => (
                <Paper key={script.id} withBorder p="md" component="article" aria-label={script.name}>
                  <Stack gap="xs">
                    <Title order={3} size="h5">
                      {script.name}
                    </Title>
                    <Text size="sm" lineClamp={3}>
                      {script.mainPitch}
                    </Text>
                    <Text size="xs" c="dimmed">
                      Objections handled: {Object.keys(script.objectionHandling).join(', ') || 'none'}
                    </Text>
                    {canWrite && (
                      <Group gap="xs">
                        <Button size="xs" variant="default" onClick={() => setEditing(script)}>
                          Edit
                        </Button>
                        <Button size="xs" variant="outline" color="red" onClick={() => window.confirm(`Delete the script ${script.name}?`) && remove.mutate(script.id)}>
                          Delete
                        </Button>
                      </Group>
                    )}
                  </Stack>
                </Paper>
              ))}
            </SimpleGrid>
          )
        }
      </QueryState>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New script' : 'Edit script'} size="xl">
        {editing !== null && <ScriptForm script={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
