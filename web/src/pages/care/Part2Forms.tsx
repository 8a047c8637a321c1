// The forms of the 42 CFR Part 2 consents section (Part2.tsx): recording a consent, and its written revocation.
import {
  PART2_SCOPE_LABELS,
  PART2_SCOPES,
  REVOCATION_CHANNEL_LABELS,
  REVOCATION_CHANNELS,
} from '@contract/care/part2.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import {
  Button,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { formatDate } from '../../format.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import type { EnrolleeView } from '../../queries/care.js';
import { type ConsentView, useRecordConsent, useRevokeConsent } from '../../queries/care-part2.js';
import { useSession } from '../../session.js';
import { useFormGuard } from '../../unsaved.js';

export function ConsentForm({ enrollee, onDone }: { enrollee: EnrolleeView; onDone: () => void }) {
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
        <NoteField value={v.note} onChange={(note) => setV({ ...v, note })} error={errors.note} />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            Record consent
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RevocationForm({ consent, onDone }: { consent: ConsentView; onDone: () => void }) {
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
          The consent of {formatDate(consent.signedOn)} ({PART2_SCOPE_LABELS[consent.scope].toLowerCase()}).
          From the moment the revocation is recorded, the records it covered are hidden again from:{' '}
          {consent.recipients.map((r) => r.name).join(', ')}.
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
          label="How it was delivered"
          name="channel"
          required
          data={REVOCATION_CHANNELS.map((c) => ({ value: c, label: REVOCATION_CHANNEL_LABELS[c] }))}
          value={v.channel || null}
          onChange={(channel) => setV({ ...v, channel: channel ?? '' })}
          error={errors.channel}
        />
        <NoteField value={v.note} onChange={(note) => setV({ ...v, note })} error={errors.note} />
        <Group justify="flex-end">
          <Button type="submit" color="red" loading={revoke.isPending}>
            Record revocation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The note a consent or a revocation carries. */
function NoteField(props: { value: string; onChange: (v: string) => void; error: string | undefined }) {
  return (
    <Textarea
      label="Note"
      name="note"
      autosize
      minRows={2}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      error={props.error}
    />
  );
}
