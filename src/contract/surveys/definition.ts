// A survey's definition (sections of questions of seven kinds, each required or optional, some with a
// "please describe" follow-up shown on chosen answers) and the checking of one person's answers against it.
// Pure: no database, no clock.
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
/** A question's key: stable across versions, so that pre and post answers to the same question line up. */
const key = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Lower-case letters, digits, dashes and underscores');

/** An option's value: kept in the answers, so stable across versions like a key, and a little longer. */
const optionValue = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Lower-case letters, digits, dashes and underscores');
const option = z.object({ value: optionValue, label: text(300) });

/** A follow-up's question: refused in plain words when left empty (the builder sends one begun but not finished). */
const followUpText = z.string().trim().min(1, 'Write the follow-up question, or clear its fields').max(500);

/** Shown, and answered in words, when one of the chosen answers is among `when`. */
const followUp = z.object({
  when: z.array(optionValue).min(1, 'Choose the answers that ask the follow-up').max(20),
  text: followUpText,
  required: z.boolean().default(false),
});

const base = {
  key,
  text: text(1000),
  /** Help shown under the question: a definition of "open-ended question", say. */
  help: z.string().trim().max(2000).optional(),
  required: z.boolean().default(true),
};

export const question = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('single_choice'),
    options: z.array(option).min(2).max(30),
    followUp: followUp.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('multiple_choice'),
    options: z.array(option).min(2).max(30),
    followUp: followUp.optional(),
  }),
  /** Labelled points in order, from one end to the other: "All of the time … None of the time". */
  z.object({
    ...base,
    type: z.literal('scale'),
    options: z.array(option).min(2).max(11),
    followUp: followUp.optional(),
  }),
  /** A number from min to max, some points named: "1 – None; 5 – Some; 10 – All". */
  z.object({
    ...base,
    type: z.literal('rating'),
    min: z.number().int().min(0).max(1),
    max: z.number().int().min(2).max(10),
    anchors: z
      .array(z.object({ value: z.number().int(), label: text(100) }))
      .max(11)
      .default([]),
    /** A follow-up for a rating is always shown ("Please name at least two barriers"). */
    followUp: z.object({ text: followUpText, required: z.boolean().default(false) }).optional(),
  }),
  z.object({ ...base, type: z.literal('yes_no'), followUp: followUp.optional() }),
  z.object({
    ...base,
    type: z.literal('short_text'),
    maxLength: z.number().int().min(1).max(500).default(200),
  }),
  z.object({
    ...base,
    type: z.literal('long_text'),
    maxLength: z.number().int().min(1).max(10_000).default(4000),
  }),
]);
export type Question = z.infer<typeof question>;

export const definition = z
  .object({
    sections: z
      .array(
        z.object({
          title: z.string().trim().max(200).optional(),
          questions: z.array(question).min(1).max(200),
        }),
      )
      .min(1)
      .max(50),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    for (const [si, s] of d.sections.entries())
      for (const [qi, q] of s.questions.entries()) {
        const path = ['sections', si, 'questions', qi];
        if (seen.has(q.key)) ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: 'Used twice' });
        seen.add(q.key);
        if ('options' in q) {
          const values = q.options.map((o) => o.value);
          if (new Set(values).size !== values.length)
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'options'],
              message: 'Two options share a value',
            });
          if (q.followUp && 'when' in q.followUp)
            for (const w of q.followUp.when)
              if (!values.includes(w))
                ctx.addIssue({
                  code: 'custom',
                  path: [...path, 'followUp', 'when'],
                  message: `No option “${w}”`,
                });
        }
        if (q.type === 'yes_no' && q.followUp)
          for (const w of q.followUp.when)
            if (w !== 'yes' && w !== 'no')
              ctx.addIssue({ code: 'custom', path: [...path, 'followUp', 'when'], message: 'Yes or no' });
        if (q.type === 'rating')
          for (const a of q.anchors)
            if (a.value < q.min || a.value > q.max)
              ctx.addIssue({
                code: 'custom',
                path: [...path, 'anchors'],
                message: `${a.value} is off the scale`,
              });
      }
  });
export type Definition = z.infer<typeof definition>;

/** One question's answer: a value, values, a number or words; and the follow-up's words. */
export interface Answer {
  value?: string | string[] | number | null;
  followUp?: string | null;
}
export type Answers = Record<string, Answer>;

export interface AnswerIssue {
  path: string;
  message: string;
}

export const questionsOf = (d: Definition) => d.sections.flatMap((s) => s.questions);

/** How an answer value reads: an option's label, Yes or No, or the value itself. */
export function answerLabel(q: Question, value: string | number) {
  if ('options' in q) return q.options.find((o) => o.value === value)?.label ?? String(value);
  if (q.type === 'yes_no') return value === 'yes' ? 'Yes' : 'No';
  return String(value);
}

/** A counted answer as results show it: an option's label, or a rating's point with its anchor ("1 – None"). */
export function countLabel(q: Question, value: string) {
  const anchor = q.type === 'rating' ? q.anchors.find((a) => String(a.value) === value) : undefined;
  return anchor ? `${value} – ${anchor.label}` : answerLabel(q, value);
}

/** Whether the follow-up of `q` is shown for this answer. */
export function followUpShown(q: Question, answer: Answer | undefined) {
  if (!('followUp' in q) || !q.followUp) return false;
  if (!('when' in q.followUp)) return answer?.value !== undefined && answer?.value !== null;
  const chosen = Array.isArray(answer?.value) ? answer.value : [answer?.value];
  return chosen.some((v) => typeof v === 'string' && (q.followUp as { when: string[] }).when.includes(v));
}

const empty = (v: Answer['value']) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * What is wrong with a set of answers, each naming its question (`answers.<key>`, `answers.<key>.followUp`).
 * `complete`: whether every required question must be answered (on submitting, not on saving to resume).
 */
export function checkAnswers(d: Definition, answers: Answers, complete: boolean): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const questions = new Map(questionsOf(d).map((q) => [q.key, q]));
  for (const k of Object.keys(answers))
    if (!questions.has(k)) issues.push({ path: `answers.${k}`, message: 'Not a question of this survey' });
  for (const q of questions.values()) {
    const a = answers[q.key];
    const path = `answers.${q.key}`;
    const v = a?.value;
    if (empty(v)) {
      if (complete && q.required) issues.push({ path, message: 'Answer this question' });
    } else {
      const problem = valueProblem(q, v!);
      if (problem) issues.push({ path, message: problem });
    }
    const shown = followUpShown(q, a);
    const words = a?.followUp?.trim();
    if (words && !shown) issues.push({ path: `${path}.followUp`, message: 'Not asked for this answer' });
    else if (words && words.length > 4000)
      issues.push({ path: `${path}.followUp`, message: 'At most 4,000 characters' });
    else if (shown && !words && complete && 'followUp' in q && q.followUp?.required)
      issues.push({ path: `${path}.followUp`, message: 'Please describe' });
  }
  return issues;
}

function valueProblem(q: Question, v: NonNullable<Answer['value']>): string | null {
  const values = 'options' in q ? q.options.map((o) => o.value) : [];
  switch (q.type) {
    case 'single_choice':
    case 'scale':
      return typeof v === 'string' && values.includes(v) ? null : 'Choose one of the answers offered';
    case 'multiple_choice':
      return Array.isArray(v) && v.every((x) => values.includes(x)) && new Set(v).size === v.length
        ? null
        : 'Choose among the answers offered';
    case 'yes_no':
      return v === 'yes' || v === 'no' ? null : 'Yes or no';
    case 'rating':
      return typeof v === 'number' && Number.isInteger(v) && v >= q.min && v <= q.max
        ? null
        : `A whole number from ${q.min} to ${q.max}`;
    case 'short_text':
    case 'long_text':
      return typeof v !== 'string'
        ? 'Words, please'
        : v.length > q.maxLength
          ? `At most ${q.maxLength.toLocaleString('en-US')} characters`
          : null;
  }
}
