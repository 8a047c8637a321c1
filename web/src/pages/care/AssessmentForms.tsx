import type { ASSESSMENT_KINDS } from '@contract/care/care.labels.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { Answers } from '@contract/surveys/definition.js';
import { Button, Group, Radio, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { QuestionField } from '../../components/QuestionField.js';
import { formatDate } from '../../format.js';
import { notifySaved, refuse, useSubmit } from '../../forms.js';
import { useInstruments, useRecordAssessment, useRecordMajorChange } from '../../queries/care.js';
import { useFormGuard } from '../../unsaved.js';
import { Part2Checkbox } from './Part2.js';

type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const ASSESSMENT_KIND_LABELS: Record<AssessmentKind, string> = {
  comprehensive: 'Comprehensive assessment',
  reassessment: 'Reassessment',
  major_change: 'Reassessment after a major change',
  hrsn_screening: 'Social needs screening',
};

/** A day's field for these forms: a date input that says what is wrong on itself. */
function DayField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
}) {
  return (
    <TextInput
      label={props.label}
      name={props.name}
      type="date"
      required
      max={massachusettsToday()}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      error={props.error}
      w={{ base: '100%', sm: 220 }}
    />
  );
}

/** Checked here as the server checks it, so a wrong day is marked before anything is sent. */
function checkDay(name: string, day: string, what: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) refuse(name, `Enter the day ${what}`);
  const today = massachusettsToday();
  if (day > today) refuse(name, `Choose a day on or before today (${formatDate(today)})`);
}

/**
 * An assessment made with the enrollee: its kind, day and whether it was in person, and the holding plan's
 * instrument's questions answered with them, when one is chosen.
 */
export function AssessmentForm({ enrolleeId, onDone }: { enrolleeId: string; onDone: () => void }) {
  const record = useRecordAssessment(enrolleeId);
  const instruments = useInstruments(enrolleeId);
  const [v, setV] = useState({
    kind: '' as AssessmentKind | '',
    completedOn: massachusettsToday(),
    inPerson: '',
    majorChangeReason: '',
    surveyId: null as string | null,
    answers: {} as Answers,
    part2: false,
  });
  const saved = useFormGuard(v);
  const instrument = instruments.data?.items.find((s) => s.surveyId === v.surveyId) ?? null;
  const { errors, formError, submit } = useSubmit(
    async () => {
      if (!v.kind) refuse('kind', 'Choose the kind of assessment');
      checkDay('completedOn', v.completedOn, 'the assessment was completed');
      if (!v.inPerson) refuse('inPerson', 'Choose whether the assessment included an in-person meeting');
      if (v.kind === 'major_change' && !v.majorChangeReason.trim())
        refuse('majorChangeReason', 'Say what the major change was');
      await record.mutateAsync({
        kind: v.kind,
        completedOn: v.completedOn,
        inPerson: v.inPerson === 'yes',
        part2: v.part2,
        ...(v.kind === 'major_change' ? { majorChangeReason: v.majorChangeReason.trim() } : {}),
        ...(instrument ? { instrument: { surveyId: instrument.surveyId, answers: v.answers } } : {}),
      });
      notifySaved(`${ASSESSMENT_KIND_LABELS[v.kind]} of ${formatDate(v.completedOn)} recorded`);
      saved();
      onDone();
    },
    { 'instrument.surveyId': 'surveyId' },
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Record an assessment">
      <Stack>
        <FormError message={formError} />
        <Select
          label="Kind"
          name="kind"
          required
          placeholder="Choose one"
          data={Object.entries(ASSESSMENT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          value={v.kind || null}
          onChange={(kind) => setV({ ...v, kind: (kind as AssessmentKind | null) ?? '' })}
          allowDeselect={false}
          error={errors.kind}
        />
        {v.kind === 'major_change' && (
          <Textarea
            label="What changed"
            name="majorChangeReason"
            required
            autosize
            minRows={2}
            maxLength={500}
            value={v.majorChangeReason}
            onChange={(e) => setV({ ...v, majorChangeReason: e.currentTarget.value })}
            error={errors.majorChangeReason}
          />
        )}
        <DayField
          label="Day completed"
          name="completedOn"
          value={v.completedOn}
          onChange={(completedOn) => setV({ ...v, completedOn })}
          error={errors.completedOn}
        />
        <Radio.Group
          label="In person?"
          description="Whether the assessment included an in-person meeting with the enrollee"
          name="inPerson"
          required
          value={v.inPerson}
          onChange={(inPerson) => setV({ ...v, inPerson })}
          error={errors.inPerson}
        >
          <Group mt="xs">
            <Radio value="yes" label="Yes" aria-invalid={Boolean(errors.inPerson) || undefined} />
            <Radio value="no" label="No" aria-invalid={Boolean(errors.inPerson) || undefined} />
          </Group>
        </Radio.Group>
        <Select
          label="Instrument"
          name="surveyId"
          description="The questionnaire answered with the enrollee; its answers are kept with the assessment"
          placeholder={instruments.isPending ? 'Loading…' : 'None: record the assessment only'}
          data={(instruments.data?.items ?? []).map((s) => ({ value: s.surveyId, label: s.title }))}
          value={v.surveyId}
          onChange={(surveyId) => setV({ ...v, surveyId, answers: {} })}
          clearable
          error={errors.surveyId}
        />
        {instrument?.definition.sections.map((section, i) => (
          <Stack key={section.title ?? i} gap="md">
            {section.title && (
              <Title order={4} size="h5">
                {section.title}
              </Title>
            )}
            {section.questions.map((q) => (
              <QuestionField
                key={q.key}
                q={q}
                answer={v.answers[q.key]}
                onChange={(a) => setV({ ...v, answers: { ...v.answers, [q.key]: a } })}
                error={errors[`instrument.answers.${q.key}`]}
                followUpError={errors[`instrument.answers.${q.key}.followUp`]}
              />
            ))}
          </Stack>
        ))}
        <Part2Checkbox checked={v.part2} onChange={(part2) => setV({ ...v, part2 })} />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            Record assessment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A major change in the enrollee's health or situation: it starts the major-change reassessment clock. */
export function MajorChangeForm({ enrolleeId, onDone }: { enrolleeId: string; onDone: () => void }) {
  const record = useRecordMajorChange(enrolleeId);
  const [v, setV] = useState({ occurredOn: massachusettsToday(), reason: '' });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    checkDay('occurredOn', v.occurredOn, 'of the change');
    if (!v.reason.trim()) refuse('reason', 'Say what changed');
    await record.mutateAsync({ occurredOn: v.occurredOn, reason: v.reason.trim() });
    notifySaved(`Major change of ${formatDate(v.occurredOn)} recorded: a reassessment is now due`);
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Record a major change">
      <Stack>
        <FormError message={formError} />
        <Text size="sm">A major change starts the clock for a reassessment after it.</Text>
        <DayField
          label="Day of the change"
          name="occurredOn"
          value={v.occurredOn}
          onChange={(occurredOn) => setV({ ...v, occurredOn })}
          error={errors.occurredOn}
        />
        <Textarea
          label="What changed"
          name="reason"
          description="For example: a hospital stay, a move to a nursing facility, a new diagnosis"
          required
          autosize
          minRows={2}
          maxLength={500}
          value={v.reason}
          onChange={(e) => setV({ ...v, reason: e.currentTarget.value })}
          error={errors.reason}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            Record major change
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
