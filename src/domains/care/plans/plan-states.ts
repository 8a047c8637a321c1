// A plan's state checked before a change, and the database's refusals of one in the plan's own words (decision 058).
import { AppError } from '../../../platform/http/errors.js';
import { CareErrors } from '../care.errors.js';

/** Refuses a plan that is not in `status`, saying why in the plan's own terms (locked, out for signatures, a draft). */
export function mustBe(plan: { status: string }, status: 'draft' | 'in_sign_off') {
  if (plan.status === status) return;
  if (plan.status === 'signed') throw new AppError(CareErrors.PLAN_LOCKED);
  throw new AppError(status === 'draft' ? CareErrors.PLAN_IN_SIGN_OFF : CareErrors.PLAN_NOT_SENT);
}

/** A locked or out-for-signatures plan refused by its trigger, or a second open plan. */
export function rethrowPlan(err: unknown): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e.cause ?? e;
  if (c.constraint === 'care_plans_locked_row') throw new AppError(CareErrors.PLAN_LOCKED);
  if (c.constraint === 'care_plans_one_open_key') throw new AppError(CareErrors.PLAN_OPEN_ALREADY);
  if (c.constraint === 'care_plan_signatures_step_key') throw new AppError(CareErrors.PLAN_STEP_SIGNED);
  throw err;
}
