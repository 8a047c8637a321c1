import { Anchor, AppShell, Burger, Button, Group, NavLink, Select, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api.js';
import { ORG_KIND_LABELS } from '../labels.js';
import { type Capability, can, useRefreshSession, useSession } from '../session.js';

/**
 * Each page and what the server must allow for it to open (decision 034): a person sees only the pages that
 * work for them at the organisation they act for. Organisations are a directory everyone may read.
 */
const NAV: { to: string; label: string; can?: Capability[] }[] = [
  { to: '/', label: 'Home' },
  { to: '/training', label: 'Training', can: ['catalog.read'] },
  { to: '/compliance', label: 'Compliance', can: ['compliance.read'] },
  { to: '/surveys', label: 'Surveys', can: ['surveys.respond', 'surveys.manage', 'surveys.results'] },
  { to: '/people', label: 'People', can: ['person.list'] },
  { to: '/qualifications', label: 'Qualifications', can: ['qualification.list'] },
  { to: '/organisations', label: 'Organisations' },
  { to: '/imports', label: 'Imports', can: ['people.import'] },
  { to: '/outbox', label: 'E-mail', can: ['outbox.read'] },
  { to: '/audit', label: 'Audit log', can: ['audit.read', 'audit.readPlatform'] },
];
/** Not built yet: listed apart, under a heading that says so, and each page says so too. */
const COMING = [
  { to: '/care', label: 'Care coordination' },
  { to: '/enrollment', label: 'CP enrollment' },
];

export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const refresh = useRefreshSession();

  async function switchOrg(orgId: string | null) {
    if (!orgId || orgId === session.orgId) return;
    await api('POST', '/api/auth/switch-organisation', { orgId });
    const org = session.memberships.find((m) => m.orgId === orgId);
    notifications.show({ message: `Now acting for ${org?.orgName}` });
    navigate('/');
    await refresh();
  }

  async function signOut() {
    await api('POST', '/api/auth/sign-out');
    await refresh();
  }

  const active = (to: string) => (to === '/' ? location.pathname === '/' : location.pathname.startsWith(to));
  const navLink = (item: { to: string; label: string }) => (
    <NavLink
      key={item.to}
      variant="filled"
      component={Link}
      to={item.to}
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
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Open navigation" />
            <Title order={1} size="h3">
              Concord
            </Title>
          </Group>
          <Group wrap="nowrap">
            <Select
              label="Acting for"
              size="xs"
              w={320}
              searchable
              data={session.memberships.map((m) => ({
                value: m.orgId,
                label: `${m.orgName} (${ORG_KIND_LABELS[m.orgKind] ?? m.orgKind})`,
              }))}
              value={session.orgId}
              onChange={(v) => void switchOrg(v)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <Text size="sm" visibleFrom="md">
              {session.name}
            </Text>
            <Button variant="outline" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {NAV.filter((item) => !item.can || can(session, ...item.can)).map(navLink)}
        <Text size="xs" fw={700} c="gray.8" mt="md" mb={4} px="sm">
          Coming next (not built yet)
        </Text>
        {COMING.map(navLink)}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
