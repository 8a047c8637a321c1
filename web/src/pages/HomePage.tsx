import { List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { ROLE_LABELS } from '../labels.js';
import { useSession } from '../session.js';

export function HomePage() {
  const session = useSession();
  const org = session.memberships.find((m) => m.orgId === session.orgId);
  return (
    <Stack>
      <Title order={2}>Welcome, {session.name}</Title>
      {org ? (
        <Text>
          You are acting for <strong>{org.orgName}</strong> as{' '}
          {session.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ') || 'a member'}.
        </Text>
      ) : (
        <Text>You do not hold a current role at any organisation.</Text>
      )}
      <List>
        <List.Item>
          <Link to="/people">People</Link> — your organisation's workforce, roles and qualifications
        </List.Item>
        <List.Item>
          <Link to="/imports">Imports</Link> — add people and roles in bulk from Excel or CSV
        </List.Item>
        <List.Item>
          <Link to="/organisations">Organisations</Link> — plans, ACOs, MCOs, Community Partners, providers,
          their contracts and service areas
        </List.Item>
        <List.Item>
          <Link to="/audit">Audit log</Link> — who read or changed what, when, from where
        </List.Item>
      </List>
    </Stack>
  );
}
