import type { Question } from '@contract/surveys/definition.js';
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
import { choicesOf, type EditableQuestion } from './question-form.js';

export { type EditableQuestion, fromQuestion, toQuestion } from './question-form.js';

export const TYPE_LABELS: Record<Question['type'], string> = {
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  scale: 'Labelled scale (in order)',
  rating: 'Rating (numbers with anchor labels)',
  yes_no: 'Yes / no',
  short_text: 'Short text',
  long_text: 'Long text',
};

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
              error={errors('followUp.text')}
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
