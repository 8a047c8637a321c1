import { Anchor, Button, Group, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api.js';
import { ORG_KIND_LABELS } from '../labels.js';
import { useRefreshSession, useSession } from '../session.js';
import { confirmLeaving } from '../unsaved.js';

/**
 * Who is signed in, the organisation they act for and signing out: in the header on a wide screen, at the
 * top of the menu on a phone (or at 200 % zoom), where the header has no room for them.
 */
export function AccountControls({
  placement,
  onDone,
}: {
  placement: 'header' | 'menu';
  onDone?: () => void;
}) {
  const session = useSession();
  const navigate = useNavigate();
  const refresh = useRefreshSession();

  async function switchOrg(orgId: string | null) {
    if (!orgId || orgId === session.orgId) return;
    // Asked before switching, not at the navigation after it: staying must keep the organisation too.
    if (!(await confirmLeaving())) return;
    await api('POST', '/api/auth/switch-organisation', { orgId });
    const org = session.memberships.find((m) => m.orgId === orgId);
    notifications.show({ message: `Now acting for ${org?.orgName}` });
    onDone?.();
    navigate('/');
    await refresh();
  }

  async function signOut() {
    if (!(await confirmLeaving())) return;
    await api('POST', '/api/auth/sign-out');
    // The next person to sign in starts at Home, not on this person's page with their filters.
    navigate('/', { replace: true });
    await refresh();
  }

  const switcher = (
    <Select
      label="Acting for"
      size="xs"
      w={placement === 'header' ? 320 : '100%'}
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
  );
  const signOutButton = (
    <Button variant="outline" size="xs" onClick={() => void signOut()}>
      Sign out
    </Button>
  );

  if (placement === 'header')
    return (
      <Group wrap="nowrap" visibleFrom="sm">
        {switcher}
        <Anchor component={Link} to="/account" size="sm" visibleFrom="md">
          {session.name}
        </Anchor>
        {signOutButton}
      </Group>
    );
  return (
    <Stack
      gap="xs"
      hiddenFrom="sm"
      pb="sm"
      mb="xs"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Anchor component={Link} to="/account" size="sm" fw={600}>
          {session.name}
        </Anchor>
        {signOutButton}
      </Group>
      {switcher}
    </Stack>
  );
}
