import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatNumber } from '../../format.js';
import { useQueueCounts } from '../../queries/care.js';
import { Section } from './Section.js';

/** A care coordinator's or care manager's first question: how much of my caseload is due, and overdue? */
export function YourCaseload() {
  const counts = useQueueCounts(true);
  const enrollees = (n: number) => `${formatNumber(n)} enrollee${n === 1 ? '' : 's'}`;
  return (
    <Section title="Your caseload">
      {counts.error && <Text>{counts.error.message}</Text>}
      {!counts.error && (counts.due === undefined || counts.overdue === undefined) && <Text>Loading…</Text>}
      {counts.due !== undefined && counts.overdue !== undefined && (
        <Text>
          {counts.due === 0 ? (
            'Nothing is due in your caseload.'
          ) : (
            <>
              <strong>{enrollees(counts.due)}</strong> with something due, of whom{' '}
              <strong>{formatNumber(counts.overdue)}</strong> {counts.overdue === 1 ? 'has' : 'have'}{' '}
              something overdue.
            </>
          )}{' '}
          <Anchor component={Link} to="/care/queue">
            Open My queue
          </Anchor>
        </Text>
      )}
    </Section>
  );
}
