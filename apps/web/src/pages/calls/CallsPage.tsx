import { Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiDownload, apiGet } from '../../api/client';
import { CALL_OUTCOMES, CALL_STATUSES, type Call, EMOTIONS } from '../../api/types';
import { dateTime, label, seconds } from '../../components/format';
import { Empty, ErrorAlert, QueryState } from '../../components/states';
import { useCampaigns } from '../campaigns/campaign-api';
import { ConversationModal } from './ConversationModal';

const PAGE_SIZE = 50;
const FILTERS = ['campaign_id', 'outcome', 'emotion', 'status', 'rehearsal', 'from', 'to'] as const;
/** The API lists live calls unless asked for a rehearsal's (calls to the sandbox's simulated customers). */
const KINDS = [
  { value: '', label: 'Live calls' },
  { value: 'true', label: 'Rehearsal calls' },
];

/** A date input's day as an instant; `to` includes its whole day. */
function instant(date: string, plusDays: number): string | undefined {
  if (!date) return undefined;
  const day = new Date(`${date}T00:00:00`);
  day.setDate(day.getDate() + plusDays);
  return day.toISOString();
}

function choices(values: readonly string[], any: string) {
  return [{ value: '', label: any }, ...values.map((value) => ({ value, label: label(value) }))];
}

/** Call history, newest first, by cursor; new calls and status changes arrive live. */
export function CallsPage() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const query = { ...filters, from: instant(filters.from, 0), to: instant(filters.to, 1) };
  // The cursors of the pages before this one; the first page has none.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [viewing, setViewing] = useState<string | null>(null);
  const campaigns = useCampaigns();
  const campaignName = new Map((campaigns.data ?? []).map((c) => [c.id, c.name]));

  const calls = useQuery({
    queryKey: ['calls', query, cursor],
    queryFn: () => apiGet<{ calls: Call[]; nextCursor: string | null }>('/calls', { ...query, limit: PAGE_SIZE, cursor }),
    placeholderData: keepPreviousData,
  });
  const exportCsv = useMutation({ mutationFn: () => apiDownload('/calls/export', query, 'calls.csv') });

  const setFilter = (key: string, value: string) => {
    setCursors([]);
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Calls</Title>
        <Button variant="default" loading={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
          Export CSV
        </Button>
      </Group>
      <ErrorAlert error={exportCsv.error} title="Export failed" />
      <Group align="flex-end" role="search" aria-label="Filter calls">
        <NativeSelect
          label="Campaign"
          data={[{ value: '', label: 'All campaigns' }, ...(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
          value={filters.campaign_id}
          onChange={(e) => setFilter('campaign_id', e.currentTarget.value)}
        />
        <NativeSelect label="Outcome" data={choices(CALL_OUTCOMES, 'Any outcome')} value={filters.outcome} onChange={(e) => setFilter('outcome', e.currentTarget.value)} />
        <NativeSelect label="Emotion" data={choices(EMOTIONS, 'Any emotion')} value={filters.emotion} onChange={(e) => setFilter('emotion', e.currentTarget.value)} />
        <NativeSelect label="Status" data={choices(CALL_STATUSES, 'Any status')} value={filters.status} onChange={(e) => setFilter('status', e.currentTarget.value)} />
        <NativeSelect label="Calls" data={KINDS} value={filters.rehearsal} onChange={(e) => setFilter('rehearsal', e.currentTarget.value)} />
        <TextInput label="From" type="date" value={filters.from} onChange={(e) => setFilter('from', e.currentTarget.value)} />
        <TextInput label="To" type="date" value={filters.to} onChange={(e) => setFilter('to', e.currentTarget.value)} />
      </Group>
      <QueryState query={calls}>
        {({ calls: rows, nextCursor }) =>
          rows.length === 0 ? (
            <Empty>No call matches.</Empty>
          ) : (
            <>
              <Table.ScrollContainer minWidth={760}>
                <Table striped aria-label="Calls">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Time</Table.Th>
                      <Table.Th>Contact</Table.Th>
                      <Table.Th>Campaign</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>Outcome</Table.Th>
                      <Table.Th>Emotion</Table.Th>
                      <Table.Th>Duration</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>Details</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((call) => (
                      <Table.Tr key={call.id} data-testid="call-row">
                        <Table.Td>{dateTime(call.createdAt)}</Table.Td>
                        <Table.Td>
                          {call.contactName || '—'}
                          <Text size="xs" c="dimmed">
                            {call.phone}
                          </Text>
                        </Table.Td>
                        <Table.Td>{campaignName.get(call.campaignId) ?? '—'}</Table.Td>
                        <Table.Td>
                          <Badge variant="light" data-testid="call-status">
                            {label(call.status)}
                          </Badge>
                          {call.rehearsal && (
                            <Badge variant="outline" color="grape" ml="xs" title={`Simulated customer: ${label(call.rehearsalBehaviour)}`}>
                              rehearsal
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{label(call.outcome)}</Table.Td>
                        <Table.Td>{label(call.emotion)}</Table.Td>
                        <Table.Td>{seconds(call.duration)}</Table.Td>
                        <Table.Td>
                          <Button size="compact-sm" variant="light" onClick={() => setViewing(call.id)} aria-label={`View call with ${call.phone}`}>
                            View
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group justify="flex-end">
                <Button variant="default" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                  Newer
                </Button>
                <Button variant="default" disabled={!nextCursor} onClick={() => nextCursor && setCursors([...cursors, nextCursor])}>
                  Older
                </Button>
              </Group>
            </>
          )
        }
      </QueryState>
      <ConversationModal callId={viewing} onClose={() => setViewing(null)} />
    </Stack>
  );
}
