import { massachusettsDate, massachusettsToday } from '@contract/massachusetts-day.js';
import { Anchor, List, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatNumber } from '../../format.js';
import { useHeldAttestations } from '../../queries/training-records.js';
import { useTrainingSessions } from '../../queries/training-sessions.js';
import { useSession } from '../../session.js';
import { when } from '../training/format.js';
import { Section } from './Section.js';

const dayOf = (iso: string) => massachusettsDate(new Date(iso));
/** The Massachusetts day n days after a day (noon UTC keeps clear of daylight-saving edges). */
const daysAfter = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A training administrator's first question: what runs this week, and which attestations wait for me? */
export function TrainingWeek() {
  const session = useSession();
  const sessions = useTrainingSessions(
    { upcoming: 'true', sort: 'startsAt', pageSize: 200 },
    { scope: session.orgId },
  );
  const held = useHeldAttestations(session.orgId);
  const today = massachusettsToday();
  const weekEnd = daysAfter(today, 6);
  const week = (sessions.data?.items ?? []).filter(
    (s) =>
      s.orgId === session.orgId &&
      !s.cancelledAt &&
      s.startsAt &&
      dayOf(s.startsAt) >= today &&
      dayOf(s.startsAt) <= weekEnd,
  );
  const later = (sessions.data?.items ?? []).find(
    (s) => s.orgId === session.orgId && !s.cancelledAt && s.startsAt && dayOf(s.startsAt) > weekEnd,
  );
  const waiting = held.data?.reduce((n, h) => n + h.held, 0) ?? 0;
  return (
    <>
      <Section title="Sessions this week">
        {sessions.data && !week.length && (
          <Text>
            None of your sessions runs in the next seven days.
            {later && (
              <>
                {' '}
                The next:{' '}
                <Anchor component={Link} to={`/training/sessions/${later.id}`}>
                  {later.title}
                </Anchor>
                , {when(later)}.
              </>
            )}
          </Text>
        )}
        {week.length > 0 && (
          <List spacing="xs">
            {week.map((s) => (
              <List.Item key={s.id}>
                <Anchor component={Link} to={`/training/sessions/${s.id}`}>
                  {s.title}
                </Anchor>{' '}
                — {when(s)}; {formatNumber(s.counts.registered)} registered
              </List.Item>
            ))}
          </List>
        )}
      </Section>
      <Section title="Attestations held for review">
        {held.data && (
          <Text>
            {waiting === 0
              ? 'No attestation waits for review.'
              : `${formatNumber(waiting)} ${waiting === 1 ? 'attestation waits' : 'attestations wait'} for review.`}
          </Text>
        )}
        {(held.data?.length ?? 0) > 0 && (
          <List spacing="xs">
            {held.data!.map((h) => (
              <List.Item key={h.sessionId}>
                <Anchor component={Link} to={`/training/sessions/${h.sessionId}`}>
                  {h.title}
                </Anchor>{' '}
                — {formatNumber(h.held)} held
              </List.Item>
            ))}
          </List>
        )}
      </Section>
    </>
  );
}
