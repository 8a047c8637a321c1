// A self-paced module: its content as the training team writes it, and the module as a learner sees it
// (pages, questions without their answers, attempts and recorded-webinar viewings).
import { z } from 'zod';
import { readable } from '../text/readable.js';

/** Where in a module a problem is, in words: "Page 2", "Question 3, option 1". */
export function placeInModule(path: readonly PropertyKey[]) {
  const words: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const n = path[i + 1];
    const label = { pages: 'Page', questions: 'Question', options: 'option' }[String(path[i])];
    if (label && typeof n === 'number') {
      words.push(`${label} ${n + 1}`);
      i++;
    }
  }
  return words.join(', ');
}

/** A message naming the page, question or option it is about: "Page 2: write its title". */
const say = (text: string) => ({
  error: (issue: { path?: PropertyKey[] | undefined }) => {
    const where = placeInModule(issue.path ?? []);
    return where ? `${where}: ${text}` : text.charAt(0).toUpperCase() + text.slice(1);
  },
});

/**
 * A self-paced module's pages and its optional knowledge check (each question's right answer by index), and
 * whether a failed attempt says which questions were answered wrong (never which option was right). Every
 * message names the page, question or option in words.
 */
export const moduleContent = z
  .object(
    {
      pages: z
        .array(
          z.object(
            {
              title: z
                .string(say('write its title'))
                .trim()
                .min(1, say('write its title'))
                .max(200, say('keep the title to 200 characters'))
                .superRefine(readable),
              body: z
                .string(say('write its text'))
                .trim()
                .min(1, say('write its text'))
                .max(20_000, say('keep the text to 20,000 characters'))
                .superRefine(readable),
            },
            say('give a title and text'),
          ),
          say('write at least one page'),
        )
        .min(1, say('write at least one page'))
        .max(100, say('a module holds at most 100 pages')),
      questions: z
        .array(
          z.object(
            {
              prompt: z
                .string(say('write the question'))
                .trim()
                .min(1, say('write the question'))
                .max(1000, say('keep the question to 1,000 characters')),
              options: z
                .array(
                  z
                    .string(say('write the option, or remove it'))
                    .trim()
                    .min(1, say('write the option, or remove it'))
                    .max(500, say('keep the option to 500 characters')),
                  say('give at least two options'),
                )
                .min(2, say('give at least two options'))
                .max(8, say('give at most eight options')),
              answer: z
                .number(say('choose the right answer'))
                .int(say('choose the right answer'))
                .min(0, say('choose the right answer')),
            },
            say('give the question, its options and the right answer'),
          ),
          say('questions are a list'),
        )
        .max(50, say('a knowledge check holds at most 50 questions'))
        .default([]),
      showWrongAnswers: z.boolean(say('say yes or no to naming wrong answers')).default(true),
    },
    say('give the module its pages'),
  )
  .superRefine((c, ctx) => {
    c.questions.forEach((q, i) => {
      if (q.answer >= q.options.length)
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'answer'],
          message: `Question ${i + 1}: choose the right answer from its options`,
        });
    });
  });
export type ModuleContent = z.infer<typeof moduleContent>;

/** A self-paced module as the learner sees it: pages, questions without their answers, their progress. */
export const selfPacedView = z.object({
  sessionId: z.uuid(),
  title: z.string(),
  pages: z.array(z.object({ title: z.string(), body: z.string() })),
  questions: z.array(z.object({ prompt: z.string(), options: z.array(z.string()) })),
  passMark: z.number().nullable(),
  maxAttempts: z.number().nullable(),
  /** Whether an attempt's result names the questions answered wrong. */
  showWrongAnswers: z.boolean(),
  pagesViewed: z.array(z.number()),
  attempts: z.array(
    z.object({ number: z.number(), score: z.number(), passed: z.boolean(), submittedAt: z.string() }),
  ),
  attemptsLeft: z.number().nullable(),
  complete: z.boolean(),
  reason: z.string(),
  completionId: z.uuid().nullable(),
});

/** An attempt's result: its score, and the questions answered wrong by index (null when the module hides them). */
export const attemptResult = selfPacedView.extend({
  score: z.number(),
  passed: z.boolean(),
  wrong: z.array(z.number().int()).nullable(),
});

export const attemptInput = z.object({ answers: z.array(z.number().int().min(0)).max(50) });

/**
 * Starting a viewing or sending its heartbeat carries nothing: the server keeps the time (decision 022), so
 * a body — a page's own from/to or minutes — is refused.
 */
export const noBody = z
  .strictObject({}, { error: 'Send no body: the server keeps the viewing time' })
  .nullish();

export const viewingStarted = z.object({ id: z.uuid(), heartbeatSeconds: z.number().int() });

export const viewingHeartbeat = z.object({
  /** Time credited to this viewing so far. */
  creditedSeconds: z.number().int(),
  /** Whole minutes of the recording credited across the person's viewings, at most its length. */
  minutes: z.number().int(),
  minimum: z.number().int(),
  heartbeatSeconds: z.number().int(),
});
