import type { ExemptionView } from '@contract/compliance/compliance.schemas.js';
import { massachusettsDate } from '@contract/massachusetts-day.js';
import { OUTBOX_STATUS_LABELS } from '@contract/outbox.labels.js';
import {
  Alert,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { FormError } from '../../components/FormError.js';
import { StackedTable } from '../../components/StackedTable.js';
import { confirmAction } from '../../confirm.js';
import { formatDateTime } from '../../format.js';
import { notifyError, notifySaved, useSubmit } from '../../forms.js';
import {
  useAddExemption,
  useEndExemption,
  useExemptions,
  useMessagesTo,
  usePersonStatuses,
  useSendReminder,
} from '../../queries/compliance.js';
import { can, useSession } from '../../session.js';
import { FormModal, useFormGuard } from '../../unsaved.js';
import { StatusBadge, type StatusRow } from './status.js';

/** What one person owes the organisation and by when, each status explained; exemptions and reminders. */
export function CompliancePersonPage() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const asOf = search.get('asOf');
  const basis = search.get('basis') === 'corrected' ? 'corrected' : 'known';
  const session = useSession();
  const keeper = can(session, 'compliance.manage');
  const [exempting, setExempting] = useState<StatusRow | null>(null);
  const status = usePersonStatuses(id ?? '', { asOf: asOf ?? undefined, basis });
  const messages = useMessagesTo(id ?? '', can(session, 'outbox.read'));
  const exemptions = useExemptions(id ?? '');
  const reminding = useSendReminder(id ?? '');
  const ending = useEndExemption(id ?? '');
  if (status.error) return <Alert color="red">{status.error.message}</Alert>;
  const rows = status.data?.items ?? [];
  const person = rows[0];
  // Whether another organisation's requirements reach this person here (a plan's, seen by its provider).
  const others = rows.some((r) => r.requiredBy);

  async function remind(r: StatusRow) {
    try {
      const sent = await reminding.mutateAsync(r.requirementId);
      notifySaved(`Reminder sent to ${sent.to}.`);
    } catch (err) {
      notifyError(err);
    }
  }

  async function end(e: ExemptionView) {
    const ok = await confirmAction({
      title: 'End the exemption?',
      message: `From today “${e.requirementTitle}” applies again, with its due date as the rules set it.`,
      confirmLabel: 'End the exemption',
      cancelLabel: 'Keep it',
      danger: true,
    });
    if (!ok) return;
    try {
      await ending.mutateAsync(e.id);
      notifySaved('The exemption has ended.');
    } catch (err) {
      notifyError(err);
    }
  }

  return (
    <Stack>
      <Title order={2}>{person ? person.name : 'Compliance'}</Title>
      {person && (
        <Text>
          {person.email} · {person.organisations.join(', ')}
        </Text>
      )}
      {status.data && (
        <StackedTable>
          <Table.Caption>What they owe as of {status.data.asOf}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Requirement</Table.Th>
              {others && <Table.Th>Required by</Table.Th>}
              <Table.Th>Status</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Why</Table.Th>
              {keeper && <Table.Th>Act</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.requirementId}>
                <Table.Td>{r.requirementTitle}</Table.Td>
                {others && <Table.Td>{r.requiredBy?.name ?? 'Your organisation'}</Table.Td>}
                <Table.Td>
                  <StatusBadge status={r.status} />
                </Table.Td>
                <Table.Td>{r.dueOn ?? ''}</Table.Td>
                <Table.Td>{r.explanation}</Table.Td>
                {keeper && (
                  <Table.Td>
                    {/* Reminders and exemptions of another organisation's requirement are its own to give. */}
                    {!r.requiredBy && r.status !== 'exempt' && r.status !== 'compliant' && (
                      <Group gap="xs">
                        <Button size="xs" onClick={() => void remind(r)}>
                          Send a reminder<VisuallyHidden> about {r.requirementTitle}</VisuallyHidden>
                        </Button>
                        <Button size="xs" variant="default" onClick={() => setExempting(r)}>
                          Exempt…<VisuallyHidden> from {r.requirementTitle}</VisuallyHidden>
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>No requirement reaches this person.</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </StackedTable>
      )}
      {(exemptions.data?.length ?? 0) > 0 && (
        <StackedTable>
          <Table.Caption>Exemptions</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Requirement</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>Until</Table.Th>
              <Table.Th>Approved by</Table.Th>
              <Table.Th>In force</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {exemptions.data!.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.requirementTitle}</Table.Td>
                <Table.Td>{e.reason}</Table.Td>
                <Table.Td>{e.startsOn}</Table.Td>
                <Table.Td>{e.until ?? 'no end date'}</Table.Td>
                <Table.Td>{e.approvedByName}</Table.Td>
                <Table.Td>
                  {e.endedAt ? (
                    `Ended ${massachusettsDate(new Date(e.endedAt))}`
                  ) : keeper ? (
                    <Button size="xs" variant="default" onClick={() => void end(e)}>
                      End now
                    </Button>
                  ) : (
                    'Yes'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      )}
      {(messages.data?.items.length ?? 0) > 0 && (
        <StackedTable>
          <Table.Caption>Messages about their training</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Sent</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {messages.data!.items.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{formatDateTime(m.createdAt)}</Table.Td>
                <Table.Td>{m.to}</Table.Td>
                <Table.Td>{m.subject}</Table.Td>
                <Table.Td>
                  {OUTBOX_STATUS_LABELS[m.status as keyof typeof OUTBOX_STATUS_LABELS] ?? m.status}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </StackedTable>
      )}
      <FormModal
        opened={Boolean(exempting)}
        onClose={() => setExempting(null)}
        title="Exempt from a requirement"
      >
        {exempting && <ExemptionForm row={exempting} onDone={() => setExempting(null)} />}
      </FormModal>
    </Stack>
  );
}

function ExemptionForm({ row, onDone }: { row: StatusRow; onDone: () => void }) {
  const exempting = useAddExemption(row.personId);
  const [v, setV] = useState({ reason: '', until: '', open: 'dated' as string | null });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    await exempting.mutateAsync({
      requirementId: row.requirementId,
      personId: row.personId,
      reason: v.reason,
      until: v.open === 'open' ? null : v.until || undefined,
    });
    notifySaved('Exemption recorded, approved by you.');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Text>
          {row.name} from “{row.requirementTitle}”
        </Text>
        <Textarea
          label="Reason"
          required
          value={v.reason}
          onChange={(e) => setV({ ...v, reason: e.currentTarget.value })}
          error={errors.reason}
        />
        <Group align="flex-end">
          <Select
            label="Ends"
            data={[
              { value: 'dated', label: 'On a date' },
              { value: 'open', label: 'No end date' },
            ]}
            value={v.open}
            onChange={(open) => setV({ ...v, open })}
            allowDeselect={false}
          />
          {v.open === 'dated' && (
            <TextInput
              label="Until"
              type="date"
              required
              value={v.until}
              onChange={(e) => setV({ ...v, until: e.currentTarget.value })}
              error={errors.until}
            />
          )}
        </Group>
        <Button type="submit">Exempt</Button>
      </Stack>
    </form>
  );
}
