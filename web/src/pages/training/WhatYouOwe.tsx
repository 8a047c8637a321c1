import type { OwedView } from '@contract/compliance/compliance.schemas.js';
import { Anchor, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { StackedTable } from '../../components/StackedTable.js';
import { useMyCompliance } from '../../queries/training-records.js';
import { useTrainingSessions } from '../../queries/training-sessions.js';
import { StatusBadge } from '../compliance/status.js';
import { SESSION_KIND_LABELS, type SessionView, when } from './format.js';

const names = new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' });

/** What the signed-in person owes, and the next chance to do each: its data, for the list and the home page. */
export function useWhatYouOwe() {
  const mine = useMyCompliance();
  const open = (mine.data?.owed ?? []).filter((o) => o.status !== 'compliant' && o.status !== 'exempt');
  const topicIds = [...new Set(open.flatMap((o) => o.topicIds))].sort();
  // One request for every topic: the sessions still taking people, soonest first, then those taken any time.
  const sessions = useTrainingSessions(
    { topicIds: topicIds.join(','), upcoming: 'true', open: 'true', sort: 'startsAt', pageSize: 200 },
    { enabled: topicIds.length > 0 },
  );
  const nextFor = (o: OwedView) => {
    const offered = (sessions.data?.items ?? []).filter((s) => o.topicIds.includes(s.topicId));
    return offered.find((s) => s.myRegistration === 'registered') ?? offered[0];
  };
  return { owed: mine.data?.owed, isPending: mine.isPending, error: mine.error, nextFor };
}

/**
 * What you owe, one row per thing to do (decision 034): a topic three plans require is one row, "required by"
 * the three, with the most urgent status, the earliest date still open and the next session that satisfies it.
 */
export function WhatYouOwe({ emptyText }: { emptyText?: string }) {
  const { owed, nextFor } = useWhatYouOwe();
  if (!owed) return null;
  if (!owed.length) return emptyText ? <Text>{emptyText}</Text> : null;
  const settled = (o: OwedView) => o.status === 'compliant' || o.status === 'exempt';
  return (
    <StackedTable data-testid="what-you-owe">
      <Table.Caption>What you owe, and by when</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Training or qualification</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Due</Table.Th>
          <Table.Th>Next chance</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {owed.map((o) => (
          <Table.Tr key={keyOf(o)}>
            <Table.Td>
              <What owed={o} />
            </Table.Td>
            <Table.Td>
              <StatusBadge status={o.status} />
            </Table.Td>
            <Table.Td>{o.dueOn ?? ''}</Table.Td>
            <Table.Td>
              <Next owed={o} next={settled(o) ? undefined : nextFor(o)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </StackedTable>
  );
}

const keyOf = (o: OwedView) => `${o.what}:${o.title}:${o.requiredBy.join('|')}`;

function What({ owed }: { owed: OwedView }) {
  return (
    <Stack gap={2}>
      <Text fw={600}>{owed.title}</Text>
      <Text size="sm">Required by {names.format(owed.requiredBy)}</Text>
    </Stack>
  );
}

/** The next session that satisfies it, or what else to do. */
function Next({ owed, next }: { owed: OwedView; next: SessionView | undefined }) {
  if (next)
    return (
      <Stack gap={2}>
        <Anchor component={Link} to={`/training/sessions/${next.id}`}>
          {next.title}
        </Anchor>
        <Text size="sm">
          {next.myRegistration === 'registered' ? 'You are registered · ' : ''}
          {SESSION_KIND_LABELS[next.kind]} · {when(next)}
        </Text>
      </Stack>
    );
  if (owed.status === 'compliant' || owed.status === 'exempt') return null;
  if (owed.what === 'qualification') return <Text size="sm">{owed.explanation}</Text>;
  return <Text size="sm">No session open now</Text>;
}
