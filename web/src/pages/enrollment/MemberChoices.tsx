// A member's choices about their Community Partner enrollment: the list, and the form to record one.
import {
  BENEFITS_UNAFFECTED,
  MEMBER_CHOICE_LABELS,
  MEMBER_CHOICES,
} from '@contract/enrollment/enrollment.labels.js';
import { longDay } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import {
  Button,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { type MemberHistory, useCpDirectory, useRecordChoice } from '../../queries/enrollment.js';
import { can, useSession } from '../../session.js';
import { useFormGuard } from '../../unsaved.js';

/** The choices as the form offers them: short enough for a phone's width. */
const ASKS: Record<(typeof MEMBER_CHOICES)[number], string> = {
  different_cp: 'A different Community Partner',
  decline: 'To decline CP support',
};

function ChoiceForm({ member }: { member: MemberHistory }) {
  const record = useRecordChoice(member.enrolleeId, member.masshealthId);
  const directory = useCpDirectory();
  const blank = { choice: 'different_cp', receivedOn: massachusettsToday(), cp: '', note: '' };
  const [v, setV] = useState(blank);
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    await record.mutateAsync({
      choice: v.choice as (typeof MEMBER_CHOICES)[number],
      receivedOn: v.receivedOn,
      requestedCpOrgId: v.choice === 'different_cp' && v.cp ? v.cp : null,
      note: v.note.trim() || null,
    });
    notifySaved('Recorded. The enrollment changes only when a batch says so.');
    saved();
    setV(blank);
  });
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`Record a choice of ${member.givenName} ${member.familyName}`}
    >
      <Stack gap="sm">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="What the member asks"
            name="choice"
            required
            allowDeselect={false}
            data={MEMBER_CHOICES.map((c) => ({ value: c, label: ASKS[c] }))}
            value={v.choice}
            onChange={(choice) => setV({ ...v, choice: choice ?? 'different_cp' })}
            error={errors.choice}
          />
          <TextInput
            label="Request received on"
            name="receivedOn"
            type="date"
            required
            value={v.receivedOn}
            onChange={(e) => setV({ ...v, receivedOn: e.currentTarget.value })}
            error={errors.receivedOn}
          />
          {v.choice === 'different_cp' && (
            <Select
              label="Community Partner asked for (if named)"
              name="requestedCpOrgId"
              clearable
              searchable
              data={(directory.data?.items ?? []).map((c) => ({ value: c.orgId, label: c.name }))}
              value={v.cp || null}
              onChange={(cp) => setV({ ...v, cp: cp ?? '' })}
              error={errors.requestedCpOrgId}
            />
          )}
        </SimpleGrid>
        <Textarea
          label="Note"
          name="note"
          autosize
          minRows={2}
          maxLength={1_000}
          value={v.note}
          onChange={(e) => setV({ ...v, note: e.currentTarget.value })}
          error={errors.note}
        />
        <Text size="sm">{BENEFITS_UNAFFECTED}</Text>
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            Record the member’s choice
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What the member asked, newest first, and (for those who may) the form to record a new request. */
export function MemberChoices({ member }: { member: MemberHistory }) {
  const session = useSession();
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        The member’s choices
      </Title>
      {member.choices.length === 0 ? (
        <Text size="sm">None recorded.</Text>
      ) : (
        <List size="sm" spacing={4}>
          {member.choices.map((c) => (
            <List.Item key={c.id}>
              {longDay(c.receivedOn)}: {MEMBER_CHOICE_LABELS[c.choice]}
              {c.requestedCpName ? ` (${c.requestedCpName})` : ''}. Recorded by {c.recordedByName},{' '}
              {c.recordedByOrgName}.{c.note ? ` ${c.note}` : ''} {BENEFITS_UNAFFECTED}
            </List.Item>
          ))}
        </List>
      )}
      {can(session, 'enrollment.member.choice') && <ChoiceForm member={member} />}
    </Stack>
  );
}
