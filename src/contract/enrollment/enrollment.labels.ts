// Community Partner enrollment's words: the batch file's columns and action codes, the disenrollment
// reasons and the member's statuses, shared by the server (its template, checks and exports) and the web app.

/** The batch file's columns, in the state portal's order (decision 061). */
export const BATCH_COLUMNS = [
  'Medicaid_ID',
  'Member_Name_Last',
  'Member_Name_First',
  'Member_Date_of_Birth',
  'Member_Sex',
  'ACO_MCO_PID',
  'ACO_MCO_SL',
  'CP_PID',
  'CP_SL',
  'Action',
  'Effective_Date',
  'Disenrollment_Reason',
  'Transfer_To_CP_PID',
  'Transfer_To_CP_SL',
  'Submitter_Notes',
] as const;
export type BatchColumn = (typeof BATCH_COLUMNS)[number];

export const BATCH_ACTIONS = ['E', 'D', 'T'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];
export const BATCH_ACTION_LABELS: Record<BatchAction, string> = {
  E: 'Enroll',
  D: 'Disenroll',
  T: 'Transfer',
};

export const DISENROLLMENT_REASONS = [
  'DECLINED',
  'UNREACHABLE',
  'MOVED',
  'GRADUATED',
  'MEMBER_CHANGE',
  'PLAN_CHANGE',
  'MEDICAL_EXCEPTION',
  'LOST_ELIGIBILITY',
  'DISENGAGED',
  'DECEASED',
] as const;
export type DisenrollmentReason = (typeof DISENROLLMENT_REASONS)[number];
export const DISENROLLMENT_REASON_LABELS: Record<DisenrollmentReason, string> = {
  DECLINED: 'Member declined',
  UNREACHABLE: 'Unable to reach the member',
  MOVED: 'Moved out of the service area',
  GRADUATED: 'Graduated: goals met',
  MEMBER_CHANGE: 'Member requested a change',
  PLAN_CHANGE: 'ACO/MCO requested a change',
  MEDICAL_EXCEPTION: 'Medical exception',
  LOST_ELIGIBILITY: 'Lost MassHealth eligibility',
  DISENGAGED: 'Member disengaged',
  DECEASED: 'Member deceased',
};

/** How a span ended: a disenrollment reason, or a transfer to another CP. */
export type SpanEnd = DisenrollmentReason | 'TRANSFERRED';
export const spanEndLabel = (end: string) =>
  end === 'TRANSFERRED'
    ? 'Transferred to another Community Partner'
    : (DISENROLLMENT_REASON_LABELS[end as DisenrollmentReason] ?? end);

/** A member's status on a day, from their spans (identification and assignment come before "enrolled"). */
export const MEMBER_STATUSES = ['not_enrolled', 'enrolled', 'disenrolled'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const BATCH_OUTCOMES = ['running', 'applied', 'checked', 'rejected', 'refused', 'stopped'] as const;
export type BatchOutcome = (typeof BATCH_OUTCOMES)[number];
export const BATCH_OUTCOME_LABELS: Record<BatchOutcome, string> = {
  running: 'Being checked',
  applied: 'Applied',
  checked: 'Checked, not applied',
  rejected: 'Rejected: nothing applied',
  refused: 'Refused: nothing applied',
  stopped: 'Stopped: nothing applied',
};

/** A row's outcome in the result workbook. */
export const ROW_OUTCOMES = ['accepted', 'passed', 'refused'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];
export const ROW_OUTCOME_LABELS: Record<RowOutcome, string> = {
  accepted: 'Accepted',
  passed: 'No problem (not applied)',
  refused: 'Refused',
};

/** What a member may ask of their CP enrollment at any time (it never affects their MassHealth benefits). */
export const MEMBER_CHOICES = ['different_cp', 'decline'] as const;
export type MemberChoice = (typeof MEMBER_CHOICES)[number];
export const MEMBER_CHOICE_LABELS: Record<MemberChoice, string> = {
  different_cp: 'Asked for a different Community Partner',
  decline: 'Declined Community Partner support',
};
/** Said beside every choice recorded, and on the form. */
export const BENEFITS_UNAFFECTED = 'This does not affect the member’s MassHealth benefits.';
