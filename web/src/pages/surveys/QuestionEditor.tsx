import {
  ActionIcon,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { Question } from '../../../../src/domains/surveys/definition.js';

export const TYPE_LABELS: Record<Question['type'], string> = {
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  scale: 'Labelled scale (in order)',
  rating: 'Rating (numbers with anchor labels)',
  yes_no: 'Yes / no',
  short_text: 'Short text',
  long_text: 'Long text',
};

/** A question as the form edits it: options and anchors as lines of text. */
export interface EditableQuestion {
  key: string;
  type: Question['type'];
  text: string;
  help: string;
  required: boolean;
  options: string;
  min: number;
  max: number;
  anchors: string;
  followUpText: string;
  followUpWhen: string[];
  followUpRequired: boolean;
}

export const slug = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 60) || 'option';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The options a follow-up can be shown on. */
export function choicesOf(q: EditableQuestion) {
  if (q.type === 'yes_no')
    return [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ];
  if (q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'scale')
    return lines(q.options).map((label) => ({ value: slug(label), label }));
  return [];
}

export function fromQuestion(q: Question): EditableQuestion {
  const f = 'followUp' in q ? q.followUp : undefined;
  return {
    key: q.key,
    type: q.type,
    text: q.text,
    help: q.help ?? '',
    required: q.required,
    options: 'options' in q ? q.options.map((o) => o.label).join('\n') : '',
    min: q.type === 'rating' ? q.min : 1,
    max: q.type === 'rating' ? q.max : 10,
    anchors: q.type === 'rating' ? q.anchors.map((a) => `${a.value} = ${a.label}`).join('\n') : '',
    followUpText: f?.text ?? '',
    followUpWhen: f && 'when' in f ? (f.when as string[]) : [],
    followUpRequired: f?.required ?? false,
  };
}

/** The question the API takes; options keep values that earlier answers use when their label is unchanged. */
export function toQuestion(q: EditableQuestion): Question {
  const base = { key: q.key, text: q.text, ...(q.help ? { help: q.help } : {}), required: q.required };
  const choices = choicesOf(q);
  const followUp = q.followUpText ? { text: q.followUpText, required: q.followUpRequired } : undefined;
  const when = q.followUpWhen.filter((w) => choices.some((c) => c.value === w));
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'scale':
      return {
        ...base,
        type: q.type,
        options: choices,
        ...(followUp && when.length ? { followUp: { ...followUp, when } } : {}),
      };
    case 'yes_no':
      return {
        ...base,
        type: 'yes_no',
        ...(followUp && when.length ? { followUp: { ...followUp, when } } : {}),
      };
    case 'rating':
      return {
        ...base,
        type: 'rating',
        min: q.min,
        max: q.max,
        anchors: lines(q.anchors).map((l) => {
          const [value, ...label] = l.split('=');
          return { value: Number.parseInt(value ?? '', 10), label: label.join('=').trim() };
        }),
        ...(followUp ? { followUp } : {}),
      };
    default:
      return { ...base, type: q.type, maxLength: q.type === 'short_text' ? 200 : 4000 };
  }
}

/** One question's fields; errors come keyed by the path under this question. */
export function QuestionEditor({
  q,
  number,
  onChange,
  onRemove,
  onMove,
  errors,
}: {
  q: EditableQuestion;
  number: number;
  onChange: (q: EditableQuestion) => void;
  onRemove: () => void;
  /** Moves the question one place earlier (-1) or later (1); absent where it cannot go. */
  onMove: { up?: () => void; down?: () => void };
  errors: (field: string) => string | undefined;
}) {
  const set = (patch: Partial<EditableQuestion>) => onChange({ ...q, ...patch });
  const choices = choicesOf(q);
  const hasChoices = q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'scale';
  return (
    <Paper withBorder p="md" component="fieldset" aria-label={`Question ${number}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Select
            label={`Question ${number}: kind`}
            data={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))}
            value={q.type}
            onChange={(type) => type && set({ type: type as Question['type'] })}
            allowDeselect={false}
            w={300}
          />
          <Group gap={4}>
            {(
              [
                ['up', '↑', onMove.up],
                ['down', '↓', onMove.down],
              ] as const
            ).map(([way, arrow, move]) => (
              <ActionIcon
                key={way}
                variant="subtle"
                onClick={move}
                disabled={!move}
                aria-label={`Move question ${number} ${way}`}
              >
                {arrow}
              </ActionIcon>
            ))}
            <ActionIcon
              variant="subtle"
              color="red.9"
              onClick={onRemove}
              aria-label={`Remove question ${number}`}
            >
              ✕
            </ActionIcon>
          </Group>
        </Group>
        <Textarea
          label={`Question ${number}`}
          required
          autosize
          value={q.text}
          onChange={(e) => set({ text: e.currentTarget.value })}
          error={errors('text')}
        />
        <TextInput
          label="Help text"
          description="Shown under the question, e.g. a definition"
          value={q.help}
          onChange={(e) => set({ help: e.currentTarget.value })}
        />
        <Checkbox
          label="Needs an answer"
          checked={q.required}
          onChange={(e) => set({ required: e.currentTarget.checked })}
        />
        {hasChoices && (
          <Textarea
            label="Answers offered"
            description="One per line, in order"
            autosize
            minRows={3}
            value={q.options}
            onChange={(e) => set({ options: e.currentTarget.value })}
            error={errors('options')}
          />
        )}
        {q.type === 'rating' && (
          <Group grow>
            <NumberInput
              label="From"
              min={0}
              max={1}
              value={q.min}
              onChange={(v) => set({ min: Number(v) })}
            />
            <NumberInput
              label="To"
              min={2}
              max={10}
              value={q.max}
              onChange={(v) => set({ max: Number(v) })}
              error={errors('max')}
            />
            <Textarea
              label="Anchor labels"
              description="One per line: 1 = None"
              autosize
              value={q.anchors}
              onChange={(e) => set({ anchors: e.currentTarget.value })}
              error={errors('anchors')}
            />
          </Group>
        )}
        {(choices.length > 0 || q.type === 'rating') && (
          <Group grow align="flex-start">
            <TextInput
              label="Follow-up question"
              description="e.g. Please describe:"
              value={q.followUpText}
              onChange={(e) => set({ followUpText: e.currentTarget.value })}
            />
            <Checkbox
              mt="xl"
              label="The follow-up needs an answer"
              checked={q.followUpRequired}
              onChange={(e) => set({ followUpRequired: e.currentTarget.checked })}
            />
            {q.type !== 'rating' && (
              <MultiSelect
                label="Asked when the answer is"
                data={choices}
                value={q.followUpWhen}
                onChange={(followUpWhen) => set({ followUpWhen })}
                error={errors('followUp.when')}
              />
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
