import { z } from 'zod';
import { moduleContent } from '../modules.schemas.js';

/** A self-paced module's content and knowledge-check rule, as its training team writes them. */
export const moduleContentInput = z.object({
  content: moduleContent,
  /** Percent to pass the knowledge check; unset with questions: 80. */
  passMark: z
    .number('Pass mark: give a whole number from 0 to 100')
    .int('Pass mark: give a whole number from 0 to 100')
    .min(0, 'Pass mark: give a whole number from 0 to 100')
    .max(100, 'Pass mark: give a whole number from 0 to 100')
    .nullish(),
  /** Attempts allowed at the knowledge check; unset: no limit. */
  maxAttempts: z
    .number('Attempts allowed: give a whole number from 1 to 100, or leave it empty')
    .int('Attempts allowed: give a whole number from 1 to 100, or leave it empty')
    .min(1, 'Attempts allowed: give a whole number from 1 to 100, or leave it empty')
    .max(100, 'Attempts allowed: give a whole number from 1 to 100, or leave it empty')
    .nullish(),
});
export type ModuleContentInput = z.infer<typeof moduleContentInput>;

/** The module as its editor opens it: answers included (only for the organisation running it). */
export const moduleContentView = z.object({
  sessionId: z.uuid(),
  title: z.string(),
  content: moduleContent,
  passMark: z.number().nullable(),
  maxAttempts: z.number().nullable(),
  /** People who have opened it: their pages viewed are kept by page number when pages change. */
  learners: z.number().int(),
  version: z.number().int(),
});
