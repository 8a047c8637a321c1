// What the enrollment API returns and takes: batches, members' enrollment history and the CP directory.
import { z } from 'zod';
import { isoDate, pageSchema } from '../list.js';
import { BATCH_OUTCOMES, MEMBER_CHOICES, MEMBER_STATUSES } from './enrollment.labels.js';

export const batchView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  fileName: z.string(),
  checkOnly: z.boolean(),
  outcome: z.enum(BATCH_OUTCOMES),
  message: z.string().nullable(),
  rows: z.number().int(),
  refusedRows: z.number().int(),
  counts: z.record(z.string(), z.number()),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BatchView = z.infer<typeof batchView>;
export const batchPage = pageSchema(batchView);

export const batchProblemsView = z.object({
  items: z.array(
    z.object({
      rowNumber: z.number().int(),
      problems: z.array(z.object({ column: z.string(), message: z.string() })),
    }),
  ),
});
export type BatchProblems = z.infer<typeof batchProblemsView>['items'];

export const batchUploadQuery = z.object({
  checkOnly: z.enum(['true', 'false']).default('false').describe('true: check every row and apply nothing'),
});

export const memberQuery = z.object({
  masshealthId: z.string().trim().min(1).max(40).describe('The member’s MassHealth ID (12 digits)'),
});

export const spanView = z.object({
  id: z.uuid(),
  cpOrgId: z.uuid(),
  cpName: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  endReason: z.string().nullable(),
  endReasonLabel: z.string().nullable(),
  episodeStartsOn: z.string(),
  startBatchId: z.uuid().nullable(),
  endBatchId: z.uuid().nullable(),
});

export const memberChoiceInput = z
  .object({
    choice: z.enum(MEMBER_CHOICES),
    receivedOn: isoDate.describe('The day the member’s request reached you'),
    requestedCpOrgId: z
      .uuid()
      .nullable()
      .default(null)
      .describe('The Community Partner the member asks for, if any'),
    note: z.string().trim().max(1_000).nullable().default(null),
  })
  .refine((c) => c.choice === 'different_cp' || c.requestedCpOrgId === null, {
    path: ['requestedCpOrgId'],
    message: 'Only a request for a different Community Partner names one',
  });
export type MemberChoiceInput = z.input<typeof memberChoiceInput>;

export const memberChoiceView = z.object({
  id: z.uuid(),
  choice: z.enum(MEMBER_CHOICES),
  receivedOn: z.string(),
  requestedCpName: z.string().nullable(),
  note: z.string().nullable(),
  recordedByName: z.string(),
  recordedByOrgName: z.string(),
  createdAt: z.string(),
});
export type MemberChoiceView = z.infer<typeof memberChoiceView>;

export const memberHistoryView = z.object({
  items: z.array(
    z.object({
      enrolleeId: z.uuid(),
      orgId: z.uuid(),
      orgName: z.string(),
      masshealthId: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      dateOfBirth: z.string(),
      county: z.string().nullable(),
      status: z.enum(MEMBER_STATUSES),
      spans: z.array(spanView),
      choices: z.array(memberChoiceView),
    }),
  ),
});
export type MemberHistory = z.infer<typeof memberHistoryView>['items'][number];

export const cpDirectoryView = z.object({
  items: z.array(
    z.object({
      orgId: z.uuid(),
      name: z.string(),
      code: z.string(),
      kind: z.string(),
      ids: z.array(z.object({ pid: z.string(), sl: z.string() })),
      confirmed: z.number().int().nullable(),
      used: z.number().int(),
      free: z.number().int().nullable(),
      counties: z.array(
        z.object({ county: z.string(), startsOn: z.string(), endsOn: z.string().nullable() }),
      ),
    }),
  ),
});
export type CpDirectoryEntry = z.infer<typeof cpDirectoryView>['items'][number];

/** The acting organisation's entry in the directory: its provider IDs, and a CP's confirmed capacity. */
export const directoryEntryInput = z.object({
  ids: z
    .array(
      z.object({
        pid: z
          .string()
          .trim()
          .regex(/^\d{9}$/, 'A PID has nine digits'),
        sl: z
          .string()
          .trim()
          .transform((s) => s.toUpperCase())
          .pipe(z.string().regex(/^[A-Z]$/, 'A service location is one letter')),
      }),
    )
    .max(26),
  confirmed: z.number().int().min(0).max(1_000_000).nullable(),
});
export type DirectoryEntryInput = z.infer<typeof directoryEntryInput>;

/** Counties where an ACO or MCO has fewer than two LTSS Community Partners under agreement. */
export const ltssGapsView = z.object({
  items: z.array(
    z.object({ orgId: z.uuid(), orgName: z.string(), county: z.string(), ltssCps: z.array(z.string()) }),
  ),
});
export type LtssGap = z.infer<typeof ltssGapsView>['items'][number];
