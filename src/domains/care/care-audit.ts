import type { AuditInput, AuditTrail } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';

/**
 * An enrollee's record is the holding plan's, but a care team's organisations read it and record on it. Each
 * such read or change is written in the actor's organisation's chain, as every event is, and ALSO in the
 * holder's, with the actor's organisation in its details, so the plan's audit log shows who outside it saw
 * or changed its member's record (decision 050).
 */
const forHolder = <T extends Omit<AuditInput, 'action'>>(actor: Actor, holderOrgId: string, input: T): T => ({
  ...input,
  orgId: holderOrgId,
  details: { ...input.details, actorOrgId: actor.orgId },
});

/**
 * Whether the holder gets a copy: when the actor is another organisation, and the record is not one tagged under
 * 42 CFR Part 2 (`details.part2`), whose existence the holder's log would otherwise disclose (decision 060).
 */
const outside = (actor: Actor, holderOrgId: string, input: Pick<AuditInput, 'details'>) =>
  Boolean(actor.orgId) && actor.orgId !== holderOrgId && input.details?.part2 !== true;

/** An event's details, marked when the record is tagged under 42 CFR Part 2 (not copied to the holder). */
export const part2Marked = <T extends Record<string, unknown>>(
  details: T,
  record: { part2OrgId: string | null } | { part2: boolean },
) =>
  ('part2' in record ? record.part2 : record.part2OrgId !== null) ? { ...details, part2: true } : details;

/** Records a read of the holder's enrollee (or enrollees) in the actor's chain, and the holder's when another. */
export function recordEnrolleeRead(
  audit: AuditTrail,
  actor: Actor,
  holderOrgId: string,
  input: Omit<AuditInput, 'action'> & { action?: string },
) {
  audit.recordRead(actor, input);
  if (outside(actor, holderOrgId, input)) audit.recordRead(actor, forHolder(actor, holderOrgId, input));
}

/**
 * The holder's copy of a change another organisation made on its enrollee, written once the change has
 * committed: the change's own transaction is scoped to the actor's organisation and cannot append to the
 * holder's chain (its head is not visible there), so this copy is the one event written after, not with, it.
 */
export async function recordOutsideChange(
  audit: AuditTrail,
  actor: Actor,
  holderOrgId: string,
  input: AuditInput,
) {
  if (outside(actor, holderOrgId, input)) await audit.recordNow(actor, forHolder(actor, holderOrgId, input));
}

/** The holder's copies of several changes, but for those of records `tagged` finds tagged under 42 CFR Part 2. */
export async function recordOutsideChanges(
  audit: AuditTrail,
  actor: Actor,
  holderOrgId: string,
  inputs: readonly AuditInput[],
  tagged: (ids: string[]) => Promise<Set<string>>,
) {
  const marked = await tagged([...new Set(inputs.flatMap((i) => (i.entityId ? [i.entityId] : [])))]);
  for (const input of inputs)
    await recordOutsideChange(
      audit,
      actor,
      holderOrgId,
      input.entityId && marked.has(input.entityId)
        ? { ...input, details: { ...input.details, part2: true } }
        : input,
    );
}

/** The enrollees a list or queue page showed, grouped by each holder other than the actor's organisation. */
export function idsByOtherHolder(actor: Actor, shown: readonly { id: string; orgId: string }[]) {
  const byHolder = new Map<string, string[]>();
  for (const { id, orgId } of shown)
    if (orgId !== actor.orgId) byHolder.set(orgId, [...(byHolder.get(orgId) ?? []), id]);
  return byHolder;
}
