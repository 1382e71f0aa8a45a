import { Badge, Paper, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client';
import type { Call, Dashboard } from '../../api/types';
import { DistributionChart } from '../../components/DistributionChart';
import { StatCard } from '../../components/StatCard';
import { label, percent, seconds } from '../../components/format';
import { Empty, QueryState } from '../../components/states';

const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Today's numbers since local midnight and the calls in progress, refreshed by the live event stream. */
export function DashboardPage() {
  const dashboard = useQuery({
    queryKey: ['dashboard', timezone],
    queryFn: () => apiGet<{ dashboard: Dashboard }>('/dashboard', { timezone }).then((r) => r.dashboard),
  });
  const inProgress = useQuery({
    queryKey: ['calls', 'in_progress'],
    queryFn: () => apiGet<{ calls: Call[] }>('/calls', { status: 'in_progress', limit: 20 }).then((r) => r.calls),
  });

  return (
    <Stack>
      <Title order={2}>Dashboard</Title>
      <QueryState query={dashboard}>
        {(d) => (
          <>
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
              <StatCard label="Calls today" value={d.totalCallsToday} />
              <StatCard label="Active calls" value={d.activeCalls} />
              <StatCard label="Active campaigns" value={d.activeCampaigns} />
              <StatCard label="Success rate" value={percent(d.successRate)} />
              <StatCard label="Average duration" value={seconds(d.averageDuration)} />
              <StatCard label="CSAT" value={d.csatAverage === null ? '—' : d.csatAverage.toFixed(1)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <DistributionChart title="Outcomes today" distribution={d.outcomeDistribution} />
              <DistributionChart title="Emotions today" distribution={d.emotionDistribution} />
            </SimpleGrid>
          </>
        )}
      </QueryState>
      <Paper withBorder p="md" component="section" aria-labelledby="live-calls">
        <Title id="live-calls" order={3} size="h5" mb="sm">
          Calls in progress
        </Title>
        <QueryState query={inProgress}>
          {(calls) =>
            calls.length === 0 ? (
              <Empty>No call is in progress.</Empty>
            ) : (
              <Table.ScrollContainer minWidth={400}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Contact</Table.Th>
                      <Table.Th>Phone</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>Started</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {calls.map((call) => (
                      <Table.Tr key={call.id}>
                        <Table.Td>{call.contactName || '—'}</Table.Td>
                        <Table.Td>{call.phone}</Table.Td>
                        <Table.Td>
                          <Badge variant="light">{label(call.status)}</Badge>
                        </Table.Td>
                        <Table.Td>{new Date(call.createdAt).toLocaleTimeString()}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      </Paper>
    </Stack>
  );
}
