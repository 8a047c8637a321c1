import { Anchor, List, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatNumber } from '../../format.js';
import { useLatestSignIns } from '../../queries/audit.js';
import { useOrganisationCount } from '../../queries/organisations.js';
import { useSession } from '../../session.js';
import { Section } from './Section.js';

const at = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'America/New_York',
});

/** The platform administrator: the organisations Concord serves, and the latest sign-ins. */
export function PlatformAdmin() {
  const session = useSession();
  const orgs = useOrganisationCount();
  const signIns = useLatestSignIns();
  return (
    <Section title="The platform">
      {orgs.data && (
        <Text>
          {formatNumber(orgs.data.total)} organisations; you may act for any of them with “Acting for” (
          {formatNumber(session.memberships.length)} listed).{' '}
          <Anchor component={Link} to="/organisations">
            See them all
          </Anchor>
        </Text>
      )}
      {(signIns.data?.items.length ?? 0) > 0 && (
        <>
          <Text>Latest sign-in events:</Text>
          <List spacing={4}>
            {signIns.data!.items.map((e) => (
              <List.Item key={e.seq}>
                {at.format(new Date(e.at))} — {e.actorName ?? 'Someone'}: {e.action}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Section>
  );
}
