import type { TopicDetail } from '@contract/training/team/topics.schemas.js';
import {
  Button,
  Checkbox,
  MultiSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { useSaveTopic } from '../../queries/training-catalog.js';
import { useFormGuard } from '../../unsaved.js';
import { lines, useCompetencyOptions } from './catalog-options.js';

/**
 * Adds a topic to the organisation's catalog, or edits one (`topic`): its code stays, and a shared topic
 * stays shared (decision 032).
 */
export function TopicForm({ topic, onDone }: { topic?: TopicDetail; onDone: () => void }) {
  const saveTopic = useSaveTopic(topic);
  const competencies = useCompetencyOptions();
  const [v, setV] = useState({
    code: topic?.code ?? '',
    title: topic?.title ?? '',
    description: topic?.description ?? '',
    shared: topic?.shared ?? false,
    objectives: topic?.objectives.join('\n') ?? '',
    competencyIds: topic?.competencyIds ?? ([] as string[]),
    ceHours: (topic?.ceHours ?? '') as number | string,
    ceAccreditor: topic?.ceAccreditor ?? '',
  });
  const saved = useFormGuard(v);
  const { errors, formError, submit } = useSubmit(async () => {
    const body = {
      ...v,
      description: v.description || undefined,
      objectives: lines(v.objectives),
      ceHours: v.ceHours === '' ? null : Number(v.ceHours),
      ceAccreditor: v.ceAccreditor || null,
    };
    // A topic's code stays as it was added.
    const { code: _code, ...edit } = body;
    await saveTopic.mutateAsync(topic ? edit : body);
    notifySaved(topic ? 'Topic saved' : 'Topic added');
    saved();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <SimpleGrid cols={2}>
          <TextInput
            label="Code"
            description={
              topic ? 'Imports name the topic by it, so it stays' : 'Letters, digits, dots and dashes'
            }
            required
            disabled={Boolean(topic)}
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
          description={
            topic?.shared
              ? 'A shared topic stays shared: other organisations may offer, plan, require or have completed it'
              : topic
                ? 'Once shared, its sessions reach every organisation and it stays shared'
                : 'Leave unticked for a plan-specific topic, such as your model of care'
          }
          disabled={topic?.shared}
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
          error={Object.entries(errors).find(([k]) => k.startsWith('objectives'))?.[1]}
        />
        <MultiSelect
          label="Competencies"
          searchable
          data={competencies}
          value={v.competencyIds}
          onChange={(competencyIds) => setV({ ...v, competencyIds })}
          error={Object.entries(errors).find(([k]) => k.startsWith('competencyIds'))?.[1]}
        />
        <SimpleGrid cols={2}>
          <NumberInput
            label="Continuing-education hours"
            description="Printed on each certificate; leave empty when it earns none"
            min={0.25}
            step={0.25}
            decimalScale={2}
            value={v.ceHours}
            onChange={(ceHours) => setV({ ...v, ceHours })}
            error={errors.ceHours}
          />
          <TextInput
            label="Accredited by"
            description="The body that approves the hours"
            value={v.ceAccreditor}
            onChange={(e) => setV({ ...v, ceAccreditor: e.currentTarget.value })}
            error={errors.ceAccreditor}
          />
        </SimpleGrid>
        <Button type="submit">{topic ? 'Save topic' : 'Add topic'}</Button>
      </Stack>
    </form>
  );
}
