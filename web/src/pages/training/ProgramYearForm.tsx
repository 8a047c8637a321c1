import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { ProgramYearView } from '@contract/training/program-years.schemas.js';
import { Button, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { useCurricula, useSaveProgramYear } from '../../queries/training-catalog.js';
import { useFormGuard } from '../../unsaved.js';
import { useCompetencyOptions, useTopicOptions } from './catalog-options.js';

/** The Massachusetts year after this one: the year a new program year is usually for. */
const nextYear = () => Number(massachusettsToday().slice(0, 4)) + 1;

/** Plans a program year, or changes its plan (with the version the page was showing). */
export function ProgramYearForm({ year, onDone }: { year?: ProgramYearView; onDone: (id: string) => void }) {
  const saveYear = useSaveProgramYear(year);
  const topics = useTopicOptions();
  const competencies = useCompetencyOptions();
  const curricula = useCurricula();
  const [v, setV] = useState({
    title: year?.title ?? `Performance year ${nextYear()}`,
    startsOn: year?.startsOn ?? `${nextYear()}-01-01`,
    endsOn: year?.endsOn ?? `${nextYear()}-12-31`,
    assessment: year?.assessment ?? '',
    focus: year?.focus ?? '',
    curriculumId: year?.curriculum?.id ?? null,
    topicIds: year?.topics.map((t) => t.id) ?? [],
    competencyIds: year?.coreSkills.map((c) => c.id) ?? [],
    mailbox: year?.mailbox.join('\n') ?? '',
  });
  const set =
    (k: 'title' | 'startsOn' | 'endsOn' | 'assessment' | 'focus' | 'mailbox') =>
    (e: { currentTarget: { value: string } }) =>
      setV({ ...v, [k]: e.currentTarget.value });
  const mailbox = v.mailbox
    .split(/[\n,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    const body = { ...v, mailbox, assessment: v.assessment || undefined, focus: v.focus || undefined };
    const { id } = await saveYear.mutateAsync(body);
    notifySaved(year ? 'Plan saved' : 'Program year planned');
    saved();
    onDone(id);
  });
  // A wrong address is reported by its position in the list: say which one.
  const mailboxError = Object.entries(errors)
    .filter(([k]) => k.startsWith('mailbox.'))
    .map(([k, message]) => `${mailbox[Number(k.split('.')[1])] ?? 'An address'}: ${message}`)
    .join('; ');
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <TextInput label="Title" required value={v.title} onChange={set('title')} error={errors.title} />
        <SimpleGrid cols={2}>
          <TextInput
            label="Starts on"
            type="date"
            required
            value={v.startsOn}
            onChange={set('startsOn')}
            error={errors.startsOn}
          />
          <TextInput
            label="Ends on"
            type="date"
            required
            value={v.endsOn}
            onChange={set('endsOn')}
            error={errors.endsOn}
          />
        </SimpleGrid>
        <Textarea
          label="Needs assessment"
          description="What network feedback and HSA meetings asked for this year"
          autosize
          minRows={2}
          value={v.assessment}
          onChange={set('assessment')}
          error={errors.assessment}
        />
        <Textarea
          label="Areas of focus"
          autosize
          minRows={2}
          value={v.focus}
          onChange={set('focus')}
          error={errors.focus}
        />
        <Select
          label="Curriculum"
          clearable
          data={(curricula.data ?? []).map((c) => ({ value: c.id, label: c.title }))}
          value={v.curriculumId}
          onChange={(curriculumId) => setV({ ...v, curriculumId })}
          error={errors.curriculumId}
        />
        <MultiSelect
          label="Topics"
          searchable
          data={topics}
          value={v.topicIds}
          onChange={(topicIds) => setV({ ...v, topicIds })}
          error={Object.entries(errors).find(([k]) => k.startsWith('topicIds'))?.[1]}
        />
        <MultiSelect
          label="Core skills"
          description="Competencies the year's trainings build"
          searchable
          data={competencies}
          value={v.competencyIds}
          onChange={(competencyIds) => setV({ ...v, competencyIds })}
        />
        <Textarea
          label="Mailbox list"
          description="The addresses live events are announced to: one per line"
          autosize
          minRows={3}
          value={v.mailbox}
          onChange={set('mailbox')}
          error={mailboxError || undefined}
        />
        <Button type="submit">{year ? 'Save the plan' : 'Plan the year'}</Button>
      </Stack>
    </form>
  );
}
