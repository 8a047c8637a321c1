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
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.js';
import { FormError } from '../../components/FormError.js';
import { notifySaved, useSubmit } from '../../forms.js';
import { lines, useCompetencyOptions } from './catalog-options.js';

/** Adds a topic to the organisation's catalog. */
export function TopicForm({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const competencies = useCompetencyOptions();
  const [v, setV] = useState({
    code: '',
    title: '',
    description: '',
    shared: false,
    objectives: '',
    competencyIds: [] as string[],
    ceHours: '' as number | string,
    ceAccreditor: '',
  });
  const { errors, formError, submit } = useSubmit(async () => {
    await api('POST', '/api/training/topics', {
      ...v,
      description: v.description || undefined,
      objectives: lines(v.objectives),
      ceHours: v.ceHours === '' ? null : Number(v.ceHours),
      ceAccreditor: v.ceAccreditor || null,
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
        <Button type="submit">Add topic</Button>
      </Stack>
    </form>
  );
}
