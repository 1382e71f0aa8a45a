import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { useCanWrite } from '../../auth/session';
import { label, temporalUrl } from '../../components/format';
import { ErrorAlert, QueryState } from '../../components/states';
import { useArchiveCampaign, useCampaign, useQueueStatus } from './campaign-api';
import { CampaignForm } from './CampaignForm';
import { CampaignPerformance } from './CampaignPerformance';
import { QueueControls } from './QueueControls';
import { QueueStatusView } from './QueueStatusView';

/** One campaign: its queue, controls, settings, performance, and links to its contacts, calls and workflow. */
export function CampaignPage() {
  const id = useParams().id!;
  const campaign = useCampaign(id);
  const queue = useQueueStatus(id);
  const canWrite = useCanWrite();
  const archive = useArchiveCampaign();
  const [editing, { open, close }] = useDisclosure();

  return (
    <QueryState query={campaign}>
      {(c) => (
        <Stack>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Title order={2}>{c.name}</Title>
              <Group gap="xs">
                <Badge variant="light">{c.status}</Badge>
                <Text size="sm" c="dimmed">
                  {label(c.type)}
                </Text>
              </Group>
              {c.description && <Text size="sm">{c.description}</Text>}
            </Stack>
            {canWrite && (
              <Group gap="xs">
                <Button variant="default" onClick={open} disabled={c.status === 'archived'}>
                  Edit
                </Button>
                <Button
                  variant="outline"
                  color="red"
                  loading={archive.isPending}
                  disabled={c.status === 'archived'}
                  onClick={() => window.confirm(`Archive ${c.name}? A campaign without calls is deleted.`) && archive.mutate(c.id)}
                >
                  Archive
                </Button>
              </Group>
            )}
          </Group>
          <ErrorAlert error={archive.error} title="Not archived" />
          {archive.data && <Text role="status">Campaign {archive.data.result}.</Text>}
          <Paper withBorder p="md" component="section" aria-label="Queue">
            <Stack>
              <Group justify="space-between" align="flex-start">
                <QueryState query={queue}>{(status) => <QueueStatusView status={status} detailed />}</QueryState>
                <QueueControls campaign={c} status={queue.data} />
              </Group>
              <Group gap="md">
                <Anchor component={Link} to={`/contacts?campaign_id=${c.id}`}>
                  Contacts
                </Anchor>
                <Anchor component={Link} to={`/calls?campaign_id=${c.id}`}>
                  Calls
                </Anchor>
                <Anchor href={temporalUrl(`campaign/${c.id}`)} target="_blank" rel="noreferrer">
                  Workflow in Temporal Web UI
                </Anchor>
              </Group>
            </Stack>
          </Paper>
          <CampaignPerformance campaignId={c.id} />
          <Modal opened={editing} onClose={close} title={`Edit ${c.name}`} size="xl">
            <CampaignForm campaign={c} onDone={close} />
          </Modal>
        </Stack>
      )}
    </QueryState>
  );
}
