// How many people took part in an organisation's training: the question asked and the counts answered.
import { z } from 'zod';
import { isoDate } from '../list.js';
import { SESSION_KINDS } from './training.schemas.js';

export const participationQuery = z
  .object({
    from: isoDate.optional().describe('First day counted (Massachusetts time)'),
    to: isoDate.optional().describe('Last day counted'),
    kind: z.enum(SESSION_KINDS).optional().describe('Only this way of taking part'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'Choose an end date on or after the start date',
  });
export type ParticipationQuery = z.infer<typeof participationQuery>;

const counts = z.object({ registered: z.number(), attended: z.number(), completed: z.number() });
export const participationView = z.object({
  /** Distinct people across every topic: "261 care coordinators took part in live trainings". */
  people: counts,
  topics: z.array(counts.extend({ id: z.uuid(), code: z.string(), title: z.string(), sessions: z.number() })),
  modules: z.array(
    counts.extend({
      id: z.uuid(),
      curriculum: z.string().nullable(),
      position: z.number(),
      title: z.string(),
    }),
  ),
});
export type ParticipationView = z.infer<typeof participationView>;
