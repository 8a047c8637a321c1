import type { Answer, Answers, Question } from '@contract/surveys/definition.js';
import { followUpShown } from '@contract/surveys/definition.js';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api.js';
import { FormError } from '../../components/FormError.js';
import { notifyError, notifySaved, useSubmit } from '../../forms.js';
import { useSaveAnswers, useSubmitAnswers, useSurveyForm } from '../../queries/surveys.js';
import { useUnsavedChanges } from '../../unsaved.js';

/** One question, its help and, when the answer calls for it, its follow-up. */
function QuestionField({
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
  let field: React.ReactNode;
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

/** Answering a survey on any screen: save and come back, or submit once. */
export function AnswerPage() {
  const { id } = useParams();
  const form = useSurveyForm(id ?? '');
  const saving = useSaveAnswers(id ?? '');
  const submitting = useSubmitAnswers(id ?? '');
  const [answers, setAnswers] = useState<Answers>({});
  const [done, setDone] = useState(false);
  // The answers as last saved (or none): others are not saved yet.
  const [savedAs, setSavedAs] = useState('{}');
  useEffect(() => {
    if (form.data?.savedAnswers) {
      setAnswers(form.data.savedAnswers);
      setSavedAs(JSON.stringify(form.data.savedAnswers));
    }
  }, [form.data]);
  useUnsavedChanges(!done && JSON.stringify(answers) !== savedAs);
  // Answers the survey no longer shows a follow-up for are not sent.
  const clean = () =>
    Object.fromEntries(
      Object.entries(answers).map(([k, a]) => [k, a.followUp ? a : { value: a.value ?? null }]),
    );
  const { errors, formError, submit } = useSubmit(async () => {
    await submitting.mutateAsync(clean());
    setDone(true);
  });
  const save = async () => {
    try {
      await saving.mutateAsync(clean());
      setSavedAs(JSON.stringify(answers));
      notifySaved('Saved: come back to finish it any time before it closes');
    } catch (err) {
      notifyError(err);
    }
  };

  if (form.error)
    return (
      <Stack>
        <Title order={2}>Survey</Title>
        <Alert role="status" color="gray" title="This survey cannot be answered now">
          {form.error instanceof ApiError ? form.error.message : String(form.error)}
        </Alert>
        <Link to="/surveys">Back to surveys</Link>
      </Stack>
    );
  const s = form.data;
  if (!s) return null;
  if (done)
    return (
      <Stack>
        <Title order={2}>{s.title}</Title>
        <Alert role="status" color="teal" title="Thank you">
          Your answers are in.{s.anonymous ? ' They are kept without your name.' : ''}
        </Alert>
        <Link to="/surveys">Back to surveys</Link>
      </Stack>
    );
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={760}>
        <Title order={2}>{s.title}</Title>
        {s.description && <Text>{s.description}</Text>}
        <Text size="sm">
          {s.anonymous
            ? 'Anonymous: your answers are kept without your name.'
            : 'Your name is kept with your answers.'}
          {s.closesOn ? ` Open until ${s.closesOn}.` : ''} Questions marked * need an answer.
        </Text>
        <FormError message={formError} />
        {s.definition.sections.map((section, i) => (
          <Stack key={section.title ?? i} gap="lg">
            {section.title && (
              <Title order={3} size="h4">
                {section.title}
              </Title>
            )}
            {section.questions.map((q) => (
              <QuestionField
                key={q.key}
                q={q}
                answer={answers[q.key]}
                onChange={(a) => setAnswers({ ...answers, [q.key]: a })}
                error={errors[`answers.${q.key}`]}
                followUpError={errors[`answers.${q.key}.followUp`]}
              />
            ))}
          </Stack>
        ))}
        <Group>
          <Button type="submit">Submit my answers</Button>
          <Button variant="default" onClick={save}>
            Save and finish later
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
