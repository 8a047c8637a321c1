import { z } from 'zod';
import { webLink } from '../links.js';
import { isoDate, listQuery } from '../list.js';
import { emailSchema } from '../text/identifiers.js';
import { readable } from '../text/readable.js';
import { SESSION_KINDS } from './training.schemas.js';

const text = (max: number) => z.string().trim().min(1).max(max).superRefine(readable);
const longText = z.string().trim().max(8000).optional();

export const programYearInput = z
  .object({
    title: text(120),
    startsOn: isoDate,
    endsOn: isoDate,
    /** What the year's needs assessment found (network feedback, HSA meetings). */
    assessment: longText,
    /** The year's areas of focus. */
    focus: longText,
    curriculumId: z.uuid().nullable().optional(),
    topicIds: z.array(z.uuid()).max(100).default([]),
    /** Core skills: competencies from a framework (CMBOK a–j). */
    competencyIds: z.array(z.uuid()).max(50).default([]),
    /** The mailbox list live events are announced to. */
    mailbox: z.array(emailSchema).max(5000).default([]),
  })
  .superRefine((y, ctx) => {
    if (y.endsOn < y.startsOn)
      ctx.addIssue({
        code: 'custom',
        path: ['endsOn'],
        message: 'Choose an end date on or after the start date',
      });
    const seen = new Set<string>();
    y.mailbox.forEach((address, i) => {
      if (seen.has(address))
        ctx.addIssue({ code: 'custom', path: ['mailbox', i], message: `${address} is listed twice` });
      seen.add(address);
    });
  });
export type ProgramYearInput = z.infer<typeof programYearInput>;

export const programYearSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  events: z.number(),
  announced: z.number(),
  version: z.number(),
});

export type ProgramYearSummary = z.infer<typeof programYearSummary>;

export const programYearListQuery = listQuery(['startsOn', 'title']).extend({
  dir: z.enum(['asc', 'desc']).default('desc'),
});

const yearEvent = z.object({
  id: z.uuid(),
  kind: z.enum(SESSION_KINDS),
  title: z.string(),
  topicTitle: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  timeZone: z.string(),
  speaker: z.string().nullable(),
  announcedAt: z.string().nullable(),
  recordingId: z.uuid().nullable(),
  sourceSessionId: z.uuid().nullable(),
});

export const curriculumView = z.object({
  id: z.uuid(),
  title: z.string(),
  modules: z.array(z.object({ position: z.number(), title: z.string() })),
});

export const programYearView = z.object({
  id: z.uuid(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  assessment: z.string().nullable(),
  focus: z.string().nullable(),
  curriculum: z
    .object({
      id: z.uuid(),
      title: z.string(),
      modules: z.array(z.object({ position: z.number(), title: z.string() })),
    })
    .nullable(),
  topics: z.array(z.object({ id: z.uuid(), code: z.string(), title: z.string(), shared: z.boolean() })),
  coreSkills: z.array(z.object({ id: z.uuid(), code: z.string(), text: z.string() })),
  mailbox: z.array(z.string()),
  events: z.array(yearEvent),
  speakers: z.array(z.string()),
  version: z.number(),
});
export type ProgramYearView = z.infer<typeof programYearView>;

export const announcementView = z.object({
  subject: z.string(),
  text: z.string(),
  eventsUrl: z.string(),
});

export const announceResult = announcementView.extend({
  announcedAt: z.string(),
  emails: z.object({ queued: z.number(), alreadySent: z.number(), mailbox: z.number() }),
});

export const recordingInput = z.object({
  videoUrl: webLink(),
  /** The recording's real length; without it, the live event's scheduled length. */
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  title: z.string().trim().min(1).max(200).optional(),
});

export const publicEvent = z.object({
  id: z.uuid(),
  title: z.string(),
  topicTitle: z.string(),
  ownerName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  speaker: z.string().nullable(),
  /** Seats not yet taken; null when there is no limit. */
  seatsLeft: z.number().nullable(),
  /** Called off after it was announced: listed, marked cancelled, until its day passes. */
  cancelled: z.boolean(),
  registerUrl: z.string(),
});

export const publicEventsQuery = z.object({
  org: z.string().trim().max(40).optional().describe('Only the events of the organisation with this code'),
});
