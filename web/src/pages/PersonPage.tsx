import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { RoleView as Role } from '@contract/people/people.schemas.js';
import { ROLE_LABELS, roleLabel } from '@contract/roles.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { FormError } from '../components/FormError.js';
import { ListTable } from '../components/ListTable.js';
import { MfaResetButton } from '../components/MfaResetButton.js';
import { StackedTable } from '../components/StackedTable.js';
import { confirmAction } from '../confirm.js';
import { notifyError, notifySaved, useSubmit } from '../forms.js';
import { options } from '../labels.js';
import { useAddQualification, useAddRole, useEndRole, usePerson } from '../queries/people.js';
import { can, useSession } from '../session.js';
import { FormModal, useFormGuard } from '../unsaved.js';
import {
  CorrectCompletionForm,
  RecordCompletionForm,
  RevokeCompletionForm,
} from './training/CompletionForms.js';
import type { CompletionView } from './training/format.js';
import { completionColumns } from './training/TrainingPage.js';

// Massachusetts' day: from 7 or 8 p.m. Eastern, UTC's is already tomorrow.
const today = massachusettsToday;

export function expiryBadge(expiresOn: string | null) {
  if (!expiresOn) return <Badge color="gray.8">No expiry</Badge>;
  const days = Math.round((Date.parse(expiresOn) - Date.parse(today())) / 86_400_000);
  if (days < 0) return <Badge color="red.9">Expired {expiresOn}</Badge>;
  if (days <= 60) return <Badge color="#8a4b00">Expires in {days} days</Badge>;
  return <Badge color="#1e6b30">Current until {expiresOn}</Badge>;
}

export function PersonPage() {
  const { id } = useParams();
  const session = useSession();
  const person = usePerson(id ?? '');
  const endingRole = useEndRole(id ?? '');
  const [addingRole, roleModal] = useDisclosure();
  const [addingQual, qualModal] = useDisclosure();
  const [addingCompletion, completionModal] = useDisclosure();
  const [correcting, setCorrecting] = useState<CompletionView | null>(null);
  const [revoking, setRevoking] = useState<CompletionView | null>(null);
  const keepsRecords = can(session, 'completion.record');
  if (person.error) return <Alert color="red">{person.error.message}</Alert>;
  if (!person.data) return <Text>Loading…</Text>;
  const p = person.data;
  const isAdmin = can(session, 'role.manage');
  const mayQualify = can(session, 'qualification.manage');

  async function endRole(role: Role) {
    const ok = await confirmAction({
      title: `End the ${roleLabel(role.role)} role?`,
      message: `${p.givenName} ${p.familyName} stops holding it today; their history keeps it.`,
      confirmLabel: 'End the role',
      cancelLabel: 'Keep it',
      danger: true,
    });
    if (!ok) return;
    try {
      await endingRole.mutateAsync({ id: role.id, version: role.version, endsOn: today() });
      notifySaved(`${roleLabel(role.role)} role ended today`);
    } catch (err) {
      notifyError(err);
    }
  }

  return (
    <Stack>
      <Title order={2}>
        {p.givenName} {p.familyName}
        {p.title ? `, ${p.title}` : ''}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Text style={{ overflowWrap: 'anywhere' }}>E-mail: {p.email}</Text>
        <Text>NPI: {p.npi ?? '—'}</Text>
        <Text>Phone: {p.phone ?? '—'}</Text>
        <Text style={{ overflowWrap: 'anywhere' }}>
          Supervisor: {p.supervisor ? `${p.supervisor.name} (${p.supervisor.email})` : '—'}
        </Text>
      </SimpleGrid>
      {isAdmin && session.personId !== p.id && (
        <Group>
          <MfaResetButton personId={p.id} name={`${p.givenName} ${p.familyName}`} />
        </Group>
      )}
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4">
            Roles here
          </Title>
          {isAdmin && (
            <Button size="xs" onClick={roleModal.open}>
              Add role
            </Button>
          )}
        </Group>
        <StackedTable>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              <Table.Th>Team</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>Until</Table.Th>
              {isAdmin && <Table.Th>Action</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.roles.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{roleLabel(r.role)}</Table.Td>
                <Table.Td>{r.team ?? '—'}</Table.Td>
                <Table.Td>{r.startsOn}</Table.Td>
                <Table.Td>{r.endsOn ?? 'current'}</Table.Td>
                {isAdmin && (
                  <Table.Td>
                    {!r.endsOn && (
                      <Button size="compact-xs" variant="default" onClick={() => void endRole(r)}>
                        End today<VisuallyHidden>: the {roleLabel(r.role)} role</VisuallyHidden>
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      </Card>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4">
            Qualifications
          </Title>
          {mayQualify && (
            <Button size="xs" onClick={qualModal.open}>
              Record qualification
            </Button>
          )}
        </Group>
        {p.qualifications.length === 0 && <Text>No licences or certifications recorded here.</Text>}
        <Stack gap="xs">
          {p.qualifications.map((q) => (
            <Group key={q.id} justify="space-between">
              <Text>
                {q.name} — {q.issuer}
                {q.number ? `, no. ${q.number}` : ''}
              </Text>
              {expiryBadge(q.expiresOn)}
            </Group>
          ))}
        </Stack>
      </Card>
      {(session.personId === p.id || can(session, 'completion.readOthers')) && (
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h4">
              Training
            </Title>
            {keepsRecords && (
              <Button size="xs" onClick={completionModal.open}>
                Record a completion
              </Button>
            )}
          </Group>
          <ListTable<CompletionView>
            caption={`Training ${p.givenName} ${p.familyName} completed, recorded anywhere`}
            url="/api/training/completions"
            filters={{ personId: p.id }}
            defaultSort="completedOn"
            defaultDir="desc"
            empty="No completions recorded."
            columns={[
              ...completionColumns,
              ...(keepsRecords
                ? [
                    {
                      key: 'correct',
                      header: 'Correct or revoke',
                      render: (c: CompletionView) =>
                        c.orgId === session.orgId && !c.revokedAt ? (
                          <Group gap="xs" wrap="nowrap">
                            <Button size="xs" variant="default" onClick={() => setCorrecting(c)}>
                              Correct
                              <VisuallyHidden>
                                {' '}
                                {c.topicTitle} on {c.completedOn}
                              </VisuallyHidden>
                            </Button>
                            <Button size="xs" variant="default" color="red.9" onClick={() => setRevoking(c)}>
                              Revoke
                              <VisuallyHidden>
                                {' '}
                                {c.topicTitle} on {c.completedOn}
                              </VisuallyHidden>
                            </Button>
                          </Group>
                        ) : (
                          ''
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      <FormModal
        opened={addingCompletion}
        onClose={completionModal.close}
        title="Record a completion earned elsewhere"
      >
        <RecordCompletionForm personId={p.id} onDone={completionModal.close} />
      </FormModal>
      <FormModal
        opened={Boolean(correcting)}
        onClose={() => setCorrecting(null)}
        title="Correct a completion"
      >
        {correcting && <CorrectCompletionForm completion={correcting} onDone={() => setCorrecting(null)} />}
      </FormModal>
      <FormModal opened={Boolean(revoking)} onClose={() => setRevoking(null)} title="Revoke a completion">
        {revoking && <RevokeCompletionForm completion={revoking} onDone={() => setRevoking(null)} />}
      </FormModal>
      <FormModal opened={addingRole} onClose={roleModal.close} title="Add a role">
        <RoleForm personId={p.id} onDone={roleModal.close} />
      </FormModal>
      <FormModal opened={addingQual} onClose={qualModal.close} title="Record a qualification">
        <QualificationForm personId={p.id} onDone={qualModal.close} />
      </FormModal>
    </Stack>
  );
}

function RoleForm({ personId, onDone }: { personId: string; onDone: () => void }) {
  const addRole = useAddRole(personId);
  const [v, setV] = useState({ role: 'provider_staff', team: '', startsOn: today() });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    await addRole.mutateAsync(v);
    notifySaved('Role added');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Select
          label="Role"
          data={options(ROLE_LABELS)}
          value={v.role}
          onChange={(r) => setV({ ...v, role: r ?? 'provider_staff' })}
          allowDeselect={false}
        />
        <TextInput
          label="Team"
          value={v.team}
          onChange={(e) => setV({ ...v, team: e.currentTarget.value })}
        />
        <TextInput
          label="Starts on"
          type="date"
          required
          value={v.startsOn}
          onChange={(e) => setV({ ...v, startsOn: e.currentTarget.value })}
          error={errors.startsOn}
        />
        <Button type="submit">Add role</Button>
      </Stack>
    </form>
  );
}

function QualificationForm({ personId, onDone }: { personId: string; onDone: () => void }) {
  const addQualification = useAddQualification(personId);
  const [v, setV] = useState({
    kind: 'certification',
    name: '',
    issuer: '',
    number: '',
    issuedOn: '',
    expiresOn: '',
  });
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) =>
    setV({ ...v, [k]: e.currentTarget.value });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    await addQualification.mutateAsync({
      ...v,
      issuedOn: v.issuedOn || null,
      expiresOn: v.expiresOn || null,
    });
    notifySaved('Qualification recorded');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Select
          label="Kind"
          data={[
            { value: 'licence', label: 'Licence' },
            { value: 'certification', label: 'Certification' },
          ]}
          value={v.kind}
          onChange={(k) => setV({ ...v, kind: k ?? 'certification' })}
          allowDeselect={false}
        />
        <TextInput
          label="Name"
          placeholder="e.g. Certified Case Manager (CCM)"
          required
          value={v.name}
          onChange={set('name')}
          error={errors.name}
        />
        <TextInput label="Issuer" required value={v.issuer} onChange={set('issuer')} error={errors.issuer} />
        <TextInput label="Number" value={v.number} onChange={set('number')} />
        <TextInput
          label="Issued on"
          type="date"
          value={v.issuedOn}
          onChange={set('issuedOn')}
          error={errors.issuedOn}
        />
        <TextInput
          label="Expires on"
          type="date"
          value={v.expiresOn}
          onChange={set('expiresOn')}
          error={errors.expiresOn}
        />
        <Button type="submit">Record</Button>
      </Stack>
    </form>
  );
}
