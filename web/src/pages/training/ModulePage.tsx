import { Alert, Button, Card, Group, Radio, Stack, Stepper, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { plural } from '../../format.js';
import {
  type AttemptResult,
  useAttemptModule,
  useCompleteModule,
  useModule,
  useViewModulePage,
} from '../../queries/training-modules.js';
import { useUnsavedChanges } from '../../unsaved.js';

/** "1", "1 and 3", "1, 2 and 4". */
const listed = (n: number[]) => (n.length < 2 ? n.join('') : `${n.slice(0, -1).join(', ')} and ${n.at(-1)}`);

function attemptMessage(r: AttemptResult): string {
  const left = r.attemptsLeft == null ? '' : ` ${plural(r.attemptsLeft, 'attempt')} left.`;
  const wrong =
    r.wrong == null
      ? ''
      : r.wrong.length === 0
        ? ''
        : ` Question${r.wrong.length > 1 ? 's' : ''} ${listed(r.wrong.map((i) => i + 1))} ${r.wrong.length > 1 ? 'were' : 'was'} answered wrong.`;
  if (r.passed)
    return `You passed with ${r.score}% (pass mark ${r.passMark}%).${wrong} ${r.complete ? 'The module is complete.' : `${r.reason}.`}`;
  return `You scored ${r.score}%; the pass mark is ${r.passMark}%.${wrong}${r.wrong == null ? ' This module does not say which answers were wrong.' : ''}${left}`;
}

/**
 * A self-paced module: its pages one by one (each counts as viewed when shown; opening the module shows the
 * first), then its knowledge check, or "Mark as complete" when it has none (decision 023).
 */
export function ModulePage() {
  const { id } = useParams();
  const query = useModule(id ?? '');
  const { mutateAsync: viewPage } = useViewModulePage(id ?? '');
  const attempt = useAttemptModule(id ?? '');
  const completion = useCompleteModule(id ?? '');
  const [page, setPage] = useState(0);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const [wrong, setWrong] = useState<number[]>([]);
  const [result, setResult] = useState<{ text: string; color: string } | null>(null);
  // Answers chosen and not yet sent as an attempt are lost by leaving, so leaving asks.
  const [sentAnswers, setSentAnswers] = useState('{}');
  useUnsavedChanges(JSON.stringify(answers) !== sentAnswers);
  const resultRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const m = query.data;

  // The page shown counts as viewed, whichever way the learner reached it.
  const unviewed = m && page < m.pages.length && !m.pagesViewed.includes(page);
  useEffect(() => {
    if (!unviewed) return;
    viewPage(page).catch((err) =>
      setResult({ text: err instanceof Error ? err.message : String(err), color: 'red' }),
    );
  }, [unviewed, page, viewPage]);
  // Moving to another page takes the keyboard to its heading; the result of an action to its message.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs each time the page changes
  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
  }, [page]);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  if (query.error) return <Alert color="red">{query.error.message}</Alert>;
  if (!m) return <Text>Loading…</Text>;

  function go(n: number) {
    moved.current = true;
    setResult(null);
    setPage(n);
  }
  async function send(action: () => Promise<{ text: string; color: string }>) {
    try {
      setResult(await action());
    } catch (err) {
      setResult({ text: err instanceof Error ? err.message : String(err), color: 'red' });
    }
  }
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void send(async () => {
      const r = await attempt.mutateAsync(m.questions.map((_, i) => Number(answers[i] ?? -1)));
      setSentAnswers(JSON.stringify(answers));
      setWrong(r.passed ? [] : (r.wrong ?? []));
      return { text: attemptMessage(r), color: r.passed ? 'teal' : 'red' };
    });
  };
  const markComplete = () =>
    send(async () => {
      const r = await completion.mutateAsync();
      return { text: `Completed. ${r.reason}.`, color: 'teal' };
    });

  const onCheck = page >= m.pages.length;
  const last = page === m.pages.length - 1;
  const resultMessage = result && (
    <Alert ref={resultRef} tabIndex={-1} color={result.color} role="status">
      {result.text}
    </Alert>
  );
  return (
    <Stack maw={820}>
      <Title order={2}>{m.title}</Title>
      <Alert color={m.complete ? 'teal' : 'gray'} role="status">
        {m.complete ? 'Completed. ' : ''}
        {m.reason}
      </Alert>
      <Stepper active={page} onStepClick={go} size="sm" aria-label="Pages">
        {m.pages.map((p, i) => (
          <Stepper.Step key={p.title} label={`Page ${i + 1}`} description={p.title} />
        ))}
        {m.questions.length > 0 && <Stepper.Step label="Knowledge check" />}
      </Stepper>
      {!onCheck ? (
        <Card withBorder>
          <Title order={3} size="h4" ref={headingRef} tabIndex={-1}>
            {m.pages[page]!.title}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{m.pages[page]!.body}</Text>
          <Group mt="md">
            {page > 0 && (
              <Button variant="default" onClick={() => go(page - 1)}>
                Previous
              </Button>
            )}
            {(!last || m.questions.length > 0) && <Button onClick={() => go(page + 1)}>Next</Button>}
            {last && m.questions.length === 0 && (
              <Button onClick={() => void markComplete()} disabled={m.complete}>
                Mark as complete
              </Button>
            )}
          </Group>
          {resultMessage && <Stack mt="md">{resultMessage}</Stack>}
        </Card>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <Title order={3} size="h4" ref={headingRef} tabIndex={-1}>
              Knowledge check
            </Title>
            <Text>
              Pass mark {m.passMark}%.{' '}
              {m.attemptsLeft == null ? 'Unlimited attempts.' : `${plural(m.attemptsLeft, 'attempt')} left.`}
            </Text>
            {m.questions.map((q, i) => (
              <Radio.Group
                key={q.prompt}
                label={`${i + 1}. ${q.prompt}`}
                value={answers[i] ?? null}
                error={wrong.includes(i) ? 'This answer was wrong' : undefined}
                onChange={(v) => {
                  setAnswers({ ...answers, [i]: v });
                  setWrong(wrong.filter((w) => w !== i));
                }}
              >
                <Stack gap={4} mt={4}>
                  {q.options.map((o, j) => (
                    <Radio key={o} value={String(j)} label={o} />
                  ))}
                </Stack>
              </Radio.Group>
            ))}
            <Button type="submit" w="fit-content" disabled={m.complete || m.attemptsLeft === 0}>
              Submit answers
            </Button>
            {resultMessage}
            {m.attempts.length > 0 && (
              <Text size="sm">Attempts: {m.attempts.map((a) => `${a.score}%`).join(', ')}</Text>
            )}
          </Stack>
        </form>
      )}
    </Stack>
  );
}
