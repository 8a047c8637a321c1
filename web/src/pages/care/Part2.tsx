import {
  PART2_SCOPE_LABELS,
  REDISCLOSURE_NOTICE_SHORT,
  REVOCATION_CHANNEL_LABELS,
} from '@contract/care/part2.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
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
  useWriteCounselingNote,
} from '../../queries/care-part2.js';
import { can, useSession } from '../../session.js';
import { FormModal } from '../../unsaved.js';
import { ConsentForm, RevocationForm } from './Part2Forms.js';

/**
 * Said above the enrollee's records when some are hidden from the reader's organisation (never which), and, when
 * some are shown under a consent, the redisclosure notice that goes with them (on screen and in print).
 */
export function Part2HiddenNotice({ enrolleeId }: { enrolleeId: string }) {
  const status = usePart2Status(enrolleeId);
  const s = status.data;
  if (!s?.hidden && !s?.disclosed) return null;
  return (
    <Stack gap="xs">
      {s.hidden && (
        <Alert color="gray" title="Some records are hidden" role="status">
          {s.message}
        </Alert>
      )}
      {s.disclosed && (
        <Alert color="gray" title="Records disclosed to you under 42 CFR Part 2">
          <Text size="sm">
            The records marked 42 CFR Part 2 below were disclosed to your organisation with the enrollee’s
            consent. {REDISCLOSURE_NOTICE_SHORT}
          </Text>
          <details>
            <summary>
              <Text span size="sm">
                The full notice (42 CFR 2.32)
              </Text>
            </summary>
            <Text size="sm">{s.notice}</Text>
          </details>
        </Alert>
      )}
    </Stack>
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
            ? `${items.length} consent${items.length === 1 ? '' : 's'} given to your organisation or naming it`
            : 'No consent given to your organisation or naming it.'
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
        From {formatDate(c.startsOn)}{' '}
        {c.endsOn ? `to ${formatDate(c.endsOn)}` : c.revocation ? '' : 'until revoked in writing'}
      </Table.Td>
      <Table.Td>
        {c.revocation ? (
          <Stack gap={2}>
            <Badge color="gray.8">Revoked</Badge>
            <Text size="sm">
              {formatDateTime(c.revocation.revokedAt)}; the{' '}
              {REVOCATION_CHANNEL_LABELS[c.revocation.channel].toLowerCase()} arrived{' '}
              {formatDate(c.revocation.receivedOn)}
              {c.revocation.note ? `. ${c.revocation.note}` : ''}
            </Text>
          </Stack>
        ) : c.active ? (
          <Badge color="#1e6b30">In force</Badge>
        ) : c.startsOn > massachusettsToday() ? (
          <Badge color="gray.8">Starts {formatDate(c.startsOn)}</Badge>
        ) : (
          <Badge color="gray.8">Ended</Badge>
        )}
      </Table.Td>
      <Table.Td>
        {mine && !c.revocation && (
          <Button
            size="xs"
            variant="default"
            onClick={revoke.open}
            aria-label={`Record revocation of the consent of ${formatDate(c.signedOn)} (${PART2_SCOPE_LABELS[c.scope]})`}
          >
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
