import { type RoleKind, roleLabel } from '@contract/roles.js';
import { Stack, Text, Title } from '@mantine/core';
import { can, useSession } from '../session.js';
import { mayHoldCaseload } from './care/caseload.js';
import { NetworkStatus } from './home/NetworkStatus.js';
import { PeopleCompliance } from './home/PeopleCompliance.js';
import { PlatformAdmin } from './home/PlatformAdmin.js';
import { TrainingWeek } from './home/TrainingWeek.js';
import { YourCaseload } from './home/YourCaseload.js';
import { YourTraining } from './home/YourTraining.js';

/** Roles whose work is running things; every other role is someone who does the training. */
const RUNNING: RoleKind[] = ['org_admin', 'training_admin', 'compliance_officer', 'auditor'];

/**
 * Each role's first question, answered on its home (decision 034): the sections of every role the person holds
 * at the organisation they act for, each shown only where the server allows what it reads.
 */
export function HomePage() {
  const session = useSession();
  const org = session.memberships.find((m) => m.orgId === session.orgId);
  const has = (role: RoleKind) => session.roles.includes(role);
  const doesTraining = session.roles.some((r) => !RUNNING.includes(r));
  return (
    <Stack>
      <Title order={2}>Welcome, {session.name}</Title>
      {org ? (
        <Text>
          You are acting for <strong>{org.orgName}</strong> as{' '}
          {session.roles.map((r) => roleLabel(r)).join(', ') || 'a member'}.
        </Text>
      ) : (
        <Text>You do not hold a current role at any organisation.</Text>
      )}
      {mayHoldCaseload(session) && can(session, 'care.queue') && <YourCaseload />}
      {doesTraining && can(session, 'compliance.own') && can(session, 'catalog.read') && <YourTraining />}
      {has('compliance_officer') && can(session, 'compliance.read') && <NetworkStatus />}
      {has('training_admin') && can(session, 'session.manage') && <TrainingWeek />}
      {has('org_admin') && can(session, 'compliance.read') && can(session, 'people.import') && (
        <PeopleCompliance />
      )}
      {can(session, 'audit.readPlatform') && <PlatformAdmin />}
    </Stack>
  );
}
