import {
  PLAN_DOMAIN_LABELS,
  PLAN_KIND_LABELS,
  type PlanContent,
  type PlanDomain,
  type PlanKind,
} from '@contract/care/plans.schemas.js';
import { Stack, Table, Text, Title, type TitleOrder, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDate, plural } from '../../format.js';

/** "Individualized care plan 2", "… 3 (addendum)". */
export const planTitle = (p: { kind: PlanKind; number: number; addendum: boolean }) =>
  `${PLAN_KIND_LABELS[p.kind]} ${p.number}${p.addendum ? ' (addendum)' : ''}`;

const domainLabel = (d: string) => PLAN_DOMAIN_LABELS[d as PlanDomain] ?? d;
const day = (d: string | null) => (d ? formatDate(d) : '—');
const wrap = { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' } as const;

/** A due day in words, with how far it is from today: "Mar 3, 2026 (in 12 days)", "(3 days ago)". */
export function dueWords(dueOn: string, today: string) {
  const days = Math.round((Date.parse(`${dueOn}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / 86_400_000);
  const when = days === 0 ? 'today' : days > 0 ? `in ${plural(days, 'day')}` : `${plural(-days, 'day')} ago`;
  return `${formatDate(dueOn)} (${when})`;
}

function Part({
  title,
  order,
  count,
  children,
}: {
  title: string;
  order: TitleOrder;
  count: number;
  children: ReactNode;
}) {
  return (
    <Stack gap={4}>
      <Title order={order} size="h5">
        {title}
      </Title>
      {count === 0 ? <Text size="sm">None written.</Text> : children}
    </Stack>
  );
}

/**
 * What a plan says: the goals in the enrollee's own words with their domains, the needs, the services with
 * who is responsible, and the interventions, each with its target date. Shown on the enrollee's page, to the
 * signer on screen, and to a PCP through a link.
 */
export function PlanContentView({
  content: c,
  headingOrder,
}: {
  content: PlanContent;
  headingOrder: TitleOrder;
}) {
  return (
    <Stack gap="md">
      <Part title="Goals" order={headingOrder} count={c.goals.length}>
        <StackedTable>
          <VisuallyHidden component="caption">Goals, in the enrollee’s own words</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>In the enrollee’s own words</Table.Th>
              <Table.Th>Domain</Table.Th>
              <Table.Th>Target date</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.goals.map((g, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a plan's rows have no identity but their place
              <Table.Tr key={i}>
                <Table.Td style={wrap}>{g.words}</Table.Td>
                <Table.Td>{domainLabel(g.domain)}</Table.Td>
                <Table.Td>{day(g.targetOn)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      </Part>
      <Part title="Needs" order={headingOrder} count={c.needs.length}>
        <StackedTable>
          <VisuallyHidden component="caption">Needs</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Need</Table.Th>
              <Table.Th>Domain</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.needs.map((n, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a plan's rows have no identity but their place
              <Table.Tr key={i}>
                <Table.Td style={wrap}>{n.description}</Table.Td>
                <Table.Td>{domainLabel(n.domain)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      </Part>
      <Part title="Services and supports" order={headingOrder} count={c.services.length}>
        <StackedTable>
          <VisuallyHidden component="caption">Services and supports, with who is responsible</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Service or support</Table.Th>
              <Table.Th>Who is responsible</Table.Th>
              <Table.Th>How often</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.services.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a plan's rows have no identity but their place
              <Table.Tr key={i}>
                <Table.Td style={wrap}>{s.service}</Table.Td>
                <Table.Td style={wrap}>{s.responsible}</Table.Td>
                <Table.Td style={wrap}>{s.frequency ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      </Part>
      <Part title="Interventions" order={headingOrder} count={c.interventions.length}>
        <StackedTable>
          <VisuallyHidden component="caption">Interventions, with who is responsible</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Intervention</Table.Th>
              <Table.Th>Who is responsible</Table.Th>
              <Table.Th>Target date</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.interventions.map((x, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a plan's rows have no identity but their place
              <Table.Tr key={i}>
                <Table.Td style={wrap}>{x.action}</Table.Td>
                <Table.Td style={wrap}>{x.responsible}</Table.Td>
                <Table.Td>{day(x.targetOn)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      </Part>
    </Stack>
  );
}

/** Said of a plan's total, for a summary line: "2 goals, 1 need, 3 services, 1 intervention". */
export const contentSummary = (c: PlanContent) =>
  [
    plural(c.goals.length, 'goal'),
    plural(c.needs.length, 'need'),
    plural(c.services.length, 'service'),
    plural(c.interventions.length, 'intervention'),
  ].join(', ');
