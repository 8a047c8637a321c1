// Assignment: Concord proposes a CP for each identified member for a month, a person at the ACO/MCO confirms
// (never past a CP's capacity, even when two confirm at once) or withdraws, and the CP records its outreach
// (decision 061).
import type { AssignmentView } from '@contract/enrollment/assignment.schemas.js';
import { addMonths } from '@contract/iso-days.js';
import { massachusettsDate, massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError } from '../../platform/http/errors.js';
import { proposeAssignments } from './assignment.js';
import * as repo from './assignment.repository.js';
import { AssignmentErrors } from './enrollment.errors.js';
import { enrollmentPolicy as policy } from './enrollment.policy.js';

const firstOf = (month: string) => `${month}-01`;

export function createAssignmentService(deps: { database: Database; audit: AuditTrail }) {
  const { database, audit } = deps;
  const read = <T>(actor: Actor, work: Parameters<typeof withReadScope<T>>[2]) =>
    withReadScope(database, scopeOf(actor), work);

  /** Adds the members' names and contact facts (the caller sees the assignments first), and audits the read. */
  async function withMembers(
    actor: Actor,
    rows: readonly repo.AssignmentRecord[],
  ): Promise<AssignmentView[]> {
    const facts = await repo.memberFacts(database.system, [...new Set(rows.map((r) => r.enrolleeId))]);
    for (const r of rows)
      audit.recordRead(actor, {
        entityType: 'enrollment_member',
        entityId: r.enrolleeId,
        orgId: r.orgId,
        details: { phi: true, what: 'assignment', assignmentId: r.id, actorOrgId: actor.orgId },
      });
    return rows.map((r) => {
      const m = facts.get(r.enrolleeId);
      return {
        ...r,
        memberName: m?.memberName ?? '',
        masshealthId: m?.masshealthId ?? '',
        county: m?.county ?? null,
        phone: m?.phone ?? null,
      };
    });
  }

  async function visible(actor: Actor, id: string) {
    const found = await read(actor, (db) => repo.findAssignment(db, id.toLowerCase()));
    if (!found) throw new AppError(AssignmentErrors.ASSIGNMENT_NOT_FOUND);
    return found;
  }

  return {
    /** Proposes a CP for every identified member waiting, for the month; returns who could not be placed. */
    async propose(actor: Actor, month: string) {
      policy.authorize(actor, 'assignment.decide');
      const orgId = activeOrgOf(actor);
      const today = massachusettsToday();
      if (month < today.slice(0, 7))
        throw new AppError(AssignmentErrors.MONTH_PAST, undefined, [
          { path: 'month', message: `Choose ${today.slice(0, 7)} or a later month` },
        ]);
      const limit = addMonths(`${today.slice(0, 7)}-01`, 12).slice(0, 7);
      if (month > limit)
        throw new AppError(AssignmentErrors.MONTH_PAST, undefined, [
          { path: 'month', message: `Choose a month up to ${limit}` },
        ]);
      const day = firstOf(month);
      const waiting = await read(actor, (db) => repo.waitingMembers(db, orgId, today));
      // One proposer at a time per ACO/MCO, counting free places after the last; a member someone else
      // proposed meanwhile is skipped by the live-assignment key.
      return database.system.transaction(async (tx) => {
        await repo.lockProposals(tx, orgId);
        const cps = await repo.candidates(tx, orgId, day, today);
        const { proposals, unplaced } = proposeAssignments(waiting, cps);
        await repo.insertProposals(tx, orgId, day, proposals);
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'enrollment_assignment',
          entityId: orgId,
          details: { month, proposed: proposals.length, unplaced: unplaced.length },
        });
        const byId = new Map(waiting.map((w) => [w.identificationId, w]));
        const before = await repo.notWaiting(tx, orgId, today);
        return {
          month,
          proposed: proposals.length,
          alreadyProposed: before.proposed - proposals.length,
          alreadyEnrolled: before.enrolled,
          unplaced: unplaced.map((u) => ({
            identificationId: u.identificationId,
            memberName: byId.get(u.identificationId)?.memberName ?? '',
            masshealthId: byId.get(u.identificationId)?.masshealthId ?? '',
            why: u.why,
          })),
        };
      });
    },

    async list(
      actor: Actor,
      filter: { month?: string | undefined; status?: string | undefined; q?: string | undefined },
      page: { offset: number; limit: number },
    ) {
      policy.authorize(actor, 'assignment.read');
      const { items, total } = await read(actor, (db) =>
        repo.listAssignments(db, { ...filter, month: filter.month && firstOf(filter.month) }, page),
      );
      return { items: await withMembers(actor, items), total };
    },

    async get(actor: Actor, id: string) {
      policy.authorize(actor, 'assignment.read');
      const found = await visible(actor, id);
      const outreach = await read(actor, (db) => repo.outreachOf(db, found.id));
      const [view] = await withMembers(actor, [found]);
      return { ...view!, outreach };
    },

    /**
     * Confirms proposed assignments, all or none: each CP's capacity is locked, then counted with these
     * members in; a CP short of places refuses the lot, naming it.
     */
    async confirm(actor: Actor, ids: readonly string[]) {
      policy.authorize(actor, 'assignment.decide');
      const orgId = activeOrgOf(actor);
      const unique = [...new Set(ids.map((i) => i.toLowerCase()))];
      const today = massachusettsToday();
      return database.system.transaction(async (tx) => {
        const found = await repo.assignmentsOf(tx, orgId, unique, today);
        if (found.length < unique.length) throw new AppError(AssignmentErrors.ASSIGNMENT_NOT_FOUND);
        if (found.some((a) => a.status !== 'proposed'))
          throw new AppError(AssignmentErrors.ASSIGNMENT_NOT_PROPOSED);
        // What made a proposal right may have changed since: the partnership, the identification, enrollment.
        const stale = found.flatMap((a) =>
          !a.partnered
            ? [`${a.memberName}: your partnership with ${a.cpName} is not in force for the month`]
            : !a.identified
              ? [`${a.memberName}: the identification has ended`]
              : a.enrolled
                ? [`${a.memberName}: already enrolled with a Community Partner`]
                : [],
        );
        if (stale.length > 0)
          throw new AppError(
            AssignmentErrors.ASSIGNMENT_STALE,
            undefined,
            stale.map((message) => ({ path: 'ids', message })),
          );
        const wanted = new Map<string, number>();
        for (const a of found) wanted.set(a.cpOrgId, (wanted.get(a.cpOrgId) ?? 0) + 1);
        const places = await repo.lockPlaces(tx, [...wanted.keys()].sort(), today);
        const short = places.filter((p) => p.used + (wanted.get(p.cpOrgId) ?? 0) > (p.confirmed ?? 0));
        if (short.length > 0)
          throw new AppError(
            AssignmentErrors.CAPACITY_EXCEEDED,
            undefined,
            short.map((p) => ({
              path: 'ids',
              message: `${p.name} has ${Math.max(0, (p.confirmed ?? 0) - p.used)} free places (${p.confirmed ?? 0} confirmed, ${p.used} used); ${wanted.get(p.cpOrgId)} selected`,
            })),
          );
        await repo.confirm(tx, orgId, unique, { personId: actor.personId, name: actor.name });
        await audit.recordChange(
          tx,
          actor,
          ...found.map((a) => ({
            action: 'update' as const,
            entityType: 'enrollment_assignment' as const,
            entityId: a.id,
            details: { status: 'confirmed', cpOrgId: a.cpOrgId },
          })),
        );
        return { confirmed: unique.length };
      });
    },

    async withdraw(actor: Actor, id: string, reason: string) {
      policy.authorize(actor, 'assignment.decide');
      const orgId = activeOrgOf(actor);
      const found = await visible(actor, id);
      if (found.orgId !== orgId) throw new AppError(AssignmentErrors.ASSIGNMENT_NOT_FOUND);
      await withScope(database, scopeOf(actor), async (tx) => {
        if (!(await repo.withdraw(tx, orgId, found.id, reason)))
          throw new AppError(AssignmentErrors.ASSIGNMENT_NOT_LIVE);
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'enrollment_assignment',
          entityId: found.id,
          details: { status: 'withdrawn', reason },
        });
      });
    },

    /** The CP records an attempt to reach a member confirmed to it. */
    async recordOutreach(
      actor: Actor,
      id: string,
      input: { attemptedOn: string; mode: string; reached: boolean; note: string | null },
    ) {
      policy.authorize(actor, 'assignment.outreach');
      const orgId = activeOrgOf(actor);
      const found = await visible(actor, id);
      if (found.cpOrgId !== orgId) throw new AppError(AssignmentErrors.OUTREACH_NOT_YOURS);
      if (found.status !== 'confirmed') throw new AppError(AssignmentErrors.OUTREACH_NOT_CONFIRMED);
      const confirmedOn = found.confirmedAt ? massachusettsDate(new Date(found.confirmedAt)) : null;
      if (confirmedOn && input.attemptedOn < confirmedOn)
        throw new AppError(AssignmentErrors.OUTREACH_DATE, undefined, [
          {
            path: 'attemptedOn',
            message: `Enter a day from ${confirmedOn}, when the assignment was confirmed`,
          },
        ]);
      if (input.attemptedOn > massachusettsToday())
        throw new AppError(AssignmentErrors.OUTREACH_DATE, undefined, [
          { path: 'attemptedOn', message: 'Enter the day of the attempt: today or earlier' },
        ]);
      return withScope(database, scopeOf(actor), async (tx) => {
        const outreachId = await repo.insertOutreach(
          tx,
          { orgId: found.orgId, assignmentId: found.id, cpOrgId: orgId },
          input,
          { personId: actor.personId, name: actor.name },
        );
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'enrollment_member',
          entityId: found.enrolleeId,
          details: {
            phi: true,
            outreachId,
            assignmentId: found.id,
            reached: input.reached,
            holderOrgId: found.orgId,
          },
        });
        return { id: outreachId };
      });
    },
  };
}
export type AssignmentService = ReturnType<typeof createAssignmentService>;
