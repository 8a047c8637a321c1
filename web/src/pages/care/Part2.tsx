import {
  PART2_SCOPE_LABELS,
  PART2_SCOPES,
  REVOCATION_CHANNEL_LABELS,
  REVOCATION_CHANNELS,
} from '@contract/care/part2.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDate, formatDateTime } from '../../format.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import type { EnrolleeView } from '../../queries/care.js';
import {
  type ConsentView,
  useConsents,
  useCounselingNotes,
  usePart2Status,
  useRecordConsent,
  useRevokeConsent,
  useWriteCounselingNote,
} from '../../queries/care-part2.js';
import { can, useSession } from '../../session.js';
import { FormModal, useFormGuard } from '../../unsaved.js';

/** Said above the enrollee's records when some are hidden from the reader's organisation (never which). */
export function Part2HiddenNotice({ enrolleeId }: { enrolleeId: string }) {
  const status = usePart2Status(enrolleeId);
  if (!status.data?.hidden) return null;
  return (
    <Alert color="gray" title="Some records are hidden" role="status">
      {status.data.message}
    </Alert>
  );
}

/** Marks a record of substance use disorder treatment in a list. */
export const Part2Badge = () => (
  <Badge color="grape.9" variant="outline" title="Protected by 42 CFR Part 2">
    42 CFR Part 2
  </Badge>
);

/** The box a form ticks to tag what it records. */
export function Part2Checkbox({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <Checkbox
      name="part2"
      label="A record of substance use disorder treatment (42 CFR Part 2)"
      description="Other organisations see it only under the enrollee’s written consent naming them."
      checked={checked}
      onChange={(e) => onChange(e.currentTarget.checked)}
    />
  );
}

/** The consents this organisation gave effect to (as the program) or is named in, and a form to record one. */
export function Part2Consents({ enrollee }: { enrollee: EnrolleeView }) {
  const session = useSession();
  const consents = useConsents(enrollee.id);
  const [adding, add] = useDisclosure();
  const mayRecord = can(session, 'care.part2.consent.record');
  const items = consents.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="part2-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="part2-heading">
          Consents under 42 CFR Part 2
        </Title>
        {mayRecord && (
          <Button size="xs" variant="light" onClick={add.open}>
            Record a consent
          </Button>
        )}
      </Group>
      {consents.error && <Alert color="red">{consents.error.message}</Alert>}
      <Text size="sm" aria-live="polite">
        {consents.data
          ? items.length
            ? `${items.length} consent${items.length === 1 ? '' : 's'} your organisation gave effect to or is named in`
            : 'No consent given to or naming your organisation.'
          : 'Loading…'}
      </Text>
      {items.length > 0 && (
        <StackedTable>
          <VisuallyHidden component="caption">Consents, latest first</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Program</Table.Th>
              <Table.Th>Covers</Table.Th>
              <Table.Th>May disclose to</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <ConsentRow key={c.id} consent={c} mine={c.programOrgId === session.orgId && mayRecord} />
            ))}
          </Table.Tbody>
        </StackedTable>
      )}
      <FormModal opened={adding} onClose={add.close} title="Record a consent" size="lg">
        <ConsentForm enrollee={enrollee} onDone={add.close} />
      </FormModal>
    </Card>
  );
}

function ConsentRow({ consent: c, mine }: { consent: ConsentView; mine: boolean }) {
  const [revoking, revoke] = useDisclosure();
  return (
    <Table.Tr>
      <Table.Td>{c.programName}</Table.Td>
      <Table.Td>{PART2_SCOPE_LABELS[c.scope]}</Table.Td>
      <Table.Td>{c.recipients.map((r) => r.name).join(', ')}</Table.Td>
      <Table.Td>
        {formatDate(c.startsOn)} to {c.endsOn ? formatDate(c.endsOn) : 'revoked in writing'}
      </Table.Td>
      <Table.Td>
        {c.revocation ? (
          <Text size="sm">
            Revoked {formatDateTime(c.revocation.revokedAt)} (
            {REVOCATION_CHANNEL_LABELS[c.revocation.channel]})
          </Text>
        ) : c.active ? (
          <Badge color="#1e6b30">In force</Badge>
        ) : (
          <Badge color="gray.8">Not in force</Badge>
        )}
      </Table.Td>
      <Table.Td>
        {mine && !c.revocation && (
          <Button size="xs" variant="default" onClick={revoke.open}>
            Record revocation
          </Button>
        )}
        <FormModal opened={revoking} onClose={revoke.close} title="Record a written revocation">
          <RevocationForm consent={c} onDone={revoke.close} />
        </FormModal>
      </Table.Td>
    </Table.Tr>
  );
}

function ConsentForm({ enrollee, onDone }: { enrollee: EnrolleeView; onDone: () => void }) {
  const session = useSession();
  const record = useRecordConsent(enrollee.id);
  const today = massachusettsToday();
  const [v, setV] = useState({
    scope: 'tpo',
    recipients: [] as string[],
    signedOn: today,
    startsOn: today,
    endsOn: '',
    note: '',
  });
  const saved = useFormGuard(v);
  // The organisations the enrollee may name: the holder and every organisation on the care team, but this one.
  const orgs = new Map([
    [enrollee.orgId, enrollee.orgName],
    ...enrollee.team.map((m) => [m.memberOrgId, m.memberOrgName] as const),
  ]);
  orgs.delete(session.orgId ?? '');
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.recipients.length) refuse('recipientOrgIds', 'Choose at least one organisation');
    await record.mutateAsync({
      scope: v.scope,
      recipientOrgIds: v.recipients,
      signedOn: v.signedOn,
      startsOn: v.startsOn,
      endsOn: v.endsOn || null,
      note: v.note,
    });
    notifySaved('Consent recorded');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Record a consent">
      <Stack gap="sm">
        <FormError message={formError} />
        <Text size="sm">
          The enrollee’s written consent to your organisation disclosing their substance use disorder records.
        </Text>
        <Select
          label="What it covers"
          name="scope"
          required
          allowDeselect={false}
          data={PART2_SCOPES.map((s) => ({ value: s, label: PART2_SCOPE_LABELS[s] }))}
          value={v.scope}
          onChange={(scope) => setV({ ...v, scope: scope ?? 'tpo' })}
          error={errors.scope}
        />
        <MultiSelect
          label="May disclose to"
          name="recipientOrgIds"
          required
          searchable
          nothingFoundMessage="No organisation on the care team by that name"
          data={[...orgs].map(([value, label]) => ({ value, label }))}
          value={v.recipients}
          onChange={(recipients) => setV({ ...v, recipients })}
          error={errors.recipientOrgIds}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Signed on"
            name="signedOn"
            type="date"
            required
            value={v.signedOn}
            onChange={(e) => setV({ ...v, signedOn: e.currentTarget.value })}
            error={errors.signedOn}
          />
          <TextInput
            label="In force from"
            name="startsOn"
            type="date"
            required
            value={v.startsOn}
            onChange={(e) => setV({ ...v, startsOn: e.currentTarget.value })}
            error={errors.startsOn}
          />
          <TextInput
            label="Until"
            name="endsOn"
            type="date"
            description="Empty: until revoked in writing"
            value={v.endsOn}
            onChange={(e) => setV({ ...v, endsOn: e.currentTarget.value })}
            error={errors.endsOn}
          />
        </SimpleGrid>
        <Textarea
          label="Note"
          name="note"
          autosize
          minRows={2}
          value={v.note}
          onChange={(e) => setV({ ...v, note: e.currentTarget.value })}
          error={errors.note}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            Record consent
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RevocationForm({ consent, onDone }: { consent: ConsentView; onDone: () => void }) {
  const revoke = useRevokeConsent(consent.enrolleeId, consent);
  const [v, setV] = useState({ receivedOn: massachusettsToday(), channel: '', note: '' });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.channel) refuse('channel', 'Choose how the written revocation came');
    await revoke.mutateAsync({ receivedOn: v.receivedOn, channel: v.channel, note: v.note });
    notifySaved('Revocation recorded: the consent covers nothing from now');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Record a written revocation">
      <Stack gap="sm">
        <FormError message={formError} />
        <Text size="sm">
          From the moment it is recorded, {consent.recipients.map((r) => r.name).join(', ')} no longer see the
          records it covered.
        </Text>
        <TextInput
          label="Received on"
          name="receivedOn"
          type="date"
          required
          value={v.receivedOn}
          onChange={(e) => setV({ ...v, receivedOn: e.currentTarget.value })}
          error={errors.receivedOn}
        />
        <Select
          label="How it came"
          name="channel"
          required
          data={REVOCATION_CHANNELS.map((c) => ({ value: c, label: REVOCATION_CHANNEL_LABELS[c] }))}
          value={v.channel || null}
          onChange={(channel) => setV({ ...v, channel: channel ?? '' })}
          error={errors.channel}
        />
        <Textarea
          label="Note"
          name="note"
          autosize
          minRows={2}
          value={v.note}
          onChange={(e) => setV({ ...v, note: e.currentTarget.value })}
          error={errors.note}
        />
        <Group justify="flex-end">
          <Button type="submit" color="red" loading={revoke.isPending}>
            Record revocation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** SUD counseling notes, kept apart: the program's own, and those a counseling-notes consent covers. */
export function CounselingNotes({ enrolleeId }: { enrolleeId: string }) {
  const session = useSession();
  const may = can(session, 'care.part2.notes');
  const notes = useCounselingNotes(enrolleeId, may);
  const write = useWriteCounselingNote(enrolleeId);
  const [body, setBody] = useState('');
  const { errors, formError, submit } = useSubmit(async () => {
    if (!body.trim()) refuse('body', 'Write the note');
    await write.mutateAsync({ body });
    notifySaved('Counseling note saved');
    setBody('');
  });
  if (!may) return null;
  const items = notes.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="notes-heading">
      <Title order={3} size="h4" id="notes-heading" mb="xs">
        SUD counseling notes
      </Title>
      <Stack>
        <Text size="sm">
          Kept apart from the record: seen only at your program, or under a consent for counseling notes
          alone.
        </Text>
        <form onSubmit={submit} noValidate aria-label="Write a counseling note">
          <Stack gap="xs">
            <FormError message={formError} />
            <Textarea
              label="New note"
              name="body"
              autosize
              minRows={3}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={errors.body}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={write.isPending}>
                Save note
              </Button>
            </Group>
          </Stack>
        </form>
        {items.map((n) => (
          <Card key={n.id} withBorder padding="sm">
            <Text size="sm" fw={700}>
              {formatDateTime(n.writtenAt)} · {n.writtenByName}, {n.programName}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{n.body}</Text>
          </Card>
        ))}
      </Stack>
    </Card>
  );
}
