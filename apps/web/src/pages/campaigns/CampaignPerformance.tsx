import { Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet } from '../../api/client';
import type { Performance } from '../../api/types';
import { DistributionChart } from '../../components/DistributionChart';
import { StatCard } from '../../components/StatCard';
import { label, percent, seconds } from '../../components/format';
import { QueryState } from '../../components/states';

/** A date input's day as the start of that local day, ISO 8601; the end date counts whole. */
function dayStart(date: string, plusDays = 0): string | undefined {
  if (!date) return undefined;
  const day = new Date(`${date}T00:00:00`);
  day.setDate(day.getDate() + plusDays);
  return day.toISOString();
}

/** The campaign's call metrics over a date range (all calls when none is set), and its contacts by status. */
export function CampaignPerformance({ campaignId }: { campaignId: string }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const performance = useQuery({
    queryKey: ['performance', campaignId, from, to],
    queryFn: () =>
      apiGet<{ performance: Performance }>(`/campaigns/${campaignId}/performance`, { from: dayStart(from), to: dayStart(to, 1) }).then((r) => r.performance),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="performance-title">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Title id="performance-title" order={3} size="h4">
            Performance
          </Title>
          <Group gap="sm">
            <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </Group>
        </Group>
        <QueryState query={performance}>
          {(p) => (
            <>
              <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
                <StatCard label="Calls" value={p.totalCalls} />
                <StatCard label="Answered" value={p.answeredCalls} />
                <StatCard label="Positive" value={p.positiveOutcomes} />
                <StatCard label="Success rate" value={percent(p.successRate)} />
                <StatCard label="Average duration" value={seconds(p.averageDuration)} />
                <StatCard label="CSAT" value={p.csatAverage === null ? '—' : p.csatAverage.toFixed(1)} />
              </SimpleGrid>
              <Text size="sm">
                Contacts: {Object.entries(p.contacts).map(([status, n]) => `${label(status)} ${n}`).join(' · ') || 'none'} · cost ${p.totalCost.toFixed(2)}
              </Text>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <DistributionChart title="Outcomes" distribution={p.outcomeDistribution} />
                <DistributionChart title="Emotions" distribution={p.emotionDistribution} />
              </SimpleGrid>
            </>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}
