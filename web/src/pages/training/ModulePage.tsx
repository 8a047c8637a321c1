import { Alert, Button, Card, Group, Radio, Stack, Stepper, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, get } from '../../api.js';
import { notifyError } from '../../forms.js';

interface ModuleState {
  title: string;
  pages: { title: string; body: string }[];
  questions: { prompt: string; options: string[] }[];
  passMark: number | null;
  pagesViewed: number[];
  attempts: { number: number; score: number; passed: boolean }[];
  attemptsLeft: number | null;
  complete: boolean;
  reason: string;
}

/** A self-paced module: its pages one by one, then its knowledge check. */
export function ModulePage() {
  const { id } = useParams();
  const client = useQueryClient();
  const key = ['module', id];
  const query = useQuery({
    queryKey: key,
    queryFn: () => get<ModuleState>(`/api/training/sessions/${id}/module`),
  });
  const [page, setPage] = useState(0);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const m = query.data;
  if (query.error) return <Alert color="red">{query.error.message}</Alert>;
  if (!m) return <Text>Loading…</Text>;

  async function view(n: number) {
    setPage(n);
    if (n < m!.pages.length && !m!.pagesViewed.includes(n))
      client.setQueryData(key, await api('PUT', `/api/training/sessions/${id}/module/pages/${n}`));
  }
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      const result = await api<ModuleState>('POST', `/api/training/sessions/${id}/module/attempts`, {
        answers: m!.questions.map((_, i) => Number(answers[i] ?? -1)),
      });
      client.setQueryData(key, result);
    } catch (err) {
      notifyError(err);
    }
  }

  const onCheck = page >= m.pages.length;
  return (
    <Stack maw={820}>
      <Title order={2}>{m.title}</Title>
      <Alert color={m.complete ? 'teal' : 'gray'} role="status">
        {m.complete ? 'Completed. ' : ''}
        {m.reason}
      </Alert>
      <Stepper active={page} onStepClick={(n) => void view(n)} size="sm" aria-label="Pages">
        {m.pages.map((p, i) => (
          <Stepper.Step key={p.title} label={`Page ${i + 1}`} description={p.title} />
        ))}
        {m.questions.length > 0 && <Stepper.Step label="Knowledge check" />}
      </Stepper>
      {!onCheck ? (
        <Card withBorder>
          <Title order={3} size="h4">
            {m.pages[page]!.title}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{m.pages[page]!.body}</Text>
          <Group mt="md">
            {page > 0 && (
              <Button variant="default" onClick={() => void view(page - 1)}>
                Previous
              </Button>
            )}
            {(page < m.pages.length - 1 || m.questions.length > 0) && (
              <Button onClick={() => void view(page + 1)}>Next</Button>
            )}
          </Group>
        </Card>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <Text>
              Pass mark {m.passMark}%.{' '}
              {m.attemptsLeft == null ? 'Unlimited attempts.' : `${m.attemptsLeft} attempts left.`}
            </Text>
            {m.questions.map((q, i) => (
              <Radio.Group
                key={q.prompt}
                label={`${i + 1}. ${q.prompt}`}
                value={answers[i] ?? null}
                onChange={(v) => setAnswers({ ...answers, [i]: v })}
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
            {m.attempts.length > 0 && (
              <Text size="sm">Attempts: {m.attempts.map((a) => `${a.score}%`).join(', ')}</Text>
            )}
          </Stack>
        </form>
      )}
    </Stack>
  );
}
