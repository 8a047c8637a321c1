import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDateTime, formatNumber, plural } from '../../format.js';
import { notifySaved, useSubmit } from '../../forms.js';
import {
  useMessageRegistrants,
  useRegistrantMessages,
  useRegistrations,
} from '../../queries/training-sessions.js';
import { useUnsavedChanges } from '../../unsaved.js';
import { REGISTRATION_LABELS, type SessionView } from './format.js';

/**
 * A live session's roster for the team running it: who registered (the same people as the printable
 * sign-in sheet, readable here by assistive technology), the sheet itself, and e-mail to the registrants.
 */
export function SessionRoster({ session: s }: { session: SessionView }) {
  const registrants = useRegistrations(s.id);
  const current = (registrants.data ?? []).filter((r) => r.status !== 'cancelled');
  return (
    <Card withBorder>
      <Stack>
        <Title order={3} size="h4">
          Roster
        </Title>
        <Text>
          <Anchor href={`/api/training/sessions/${s.id}/sign-in-sheet.pdf`} download>
            Print the sign-in sheet (PDF)
          </Anchor>{' '}
          — one row per registered person, with a line to sign; the table below lists the same people.
        </Text>
        {current.length ? (
          <StackedTable>
            <Table.Caption>People registered and on the waitlist, by name</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>E-mail</Table.Th>
                <Table.Th>Place</Table.Th>
                <Table.Th>Registered</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...current]
                .sort((a, b) => a.status.localeCompare(b.status) || a.name.localeCompare(b.name))
                .map((r) => (
                  <Table.Tr key={r.personId}>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>{r.email}</Table.Td>
                    <Table.Td>{REGISTRATION_LABELS[r.status]}</Table.Td>
                    <Table.Td>{formatDateTime(r.registeredAt)}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </StackedTable>
        ) : (
          <Text>No one has registered yet.</Text>
        )}
        <MessageRegistrants session={s} />
      </Stack>
    </Card>
  );
}

function MessageRegistrants({ session: s }: { session: SessionView }) {
  const messages = useRegistrantMessages(s.id);
  const send = useMessageRegistrants(s.id);
  const [v, setV] = useState({ subject: '', message: '', includeWaitlisted: false });
  const [sent, setSent] = useState<string | null>(null);
  useUnsavedChanges(v.subject !== '' || v.message !== '');
  const { errors, formError, submit } = useSubmit(async () => {
    const r = await send.mutateAsync(v);
    const total = r.registered + r.waitlisted;
    setSent(
      `E-mail queued to ${plural(total, 'person', 'people')}${r.waitlisted ? ` (${formatNumber(r.waitlisted)} on the waitlist)` : ''}.`,
    );
    notifySaved('E-mail queued');
    setV({ subject: '', message: '', includeWaitlisted: v.includeWaitlisted });
  });
  const left = messages.data?.remaining;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={4} size="h5">
          E-mail the registrants
        </Title>
        <FormError message={formError} />
        <TextInput
          label="Subject"
          required
          value={v.subject}
          onChange={(e) => setV({ ...v, subject: e.currentTarget.value })}
          error={errors.subject}
        />
        <Textarea
          label="Message"
          description="Each e-mail ends with a line saying which session it is about and why they receive it"
          required
          autosize
          minRows={4}
          value={v.message}
          onChange={(e) => setV({ ...v, message: e.currentTarget.value })}
          error={errors.message}
        />
        <Checkbox
          label="Send it to the waitlist too"
          checked={v.includeWaitlisted}
          onChange={(e) => setV({ ...v, includeWaitlisted: e.currentTarget.checked })}
        />
        <Text size="sm" c="dimmed">
          At most 5 e-mails per session in 24 hours
          {left !== undefined
            ? left > 0
              ? `: ${left} left now.`
              : `: none left until ${formatDateTime(messages.data!.nextAllowedAt!)}.`
            : '.'}
        </Text>
        <Button type="submit" disabled={left === 0} w="fit-content">
          Send the e-mail
        </Button>
        {sent && <Text role="status">{sent}</Text>}
        {messages.data?.items.length ? (
          <StackedTable>
            <Table.Caption>E-mails sent to this session’s registrants</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Sent</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>To</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {messages.data.items.map((m) => (
                <Table.Tr key={m.sentAt}>
                  <Table.Td>{formatDateTime(m.sentAt)}</Table.Td>
                  <Table.Td>{m.subject}</Table.Td>
                  <Table.Td>{plural(m.recipients, 'person', 'people')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </StackedTable>
        ) : null}
      </Stack>
    </form>
  );
}
