// What accompanies every disclosure of a record tagged under 42 CFR Part 2 (decision 060): the redisclosure
// notice of 42 CFR 2.32 on a PDF or spreadsheet, and the security labels on a FHIR resource or Bundle.
import { REDISCLOSURE_NOTICE } from '@contract/care/part2.schemas.js';
import type { PdfWriter } from '../../../platform/files/pdf-text.js';

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';

/**
 * The labels of HL7's privacy and security classification: restricted, 42 CFR Part 2 policy, and the obligation
 * not to redisclose without the patient's consent.
 */
export const PART2_SECURITY = [
  { system: CONFIDENTIALITY, code: 'R', display: 'restricted' },
  { system: ACT_CODE, code: '42CFRPart2', display: '42 CFR Part2' },
  { system: ACT_CODE, code: 'NORDSCLCD', display: 'no redisclosure without consent directive' },
];

/** A resource's meta with the Part 2 labels added when the record is tagged. */
export function labelled<T extends Record<string, unknown>>(meta: T, part2: boolean) {
  return part2 ? { ...meta, security: PART2_SECURITY } : meta;
}

/** The notice on a PDF, under its title. */
export function redisclosureNotice(pdf: PdfWriter) {
  pdf.heading('Confidential: protected by 42 CFR Part 2', 2);
  pdf.paragraph(REDISCLOSURE_NOTICE, { size: 9 });
}
