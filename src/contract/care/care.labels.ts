// The care domain's kinds and their names: words shared by the server (its exports, its messages) and the web app.

import { ROLE_LABELS } from '../roles.js';

export const CARE_PROGRAMS = ['one_care', 'aco', 'mco', 'cp'] as const;
export type CareProgram = (typeof CARE_PROGRAMS)[number];
export const CARE_PROGRAM_LABELS: Record<CareProgram, string> = {
  one_care: 'One Care',
  aco: 'ACO',
  mco: 'MCO',
  cp: 'Community Partners',
};

/**
 * One Care, ACO and MCO are each a member's whole coverage, so at most one holds on any day; a Community Partner
 * enrollment runs beside any of them. The programs an enrollment in `program` may not share a day with.
 */
export const COVERAGE_PROGRAMS = ['one_care', 'aco', 'mco'] as const satisfies readonly CareProgram[];
export const programsExclusiveWith = (program: CareProgram): CareProgram[] =>
  program === 'cp' ? ['cp'] : [...COVERAGE_PROGRAMS];

export const SEXES = ['female', 'male', 'x', 'unknown'] as const;
export const SEX_LABELS: Record<(typeof SEXES)[number], string> = {
  female: 'Female',
  male: 'Male',
  x: 'X (non-binary)',
  unknown: 'Not recorded',
};

export const ACCESSIBLE_FORMATS = [
  'large_print',
  'braille',
  'asl_interpreter',
  'audio',
  'accessible_electronic',
  'cart_captioning',
  'plain_language',
] as const;
export const ACCESSIBLE_FORMAT_LABELS: Record<(typeof ACCESSIBLE_FORMATS)[number], string> = {
  large_print: 'Large print',
  braille: 'Braille',
  asl_interpreter: 'ASL interpreter',
  audio: 'Audio',
  accessible_electronic: 'Accessible electronic format',
  cart_captioning: 'CART captioning',
  plain_language: 'Plain language',
};

/** A care team member's part; the single point of contact is a care coordinator or clinical care manager. */
export const CARE_TEAM_ROLES = [
  'care_coordinator',
  'clinical_care_manager',
  'lts_coordinator',
  'pcp',
  'pcp_designee',
  'bh_clinician',
  'rn',
  'other',
] as const;
export type CareTeamRole = (typeof CARE_TEAM_ROLES)[number];
/** The organisation roles' own names, and "Other" for a part no role names. */
export const CARE_TEAM_ROLE_LABELS: Record<CareTeamRole, string> = {
  ...(Object.fromEntries(
    CARE_TEAM_ROLES.filter((r) => r !== 'other').map((r) => [r, ROLE_LABELS[r]]),
  ) as Record<Exclude<CareTeamRole, 'other'>, string>),
  other: 'Other',
};
/** The team roles that may be the single point of contact. */
export const SPOC_ROLES = ['care_coordinator', 'clinical_care_manager'] as const;

export const LTS_RESPONSES = ['pending', 'accepted', 'declined'] as const;

export const CONTACT_MODES = [
  'home_visit',
  'in_person',
  'phone',
  'video',
  'email',
  'letter',
  'text',
] as const;
export type ContactMode = (typeof CONTACT_MODES)[number];
export const CONTACT_MODE_LABELS: Record<ContactMode, string> = {
  home_visit: 'Home visit',
  in_person: 'In person',
  phone: 'Phone',
  video: 'Video',
  email: 'E-mail',
  letter: 'Letter',
  text: 'Text message',
};

export const ASSESSMENT_KINDS = ['comprehensive', 'reassessment', 'major_change', 'hrsn_screening'] as const;

export const CARE_RULE_KINDS = [
  'initial_assessment',
  'reassessment',
  'major_change_reassessment',
  'unreachable',
  'cp_engagement',
  'no_contact',
  // Care plan sign-off: each signature's step, and the yearly review from the enrollee's signature.
  'plan_enrollee_signature',
  'plan_pcp_approval',
  'plan_clinical_review',
  'plan_review',
  // Service requests and appeals: decision clocks and the deadlines of each level.
  'request_decision',
  'appeal_filing',
  'appeal_decision',
  'next_level_request',
] as const;
export type CareRuleKind = (typeof CARE_RULE_KINDS)[number];
