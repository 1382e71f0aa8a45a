import { Button, Group } from '@mantine/core';
import type { Campaign, QueueStatus } from '../../api/types';
import { useCanWrite } from '../../auth/session';
import { ErrorAlert } from '../../components/states';
import { type QueueAction, useQueueControl } from './campaign-api';

/** The actions the queue's state allows; viewers see none. */
function actionsFor(campaign: Campaign, status: QueueStatus | undefined): QueueAction[] {
  if (!status || campaign.status === 'archived') return [];
  if (status.status === 'running' || status.status === 'paused') return [status.paused ? 'resume' : 'pause', 'stop'];
  if (status.status === 'stopping') return [];
  return ['start'];
}

const LABELS: Record<QueueAction, string> = { start: 'Start queue', pause: 'Pause', resume: 'Resume', stop: 'Stop' };

export function QueueControls({ campaign, status }: { campaign: Campaign; status: QueueStatus | undefined }) {
  const canWrite = useCanWrite();
  const control = useQueueControl(campaign.id);
  if (!canWrite) return null;
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        {actionsFor(campaign, status).map((action) => (
          <Button
            key={action}
            size="xs"
            variant={action === 'stop' ? 'outline' : 'filled'}
            color={action === 'stop' ? 'red' : undefined}
            loading={control.isPending && control.variables === action}
            onClick={() => control.mutate(action)}
            aria-label={`${LABELS[action]} ${campaign.name}`}
          >
            {LABELS[action]}
          </Button>
        ))}
      </Group>
      {control.error && <ErrorAlert error={control.error} title={`Could not ${control.variables ?? 'change'} ${campaign.name}`} />}
    </>
  );
}
