// What the care service's parts share (care.service, care-team.service, care-contacts.service): the database,
// the audit trail, how each finds its enrollee and names a team member, and the constraint errors in words.
import { teamMemberStatus } from '@contract/care/care.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { CareErrors } from './care.errors.js';
import { carePolicy as policy } from './care.policy.js';
import * as repo from './care.repository.js';

/** PostgreSQL's unique and exclusion violations, by constraint name. */
function violated(err: unknown, constraint: string) {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e.cause ?? e;
  return (c.code === '23505' || c.code === '23P01') && c.constraint === constraint;
}

/** What the care service's parts share: the database, the audit trail and how each finds its enrollee. */
export function careContext(database: Database, audit: AuditTrail) {
  function scoped<T>(actor: Actor, work: (tx: Db, orgId: string) => Promise<T>, { read = false } = {}) {
    const orgId = activeOrgOf(actor);
    return (read ? withReadScope : withScope)(database, scopeOf(actor), (tx) => work(tx, orgId));
  }

  /** The enrollee, visible to the actor's organisation and kept by it (the holder). */
  async function heldEnrollee(tx: Db, actor: Actor, orgId: string, id: string) {
    if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
    const enrollee = await repo.findEnrollee(tx, orgId, id, massachusettsToday());
    if (!enrollee) throw notFound('The enrollee');
    policy.authorize(actor, 'enrollee.update', enrollee);
    return enrollee;
  }

  async function withNames<T extends repo.TeamMember>(members: T[]) {
    const today = massachusettsToday();
    const names = await repo.namesOf(
      database.system,
      [...new Set(members.map((m) => m.personId))],
      [...new Set(members.map((m) => m.memberOrgId))],
    );
    return members.map(({ orgId: _o, enrolleeId: _e, createdAt: _c, updatedAt: _u, ...m }) => ({
      ...m,
      name: names.person.get(m.personId) ?? '',
      memberOrgName: names.org.get(m.memberOrgId) ?? '',
      status: teamMemberStatus(m, today),
    }));
  }

  function teamView(member: repo.TeamMember) {
    return withNames([member]).then((m) => m[0]!);
  }

  return { database, audit, scoped, heldEnrollee, withNames, teamView };
}
export type CareContext = ReturnType<typeof careContext>;

export function mbiTaken(masshealthId?: string) {
  return new AppError(CareErrors.ENROLLEE_MBI_TAKEN, undefined, [
    {
      path: 'body.mbi',
      message: masshealthId
        ? `This MBI is recorded for another enrollee here, MassHealth ID ${masshealthId}`
        : 'This MBI is recorded for another enrollee here',
    },
  ]);
}

export function masshealthTaken() {
  return new AppError(CareErrors.ENROLLEE_MASSHEALTH_TAKEN, undefined, [
    { path: 'body.masshealthId', message: 'Another enrollee here has this MassHealth member ID' },
  ]);
}

/** Two requests at once that both passed the checks: the database's constraints answer instead. */
export function rethrow(err: unknown): never {
  if (violated(err, 'care_enrollments_no_overlap')) throw new AppError(CareErrors.ENROLLMENT_OVERLAP);
  if (violated(err, 'care_enrollees_masshealth_key')) throw masshealthTaken();
  if (violated(err, 'care_enrollees_mbi_key')) throw mbiTaken();
  if (
    violated(err, 'care_team_members_one_spoc_key') ||
    violated(err, 'care_team_members_one_spoc_at_a_time')
  )
    throw new AppError(CareErrors.SPOC_ALREADY);
  throw err;
}
