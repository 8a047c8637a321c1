import type { Answer, Question } from '@contract/surveys/definition.js';
import { followUpShown } from '@contract/surveys/definition.js';
import { Checkbox, Group, Radio, Stack, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';

/** One question, its help and, when the answer calls for it, its follow-up. */
export function QuestionField({
  q,
  answer,
  onChange,
  error,
  followUpError,
}: {
  q: Question;
  answer: Answer | undefined;
  onChange: (a: Answer) => void;
  error?: string | undefined;
  followUpError?: string | undefined;
}) {
  const common = { label: q.text, description: q.help, required: q.required, error };
  const value = answer?.value;
  const set = (v: Answer['value']) => onChange({ ...answer, value: v });
  let field: ReactNode;
  switch (q.type) {
    case 'single_choice':
    case 'scale':
    case 'yes_no': {
      const options =
        q.type === 'yes_no'
          ? [
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]
          : q.options;
      field = (
        <Radio.Group {...common} value={typeof value === 'string' ? value : null} onChange={set}>
          <Stack gap={6} mt={6}>
            {options.map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} />
            ))}
          </Stack>
        </Radio.Group>
      );
      break;
    }
    case 'multiple_choice':
      field = (
        <Checkbox.Group {...common} value={Array.isArray(value) ? value : []} onChange={set}>
          <Stack gap={6} mt={6}>
            {q.options.map((o) => (
              <Checkbox key={o.value} value={o.value} label={o.label} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
      break;
    case 'rating': {
      const anchors = new Map(q.anchors.map((a) => [a.value, a.label]));
      field = (
        <Radio.Group
          {...common}
          value={typeof value === 'number' ? String(value) : null}
          onChange={(v) => set(Number(v))}
        >
          <Group gap="xs" mt={6}>
            {Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i).map((n) => (
              <Radio
                key={n}
                value={String(n)}
                label={anchors.has(n) ? `${n} – ${anchors.get(n)}` : String(n)}
              />
            ))}
          </Group>
        </Radio.Group>
      );
      break;
    }
    case 'short_text':
      field = (
        <TextInput
          {...common}
          maxLength={q.maxLength}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => set(e.currentTarget.value)}
        />
      );
      break;
    case 'long_text':
      field = (
        <Textarea
          {...common}
          autosize
          minRows={3}
          maxLength={q.maxLength}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => set(e.currentTarget.value)}
        />
      );
  }
  const f = 'followUp' in q ? q.followUp : undefined;
  return (
    <Stack gap="xs">
      {field}
      {f && followUpShown(q, answer) && (
        <Textarea
          label={f.text}
          required={f.required}
          autosize
          minRows={2}
          value={answer?.followUp ?? ''}
          onChange={(e) => onChange({ ...answer, followUp: e.currentTarget.value })}
          error={followUpError}
        />
      )}
    </Stack>
  );
}
