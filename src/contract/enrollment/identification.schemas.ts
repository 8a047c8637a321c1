// Identification and referrals (issue 21): the identified-member list's columns, what its import reports, the
// list of identifications, and providers' referrals with the ACO/MCO's decision. Shared by the server and the
// web app.
import { z } from 'zod';
import { dateOfBirth } from '../care/care.schemas.js';
import { pageSchema } from '../list.js';
import {
  CP_TYPES,
  IDENTIFICATION_SOURCES,
  REFERRAL_DECLINE_REASONS,
  REFERRAL_STATUSES,
  STAGES,
} from './assignment.labels.js';

/** The identified-member list's columns, in the order MassHealth and the ACOs/MCOs send them. */
export const IDENTIFICATION_COLUMNS = [
  'Medicaid_ID',
  'Member_Name_Last',
  'Member_Name_First',
  'Member_Middle_Initial',
  'Member_Date_of_Birth',
  'Member_Sex',
  'ACO_MCO_Name',
  'ACO_MCO_PID',
  'ACO_MCO_SL',
  'CP_Name_Official',
  'CP_Type',
  'CP_PID',
  'CP_SL',
  'Enrollment_Start_Date',
  'Start_Reason_Desc',
  'Residential_Address_Line_1',
  'Residential_Address_City',
  'Residential_Address_State',
  'Residential_Address_ZipCode',
  'County',
  'Phone_Number_Cell',
  'Email',
  'Primary_Language_Spoken_Desc',
  'PCP_Name_Last',
  'PCP_Name_First',
  'PCP_NPI',
  'DMH_Flag',
  'DDS_Flag',
  'EOEA_Flag',
  'Identification_Flag',
  'Record_Status',
  'Record_Update_Date',
] as const;
export type IdentificationColumn = (typeof IDENTIFICATION_COLUMNS)[number];

/** The columns an import reads: a file without one of them is not an identified-member list. */
export const IDENTIFICATION_READ_COLUMNS = [
  'Medicaid_ID',
  'Member_Name_Last',
  'Member_Name_First',
  'Member_Date_of_Birth',
  'ACO_MCO_PID',
  'ACO_MCO_SL',
  'CP_Type',
  'CP_PID',
  'CP_SL',
  'Enrollment_Start_Date',
  'Start_Reason_Desc',
  'DMH_Flag',
  'DDS_Flag',
  'EOEA_Flag',
  'Record_Status',
  'Record_Update_Date',
] as const satisfies readonly IdentificationColumn[];

/** The state agencies a member may be known to, each a Y/N column of the list. */
export const AGENCY_FLAGS = ['DMH', 'DDS', 'EOEA'] as const;
export type AgencyFlag = (typeof AGENCY_FLAGS)[number];

/** The import's job kind: the web app lists the recent imports by it. */
export const IDENTIFICATION_IMPORT_JOB = 'enrollment.identification-import';

/** The two lists an ACO/MCO imports; a referral's identification comes from its acceptance. */
export const IMPORTED_SOURCES = ['state_list', 'own'] as const;
export type ImportedSource = (typeof IMPORTED_SOURCES)[number];

/** What one row of an import did (or, checked only or refused as a whole, would do). */
export const IDENTIFICATION_ROW_OUTCOMES = [
  'created',
  'updated',
  'ended',
  'unchanged',
  'kept',
  'nothing_to_end',
  'replaced',
  'refused',
] as const;
export type IdentificationRowOutcome = (typeof IDENTIFICATION_ROW_OUTCOMES)[number];
export const IDENTIFICATION_ROW_OUTCOME_LABELS: Record<IdentificationRowOutcome, string> = {
  created: 'Identified',
  updated: 'Updated',
  ended: 'Ended',
  unchanged: 'Unchanged',
  kept: 'Not changed: a newer record is kept',
  nothing_to_end: 'Nothing to end',
  replaced: 'Replaced by a later row',
  refused: 'Refused',
};

export const identificationImportQuery = z.object({
  source: z
    .enum(IMPORTED_SOURCES)
    .optional()
    .describe(
      'Required. state_list: MassHealth’s quarterly list; own: your organisation’s own identification',
    ),
  checkOnly: z.enum(['true', 'false']).default('false').describe('true: check every row and apply nothing'),
});

const rowIssue = z.object({
  row: z.number().int().optional(),
  column: z.string().optional(),
  message: z.string(),
});

/** What an identification import's job reports when it ends (the job's `result`). */
export const identificationImportResult = z.object({
  outcome: z.enum(['applied', 'checked', 'rejected']),
  source: z.enum(IMPORTED_SOURCES),
  message: z.string(),
  rows: z.number().int(),
  refused: z.number().int(),
  counts: z.record(z.enum(IDENTIFICATION_ROW_OUTCOMES), z.number().int()),
  /** The first refused rows (or the one problem that refused the file), each naming its row and column. */
  problems: z.array(rowIssue),
  resultFileId: z.string().optional(),
});
export type IdentificationImportResult = z.infer<typeof identificationImportResult>;

export const identificationListQuery = z.object({
  stage: z.enum(STAGES).optional(),
  source: z.enum(IDENTIFICATION_SOURCES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

export const identificationView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  enrolleeId: z.uuid(),
  masshealthId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  stage: z.enum(STAGES),
  source: z.enum(IDENTIFICATION_SOURCES),
  cpType: z.enum(CP_TYPES).nullable(),
  suggestedCpName: z.string().nullable(),
  startReason: z.string().nullable(),
  agencyFlags: z.array(z.string()),
  identifiedOn: z.string(),
  recordUpdatedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  version: z.number().int(),
});
export type IdentificationView = z.infer<typeof identificationView>;
export const identificationPage = pageSchema(identificationView);

const text = (max: number) => z.string().trim().min(1).max(max);

export const referralInput = z.object({
  planOrgId: z
    .uuid()
    .describe('The member’s ACO, MCO or plan: one your organisation has a network contract with'),
  masshealthId: z
    .string()
    .trim()
    .transform((s) => s.replace(/[\s\-‐‑‒–—]/g, ''))
    .pipe(z.string().regex(/^\d{12}$/, 'A MassHealth member ID has 12 digits')),
  familyName: text(100),
  givenName: text(100),
  dateOfBirth,
  cpType: z.enum(CP_TYPES).nullable().default(null),
  reason: text(2_000).describe('Why the member, on whose behalf you refer, needs Community Partner supports'),
});
export type ReferralInput = z.input<typeof referralInput>;

export const referralDeclineInput = z.object({
  reason: z.enum(REFERRAL_DECLINE_REASONS),
  note: z.string().trim().max(1_000).nullable().default(null),
});
export type ReferralDeclineInput = z.input<typeof referralDeclineInput>;

export const referralListQuery = z.object({
  direction: z
    .enum(['sent', 'received'])
    .optional()
    .describe('sent: your organisation’s referrals (a provider); received: those to your ACO/MCO'),
  status: z.enum(REFERRAL_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

/**
 * A referral as its provider sees it: what it sent, the status and a decline's reason; never what the ACO/MCO
 * found of the member or noted.
 */
export const sentReferralView = z.object({
  id: z.uuid(),
  planOrgId: z.uuid(),
  planName: z.string(),
  masshealthId: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  dateOfBirth: z.string(),
  cpType: z.enum(CP_TYPES).nullable(),
  reason: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  declineReason: z.enum(REFERRAL_DECLINE_REASONS).nullable(),
  decidedAt: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type SentReferralView = z.infer<typeof sentReferralView>;

/** A referral as the ACO/MCO (or a state agency) sees it: who sent it, and who decided it, when and why. */
export const receivedReferralView = sentReferralView.extend({
  fromOrgId: z.uuid(),
  fromOrgName: z.string(),
  enrolleeId: z.uuid().nullable(),
  decisionNote: z.string().nullable(),
  decidedByName: z.string().nullable(),
  version: z.number().int(),
});
export type ReceivedReferralView = z.infer<typeof receivedReferralView>;

export const referralPage = z.object({
  direction: z.enum(['sent', 'received', 'all']),
  items: z.array(receivedReferralView.partial().extend(sentReferralView.shape)),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** The ACOs, MCOs and plans a provider may refer to: a network contract in force today. */
export const referralPlansView = z.object({
  items: z.array(z.object({ orgId: z.uuid(), name: z.string(), kind: z.string() })),
});
