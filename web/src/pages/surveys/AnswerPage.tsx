import type { Answers } from '@contract/surveys/definition.js';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api.js';
import { FormError } from '../../components/FormError.js';
import { QuestionField } from '../../components/QuestionField.js';
import { notifyError, notifySaved, useSubmit } from '../../forms.js';
import { useSaveAnswers, useSubmitAnswers, useSurveyForm } from '../../queries/surveys.js';
import { useUnsavedChanges } from '../../unsaved.js';

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
