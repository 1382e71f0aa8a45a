import { Anchor, Badge, Box, Code, Group, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client';
import type { Call, Turn } from '../../api/types';
import { StatCard } from '../../components/StatCard';
import { label, seconds, temporalUrl } from '../../components/format';
import { Empty, QueryState } from '../../components/states';

/** One speech bubble: the customer on the right in blue, the AI on the left in white. */
function Bubble({ who, text, turn }: { who: 'customer' | 'ai'; text: string; turn?: Turn }) {
  const customer = who === 'customer';
  return (
    <Box style={{ display: 'flex', justifyContent: customer ? 'flex-end' : 'flex-start' }}>
      <Paper
        p="sm"
        radius="lg"
        maw="80%"
        withBorder={!customer}
        bg={customer ? 'blue.7' : 'white'}
        c={customer ? 'white' : 'dark'}
        data-testid={customer ? 'turn-customer' : 'turn-ai'}
        aria-label={customer ? 'Customer' : 'AI'}
      >
        <Text size="xs" fw={700}>
          {customer ? 'Customer' : 'AI'}
        </Text>
        <Text size="sm">{text}</Text>
        {customer && turn && (turn.emotion || turn.confidence !== undefined) && (
          <Text size="xs" mt={4}>
            {turn.emotion && `emotion: ${turn.emotion}`}
            {turn.confidence !== undefined && ` · confidence ${Math.round(turn.confidence * 100)}%`}
          </Text>
        )}
      </Paper>
    </Box>
  );
}

function KeyValues({ title, values }: { title: string; values: Record<string, unknown> | null }) {
  const entries = Object.entries(values ?? {});
  return (
    <Stack gap={4}>
      <Title order={4} size="h6">
        {title}
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          None recorded.
        </Text>
      ) : (
        entries.map(([key, value]) => (
          <Text key={key} size="sm">
            <b>{label(key)}:</b> {typeof value === 'object' ? <Code style={{ wordBreak: 'break-all' }}>{JSON.stringify(value)}</Code> : String(value)}
          </Text>
        ))
      )}
    </Stack>
  );
}

/** The conversation of one call, with its metrics, insights, compliance decision and workflow link. */
export function ConversationModal({ callId, onClose }: { callId: string | null; onClose: () => void }) {
  const conversation = useQuery({
    queryKey: ['call', callId],
    queryFn: () => apiGet<{ call: Call; conversationHistory: Turn[] }>(`/calls/${callId}/conversation`),
    enabled: callId !== null,
  });
  return (
    <Modal opened={callId !== null} onClose={onClose} title="Conversation" size="xl">
      <QueryState query={conversation}>
        {({ call, conversationHistory }) => (
          <Stack>
            <Group justify="space-between">
              <Text fw={600}>
                {call.contactName || 'Contact'} · {call.phone} · attempt {call.attempt}
              </Text>
              <Group gap="xs">
                <Badge>{label(call.status)}</Badge>
                {call.outcome && <Badge color="grape">{label(call.outcome)}</Badge>}
              </Group>
            </Group>
            <SimpleGrid cols={{ base: 2, sm: 5 }}>
              <StatCard label="Duration" value={seconds(call.duration)} />
              <StatCard label="Emotion" value={label(call.emotion)} />
              <StatCard label="Intent" value={call.intentScore === null ? '—' : call.intentScore.toFixed(2)} />
              <StatCard label="CSAT" value={call.csatScore ?? '—'} />
              <StatCard label="Cost" value={`$${call.cost.toFixed(2)}`} />
            </SimpleGrid>
            <Paper bg="gray.1" p="sm" radius="md">
              <Stack gap="xs" aria-label="Conversation turns">
                {conversationHistory.length === 0 ? (
                  <Empty>No conversation was recorded for this call.</Empty>
                ) : (
                  conversationHistory.map((turn, index) => (
                    <Stack key={index} gap="xs">
                      {turn.user_input && <Bubble who="customer" text={turn.user_input} turn={turn} />}
                      {turn.ai_response && <Bubble who="ai" text={turn.ai_response} />}
                    </Stack>
                  ))
                )}
              </Stack>
            </Paper>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <KeyValues title="Insights" values={call.aiInsights} />
              <KeyValues title="Compliance decision" values={call.compliance} />
              {call.handoff && <KeyValues title="Handoff to a person" values={call.handoff} />}
            </SimpleGrid>
            <Text size="sm">
              Line: {call.dialStatus ?? '—'} · {call.hangupCauseText ?? 'no hangup cause'} ·{' '}
              <Anchor href={temporalUrl(call.workflowId)} target="_blank" rel="noreferrer">
                CallWorkflow in Temporal Web UI
              </Anchor>
            </Text>
          </Stack>
        )}
      </QueryState>
    </Modal>
  );
}
