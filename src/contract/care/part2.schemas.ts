// 42 CFR Part 2 (issue 20, decision 060): records of substance use disorder treatment, the enrollee's consents
// that let them be seen outside the program that made them, and SUD counseling notes kept apart.
import { z } from 'zod';
import { isoDate } from '../list.js';
import { massachusettsToday } from '../massachusetts-day.js';
import { readable } from '../text/readable.js';

/**
 * On a record's input: it is about substance use disorder treatment, and the organisation writing it is the
 * Part 2 program that holds it. Outside that organisation it is seen only under a consent.
 */
export const part2Flag = z
  .boolean()
  .default(false)
  .describe(
    'A record of substance use disorder treatment (42 CFR Part 2): seen outside the organisation writing it only under the enrollee’s consent',
  );

/** What a consent lets the program disclose: treatment, payment and operations, or SUD counseling notes alone. */
export const PART2_SCOPES = ['tpo', 'counseling_notes'] as const;
export type Part2Scope = (typeof PART2_SCOPES)[number];
export const PART2_SCOPE_LABELS: Record<Part2Scope, string> = {
  tpo: 'Treatment, payment and operations',
  counseling_notes: 'SUD counseling notes only',
};

/** How a written revocation reached the program. */
export const REVOCATION_CHANNELS = ['letter', 'signed_form', 'fax', 'secure_message'] as const;
export const REVOCATION_CHANNEL_LABELS: Record<(typeof REVOCATION_CHANNELS)[number], string> = {
  letter: 'Letter',
  signed_form: 'Signed revocation form',
  fax: 'Fax',
  secure_message: 'Secure message with the enrollee’s signature',
};

/** 42 CFR 2.32(a)(1): the statement that accompanies every disclosure made with the patient's written consent. */
export const REDISCLOSURE_NOTICE =
  'This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). ' +
  'These rules prohibit you from using or disclosing this record, or testimony that describes the information ' +
  'contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, ' +
  'State, or local authority, against the patient, unless authorized by the consent of the patient, except as ' +
  'provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, ' +
  'the Federal rules prohibit you from making any other use or disclosure of this record unless at least one of ' +
  'the following applies: (A) Further use or disclosure is expressly permitted by the written consent of the ' +
  'individual whose information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. ' +
  '(B) You are a covered entity or business associate and have received the record for treatment, payment, or ' +
  'health care operations, or (C) You have received the record from a covered entity or business associate as ' +
  'permitted by 45 CFR part 164, subparts A and E. A general authorization for the release of medical or other ' +
  'information is NOT sufficient to meet the required elements of written consent to further use or redisclose ' +
  'the record (see 42 CFR 2.31).';

/** 42 CFR 2.32(a)(2): the short statement, where the full one does not fit (a spreadsheet's first row). */
export const REDISCLOSURE_NOTICE_SHORT =
  '42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

/** What the page says when records exist that the reader's organisation is not covered for. */
export const PART2_HIDDEN_MESSAGE =
  'Some of this enrollee’s records are hidden, and the lists below leave them out: they are protected by 42 CFR Part 2, and no consent of the enrollee covers your organisation. To see them, the program that holds them needs the enrollee’s written consent naming your organisation.';

const pastDay = (what: string) =>
  isoDate.refine((d) => d <= massachusettsToday(), `Enter the day ${what}: it cannot be in the future`);

const note = z
  .string()
  .trim()
  .max(2000)
  .superRefine(readable)
  .transform((s) => (s === '' ? null : s))
  .nullable()
  .optional();

export const consentInput = z
  .object({
    scope: z.enum(PART2_SCOPES, 'Choose what the consent covers'),
    recipientOrgIds: z
      .array(z.uuid().transform((id) => id.toLowerCase()))
      .min(1, 'Name at least one organisation the enrollee lets the program disclose to')
      .max(20)
      .describe('The organisations the records may be disclosed to'),
    signedOn: pastDay('the enrollee signed the consent'),
    startsOn: isoDate,
    endsOn: isoDate.nullable().optional().describe('Empty: until the enrollee revokes it in writing'),
    note,
  })
  .refine((c) => !c.endsOn || c.endsOn >= c.startsOn, {
    path: ['endsOn'],
    message: 'The consent cannot end before it starts',
  })
  .refine((c) => c.startsOn >= c.signedOn, {
    path: ['startsOn'],
    message: 'A consent cannot start before the enrollee signed it',
  })
  .refine((c) => new Set(c.recipientOrgIds).size === c.recipientOrgIds.length, {
    path: ['recipientOrgIds'],
    message: 'An organisation is named twice',
  });
export type ConsentInput = z.infer<typeof consentInput>;

export const revocationInput = z.object({
  receivedOn: pastDay('the written revocation arrived'),
  channel: z.enum(REVOCATION_CHANNELS, 'Choose how the written revocation came'),
  note,
});
export type RevocationInput = z.infer<typeof revocationInput>;

export const consentView = z.object({
  id: z.string(),
  enrolleeId: z.string(),
  scope: z.enum(PART2_SCOPES),
  programOrgId: z.string(),
  programName: z.string(),
  recipients: z.array(z.object({ id: z.string(), name: z.string() })),
  signedOn: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  note: z.string().nullable(),
  recordedByName: z.string(),
  createdAt: z.string(),
  revocation: z
    .object({
      revokedAt: z.string(),
      receivedOn: z.string(),
      channel: z.enum(REVOCATION_CHANNELS),
      note: z.string().nullable(),
      recordedByName: z.string(),
    })
    .nullable(),
  /** In force now: started, not ended, not revoked. */
  active: z.boolean(),
  version: z.number(),
});
export type ConsentView = z.infer<typeof consentView>;

export const counselingNoteInput = z.object({
  body: z.string().trim().min(1, 'Write the note').max(8000).superRefine(readable),
});

export const counselingNoteView = z.object({
  id: z.string(),
  body: z.string(),
  writtenByName: z.string(),
  programName: z.string(),
  writtenAt: z.string(),
});

/** Whether records of the enrollee exist that the reader's organisation is not covered for (never how many). */
export const part2StatusView = z.object({
  hidden: z.boolean(),
  message: z.string().nullable(),
  /** Records of another organisation's program are shown here under a consent: the redisclosure notice goes with them. */
  disclosed: z.boolean(),
  notice: z.string().nullable(),
});
