import { Anchor, AppShell, Burger, Button, Group, NavLink, Select, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api.js';
import { ORG_KIND_LABELS } from '../labels.js';
import { hasRole, useRefreshSession, useSession } from '../session.js';
import { confirmLeaving } from '../unsaved.js';

const NAV = [
  { to: '/', label: 'Home' },
  { to: '/organisations', label: 'Organisations' },
  { to: '/people', label: 'People' },
  { to: '/qualifications', label: 'Qualifications' },
  { to: '/training', label: 'Training' },
  { to: '/imports', label: 'Imports' },
  { to: '/audit', label: 'Audit log' },
];
/** The organisation's e-mail, for those who send and review it. */
const OUTBOX = { to: '/outbox', label: 'E-mail' };
const COMING = [
  { to: '/compliance', label: 'Compliance' },
  { to: '/surveys', label: 'Surveys' },
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
    // Asked before switching, not at the navigation after it: staying must keep the organisation too.
    if (!(await confirmLeaving())) return;
    await api('POST', '/api/auth/switch-organisation', { orgId });
    const org = session.memberships.find((m) => m.orgId === orgId);
    notifications.show({ message: `Now acting for ${org?.orgName}` });
    navigate('/');
    await refresh();
  }

  async function signOut() {
    if (!(await confirmLeaving())) return;
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
        {NAV.map(navLink)}
        {hasRole(session, 'org_admin', 'compliance_officer', 'training_admin') && navLink(OUTBOX)}
        <Text size="xs" fw={700} c="gray.8" mt="md" mb={4} px="sm">
          Coming next
        </Text>
        {COMING.map(navLink)}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
