// The Community Partner enrollment rules, each with the period it is in force (decision 061). Pure data:
// `rulesOn(day)` gives the rules for an action effective that day.
import { DISENROLLMENT_REASONS, type DisenrollmentReason } from './enrollment.labels.js';

/** The Community Partners program began supporting members in July 2018 (seed 004). */
export const CP_PROGRAM_START = '2018-07-01';
const SOURCE = 'MassHealth Community Partners program: enrollment, disenrollment and transfer';

interface Period {
  effectiveFrom: string;
  /** The last day in force; null while it still is. */
  effectiveTo: string | null;
  source: string;
}

export type EnrollmentRule =
  | (Period & { kind: 'new_enrollment_gap'; days: number })
  | (Period & { kind: 'reenrollment_wait'; days: number })
  | (Period & { kind: 'disenroll_month_end' })
  | (Period & { kind: 'disenrollment_reason'; reason: DisenrollmentReason });

const since = { effectiveFrom: CP_PROGRAM_START, effectiveTo: null, source: SOURCE };

export const ENROLLMENT_RULES: readonly EnrollmentRule[] = [
  { kind: 'new_enrollment_gap', days: 90, ...since },
  { kind: 'reenrollment_wait', days: 30, ...since },
  { kind: 'disenroll_month_end', ...since },
  ...DISENROLLMENT_REASONS.map((reason) => ({ kind: 'disenrollment_reason' as const, reason, ...since })),
];

/** The rules in force on a day, as the lifecycle reads them. */
export interface RulesInForce {
  day: string;
  /** A gap longer than this many days makes a new enrollment; a shorter one continues the last. */
  newEnrollmentGapDays: number;
  /** No enrollment within this many days after a disenrollment. */
  reenrollmentWaitDays: number;
  /** A disenrollment takes effect on the last day of a month. */
  disenrollOnMonthEnd: boolean;
  reasons: ReadonlySet<DisenrollmentReason>;
}

const inForce = (rule: EnrollmentRule, day: string) =>
  rule.effectiveFrom <= day && (rule.effectiveTo === null || day <= rule.effectiveTo);

/** The rules in force on `day`; before the program began, none (every enrollment is refused for that). */
export function rulesOn(day: string, rules: readonly EnrollmentRule[] = ENROLLMENT_RULES): RulesInForce {
  const now = rules.filter((r) => inForce(r, day));
  const days = (kind: 'new_enrollment_gap' | 'reenrollment_wait', fallback: number) => {
    const rule = now.find((r) => r.kind === kind);
    return rule && 'days' in rule ? rule.days : fallback;
  };
  return {
    day,
    newEnrollmentGapDays: days('new_enrollment_gap', 90),
    reenrollmentWaitDays: days('reenrollment_wait', 0),
    disenrollOnMonthEnd: now.some((r) => r.kind === 'disenroll_month_end'),
    reasons: new Set(now.flatMap((r) => (r.kind === 'disenrollment_reason' ? [r.reason] : []))),
  };
}
