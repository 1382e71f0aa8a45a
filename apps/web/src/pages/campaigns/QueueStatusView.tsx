import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import type { QueueStatus } from '../../api/types';
import { dateTime } from '../../components/format';

const COLORS: Record<QueueStatus['status'], string> = {
  idle: 'gray',
  running: 'green',
  paused: 'yellow',
  stopping: 'orange',
  stopped: 'gray',
  completed: 'blue',
};

/** Running or paused (and why), processed of total, calls up now and the next call time. */
export function QueueStatusView({ status, detailed = false }: { status: QueueStatus; detailed?: boolean }) {
  const shown = status.paused ? 'paused' : status.status;
  const done = status.totalContacts ? (status.processedContacts / status.totalContacts) * 100 : 0;
  return (
    <Stack gap={4} miw={160}>
      <Group gap="xs">
        <Badge color={COLORS[shown]} data-testid="queue-status">
          {shown}
        </Badge>
        <Text size="xs">{status.activeCalls} active</Text>
      </Group>
      {status.engineNotice && (
        <Text size="xs" c="red" data-testid="queue-engine-notice">
          {status.engineNotice}
        </Text>
      )}
      {status.pauseReason && (
        <Text size="xs" c="orange">
          {status.pauseReason}
        </Text>
      )}
      <Progress value={done} size="sm" aria-label={`${status.processedContacts} of ${status.totalContacts} contacts processed`} />
      <Text size="xs" data-testid="queue-processed">
        {status.processedContacts} / {status.totalContacts} processed
      </Text>
      {detailed && (
        <Text size="xs" c="dimmed">
          {status.successfulCalls} successful, {status.failedCalls} failed · last call {dateTime(status.lastCallTime)} · next call{' '}
          {dateTime(status.nextCallTime)}
        </Text>
      )}
    </Stack>
  );
}
