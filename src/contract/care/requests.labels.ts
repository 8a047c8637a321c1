// Service requests, their decisions and appeals (issue 20): the kinds and their words, shared by the API, the
// notices, the exports and the web app.

export const REQUEST_PRIORITIES = ['standard', 'expedited'] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];
export const REQUEST_PRIORITY_LABELS: Record<RequestPriority, string> = {
  standard: 'Standard',
  expedited: 'Expedited',
};

/** How a request (or an appeal) reached the plan. */
export const RECEIVED_VIA = ['phone', 'fax', 'mail', 'portal', 'email', 'in_person'] as const;
export type ReceivedVia = (typeof RECEIVED_VIA)[number];
export const RECEIVED_VIA_LABELS: Record<ReceivedVia, string> = {
  phone: 'Phone',
  fax: 'Fax',
  mail: 'Mail',
  portal: 'Provider portal',
  email: 'E-mail',
  in_person: 'In person',
};

/** Who asked: the enrollee, someone for them, their provider, or their care team. */
export const REQUESTERS = ['enrollee', 'representative', 'provider', 'care_team'] as const;
export type Requester = (typeof REQUESTERS)[number];
export const REQUESTER_LABELS: Record<Requester, string> = {
  enrollee: 'The enrollee',
  representative: 'The enrollee’s representative',
  provider: 'A provider',
  care_team: 'The care team',
};

export const REQUEST_DECISIONS = ['approved', 'partly_approved', 'denied'] as const;
export type RequestDecision = (typeof REQUEST_DECISIONS)[number];
export const REQUEST_DECISION_LABELS: Record<RequestDecision, string> = {
  approved: 'Approved',
  partly_approved: 'Partly approved',
  denied: 'Denied',
};
/** The decisions an enrollee may appeal, and that must say why (a reason from the catalogue). */
export const ADVERSE_DECISIONS = ['partly_approved', 'denied'] as const satisfies readonly RequestDecision[];
export const isAdverse = (d: RequestDecision | null | undefined) => d === 'partly_approved' || d === 'denied';

/**
 * Why a request was denied (or only partly approved): specific reasons, as a notice must give one. Each says
 * what the enrollee can do about it in the notice's words (notice templates); here, the label staff choose.
 */
export const DENIAL_REASONS = [
  'not_medically_necessary',
  'not_covered',
  'out_of_network',
  'missing_information',
  'duplicate',
  'not_eligible',
  'experimental',
  'less_costly_alternative',
  'benefit_limit_reached',
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];
export const DENIAL_REASON_LABELS: Record<DenialReason, string> = {
  not_medically_necessary: 'Not medically necessary',
  not_covered: 'Not a covered benefit',
  out_of_network: 'Out of network, with an in-network provider available',
  missing_information: 'Information asked for was not received',
  duplicate: 'Duplicate of a request already made',
  not_eligible: 'Member not eligible on the service date',
  experimental: 'Experimental or investigational',
  less_costly_alternative: 'An equally effective, less costly service is available',
  benefit_limit_reached: 'More than the benefit’s limit',
};

/** Who an update about a request was given to. */
export const UPDATE_RECIPIENTS = ['enrollee', 'representative', 'provider', 'care_team'] as const;
export type UpdateRecipient = (typeof UPDATE_RECIPIENTS)[number];
export const UPDATE_RECIPIENT_LABELS: Record<UpdateRecipient, string> = {
  enrollee: 'The enrollee',
  representative: 'The enrollee’s representative',
  provider: 'The provider',
  care_team: 'The care team',
};

export const APPEAL_FILERS = ['enrollee', 'representative', 'provider'] as const;
export type AppealFiler = (typeof APPEAL_FILERS)[number];

export const APPEAL_OUTCOMES = ['upheld', 'overturned', 'partly_overturned'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
export const APPEAL_OUTCOME_LABELS: Record<AppealOutcome, string> = {
  upheld: 'Upheld (the decision stands)',
  overturned: 'Overturned (the service is approved)',
  partly_overturned: 'Partly overturned',
};
/** After these the enrollee may go to the next level. */
export const isAppealAdverse = (o: AppealOutcome | null | undefined) =>
  o === 'upheld' || o === 'partly_overturned';

/**
 * The level after the plan's appeal: Medicare's independent review entity (One Care, for Medicare-covered
 * services) or MassHealth's Board of Hearings (every program, for MassHealth-covered services).
 */
export const NEXT_LEVELS = ['medicare_ire', 'board_of_hearings'] as const;
export type NextLevel = (typeof NEXT_LEVELS)[number];
export const NEXT_LEVEL_LABELS: Record<NextLevel, string> = {
  medicare_ire: 'Medicare independent review entity',
  board_of_hearings: 'MassHealth Board of Hearings',
};

/** The kinds of clock a work queue shows for requests: the plan's decision on a request or on an appeal. */
export const REQUEST_CLOCK_KINDS = ['request_decision', 'appeal_decision'] as const;
export type RequestClockKind = (typeof REQUEST_CLOCK_KINDS)[number];
export const REQUEST_CLOCK_KIND_LABELS: Record<RequestClockKind, string> = {
  request_decision: 'Service request decision',
  appeal_decision: 'Appeal decision',
};

/** "5 hours left", "due now", "2 hours overdue". */
export function hoursLeftWords(hours: number) {
  const n = Math.abs(hours);
  const unit = `${n} hour${n === 1 ? '' : 's'}`;
  if (hours > 0) return `${unit} left`;
  if (hours === 0) return 'due within the hour';
  return `${unit} overdue`;
}
