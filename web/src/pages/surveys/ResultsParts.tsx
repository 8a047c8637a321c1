import { countLabel, questionsOf } from '@contract/surveys/definition.js';
import type { Participation } from '@contract/surveys/results.schemas.js';
import { Stack, Table, Text, Title } from '@mantine/core';
import { StackedTable } from '../../components/StackedTable.js';
import { formatNumber, formatPercent } from '../../format.js';
import { useComparison } from '../../queries/surveys.js';

const rate = (p: Participation) => (p.invited ? formatPercent((p.completed ?? 0) / p.invited) : '—');

/** Invited, started and completed, overall and per group; a withheld group says so. */
export function ParticipationTable({
  participation,
}: {
  participation: { overall: Participation; groups: Participation[] };
}) {
  return (
    <StackedTable captionSide="top">
      <Table.Caption>Who took part: those it is addressed to today, and how far they have got</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Group</Table.Th>
          <Table.Th ta="right">Invited</Table.Th>
          <Table.Th ta="right">Started</Table.Th>
          <Table.Th ta="right">Completed</Table.Th>
          <Table.Th ta="right">Response rate</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[participation.overall, ...participation.groups].map((p) => (
          <Table.Tr key={p.group}>
            <Table.Td>{p.group}</Table.Td>
            {p.suppressed ? (
              <Table.Td colSpan={4} ta="right">
                hidden: fewer than 5, or it would reveal a smaller group
              </Table.Td>
            ) : (
              <>
                <Table.Td ta="right">{formatNumber(p.invited ?? 0)}</Table.Td>
                <Table.Td ta="right">{formatNumber(p.started ?? 0)}</Table.Td>
                <Table.Td ta="right">{formatNumber(p.completed ?? 0)}</Table.Td>
                <Table.Td ta="right">{rate(p)}</Table.Td>
              </>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </StackedTable>
  );
}

const signed = (n: number) => `${n > 0 ? '+' : ''}${n.toFixed(1)}`;

/** This survey beside the needs assessment or evaluation of the same module or session, when it has one. */
export function BeforeAndAfter({ surveyId }: { surveyId: string }) {
  const found = useComparison(surveyId);
  const c = found.data?.comparison;
  if (!c || !found.data) return null;
  const questions = new Map(questionsOf(found.data.definition).map((q) => [q.key, q]));
  return (
    <Stack gap="sm">
      <Title order={3}>Before and after</Title>
      <Text size="sm">
        “{c.before.title}” ({c.before.respondents ?? 'fewer than 5'} respondents) beside “{c.after.title}” (
        {c.after.respondents ?? 'fewer than 5'}), on the questions both ask: the share of answers each time
        and the change in percentage points.
      </Text>
      {!c.changes.length && (
        <Text size="sm">Nothing to compare yet: each needs at least five respondents.</Text>
      )}
      {c.changes.map((change) => {
        const q = questions.get(change.key);
        if (!q) return null;
        return (
          <StackedTable key={change.key} captionSide="top">
            <Table.Caption>
              {q.text}
              {change.mean
                ? ` Mean before ${change.mean.pre ?? '—'}, after ${change.mean.post ?? '—'}${change.mean.change !== null ? ` (${signed(change.mean.change)})` : ''}.`
                : ''}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Answer</Table.Th>
                <Table.Th ta="right">Before</Table.Th>
                <Table.Th ta="right">After</Table.Th>
                <Table.Th ta="right">Change (points)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {change.shares
                .filter((s) => s.pre || s.post)
                .map((s) => (
                  <Table.Tr key={s.value}>
                    <Table.Td>{countLabel(q, s.value)}</Table.Td>
                    <Table.Td ta="right">{s.pre.toFixed(1)}%</Table.Td>
                    <Table.Td ta="right">{s.post.toFixed(1)}%</Table.Td>
                    <Table.Td ta="right">{signed(s.change)}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </StackedTable>
        );
      })}
    </Stack>
  );
}
