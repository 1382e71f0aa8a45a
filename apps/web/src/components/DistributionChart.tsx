import { Paper, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { label } from './format';
import { Empty } from './states';

/** Calls by outcome or emotion as a bar chart, with the same numbers as text for screen readers. */
export function DistributionChart({ title, distribution }: { title: string; distribution: Record<string, number> }) {
  const data = Object.entries(distribution).map(([name, calls]) => ({ name: label(name), calls }));
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      {data.length === 0 ? (
        <Empty>No calls yet.</Empty>
      ) : (
        <>
          <div style={{ width: '100%', height: 220 }} aria-hidden>
            <ResponsiveContainer>
              <BarChart data={data} margin={{ left: -20 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" fontSize={12} />
                <YAxis allowDecimals={false} fontSize={12} />
                <Tooltip />
                <Bar dataKey="calls" fill="#1c7ed6" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <Text size="xs" c="dimmed">
            {data.map((d) => `${d.name}: ${d.calls}`).join(', ')}
          </Text>
        </>
      )}
    </Paper>
  );
}
