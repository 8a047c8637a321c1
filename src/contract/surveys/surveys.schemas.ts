import { z } from 'zod';
import { isoDate } from '../list.js';
import { ROLE_KINDS } from '../roles.js';
import { definition } from './definition.js';

export const surveyInput = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9._-]+$/, 'Use only letters, digits, dots, dashes and underscores in the code'),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).optional(),
    definition,
    anonymous: z.boolean().default(false),
    moduleId: z.uuid().optional(),
    sessionId: z.uuid().optional(),
    link: z.enum(['needs_assessment', 'evaluation']).optional(),
    roles: z.array(z.enum(ROLE_KINDS, 'Choose a role from the list')).max(20).default([]),
    organisationIds: z.array(z.uuid()).max(200).default([]),
    opensOn: isoDate.optional(),
    closesOn: isoDate.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.opensOn && s.closesOn && s.closesOn < s.opensOn)
      ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'Closes before it opens' });
    if (s.link && !s.moduleId && !s.sessionId)
      ctx.addIssue({ code: 'custom', path: ['moduleId'], message: 'Which module or session?' });
  });
export type SurveyInput = z.infer<typeof surveyInput>;

export const surveyView = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  definition,
  anonymous: z.boolean(),
  moduleId: z.uuid().nullable(),
  sessionId: z.uuid().nullable(),
  link: z.enum(['needs_assessment', 'evaluation']).nullable(),
  roles: z.array(z.string()),
  organisationIds: z.array(z.uuid()),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  publishedVersion: z.number().nullable(),
  responses: z.number(),
  version: z.number(),
});
export type SurveyView = z.infer<typeof surveyView>;

/** An open survey addressed to you, and whether you have answered it. */
export const mySurveyView = z.object({
  id: z.uuid(),
  title: z.string(),
  organisation: z.string(),
  closesOn: z.string().nullable(),
  answered: z.boolean(),
  started: z.boolean(),
});
export type MySurveyView = z.infer<typeof mySurveyView>;

/** A training vendor's published survey whose results your plan may read. */
export const sharedSurveyView = z.object({
  id: z.uuid(),
  title: z.string(),
  organisation: z.string(),
  publishedVersion: z.number(),
});
export type SharedSurveyView = z.infer<typeof sharedSurveyView>;

const answer = z.object({
  value: z
    .union([z.string().max(10_000), z.array(z.string().max(80)).max(30), z.number(), z.null()])
    .optional(),
  followUp: z.string().max(4000).nullable().optional(),
});
export const answersInput = z.object({ answers: z.record(z.string().max(40), answer) });

export const formView = z.object({
  surveyId: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  anonymous: z.boolean(),
  version: z.number(),
  definition,
  closesOn: z.string().nullable(),
  savedAnswers: z.record(z.string(), answer).nullable(),
});
export type FormView = z.infer<typeof formView>;
