import {
  Button,
  Checkbox,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { useProgramYearOptions } from '../../queries/training-catalog.js';
import { useCreateSession } from '../../queries/training-sessions.js';
import { useFormGuard } from '../../unsaved.js';
import { lines, useTopicOptions } from './catalog-options.js';
import { SESSION_KIND_LABELS } from './format.js';
import { ModuleContentFields, type QuestionDraft } from './ModuleContentFields.js';

const numberOrUndefined = (v: number | string) => (v === '' ? undefined : Number(v));

/** The wall-clock time `local` (YYYY-MM-DDTHH:mm) in `timeZone`, as an ISO instant. */
export function zonedToIso(local: string, timeZone: string) {
  const asUtc = Date.parse(`${local}:00Z`);
  const offsetAt = (t: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .formatToParts(new Date(t))
        .map((p) => [p.type, p.value]),
    );
    return Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`) - t;
  };
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first)).toISOString();
}

/** Offers a topic as a live webinar, a recorded webinar or a self-paced module, each with its rule. */
/** A session's start and end, as clock times where it is held (`timeZone` shown beneath when given). */
export function SessionTimeFields({
  v,
  text,
  errors,
  required = false,
  timeZone,
}: {
  v: { startsAt: string; endsAt: string };
  text: (field: 'startsAt' | 'endsAt') => (e: React.ChangeEvent<HTMLInputElement>) => void;
  errors: Record<string, string>;
  required?: boolean;
  timeZone?: string;
}) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }}>
      {(['startsAt', 'endsAt'] as const).map((field) => (
        <TextInput
          key={field}
          label={field === 'startsAt' ? 'Starts' : 'Ends'}
          type="datetime-local"
          required={required}
          description={timeZone}
          value={v[field]}
          onChange={text(field)}
          error={errors[field]}
        />
      ))}
    </SimpleGrid>
  );
}

export function SessionForm({ onDone }: { onDone: (id: string) => void }) {
  const createSession = useCreateSession();
  const topics = useTopicOptions();
  const years = useProgramYearOptions();
  const [v, setV] = useState({
    kind: 'live' as 'live' | 'recorded' | 'self_paced',
    topicId: null as string | null,
    title: '',
    startsAt: '',
    endsAt: '',
    timeZone: 'America/New_York',
    speaker: '',
    capacity: '' as number | string,
    joinUrl: '',
    videoUrl: '',
    durationMinutes: '' as number | string,
    minMinutes: '' as number | string,
    passMark: 80 as number | string,
    maxAttempts: '' as number | string,
    showWrongAnswers: true,
    programYearId: null as string | null,
  });
  const [pages, setPages] = useState([{ title: '', body: '' }]);
  const [questions, setQuestions] = useState<QuestionDraft[]>([]);
  const text =
    (k: 'title' | 'startsAt' | 'endsAt' | 'speaker' | 'joinUrl' | 'videoUrl') =>
    (e: { currentTarget: { value: string } }) =>
      setV({ ...v, [k]: e.currentTarget.value });
  const saved = useFormGuard({ v, pages, questions });
  const { errors, formError, submit } = useSubmit(async () => {
    const common = {
      topicId: v.topicId,
      kind: v.kind,
      title: v.title,
      timeZone: v.timeZone,
      speaker: v.speaker || undefined,
      programYearId: v.programYearId ?? undefined,
    };
    const body =
      v.kind === 'live'
        ? {
            ...common,
            startsAt: v.startsAt ? zonedToIso(v.startsAt, v.timeZone) : undefined,
            endsAt: v.endsAt ? zonedToIso(v.endsAt, v.timeZone) : undefined,
            capacity: numberOrUndefined(v.capacity),
            joinUrl: v.joinUrl || undefined,
            minMinutes: numberOrUndefined(v.minMinutes),
          }
        : v.kind === 'recorded'
          ? {
              ...common,
              videoUrl: v.videoUrl || undefined,
              durationMinutes: numberOrUndefined(v.durationMinutes),
              minMinutes: numberOrUndefined(v.minMinutes),
            }
          : {
              ...common,
              passMark: numberOrUndefined(v.passMark),
              maxAttempts: numberOrUndefined(v.maxAttempts),
              content: {
                pages,
                questions: questions.map((q) => ({
                  prompt: q.prompt,
                  options: lines(q.options),
                  answer: q.answer === null ? -1 : Number(q.answer),
                })),
                showWrongAnswers: v.showWrongAnswers,
              },
            };
    const { id } = await createSession.mutateAsync(body);
    notifySaved('Session offered');
    saved();
    onDone(id);
  });
  const nested = (prefix: string) =>
    Object.entries(errors)
      .filter(([k]) => k.startsWith(prefix))
      .map(
        ([k, m]) => `${k.replace(/^content\./, '').replace(/\.(\d+)/g, (_, n) => ` ${Number(n) + 1}`)}: ${m}`,
      )
      .join('; ') || undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <SegmentedControl
          aria-label="Kind of session"
          data={Object.entries(SESSION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          value={v.kind}
          onChange={(kind) => setV({ ...v, kind: kind as typeof v.kind })}
        />
        <Select
          label="Topic"
          required
          searchable
          data={topics}
          value={v.topicId}
          onChange={(topicId) => setV({ ...v, topicId })}
          error={errors.topicId}
        />
        <TextInput label="Title" required value={v.title} onChange={text('title')} error={errors.title} />
        <Select
          label="Program year"
          clearable
          data={(years.data?.items ?? []).map((y) => ({ value: y.id, label: y.title }))}
          value={v.programYearId}
          onChange={(programYearId) => setV({ ...v, programYearId })}
          error={errors.programYearId}
        />
        <TextInput label="Speaker" value={v.speaker} onChange={text('speaker')} error={errors.speaker} />
        {v.kind === 'live' && (
          <>
            <SessionTimeFields v={v} text={text} errors={errors} required />
            <Select
              label="Time zone"
              searchable
              data={Intl.supportedValuesOf('timeZone')}
              value={v.timeZone}
              onChange={(timeZone) => setV({ ...v, timeZone: timeZone ?? 'America/New_York' })}
              allowDeselect={false}
              error={errors.timeZone}
            />
            <SimpleGrid cols={2}>
              <NumberInput
                label="Capacity"
                min={1}
                value={v.capacity}
                onChange={(capacity) => setV({ ...v, capacity })}
                error={errors.capacity}
              />
              <NumberInput
                label="Minimum minutes attended"
                description="Unset: three quarters of the session"
                min={0}
                value={v.minMinutes}
                onChange={(minMinutes) => setV({ ...v, minMinutes })}
                error={errors.minMinutes}
              />
            </SimpleGrid>
            <TextInput
              label="Join link"
              type="url"
              value={v.joinUrl}
              onChange={text('joinUrl')}
              error={errors.joinUrl}
            />
          </>
        )}
        {v.kind === 'recorded' && (
          <>
            <TextInput
              label="Recording link"
              type="url"
              required
              value={v.videoUrl}
              onChange={text('videoUrl')}
              error={errors.videoUrl}
            />
            <SimpleGrid cols={2}>
              <NumberInput
                label="Length (minutes)"
                required
                min={1}
                value={v.durationMinutes}
                onChange={(durationMinutes) => setV({ ...v, durationMinutes })}
                error={errors.durationMinutes}
              />
              <NumberInput
                label="Minimum minutes watched"
                description="Unset: three quarters of the recording"
                min={0}
                value={v.minMinutes}
                onChange={(minMinutes) => setV({ ...v, minMinutes })}
                error={errors.minMinutes}
              />
            </SimpleGrid>
          </>
        )}
        {v.kind === 'self_paced' && (
          <>
            <ModuleContentFields
              pages={pages}
              setPages={setPages}
              questions={questions}
              setQuestions={setQuestions}
            >
              <SimpleGrid cols={2}>
                <NumberInput
                  label="Pass mark (%)"
                  min={0}
                  max={100}
                  value={v.passMark}
                  onChange={(passMark) => setV({ ...v, passMark })}
                  error={errors.passMark}
                />
                <NumberInput
                  label="Attempts allowed"
                  description="Unset: no limit"
                  min={1}
                  value={v.maxAttempts}
                  onChange={(maxAttempts) => setV({ ...v, maxAttempts })}
                  error={errors.maxAttempts}
                />
              </SimpleGrid>
              <Checkbox
                label="Tell learners which questions they answered wrong"
                description="Never which answer was right"
                checked={v.showWrongAnswers}
                onChange={(e) => setV({ ...v, showWrongAnswers: e.currentTarget.checked })}
              />
            </ModuleContentFields>
            {nested('content') && <FormError message={nested('content')!} />}
          </>
        )}
        <Button type="submit">Offer the session</Button>
      </Stack>
    </form>
  );
}
