import { Anchor, List, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useTrainingSessions } from '../../queries/training-sessions.js';
import { REGISTRATION_LABELS, when } from '../training/format.js';
import { WhatYouOwe } from '../training/WhatYouOwe.js';
import { Section } from './Section.js';

/** A coordinator's or provider's first question: what do I owe, and when is my next session? */
export function YourTraining() {
  const next = useTrainingSessions({ mine: 'true', upcoming: 'true', sort: 'startsAt', pageSize: 5 });
  const sessions = (next.data?.items ?? []).filter((s) => !s.cancelledAt);
  return (
    <>
      <Section title="What you owe">
        <WhatYouOwe emptyText="Nothing is required of you now." />
      </Section>
      <Section title="Your next sessions">
        {next.data && !sessions.length && (
          <Text>
            You are not registered for any session.{' '}
            <Anchor component={Link} to="/training">
              Find one
            </Anchor>
            .
          </Text>
        )}
        {sessions.length > 0 && (
          <List spacing="xs">
            {sessions.map((s) => (
              <List.Item key={s.id}>
                <Anchor component={Link} to={`/training/sessions/${s.id}`}>
                  {s.title}
                </Anchor>{' '}
                — {when(s)}
                {s.myRegistration === 'waitlisted' ? ` (${REGISTRATION_LABELS.waitlisted})` : ''}
              </List.Item>
            ))}
          </List>
        )}
      </Section>
    </>
  );
}
