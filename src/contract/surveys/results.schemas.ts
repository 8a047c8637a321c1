// A survey's results as the API sends them: counts per question, overall and by group, with groups too small
// to show suppressed (no numbers); participation; before and after. Computed in src/domains/surveys/results.ts.
import { z } from 'zod';

export const questionResult = z.object({
  key: z.string(),
  /** How many answered it. */
  answered: z.number(),
  /** Answers by option value (choices, scales, yes/no) or by point (ratings). */
  counts: z.record(z.string(), z.number()),
  mean: z.number().nullable(),
  /**
   * Free-text answers and follow-ups: each different text once, with how many wrote it, the most written
   * first (then alphabetically).
   */
  texts: z.array(z.object({ text: z.string(), n: z.number() })),
});
export type QuestionResult = z.infer<typeof questionResult>;

export const groupResult = z.object({
  group: z.string(),
  /** How many responded; null when suppressed. */
  respondents: z.number().nullable(),
  /** Too few to show: no numbers are given for it. */
  suppressed: z.boolean(),
  questions: z.array(questionResult).nullable(),
});
export type GroupResult = z.infer<typeof groupResult>;

/** Invited, started and completed: of those a survey is addressed to. */
export const participation = z.object({
  group: z.string(),
  invited: z.number().nullable(),
  started: z.number().nullable(),
  completed: z.number().nullable(),
  suppressed: z.boolean(),
});
export type Participation = z.infer<typeof participation>;

export const change = z.object({
  key: z.string(),
  /** Mean before and after (ratings). */
  mean: z
    .object({ pre: z.number().nullable(), post: z.number().nullable(), change: z.number().nullable() })
    .nullable(),
  /** Share of answers for each option or point, before and after, and the change in percentage points. */
  shares: z.array(z.object({ value: z.string(), pre: z.number(), post: z.number(), change: z.number() })),
});
export type Change = z.infer<typeof change>;
