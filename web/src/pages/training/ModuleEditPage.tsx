import { Alert, Anchor, Button, Checkbox, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { FormError } from '../../components/FormError.js';
import { formatNumber } from '../../format.js';
import { notifySaved, useSubmit } from '../../forms.js';
import {
  type ModuleContentView,
  useModuleContent,
  useSaveModuleContent,
} from '../../queries/training-modules.js';
import { useUnsavedChanges } from '../../unsaved.js';
import { ModuleContentFields, type PageDraft, type QuestionDraft } from './ModuleContentFields.js';
import { fromDrafts, toDrafts } from './module-drafts.js';

const numberOrNull = (v: number | string) => (v === '' ? null : Number(v));

/** The editor's fields as a module opens in them. */
function fieldsOf(m: ModuleContentView) {
  return {
    ...toDrafts(m.content),
    rule: {
      passMark: (m.passMark ?? 80) as number | string,
      maxAttempts: (m.maxAttempts ?? '') as number | string,
      showWrongAnswers: m.content.showWrongAnswers !== false,
    },
  };
}

/** The training team edits a self-paced module: its pages, knowledge check and rule (decision 032). */
export function ModuleEditPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const query = useModuleContent(id ?? '');
  const save = useSaveModuleContent(id ?? '');
  const m = query.data;
  const [pages, setPages] = useState<PageDraft[]>([]);
  const [questions, setQuestions] = useState<QuestionDraft[]>([]);
  const [rule, setRule] = useState({
    passMark: 80 as number | string,
    maxAttempts: '' as number | string,
    showWrongAnswers: true,
  });
  const [loaded, setLoaded] = useState<string | null>(null);
  useEffect(() => {
    if (!m) return;
    const fields = fieldsOf(m);
    setPages(fields.pages);
    setQuestions(fields.questions);
    setRule(fields.rule);
    setLoaded(JSON.stringify(fields));
  }, [m]);
  // A whole module's pages and questions were once lost by pressing Back: leaving with edits asks first.
  const release = useUnsavedChanges(loaded !== null && JSON.stringify({ pages, questions, rule }) !== loaded);
  const { errors, formError, submit } = useSubmit(async () => {
    await save.mutateAsync({
      version: m?.version,
      content: fromDrafts(pages, questions, rule.showWrongAnswers),
      passMark: numberOrNull(rule.passMark),
      maxAttempts: numberOrNull(rule.maxAttempts),
    });
    notifySaved('Module saved');
    release();
    navigate(`/training/sessions/${id}`);
  });
  if (query.error) return <Alert color="red">{query.error.message}</Alert>;
  if (!m) return <Text>Loading…</Text>;
  const contentProblems = Object.entries(errors)
    .filter(([k]) => k.startsWith('content'))
    .map(([, message]) => message);
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={860}>
        <Title order={2}>Edit the module: {m.title}</Title>
        {m.learners > 0 && (
          <Alert color="#8a4b00" title="People have started this module">
            {formatNumber(m.learners)} {m.learners === 1 ? 'person has' : 'people have'} opened it. Their
            pages viewed are kept by page number, their attempts with the scores they had, and completions
            already made stand.
          </Alert>
        )}
        <FormError
          message={
            formError && contentProblems.length ? `${formError} ${contentProblems.join(' ')}` : formError
          }
        />
        <ModuleContentFields
          pages={pages}
          setPages={setPages}
          questions={questions}
          setQuestions={setQuestions}
          errors={errors}
        >
          <SimpleGrid cols={2}>
            <NumberInput
              label="Pass mark (%)"
              min={0}
              max={100}
              value={rule.passMark}
              onChange={(passMark) => setRule({ ...rule, passMark })}
              error={errors.passMark}
            />
            <NumberInput
              label="Attempts allowed"
              description="Unset: no limit"
              min={1}
              value={rule.maxAttempts}
              onChange={(maxAttempts) => setRule({ ...rule, maxAttempts })}
              error={errors.maxAttempts}
            />
          </SimpleGrid>
          <Checkbox
            label="Tell learners which questions they answered wrong"
            description="Never which answer was right"
            checked={rule.showWrongAnswers}
            onChange={(e) => setRule({ ...rule, showWrongAnswers: e.currentTarget.checked })}
          />
        </ModuleContentFields>
        <Button type="submit" w="fit-content">
          Save the module
        </Button>
        <Anchor component={Link} to={`/training/sessions/${id}`}>
          Back to the session
        </Anchor>
      </Stack>
    </form>
  );
}
