// The two small forms on the assignments page: withdrawing an assignment (ACO/MCO) and recording an attempt
// to reach a member (the CP).
import { OUTREACH_MODES, type OutreachMode } from '@contract/enrollment/assignment.labels.js';
import { longDay } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import {
  Button,
  Checkbox,
  Group,
  List,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import {
  type AssignmentView,
  useAssignment,
  useRecordOutreach,
  useWithdraw,
} from '../../queries/assignments.js';
import { FormModal } from '../../unsaved.js';

const MODE_LABELS: Record<OutreachMode, string> = {
  phone: 'Telephone',
  letter: 'Letter',
  in_person: 'In person',
  text: 'Text message',
  email: 'E-mail',
};

function WithdrawForm({ assignment, onDone }: { assignment: AssignmentView; onDone: () => void }) {
  const withdraw = useWithdraw();
  const [reason, setReason] = useState('');
  const { errors, formError, submit } = useSubmit(async () => {
    await withdraw.mutateAsync({ id: assignment.id, reason });
    notifySaved(`Withdrawn: ${assignment.memberName} waits for a Community Partner again`);
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Textarea
          label="Why"
          autosize
          minRows={2}
          maxLength={1000}
          name="reason"
          required
          data-autofocus
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
        />
        <Group justify="end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" color="red.9" loading={withdraw.isPending}>
            Withdraw
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function WithdrawModal({
  assignment,
  onClose,
}: {
  assignment: AssignmentView | null;
  onClose: () => void;
}) {
  return (
    <FormModal
      opened={assignment !== null}
      onClose={onClose}
      title={assignment ? `Withdraw ${assignment.memberName}’s assignment to ${assignment.cpName}` : ''}
    >
      {assignment && <WithdrawForm assignment={assignment} onDone={onClose} />}
    </FormModal>
  );
}

function OutreachForm({ assignment, onDone }: { assignment: AssignmentView; onDone: () => void }) {
  const record = useRecordOutreach(assignment.id);
  const [v, setV] = useState({ attemptedOn: massachusettsToday(), mode: 'phone', reached: false, note: '' });
  const { errors, formError, submit } = useSubmit(async () => {
    await record.mutateAsync({
      attemptedOn: v.attemptedOn,
      mode: v.mode as OutreachMode,
      reached: v.reached,
      note: v.note.trim() || null,
    });
    notifySaved('Outreach recorded');
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <TextInput
          label="Day of the attempt"
          type="date"
          name="attemptedOn"
          required
          data-autofocus
          value={v.attemptedOn}
          onChange={(e) => setV({ ...v, attemptedOn: e.currentTarget.value })}
          error={errors.attemptedOn}
        />
        <Select
          label="How"
          name="mode"
          required
          allowDeselect={false}
          data={OUTREACH_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
          value={v.mode}
          onChange={(mode) => setV({ ...v, mode: mode ?? 'phone' })}
          error={errors.mode}
        />
        <Checkbox
          label="Reached the member"
          checked={v.reached}
          onChange={(e) => setV({ ...v, reached: e.currentTarget.checked })}
        />
        <Textarea
          label="Note"
          name="note"
          maxLength={1000}
          value={v.note}
          onChange={(e) => setV({ ...v, note: e.currentTarget.value })}
          error={errors.note}
        />
        <Group justify="end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={record.isPending}>
            Record
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The attempts recorded so far, newest first: when, how, whether the member was reached, and the note. */
function OutreachHistory({ id }: { id: string }) {
  const detail = useAssignment(id);
  const attempts = detail.data?.outreach ?? [];
  if (detail.isPending) return <Text size="sm">Loading the attempts…</Text>;
  if (attempts.length === 0) return <Text size="sm">No attempt recorded yet.</Text>;
  return (
    <List size="sm" spacing="xs" aria-label="Attempts recorded">
      {attempts.map((o) => (
        <List.Item key={o.id}>
          {longDay(o.attemptedOn)}, {MODE_LABELS[o.mode].toLowerCase()}:{' '}
          {o.reached ? 'reached the member' : 'not reached'} ({o.recordedByName})
          {o.note && <Text size="xs">{o.note}</Text>}
        </List.Item>
      ))}
    </List>
  );
}

/** A member's outreach: the attempts so far, and (the CP's own staff) the form to record another. */
export function OutreachModal({
  assignment,
  mayRecord,
  onClose,
}: {
  assignment: AssignmentView | null;
  mayRecord: boolean;
  onClose: () => void;
}) {
  return (
    <FormModal
      opened={assignment !== null}
      onClose={onClose}
      title={assignment ? `Outreach to ${assignment.memberName}` : ''}
    >
      {assignment && (
        <Stack>
          <OutreachHistory id={assignment.id} />
          {mayRecord ? (
            <>
              <Title order={3} size="h5">
                Record an attempt
              </Title>
              <OutreachForm assignment={assignment} onDone={onClose} />
            </>
          ) : (
            <Group justify="end">
              <Button variant="default" onClick={onClose}>
                Close
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </FormModal>
  );
}
