import { Anchor, AppShell, Burger, Group, NavLink, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { type ReactNode, useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { Session } from '../api.js';
import { mayHoldCaseload } from '../pages/care/caseload.js';
import { enrollmentHome } from '../pages/enrollment/EnrollmentNav.js';
import { type Capability, can, useSession } from '../session.js';
import { AccountControls } from './AccountControls.js';

/**
 * Each page and what the server must allow for it to open (decision 034): a person sees only the pages that
 * work for them at the organisation they act for. Organisations are a directory everyone may read.
 */
const NAV: {
  to: string;
  label: string;
  can?: Capability[];
  when?: (s: Session) => boolean;
  /** Where the link opens, when not `to` (the pages under `to` are still this entry's). */
  opens?: (s: Session) => string;
}[] = [
  { to: '/', label: 'Home' },
  { to: '/care/enrollees', label: 'Enrollees', can: ['care.enrollees'] },
  // Someone who holds no caseload and sees the team view has only the team's queues.
  {
    to: '/care/queue',
    label: 'Work queues',
    can: ['care.queue', 'care.queue.team'],
    when: (s) => mayHoldCaseload(s) || !can(s, 'care.queue.team'),
  },
  { to: '/care/queue/team', label: 'Team queues', can: ['care.queue.team'] },
  { to: '/care/imports', label: 'Roster imports', can: ['care.enrollee.import'] },
  {
    to: '/enrollment',
    label: 'CP enrollment',
    can: ['enrollment.batch.read', 'enrollment.member.read', 'enrollment.assignment.read'],
    opens: enrollmentHome,
  },
  // A plan that sends no batch files still identifies members and takes referrals.
  {
    to: '/enrollment/identification',
    label: 'CP identification',
    can: ['enrollment.identification.read'],
    when: (s) => !can(s, 'enrollment.batch.read', 'enrollment.member.read', 'enrollment.assignment.read'),
  },
  // A provider's staff refer members for CP supports; they see no other enrollment page.
  { to: '/enrollment/referrals', label: 'CP referrals', can: ['enrollment.referral.send'] },
  { to: '/training', label: 'Training', can: ['catalog.read'] },
  { to: '/compliance', label: 'Compliance', can: ['compliance.read'] },
  { to: '/surveys', label: 'Surveys', can: ['surveys.respond', 'surveys.manage', 'surveys.results'] },
  { to: '/people', label: 'People', can: ['person.list'] },
  { to: '/qualifications', label: 'Qualifications', can: ['qualification.list'] },
  { to: '/organisations', label: 'Organisations' },
  { to: '/imports', label: 'Imports', can: ['people.import'] },
  { to: '/outbox', label: 'E-mail', can: ['outbox.read'] },
  { to: '/audit', label: 'Audit log', can: ['audit.read', 'audit.readPlatform'] },
  { to: '/api-clients', label: 'API clients', can: ['apiClients.manage'] },
  { to: '/training/lrs', label: 'Learning record store', can: ['training.lrs.manage'] },
];

export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  // On a phone the closed menu is only moved off-screen: inert keeps its links out of the tab order.
  const phone = useMediaQuery('(max-width: 47.99em)');
  const location = useLocation();
  const menuButton = useRef<HTMLButtonElement>(null);
  // Escape closes the phone menu and gives focus back to the button that opened it.
  useEffect(() => {
    if (!opened) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      close();
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [opened, close]);

  const items = NAV.filter(
    (item) => (!item.can || can(session, ...item.can)) && (!item.when || item.when(session)),
  );
  // The current page is the entry whose address it falls under most closely (the team view is under
  // /care/queue, but only "Team queues" is highlighted there).
  const under = (to: string) =>
    to === '/'
      ? location.pathname === '/'
      : location.pathname === to || location.pathname.startsWith(`${to}/`);
  const current = items.filter((item) => under(item.to)).sort((a, b) => b.to.length - a.to.length)[0]?.to;
  const active = (to: string) => to === current;
  const navLink = (item: (typeof NAV)[number]) => (
    <NavLink
      key={item.to}
      variant="filled"
      component={Link}
      to={item.opens?.(session) ?? item.to}
      label={item.label}
      active={active(item.to)}
      onClick={close}
      aria-current={active(item.to) ? 'page' : undefined}
    />
  );

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <Anchor
        href="#main"
        className="skip-link"
        style={{ position: 'absolute', left: -10000 }}
        onFocus={(e) => (e.currentTarget.style.left = '8px')}
        onBlur={(e) => (e.currentTarget.style.left = '-10000px')}
      >
        Skip to main content
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger
              ref={menuButton}
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Menu"
              aria-expanded={opened}
              aria-controls="main-menu"
            />
            <Title order={1} size="h3">
              Concord
            </Title>
          </Group>
          <AccountControls placement="header" />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar
        p="xs"
        aria-label="Main"
        id="main-menu"
        inert={phone && !opened}
        style={{ overflowY: 'auto' }}
      >
        <AccountControls placement="menu" onDone={close} />
        {items.map(navLink)}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
