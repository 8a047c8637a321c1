import {
  Alert,
  Button,
  Code,
  Group,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifyError, notifySaved, useSubmit } from '../../forms.js';
import { useAttestationCloses, useCancelSession, useChangeSession } from '../../queries/training-sessions.js';
import { useUnsavedChanges } from '../../unsaved.js';
import { attestationClosing, type SessionView } from './format.js';
import { SessionTimeFields, zonedToIso } from './SessionForm.js';

/** An instant as the wall-clock time (YYYY-MM-DDTHH:mm) in `timeZone`, for a datetime-local field. */
function isoToZoned(iso: string | null, timeZone: string) {
  if (!iso) return '';
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The attestation link, and when it closes or closed; the organiser sets a new closing time to reopen it
 * (or to keep it open longer).
 */
export function AttestationLink({ session: s }: { session: SessionView }) {
  const closes = useAttestationCloses(s);
  const { closed, words } = attestationClosing(s.attestationClosesAt);
  const [until, setUntil] = useState('');
  useUnsavedChanges(until !== '');
  const {
    errors,
    formError,
    submit: save,
  } = useSubmit(async () => {
    await closes.mutateAsync(zonedToIso(until, s.timeZone));
    notifySaved(closed ? 'The attestation link is open again.' : 'The closing time is changed.');
    setUntil('');
  });
  return (
    <Stack gap="xs">
      <Text>
        Attestation link (send it to participants at the end;{' '}
        {closed ? <strong>it {words}</strong> : `it ${words}`}): <Code>{s.attestationUrl}</Code>
      </Text>
      <form onSubmit={save} noValidate>
        <FormError message={formError} />
        <Group align="flex-end">
          <TextInput
            type="datetime-local"
            label={closed ? 'Reopen it until' : 'Close it at instead'}
            description={`In ${s.timeZone}`}
            value={until}
            onChange={(e) => setUntil(e.currentTarget.value)}
            error={errors.closesAt}
          />
          <Button type="submit" variant="light" disabled={!until}>
            {closed ? 'Reopen the link' : 'Change the closing time'}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

/**
 * Changing a session's details, and calling it off. Registrants and those waiting are e-mailed the changed
 * event or the cancellation, with the calendar file.
 */
export function ChangeSession({ session: s }: { session: SessionView }) {
  const change = useChangeSession(s);
  const cancelling = useCancelSession(s);
  const [editing, setEditing] = useState(false);
  const [v, setV] = useState(() => ({
    title: s.title,
    startsAt: isoToZoned(s.startsAt, s.timeZone),
    endsAt: isoToZoned(s.endsAt, s.timeZone),
    speaker: s.speaker ?? '',
    capacity: s.capacity ?? ('' as number | string),
    joinUrl: s.joinUrl ?? '',
  }));
  const [reason, setReason] = useState('');
  const [savedAs, setSavedAs] = useState(() => JSON.stringify(v));
  useUnsavedChanges(editing && (JSON.stringify(v) !== savedAs || reason !== ''));
  const text =
    (k: 'title' | 'startsAt' | 'endsAt' | 'speaker' | 'joinUrl') =>
    (e: { currentTarget: { value: string } }) =>
      setV({ ...v, [k]: e.currentTarget.value });

  const {
    errors,
    formError,
    submit: save,
  } = useSubmit(async () => {
    const res = await change.mutateAsync({
      title: v.title,
      startsAt: v.startsAt ? zonedToIso(v.startsAt, s.timeZone) : undefined,
      endsAt: v.endsAt ? zonedToIso(v.endsAt, s.timeZone) : undefined,
      timeZone: s.timeZone,
      speaker: v.speaker || undefined,
      capacity: v.capacity === '' ? undefined : Number(v.capacity),
      joinUrl: v.joinUrl || undefined,
      videoUrl: s.videoUrl ?? undefined,
      durationMinutes: s.durationMinutes ?? undefined,
      minMinutes: s.minMinutes,
    });
    notifySaved(
      `Saved. ${res.told} ${res.told === 1 ? 'person was' : 'people were'} e-mailed the change${res.promoted ? `; ${res.promoted} moved up from the waitlist` : ''}.`,
    );
    setSavedAs(JSON.stringify(v));
    setEditing(false);
  });

  if (s.cancelledAt) return null;

  async function cancel() {
    try {
      const res = await cancelling.mutateAsync(reason);
      notifySaved(`Cancelled. ${res.told} ${res.told === 1 ? 'person was' : 'people were'} e-mailed.`);
    } catch (err) {
      notifyError(err);
    }
  }

  if (!editing)
    return (
      <Group>
        <Button variant="default" onClick={() => setEditing(true)}>
          Change or cancel this session
        </Button>
      </Group>
    );
  return (
    <Stack maw={560}>
      <form onSubmit={save} noValidate>
        <Stack>
          <Title order={4} size="h5">
            Change this session
          </Title>
          <FormError message={formError} />
          <TextInput label="Title" required value={v.title} onChange={text('title')} error={errors.title} />
          {s.kind === 'live' && <SessionTimeFields v={v} text={text} errors={errors} timeZone={s.timeZone} />}
          <TextInput label="Speaker" value={v.speaker} onChange={text('speaker')} error={errors.speaker} />
          {s.kind === 'live' && (
            <>
              <NumberInput
                label="Seats"
                min={1}
                value={v.capacity}
                onChange={(c) => setV({ ...v, capacity: c })}
                error={errors.capacity}
              />
              <TextInput
                label="Join link"
                value={v.joinUrl}
                onChange={text('joinUrl')}
                error={errors.joinUrl}
              />
            </>
          )}
          <Group>
            <Button type="submit">Save and tell registrants</Button>
            <Button variant="default" onClick={() => setEditing(false)}>
              Close
            </Button>
          </Group>
        </Stack>
      </form>
      {!s.ended && (
        <Alert color="red" title="Cancel the session">
          <Stack>
            <Textarea
              label="Why (sent to everyone registered or waiting)"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group>
              <Button color="red.9" disabled={!reason.trim()} onClick={() => void cancel()}>
                Cancel the session and tell everyone
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
