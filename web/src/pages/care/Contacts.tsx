import { CONTACT_MODE_LABELS, CONTACT_MODES } from '@contract/care/care.schemas.js';
import { massachusettsInstant, massachusettsToday } from '@contract/massachusetts-day.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Radio,
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
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { StackedTable } from '../../components/StackedTable.js';
import { formatDateTime, plural } from '../../format.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import { useContacts, useRecordContact } from '../../queries/care.js';
import { useFormGuard } from '../../unsaved.js';
import { futureContact } from './days.js';
import { Part2Badge, Part2Checkbox } from './Part2.js';

const PAGE = 25;
const modeLabel = (m: string) => CONTACT_MODE_LABELS[m as keyof typeof CONTACT_MODE_LABELS] ?? m;

/** The time of day in Massachusetts now (HH:MM), for a time field. */
function clockNow() {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date())
      .map((x) => [x.type, x.value]),
  );
  return `${p.hour}:${p.minute}`;
}

/**
 * Attempts to reach the enrollee: a form to log one (on a home visit, from a phone) above the list, latest
 * first. The list pages by growing: "Show older" asks for more.
 */
export function Contacts({ enrolleeId, mayRecord }: { enrolleeId: string; mayRecord: boolean }) {
  const [limit, setLimit] = useState(PAGE);
  // A fresh form after each contact logged: its fields start again from now.
  const [formKey, setFormKey] = useState(0);
  const contacts = useContacts(enrolleeId, limit);
  const items = contacts.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="contacts-heading">
      <Title order={3} size="h4" id="contacts-heading" mb="xs">
        Contacts
      </Title>
      <Stack>
        {mayRecord && (
          <ContactForm key={formKey} enrolleeId={enrolleeId} onDone={() => setFormKey((k) => k + 1)} />
        )}
        {contacts.error && <Alert color="red">{contacts.error.message}</Alert>}
        <Text size="sm" aria-live="polite">
          {contacts.data
            ? items.length === 0
              ? 'No contacts recorded yet.'
              : `${plural(items.length, 'contact')}${items.length === limit ? ' (latest shown)' : ''}`
            : 'Loading…'}
        </Text>
        {items.length > 0 && (
          <StackedTable>
            <VisuallyHidden component="caption">Contacts with the enrollee, latest first</VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Mode</Table.Th>
                <Table.Th>Reached</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>Notes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{formatDateTime(c.occurredAt)}</Table.Td>
                  <Table.Td>{modeLabel(c.mode)}</Table.Td>
                  <Table.Td>
                    {c.reached ? (
                      <Badge color="#1e6b30">Reached</Badge>
                    ) : (
                      <Badge color="gray.8">Not reached</Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{c.madeByName}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {c.part2 && <Part2Badge />} {c.notes ?? '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </StackedTable>
        )}
        {items.length === limit && (
          <Group>
            <Button variant="default" size="xs" onClick={() => setLimit(limit + PAGE)}>
              Show older contacts
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function ContactForm({ enrolleeId, onDone }: { enrolleeId: string; onDone: () => void }) {
  const record = useRecordContact(enrolleeId);
  const [v, setV] = useState({
    mode: 'phone',
    reached: '',
    day: massachusettsToday(),
    time: clockNow(),
    notes: '',
    part2: false,
  });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(
    async () => {
      if (!v.reached) refuse('reached', 'Choose whether the enrollee was reached');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v.day)) refuse('day', 'Enter the day of the contact');
      if (!/^\d{2}:\d{2}$/.test(v.time)) refuse('time', 'Enter the time of the contact');
      const future = futureContact(v.day, v.time, new Date());
      if (future) refuse(future.field, future.message);
      const occurredAt = massachusettsInstant(v.day, v.time);
      await record.mutateAsync({
        mode: v.mode,
        reached: v.reached === 'yes',
        occurredAt: occurredAt.toISOString(),
        notes: v.notes,
        part2: v.part2,
      });
      notifySaved(
        `${modeLabel(v.mode)} contact logged${v.reached === 'yes' ? '' : ' (not reached)'}${v.part2 ? ', as a 42 CFR Part 2 record' : ''}`,
      );
      saved();
      onDone();
    },
    { occurredAt: 'day' },
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby="log-contact-heading">
      <Stack gap="sm">
        <Title order={4} size="h5" id="log-contact-heading">
          Log a contact
        </Title>
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Mode"
            name="mode"
            required
            data={CONTACT_MODES.map((m) => ({ value: m, label: modeLabel(m) }))}
            value={v.mode}
            onChange={(mode) => setV({ ...v, mode: mode ?? 'phone' })}
            allowDeselect={false}
            error={errors.mode}
          />
          <Radio.Group
            label="Reached the enrollee?"
            name="reached"
            required
            value={v.reached}
            onChange={(reached) => setV({ ...v, reached })}
            error={errors.reached}
          >
            <Group mt="xs">
              <Radio value="yes" label="Reached" aria-invalid={Boolean(errors.reached) || undefined} />
              <Radio value="no" label="Not reached" aria-invalid={Boolean(errors.reached) || undefined} />
            </Group>
          </Radio.Group>
          <TextInput
            label="Day"
            name="day"
            type="date"
            required
            value={v.day}
            onChange={(e) => setV({ ...v, day: e.currentTarget.value })}
            error={errors.day}
          />
          <TextInput
            label="Time"
            name="time"
            type="time"
            required
            description="Massachusetts time"
            value={v.time}
            onChange={(e) => setV({ ...v, time: e.currentTarget.value })}
            error={errors.time}
          />
        </SimpleGrid>
        <Textarea
          label="Notes"
          name="notes"
          autosize
          minRows={2}
          maxRows={8}
          value={v.notes}
          onChange={(e) => setV({ ...v, notes: e.currentTarget.value })}
          error={errors.notes}
        />
        <Part2Checkbox checked={v.part2} onChange={(part2) => setV({ ...v, part2 })} />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            Log contact
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
