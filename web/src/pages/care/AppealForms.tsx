// The forms of an appeal: filing it, the plan's decision on it, and the next level the member asked.
import {
  APPEAL_FILERS,
  APPEAL_OUTCOME_LABELS,
  APPEAL_OUTCOMES,
  NEXT_LEVEL_LABELS,
  NEXT_LEVELS,
  RECEIVED_VIA,
  RECEIVED_VIA_LABELS,
  REQUEST_PRIORITIES,
  REQUEST_PRIORITY_LABELS,
} from '@contract/care/requests.labels.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { Group, Radio, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import {
  type RequestView,
  useDecideAppeal,
  useFileAppeal,
  useRecordNextLevel,
} from '../../queries/care-requests.js';
import { useFormGuard } from '../../unsaved.js';
import { clockNow, DayTime, FILER_LABELS, instantOf, options, Submit } from './request-fields.js';

export function AppealForm({ request, onDone }: { request: RequestView; onDone: () => void }) {
  const file = useFileAppeal(request);
  const [v, setV] = useState({
    priority: 'standard',
    day: massachusettsToday(),
    time: clockNow(),
    filedBy: 'enrollee',
    receivedVia: 'phone',
    reason: '',
  });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(
    async () => {
      const filedAt = instantOf(v.day, v.time, 'the appeal was filed');
      const { day: _d, time: _t, ...rest } = v;
      const r = await file.mutateAsync({ ...rest, filedAt });
      notifySaved(
        r.appeal?.filing.benefitsContinue
          ? 'Appeal recorded: the service continues while it is decided'
          : 'Appeal recorded',
      );
      saved();
      onDone();
    },
    { filedAt: 'day' },
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <Radio.Group
          label="Priority"
          name="priority"
          required
          value={v.priority}
          onChange={(priority) => setV({ ...v, priority })}
          error={errors.priority}
        >
          <Group mt="xs">
            {REQUEST_PRIORITIES.map((p) => (
              <Radio key={p} value={p} label={REQUEST_PRIORITY_LABELS[p]} />
            ))}
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DayTime v={v} set={(p) => setV({ ...v, ...p })} errors={errors} dayLabel="Day filed" />
          <Select
            label="Filed by"
            name="filedBy"
            required
            allowDeselect={false}
            data={options(APPEAL_FILERS, FILER_LABELS)}
            value={v.filedBy}
            onChange={(x) => setV({ ...v, filedBy: x ?? 'enrollee' })}
            error={errors.filedBy}
          />
          <Select
            label="Received by"
            name="receivedVia"
            required
            allowDeselect={false}
            data={options(RECEIVED_VIA, RECEIVED_VIA_LABELS)}
            value={v.receivedVia}
            onChange={(x) => setV({ ...v, receivedVia: x ?? 'phone' })}
            error={errors.receivedVia}
          />
        </SimpleGrid>
        <Textarea
          label="What the member says"
          name="reason"
          autosize
          minRows={2}
          value={v.reason}
          onChange={(e) => setV({ ...v, reason: e.currentTarget.value })}
          error={errors.reason}
        />
        <Submit pending={file.isPending}>Record appeal</Submit>
      </Stack>
    </form>
  );
}

export function AppealDecisionForm({ request, onDone }: { request: RequestView; onDone: () => void }) {
  const decide = useDecideAppeal(request);
  const [v, setV] = useState({ outcome: '', explanation: '', noticeSentOn: massachusettsToday() });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    if (!v.outcome) refuse('outcome', 'Choose the outcome');
    if (!v.explanation.trim()) refuse('explanation', 'Explain the outcome in plain words');
    await decide.mutateAsync(v);
    notifySaved('Appeal decision recorded');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <Radio.Group
          label="Outcome"
          name="outcome"
          required
          value={v.outcome}
          onChange={(outcome) => setV({ ...v, outcome })}
          error={errors.outcome}
        >
          <Stack mt="xs" gap="xs">
            {APPEAL_OUTCOMES.map((o) => (
              <Radio key={o} value={o} label={APPEAL_OUTCOME_LABELS[o]} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label="Explanation for the member"
          name="explanation"
          required
          autosize
          minRows={3}
          value={v.explanation}
          onChange={(e) => setV({ ...v, explanation: e.currentTarget.value })}
          error={errors.explanation}
        />
        <TextInput
          label="Day the notice is sent"
          name="noticeSentOn"
          type="date"
          required
          description="The time to ask the next level runs from this day"
          value={v.noticeSentOn}
          onChange={(e) => setV({ ...v, noticeSentOn: e.currentTarget.value })}
          error={errors.noticeSentOn}
        />
        <Submit pending={decide.isPending}>Record appeal decision</Submit>
      </Stack>
    </form>
  );
}

export function NextLevelForm({ request, onDone }: { request: RequestView; onDone: () => void }) {
  const record = useRecordNextLevel(request);
  const levels = request.program === 'one_care' ? NEXT_LEVELS : (['board_of_hearings'] as const);
  const [v, setV] = useState({ level: levels[0] as string, requestedOn: massachusettsToday() });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    await record.mutateAsync(v);
    notifySaved('Next level recorded');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <Select
          label="Asked of"
          name="level"
          required
          allowDeselect={false}
          data={options(levels, NEXT_LEVEL_LABELS)}
          value={v.level}
          onChange={(x) => setV({ ...v, level: x ?? levels[0] })}
          error={errors.level}
        />
        <TextInput
          label="Day asked"
          name="requestedOn"
          type="date"
          required
          value={v.requestedOn}
          onChange={(e) => setV({ ...v, requestedOn: e.currentTarget.value })}
          error={errors.requestedOn}
        />
        <Submit pending={record.isPending}>Record next level</Submit>
      </Stack>
    </form>
  );
}
