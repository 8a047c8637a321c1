import { Anchor, Group, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router-dom';
import type { Session } from '../../api.js';
import { useOwnProviderIds } from '../../queries/enrollment.js';
import { can, useSession } from '../../session.js';

/** The enrollment pages the person may open, in the order the page's own menu lists them. */
function enrollmentLinks(session: Session) {
  return [
    { to: '/enrollment', label: 'Batch files', show: can(session, 'enrollment.batch.read') },
    { to: '/enrollment/members', label: 'Member enrollment', show: can(session, 'enrollment.member.read') },
    {
      to: '/enrollment/identification',
      label: 'Identification',
      show: can(session, 'enrollment.identification.read'),
    },
    { to: '/enrollment/referrals', label: 'Referrals', show: can(session, 'enrollment.referral.read') },
    {
      to: '/enrollment/assignments',
      label: 'Assignments',
      show: can(session, 'enrollment.assignment.read'),
    },
    { to: '/enrollment/mailings', label: 'Welcome mailings', show: can(session, 'enrollment.mailing.read') },
    { to: '/enrollment/directory', label: 'Community Partner directory', show: true },
  ].filter((l) => l.show);
}

/**
 * Where the main menu's "CP enrollment" opens: a Community Partner's staff, who send no batch files, start at
 * the members assigned to them; everyone else at the first page they may use.
 */
export function enrollmentHome(session: Session) {
  if (!can(session, 'enrollment.batch.read') && can(session, 'enrollment.assignment.outreach'))
    return '/enrollment/assignments';
  return enrollmentLinks(session)[0]!.to;
}

/** The enrollment pages, linked from each: batch files, a member's enrollment, the CP directory. */
export function EnrollmentNav() {
  const session = useSession();
  const here = useLocation().pathname;
  const links = enrollmentLinks(session);
  return (
    <Group component="nav" aria-label="Enrollment" gap="md">
      {links.map((l) => (
        <Anchor
          key={l.to}
          component={Link}
          to={l.to}
          fw={here === l.to ? 700 : 400}
          aria-current={here === l.to ? 'page' : undefined}
        >
          {l.label}
        </Anchor>
      ))}
    </Group>
  );
}

/**
 * The organisation's own PIDs, which its batch files and identified-member lists name in ACO_MCO_PID: shown
 * to those who send them.
 */
export function OwnProviderIds() {
  const session = useSession();
  const sends = can(session, 'enrollment.batch.submit', 'enrollment.identification.import');
  const own = useOwnProviderIds(sends);
  if (!sends || !own.data) return null;
  return (
    <Text size="sm">
      {own.data.ids.length === 0
        ? 'Your organisation has no PID in the directory yet: its administrator adds it on the Community Partner directory page.'
        : `Your organisation’s PID and service location: ${own.data.ids.map((i) => `${i.pid} ${i.sl}`).join(', ')}.`}
    </Text>
  );
}
