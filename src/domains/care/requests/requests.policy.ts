// Who records, follows and decides service requests (issue 20). The plan (a One Care plan, an ACO or an MCO)
// keeps and decides them; a Community Partner on the enrollee's care team records a request it helped make,
// follows it and records the updates it gave, but never decides one. Built on the care policy's roles, so who
// keeps enrollee records here is said once (care.policy.ts).
import { type Actor, activeMembershipOf, hasRole } from '../../../platform/auth/actor.js';
import { definePolicy } from '../../../platform/auth/policy.js';
import { forbidden } from '../../../platform/http/errors.js';
import { carePolicy } from '../care.policy.js';

const HOLDERS = ['plan', 'aco', 'mco'];
const COMMUNITY_PARTNERS = ['cp_bh', 'cp_ltss'];
const kindOf = (actor: Actor) => activeMembershipOf(actor)?.orgKind ?? '';

/** A plan's record keepers: those who may create its enrollees. */
const keepsRecords = (actor: Actor) => carePolicy.can(actor, 'enrollee.create');
/** A Community Partner's care team staff: those who record contacts. */
const partnerStaff = (actor: Actor) =>
  COMMUNITY_PARTNERS.includes(kindOf(actor)) && carePolicy.can(actor, 'contact.record');

export const DECIDE_REFUSAL_CP =
  'Community Partners record and follow service requests; the member’s plan decides them.';
const DECIDE_REFUSAL =
  'Only the plan’s clinical care managers, nurses and administrators decide service requests and appeals.';
/** Who decides: a clinical reviewer (a clinical care manager or nurse) or the plan's administrator. */
const DECIDERS = ['clinical_care_manager', 'rn', 'org_admin'] as const;

export const requestsPolicy = definePolicy({
  /** Reading an enrollee's requests: whoever reads the enrollee (the service finds it visible). */
  'request.read': (actor) => carePolicy.can(actor, 'enrollee.read'),
  /** Recording a request, an update given about it, an appeal filed or the next level asked. */
  'request.record': (actor) => keepsRecords(actor) || partnerStaff(actor),
  'request.decide': (actor) => HOLDERS.includes(kindOf(actor)) && hasRole(actor, ...DECIDERS),
  /** The open clocks: whoever reads enrollees (a Community Partner follows the ones of its team's enrollees). */
  'request.queue': (actor) => carePolicy.can(actor, 'enrollee.list'),
  /** The monthly report of decisions: the plan's record keepers and auditors. */
  'request.report': (actor) =>
    HOLDERS.includes(kindOf(actor)) && (keepsRecords(actor) || hasRole(actor, 'auditor')),
});

/** Why the actor may not decide requests, in words, or null when they may. */
export function decideRefusal(actor: Actor): string | null {
  if (requestsPolicy.can(actor, 'request.decide')) return null;
  return COMMUNITY_PARTNERS.includes(kindOf(actor)) ? DECIDE_REFUSAL_CP : DECIDE_REFUSAL;
}

/** Refuses (403) with the reason in words unless the actor may decide requests and appeals. */
export function authorizeDecision(actor: Actor) {
  const why = decideRefusal(actor);
  if (why) throw forbidden(why);
}
