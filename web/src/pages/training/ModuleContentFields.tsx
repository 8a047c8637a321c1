import { ActionIcon, Button, Fieldset, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { lines } from './catalog-options.js';

export interface PageDraft {
  title: string;
  body: string;
}
export interface QuestionDraft {
  prompt: string;
  /** One option per line. */
  options: string;
  /** The right option's index, as text (a Select's value). */
  answer: string | null;
}

/** A self-paced module's pages and knowledge check, as the training administrator writes them. */
export function ModuleContentFields({
  pages,
  setPages,
  questions,
  setQuestions,
  errors = {},
  children,
}: {
  pages: PageDraft[];
  setPages: (pages: PageDraft[]) => void;
  questions: QuestionDraft[];
  setQuestions: (questions: QuestionDraft[]) => void;
  /** The server's messages by field ("content.pages.1.title"), each shown beside its field. */
  errors?: Record<string, string>;
  /** The knowledge check's rule (pass mark, attempts), shown under the questions. */
  children: React.ReactNode;
}) {
  return (
    <>
      <Fieldset legend="Pages">
        <Stack>
          {pages.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: pages have no identity but their place
            <Stack key={i} gap="xs">
              <TextInput
                label={`Page ${i + 1} title`}
                value={p.title}
                error={errors[`content.pages.${i}.title`]}
                onChange={(e) =>
                  setPages(pages.map((x, j) => (j === i ? { ...x, title: e.currentTarget.value } : x)))
                }
              />
              <Textarea
                label={`Page ${i + 1} text`}
                error={errors[`content.pages.${i}.body`]}
                autosize
                minRows={3}
                value={p.body}
                onChange={(e) =>
                  setPages(pages.map((x, j) => (j === i ? { ...x, body: e.currentTarget.value } : x)))
                }
              />
            </Stack>
          ))}
          <Group>
            <Button variant="default" onClick={() => setPages([...pages, { title: '', body: '' }])}>
              Add a page
            </Button>
            {pages.length > 1 && (
              <Button variant="default" onClick={() => setPages(pages.slice(0, -1))}>
                Remove the last page
              </Button>
            )}
          </Group>
        </Stack>
      </Fieldset>
      <Fieldset legend="Knowledge check (optional)">
        <Stack>
          {questions.map((q, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: questions have no identity but their place
            <Stack key={i} gap="xs">
              <Group justify="space-between">
                <TextInput
                  label={`Question ${i + 1}`}
                  value={q.prompt}
                  error={errors[`content.questions.${i}.prompt`]}
                  flex={1}
                  onChange={(e) =>
                    setQuestions(
                      questions.map((x, j) => (j === i ? { ...x, prompt: e.currentTarget.value } : x)),
                    )
                  }
                />
                <ActionIcon
                  variant="default"
                  mt={24}
                  aria-label={`Remove question ${i + 1}`}
                  onClick={() => setQuestions(questions.filter((_, j) => j !== i))}
                >
                  ×
                </ActionIcon>
              </Group>
              <Textarea
                label={`Question ${i + 1} options`}
                description="One per line"
                error={
                  errors[`content.questions.${i}.options`] ??
                  Object.entries(errors).find(([k]) => k.startsWith(`content.questions.${i}.options.`))?.[1]
                }
                autosize
                minRows={2}
                value={q.options}
                onChange={(e) =>
                  setQuestions(
                    questions.map((x, j) => (j === i ? { ...x, options: e.currentTarget.value } : x)),
                  )
                }
              />
              <Select
                label={`Question ${i + 1} right answer`}
                data={lines(q.options).map((o, n) => ({ value: String(n), label: o }))}
                value={q.answer}
                error={errors[`content.questions.${i}.answer`]}
                onChange={(answer) => setQuestions(questions.map((x, j) => (j === i ? { ...x, answer } : x)))}
              />
            </Stack>
          ))}
          <Button
            variant="default"
            onClick={() => setQuestions([...questions, { prompt: '', options: '', answer: null }])}
          >
            Add a question
          </Button>
          {children}
        </Stack>
      </Fieldset>
    </>
  );
}
