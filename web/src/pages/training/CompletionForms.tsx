import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Button, FileInput, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import {
  useCorrectCompletion,
  useRecordCompletion,
  useRevokeCompletion,
} from '../../queries/training-records.js';
import { useFormGuard } from '../../unsaved.js';
import { useTopicOptions } from './catalog-options.js';
import type { CompletionView } from './format.js';

// Massachusetts' day: from 7 or 8 p.m. Eastern, UTC's is already tomorrow.
const today = massachusettsToday;

/** Records a completion earned elsewhere; the evidence file is uploaded first and the completion names it. */
export function RecordCompletionForm({ personId, onDone }: { personId: string; onDone: () => void }) {
  const record = useRecordCompletion();
  const topics = useTopicOptions();
  const [v, setV] = useState({ topicId: null as string | null, completedOn: today(), note: '' });
  const [file, setFile] = useState<File | null>(null);
  const saved = useFormGuard({ v, file: file?.name });
  const { errors, formError, submit } = useSubmit(
    async () => {
      await record.mutateAsync({ personId, ...v, file });
      notifySaved('Completion recorded');
      saved();
      onDone();
    },
    { 'evidence.note': 'note', 'evidence.fileId': 'file' },
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Select
          label="Topic"
          required
          searchable
          data={topics}
          value={v.topicId}
          onChange={(topicId) => setV({ ...v, topicId })}
          error={errors.topicId}
        />
        <TextInput
          label="Completed on"
          type="date"
          required
          value={v.completedOn}
          onChange={(e) => setV({ ...v, completedOn: e.currentTarget.value })}
          error={errors.completedOn}
        />
        <Textarea
          label="Where it was earned"
          description="e.g. a live session at another organisation, with its date and trainer"
          value={v.note}
          onChange={(e) => setV({ ...v, note: e.currentTarget.value })}
          error={errors.note}
        />
        <FileInput
          label="Evidence file"
          description="PDF, PNG or JPEG, Word, Excel or text: a sign-in sheet, another certificate"
          accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt"
          clearable
          clearButtonProps={{ 'aria-label': 'Remove the evidence file' }}
          value={file}
          onChange={setFile}
          error={errors.file}
        />
        <Button type="submit">Record completion</Button>
      </Stack>
    </form>
  );
}

/** Corrects a completion's date, topic or note; the reason and the old values stay on the record. */
export function CorrectCompletionForm({
  completion: c,
  onDone,
}: {
  completion: CompletionView;
  onDone: () => void;
}) {
  const correct = useCorrectCompletion(c);
  const topics = useTopicOptions();
  const note = (c.evidence as { note?: string }).note ?? '';
  const [v, setV] = useState({ completedOn: c.completedOn, topicId: c.topicId, note, reason: '' });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    await correct.mutateAsync({
      ...(v.completedOn !== c.completedOn ? { completedOn: v.completedOn } : {}),
      ...(v.topicId !== c.topicId ? { topicId: v.topicId } : {}),
      ...(v.note !== note ? { note: v.note } : {}),
      reason: v.reason,
    });
    notifySaved('Completion corrected');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <TextInput
          label="Completed on"
          type="date"
          value={v.completedOn}
          onChange={(e) => setV({ ...v, completedOn: e.currentTarget.value })}
          error={errors.completedOn}
        />
        <Select
          label="Topic"
          searchable
          data={topics}
          value={v.topicId}
          disabled={Boolean(c.sessionId)}
          description={c.sessionId ? 'Earned at a session: the session decides the topic' : undefined}
          onChange={(topicId) => setV({ ...v, topicId: topicId ?? c.topicId })}
          allowDeselect={false}
          error={errors.topicId}
        />
        <Textarea
          label="Note"
          value={v.note}
          onChange={(e) => setV({ ...v, note: e.currentTarget.value })}
          error={errors.note}
        />
        <Textarea
          label="Reason for the correction"
          description="Kept on the record with the values before the change"
          required
          value={v.reason}
          onChange={(e) => setV({ ...v, reason: e.currentTarget.value })}
          error={errors.reason}
        />
        <Button type="submit">Correct</Button>
      </Stack>
    </form>
  );
}

/**
 * Revokes a completion the organisation recorded, with a reason kept on the record; its certificate then
 * reads as revoked wherever it is checked.
 */
export function RevokeCompletionForm({
  completion: c,
  onDone,
}: {
  completion: CompletionView;
  onDone: () => void;
}) {
  const revoke = useRevokeCompletion(c);
  const [reason, setReason] = useState('');
  const saved = useFormGuard(reason);
  const { errors, formError, submit } = useSubmit(async () => {
    await revoke.mutateAsync(reason);
    notifySaved('Completion revoked: its certificate now reads as revoked.');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <Text>
          {c.personName}: {c.topicTitle}, completed {c.completedOn}. The certificate will read as revoked
          wherever it is checked, and the completion stops counting towards requirements.
        </Text>
        <Textarea
          label="Reason for revoking"
          description="Kept on the record; seen by your organisation and the person"
          required
          data-autofocus
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Keep it
          </Button>
          <Button type="submit" color="red.9">
            Revoke
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
