// Identification, referrals, assignment and outreach: their words, shared by the server and the web app.

/** Where an identification came from. */
export const IDENTIFICATION_SOURCES = ['state_list', 'own', 'referral'] as const;
export type IdentificationSource = (typeof IDENTIFICATION_SOURCES)[number];
export const IDENTIFICATION_SOURCE_LABELS: Record<IdentificationSource, string> = {
  state_list: 'MassHealth quarterly list',
  own: 'ACO/MCO identification',
  referral: 'Provider referral',
};

/** The stages before and into enrollment; transfers and disenrollments are the spans' (MEMBER_STATUSES). */
export const STAGES = ['identified', 'assigned', 'outreach', 'enrolled', 'ended'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  identified: 'Identified',
  assigned: 'Assigned',
  outreach: 'Outreach',
  enrolled: 'Enrolled',
  ended: 'Ended',
};

export const CP_TYPES = ['BH', 'LTSS'] as const;
export type CpType = (typeof CP_TYPES)[number];

export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Why an ACO/MCO declines a provider's referral. */
export const REFERRAL_DECLINE_REASONS = [
  'not_member',
  'already_identified',
  'already_enrolled',
  'not_eligible',
  'member_declined',
  'incomplete',
] as const;
export type ReferralDeclineReason = (typeof REFERRAL_DECLINE_REASONS)[number];
export const REFERRAL_DECLINE_REASON_LABELS: Record<ReferralDeclineReason, string> = {
  not_member: 'Not a member of this ACO/MCO',
  already_identified: 'Already identified for CP supports',
  already_enrolled: 'Already enrolled with a Community Partner',
  not_eligible: 'Does not meet the CP program criteria',
  member_declined: 'Member declined CP supports',
  incomplete: 'Referral incomplete: please send again with the missing details',
};

export const ASSIGNMENT_STATUSES = ['proposed', 'confirmed', 'withdrawn', 'ended'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const OUTREACH_MODES = ['phone', 'letter', 'in_person', 'text', 'email'] as const;
export type OutreachMode = (typeof OUTREACH_MODES)[number];

/** A letter's printed format. */
export const LETTER_FORMATS = ['standard', 'large_print'] as const;
export type LetterFormat = (typeof LETTER_FORMATS)[number];
