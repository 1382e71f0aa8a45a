import { Anchor, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useNavigate } from 'react-router';
import type { Campaign } from '../../api/types';
import { useCanWrite } from '../../auth/session';
import { label, temporalUrl } from '../../components/format';
import { Empty, ErrorAlert, Loading, QueryState } from '../../components/states';
import { useCampaigns, useQueueStatus } from './campaign-api';
import { CampaignForm } from './CampaignForm';
import { QueueControls } from './QueueControls';
import { QueueStatusView } from './QueueStatusView';

function CampaignRow({ campaign }: { campaign: Campaign }) {
  const queue = useQueueStatus(campaign.id);
  return (
    <Table.Tr data-testid={`campaign-row-${campaign.id}`}>
      <Table.Td>
        <Anchor component={Link} to={`/campaigns/${campaign.id}`} fw={600}>
          {campaign.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {label(campaign.type)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={campaign.status === 'archived' ? 'gray' : 'blue'}>
          {campaign.status}
        </Badge>
      </Table.Td>
      <Table.Td>{queue.isPending ? <Loading label="" /> : queue.isError ? <ErrorAlert error={queue.error} title="No status" /> : <QueueStatusView status={queue.data} />}</Table.Td>
      <Table.Td>
        <Stack gap="xs">
          <QueueControls campaign={campaign} status={queue.data} />
          <Anchor href={temporalUrl(`campaign/${campaign.id}`)} target="_blank" rel="noreferrer" size="xs">
            Workflow in Temporal
          </Anchor>
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

/** Every campaign with its live queue status and the queue controls. */
export function CampaignsPage() {
  const campaigns = useCampaigns();
  const canWrite = useCanWrite();
  const navigate = useNavigate();
  const [creating, { open, close }] = useDisclosure();

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Campaigns</Title>
        {canWrite && <Button onClick={open}>New campaign</Button>}
      </Group>
      <QueryState query={campaigns}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No campaign yet.{canWrite ? ' Create one to start calling.' : ''}</Empty>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Campaign</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Queue</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((campaign) => (
                    <CampaignRow key={campaign.id} campaign={campaign} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <Modal opened={creating} onClose={close} title="New campaign" size="xl">
        <CampaignForm
          onDone={(saved) => {
            close();
            void navigate(`/campaigns/${saved.id}`);
          }}
        />
      </Modal>
    </Stack>
  );
}
