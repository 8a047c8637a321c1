import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Stack, Table, Text, Title } from '@mantine/core';
import { StackedTable } from '../../components/StackedTable.js';
import type { DashboardView } from './status.js';

/**
 * The share on track on each day it was kept, over the last year: a chart, and the same figures as a table
 * for anyone who cannot see the chart.
 */
export function Trend({ points }: { points: DashboardView['trend'] }) {
  const data = points.map((p) => ({
    day: p.day,
    'On track (%)': Math.round(p.rate * 1000) / 10,
    Overdue: p.counts.overdue + p.counts.expired,
  }));
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Over time
      </Title>
      {points.length < 2 ? (
        <Text>
          {points.length
            ? `Kept since ${points[0]!.day}; a point is added each day the dashboard is read.`
            : 'No history kept for this day yet.'}
        </Text>
      ) : (
        <>
          <LineChart
            h={220}
            data={data}
            dataKey="day"
            series={[{ name: 'On track (%)', color: 'teal.9' }]}
            yAxisProps={{ domain: [0, 100] }}
            curveType="linear"
            // The figures are in the table below; the chart itself takes no focus and says nothing.
            lineChartProps={{ accessibilityLayer: false }}
            aria-hidden
          />
          <details>
            <summary>The figures behind the chart</summary>
            <StackedTable>
              <Table.Caption>On track and overdue or expired, by day</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Day</Table.Th>
                  <Table.Th ta="right">On track</Table.Th>
                  <Table.Th ta="right">Overdue or expired</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((p) => (
                  <Table.Tr key={p.day}>
                    <Table.Td>{p.day}</Table.Td>
                    <Table.Td ta="right">{p['On track (%)']}%</Table.Td>
                    <Table.Td ta="right">{p.Overdue}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </StackedTable>
          </details>
        </>
      )}
    </Stack>
  );
}
