import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProgramYearSummary } from '../../../../src/domains/training/program-years.schemas.js';
import { api, get, type Page } from '../../api.js';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { SESSION_KIND_LABELS, type TopicView } from './format.js';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
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

function useFrameworkOptions() {
  const frameworks = useQuery({
    queryKey: ['frameworks'],
    queryFn: () =>
      get<{ name: string; competencies: { id: string; code: string; text: string }[] }[]>(
        '/api/training/frameworks',
      ),
  });
  return (frameworks.data ?? []).map((f) => ({
    group: f.name,
    items: f.competencies.map((c) => ({ value: c.id, label: `${c.code}. ${c.text}` })),
  }));
}

/** Adds a topic to the organisation's catalog. */
export function TopicForm({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const competencies = useFrameworkOptions();
  const [v, setV] = useState({
    code: '',
    title: '',
    description: '',
    shared: false,
    objectives: '',
    competencyIds: [] as string[],
  });
  const { errors, formError, submit } = useSubmit(async () => {
    await api('POST', '/api/training/topics', {
      ...v,
      description: v.description || undefined,
      objectives: lines(v.objectives),
    });
    await client.invalidateQueries({ queryKey: ['/api/training/topics'] });
    await client.invalidateQueries({ queryKey: ['topic-options'] });
    notifySaved('Topic added');
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <SimpleGrid cols={2}>
          <TextInput
            label="Code"
            description="Letters, digits, dots and dashes"
            required
            value={v.code}
            onChange={(e) => setV({ ...v, code: e.currentTarget.value })}
            error={errors.code}
          />
          <TextInput
            label="Title"
            required
            value={v.title}
            onChange={(e) => setV({ ...v, title: e.currentTarget.value })}
            error={errors.title}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={v.description}
          onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
          error={errors.description}
        />
        <Checkbox
          label="Shared: recognised by every plan (a One Care shared topic)"
          description="Leave unticked for a plan-specific topic, such as your model of care"
          checked={v.shared}
          onChange={(e) => setV({ ...v, shared: e.currentTarget.checked })}
        />
        <Textarea
          label="Objectives"
          description="One per line"
          autosize
          minRows={2}
          value={v.objectives}
          onChange={(e) => setV({ ...v, objectives: e.currentTarget.value })}
        />
        <MultiSelect
          label="Competencies"
          searchable
          data={competencies}
          value={v.competencyIds}
          onChange={(competencyIds) => setV({ ...v, competencyIds })}
        />
        <Button type="submit">Add topic</Button>
      </Stack>
    </form>
  );
}

interface Question {
  prompt: string;
  options: string;
  answer: string | null;
}

/** Offers a topic as a live webinar, a recorded webinar or a self-paced module, each with its rule. */
export function SessionForm({ onDone }: { onDone: (id: string) => void }) {
  const client = useQueryClient();
  const topics = useQuery({
    queryKey: ['topic-options'],
    queryFn: () => get<Page<TopicView>>('/api/training/topics?pageSize=500&sort=title'),
  });
  const years = useQuery({
    queryKey: ['program-year-options'],
    queryFn: () => get<Page<ProgramYearSummary>>('/api/training/program-years?pageSize=100'),
  });
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
    programYearId: null as string | null,
  });
  const [pages, setPages] = useState([{ title: '', body: '' }]);
  const [questions, setQuestions] = useState<Question[]>([]);
  const text =
    (k: 'title' | 'startsAt' | 'endsAt' | 'speaker' | 'joinUrl' | 'videoUrl') =>
    (e: { currentTarget: { value: string } }) =>
      setV({ ...v, [k]: e.currentTarget.value });
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
              },
            };
    const { id } = await api<{ id: string }>('POST', '/api/training/sessions', body);
    await client.invalidateQueries({ queryKey: ['/api/training/sessions'] });
    notifySaved('Session offered');
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
          data={(topics.data?.items ?? []).map((t) => ({ value: t.id, label: `${t.title} (${t.code})` }))}
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
            <SimpleGrid cols={2}>
              <TextInput
                label="Starts"
                type="datetime-local"
                required
                value={v.startsAt}
                onChange={text('startsAt')}
                error={errors.startsAt}
              />
              <TextInput
                label="Ends"
                type="datetime-local"
                required
                value={v.endsAt}
                onChange={text('endsAt')}
                error={errors.endsAt}
              />
            </SimpleGrid>
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
            <Fieldset legend="Pages">
              <Stack>
                {pages.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: pages have no identity but their place
                  <Stack key={i} gap="xs">
                    <TextInput
                      label={`Page ${i + 1} title`}
                      value={p.title}
                      onChange={(e) =>
                        setPages(pages.map((x, j) => (j === i ? { ...x, title: e.currentTarget.value } : x)))
                      }
                    />
                    <Textarea
                      label={`Page ${i + 1} text`}
                      autosize
                      minRows={3}
                      value={p.body}
                      onChange={(e) =>
                        setPages(pages.map((x, j) => (j === i ? { ...x, body: e.currentTarget.value } : x)))
                      }
                    />
                  </Stack>
                ))}
                <Group>
                  <Button variant="default" onClick={() => setPages([...pages, { title: '', body: '' }])}>
                    Add a page
                  </Button>
                  {pages.length > 1 && (
                    <Button variant="default" onClick={() => setPages(pages.slice(0, -1))}>
                      Remove the last page
                    </Button>
                  )}
                </Group>
              </Stack>
            </Fieldset>
            <Fieldset legend="Knowledge check (optional)">
              <Stack>
                {questions.map((q, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: questions have no identity but their place
                  <Stack key={i} gap="xs">
                    <Group justify="space-between">
                      <TextInput
                        label={`Question ${i + 1}`}
                        value={q.prompt}
                        flex={1}
                        onChange={(e) =>
                          setQuestions(
                            questions.map((x, j) => (j === i ? { ...x, prompt: e.currentTarget.value } : x)),
                          )
                        }
                      />
                      <ActionIcon
                        variant="default"
                        mt={24}
                        aria-label={`Remove question ${i + 1}`}
                        onClick={() => setQuestions(questions.filter((_, j) => j !== i))}
                      >
                        ×
                      </ActionIcon>
                    </Group>
                    <Textarea
                      label={`Question ${i + 1} options`}
                      description="One per line"
                      autosize
                      minRows={2}
                      value={q.options}
                      onChange={(e) =>
                        setQuestions(
                          questions.map((x, j) => (j === i ? { ...x, options: e.currentTarget.value } : x)),
                        )
                      }
                    />
                    <Select
                      label={`Question ${i + 1} right answer`}
                      data={lines(q.options).map((o, n) => ({ value: String(n), label: o }))}
                      value={q.answer}
                      onChange={(answer) =>
                        setQuestions(questions.map((x, j) => (j === i ? { ...x, answer } : x)))
                      }
                    />
                  </Stack>
                ))}
                <Button
                  variant="default"
                  onClick={() => setQuestions([...questions, { prompt: '', options: '', answer: null }])}
                >
                  Add a question
                </Button>
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
              </Stack>
            </Fieldset>
            {nested('content') && <FormError message={nested('content')!} />}
          </>
        )}
        <Button type="submit">Offer the session</Button>
      </Stack>
    </form>
  );
}
