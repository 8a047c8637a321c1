import { PLAN_DOMAIN_LABELS, PLAN_DOMAINS, planContent } from '@contract/care/plans.schemas.js';
import {
  Button,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api.js';
import type { PlanView } from '../../queries/care-plans.js';

// A care plan's four parts as a form holds them: lists of rows, each added and removed, every value a string.

const goal = () => ({ words: '', domain: '', targetOn: '' });
const need = () => ({ description: '', domain: '' });
const service = () => ({ service: '', responsible: '', frequency: '' });
const intervention = () => ({ action: '', responsible: '', targetOn: '' });
export type Rows = {
  goals: ReturnType<typeof goal>[];
  needs: ReturnType<typeof need>[];
  services: ReturnType<typeof service>[];
  interventions: ReturnType<typeof intervention>[];
};
type Part = keyof Rows;
const BLANK: { [P in Part]: () => Rows[P][number] } = {
  goals: goal,
  needs: need,
  services: service,
  interventions: intervention,
};
const NOUN: Record<Part, string> = {
  goals: 'goal',
  needs: 'need',
  services: 'service',
  interventions: 'intervention',
};

/** A plan's content as the form's fields hold it: every value a string, empty where nothing is written. */
export function rowsOf(c: PlanView['content'] | null): Rows {
  if (!c) return { goals: [goal()], needs: [], services: [], interventions: [] };
  return {
    goals: c.goals.map((g) => ({ words: g.words, domain: g.domain, targetOn: g.targetOn ?? '' })),
    needs: c.needs.map((n) => ({ description: n.description, domain: n.domain })),
    services: c.services.map((s) => ({ ...s, frequency: s.frequency ?? '' })),
    interventions: c.interventions.map((x) => ({ ...x, targetOn: x.targetOn ?? '' })),
  };
}

/** The content to send, checked by the contract's own schema so every wrong field is marked at once. */
export function contentOf(r: Rows) {
  const content = {
    goals: r.goals.map((g) => ({ words: g.words, domain: g.domain, targetOn: g.targetOn || null })),
    needs: r.needs,
    services: r.services.map((s) => ({ ...s, frequency: s.frequency.trim() || null })),
    interventions: r.interventions.map((x) => ({ ...x, targetOn: x.targetOn || null })),
  };
  const checked = planContent.safeParse(content);
  if (!checked.success)
    throw new ApiError(
      400,
      'VALIDATION_FAILED',
      'Some fields are not valid.',
      checked.error.issues.map((i) => ({ path: `body.content.${i.path.join('.')}`, message: i.message })),
    );
  return checked.data;
}

const DOMAINS = PLAN_DOMAINS.map((d) => ({ value: d, label: PLAN_DOMAIN_LABELS[d] }));

export function ContentFields({
  rows,
  onChange,
  errors,
}: {
  rows: Rows;
  onChange: (rows: Rows) => void;
  errors: Record<string, string>;
}) {
  const [focus, setFocus] = useState<string | null>(null);
  useEffect(() => {
    if (!focus) return;
    document.querySelector<HTMLElement>(`[name="${CSS.escape(focus)}"], #${CSS.escape(focus)}`)?.focus();
    setFocus(null);
  }, [focus]);
  const set = <P extends Part>(part: P, i: number, patch: Partial<Rows[P][number]>) =>
    onChange({ ...rows, [part]: rows[part].map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const add = (part: Part, first: string) => {
    onChange({ ...rows, [part]: [...rows[part], BLANK[part]()] });
    setFocus(`content.${part}.${rows[part].length}.${first}`);
  };
  const remove = (part: Part, i: number) => {
    onChange({ ...rows, [part]: rows[part].filter((_, j) => j !== i) });
    setFocus(`add-${part}`);
  };
  const name = (part: Part, i: number, field: string) => `content.${part}.${i}.${field}`;
  const field = (part: Part, i: number, f: string) => ({
    name: name(part, i, f),
    error: errors[name(part, i, f)],
  });
  const removeButton = (part: Part, i: number, disabled = false) => (
    <Group justify="flex-end">
      <Button size="compact-sm" variant="default" onClick={() => remove(part, i)} disabled={disabled}>
        Remove
        <VisuallyHidden>
          {' '}
          {NOUN[part]} {i + 1}
        </VisuallyHidden>
      </Button>
    </Group>
  );
  const addButton = (part: Part, first: string, label: string) => (
    <Group>
      <Button id={`add-${part}`} size="xs" variant="light" onClick={() => add(part, first)}>
        {label}
      </Button>
    </Group>
  );
  const partError = (part: Part) =>
    errors[`content.${part}`] && (
      <Text c="var(--mantine-color-error)" size="sm">
        {errors[`content.${part}`]}
      </Text>
    );
  return (
    <Stack>
      <Fieldset legend="Goals" p={{ base: 'xs', sm: 'md' }}>
        <Stack>
          {partError('goals')}
          {rows.goals.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Fieldset key={i} legend={`Goal ${i + 1}`} variant="filled" p="sm">
              <Stack gap="xs">
                <Textarea
                  label="In the enrollee’s own words"
                  required
                  autosize
                  minRows={2}
                  maxLength={1000}
                  value={g.words}
                  onChange={(e) => set('goals', i, { words: e.currentTarget.value })}
                  {...field('goals', i, 'words')}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label="Domain"
                    required
                    placeholder="Choose one"
                    data={DOMAINS}
                    value={g.domain || null}
                    onChange={(d) => set('goals', i, { domain: d ?? '' })}
                    allowDeselect={false}
                    {...field('goals', i, 'domain')}
                  />
                  <TextInput
                    label="Target date"
                    type="date"
                    value={g.targetOn}
                    onChange={(e) => set('goals', i, { targetOn: e.currentTarget.value })}
                    {...field('goals', i, 'targetOn')}
                  />
                </SimpleGrid>
                {removeButton('goals', i, rows.goals.length === 1)}
              </Stack>
            </Fieldset>
          ))}
          {addButton('goals', 'words', 'Add a goal')}
        </Stack>
      </Fieldset>
      <Fieldset legend="Needs" p={{ base: 'xs', sm: 'md' }}>
        <Stack>
          {partError('needs')}
          {rows.needs.map((n, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Fieldset key={i} legend={`Need ${i + 1}`} variant="filled" p="sm">
              <Stack gap="xs">
                <Textarea
                  label="Need"
                  required
                  autosize
                  minRows={1}
                  maxLength={1000}
                  value={n.description}
                  onChange={(e) => set('needs', i, { description: e.currentTarget.value })}
                  {...field('needs', i, 'description')}
                />
                <Select
                  label="Domain"
                  required
                  placeholder="Choose one"
                  data={DOMAINS}
                  value={n.domain || null}
                  onChange={(d) => set('needs', i, { domain: d ?? '' })}
                  allowDeselect={false}
                  {...field('needs', i, 'domain')}
                />
                {removeButton('needs', i)}
              </Stack>
            </Fieldset>
          ))}
          {addButton('needs', 'description', 'Add a need')}
        </Stack>
      </Fieldset>
      <Fieldset legend="Services and supports" p={{ base: 'xs', sm: 'md' }}>
        <Stack>
          {partError('services')}
          {rows.services.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Fieldset key={i} legend={`Service ${i + 1}`} variant="filled" p="sm">
              <Stack gap="xs">
                <TextInput
                  label="Service or support"
                  required
                  maxLength={300}
                  value={s.service}
                  onChange={(e) => set('services', i, { service: e.currentTarget.value })}
                  {...field('services', i, 'service')}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    label="Who is responsible"
                    description="Who provides or arranges it"
                    required
                    maxLength={200}
                    value={s.responsible}
                    onChange={(e) => set('services', i, { responsible: e.currentTarget.value })}
                    {...field('services', i, 'responsible')}
                  />
                  <TextInput
                    label="How often"
                    description="As said to the enrollee"
                    maxLength={200}
                    value={s.frequency}
                    onChange={(e) => set('services', i, { frequency: e.currentTarget.value })}
                    {...field('services', i, 'frequency')}
                  />
                </SimpleGrid>
                {removeButton('services', i)}
              </Stack>
            </Fieldset>
          ))}
          {addButton('services', 'service', 'Add a service')}
        </Stack>
      </Fieldset>
      <Fieldset legend="Interventions" p={{ base: 'xs', sm: 'md' }}>
        <Stack>
          {partError('interventions')}
          {rows.interventions.map((x, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Fieldset key={i} legend={`Intervention ${i + 1}`} variant="filled" p="sm">
              <Stack gap="xs">
                <Textarea
                  label="Intervention"
                  required
                  autosize
                  minRows={1}
                  maxLength={1000}
                  value={x.action}
                  onChange={(e) => set('interventions', i, { action: e.currentTarget.value })}
                  {...field('interventions', i, 'action')}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    label="Who is responsible"
                    required
                    maxLength={200}
                    value={x.responsible}
                    onChange={(e) => set('interventions', i, { responsible: e.currentTarget.value })}
                    {...field('interventions', i, 'responsible')}
                  />
                  <TextInput
                    label="Target date"
                    type="date"
                    value={x.targetOn}
                    onChange={(e) => set('interventions', i, { targetOn: e.currentTarget.value })}
                    {...field('interventions', i, 'targetOn')}
                  />
                </SimpleGrid>
                {removeButton('interventions', i)}
              </Stack>
            </Fieldset>
          ))}
          {addButton('interventions', 'action', 'Add an intervention')}
        </Stack>
      </Fieldset>
    </Stack>
  );
}
