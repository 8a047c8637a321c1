import {
  CARE_PROGRAM_LABELS,
  CARE_TEAM_ROLE_LABELS,
  type CareTeamRole,
  type ContactInput,
  type ContactListQuery,
  type EnrolleeInput,
  type EnrolleeListQuery,
  type EnrolleePatch,
  type EnrollmentInput,
  type SpocInput,
  type TeamMemberInput,
  teamMemberStatus,
} from '@contract/care/care.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import { CareErrors } from './care.errors.js';
import { carePolicy as policy } from './care.policy.js';
import * as repo from './care.repository.js';
import { recordEnrolleeRead, recordOutsideChange } from './care-audit.js';

type Page = { offset: number; limit: number };

/** The day before an ISO date. */
const dayBefore = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** PostgreSQL's unique and exclusion violations, by constraint name. */
function violated(err: unknown, constraint: string) {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e.cause ?? e;
  return (c.code === '23505' || c.code === '23P01') && c.constraint === constraint;
}

const describeEnrollment = (e: repo.Enrollment) =>
  `${CARE_PROGRAM_LABELS[e.program]} from ${e.effectiveOn}${e.endsOn ? ` to ${e.endsOn}` : ', with no end date'}`;

/** Every care team role but "other" is an organisation role of the same name, which the member must hold. */
type RoleBackedTeamRole = Exclude<CareTeamRole, 'other'>;

/** A role's name inside a sentence: "care coordinator", but "LTS coordinator" and "PCP designee" as written. */
const roleWords = (role: RoleBackedTeamRole) => {
  const label = CARE_TEAM_ROLE_LABELS[role];
  return /^[A-Z]{2}/.test(label) ? label : label[0]!.toLowerCase() + label.slice(1);
};

/**
 * A care team member must hold a role (for the single point of contact: that role) at the plan or an
 * organisation in its network on the day they start. Asked of the table owner before the request's
 * transaction: the plan cannot see another organisation's roles, and PGlite has one connection.
 */
export async function checkTeamEligible(
  database: Database,
  planId: string,
  input: { personId: string; memberOrgId: string; startsOn: string },
  roles: readonly RoleBackedTeamRole[] | null,
) {
  const ok = await repo.eligibleMember(
    database.system,
    planId,
    input.memberOrgId,
    input.personId,
    roles,
    input.startsOn,
  );
  if (!ok)
    throw new AppError(CareErrors.TEAM_MEMBER_NOT_ELIGIBLE, undefined, [
      {
        path: 'body.personId',
        message: roles
          ? `Choose someone who holds the ${roles.map(roleWords).join(' or ')} role on ${input.startsOn} at the plan or an organisation in its network`
          : `Choose someone with a role on ${input.startsOn} at the plan or an organisation in its network`,
      },
    ]);
}

/**
 * Makes the person the enrollee's single point of contact from `startsOn` in the caller's transaction: the
 * open one ends the day before (kept as history); refused when the open one starts on or after that day.
 */
export async function replaceSpoc(
  tx: Db,
  orgId: string,
  enrolleeId: string,
  input: Pick<SpocInput, 'personId' | 'role' | 'memberOrgId' | 'startsOn'>,
) {
  const previous = await repo.openSpocOf(tx, orgId, enrolleeId);
  if (previous) {
    if (previous.startsOn >= input.startsOn)
      throw new AppError(
        CareErrors.SPOC_ALREADY,
        `The current single point of contact started on ${previous.startsOn}; the new one must start after that.`,
        [{ path: 'body.startsOn', message: `Choose a day after ${previous.startsOn}` }],
      );
    await repo.updateTeamMember(tx, orgId, previous.id, undefined, { endsOn: dayBefore(input.startsOn) });
  }
  const row = await repo.insertTeamMember(tx, {
    orgId,
    enrolleeId,
    personId: input.personId,
    role: input.role,
    singlePointOfContact: true,
    memberOrgId: input.memberOrgId,
    startsOn: input.startsOn,
  });
  return { row, previous: previous ?? null };
}

export function createCareService({ database, audit }: { database: Database; audit: AuditTrail }) {
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

  /**
   * The enrollee is one the caller keeps (refused as any other missing or forbidden enrollee, before anything
   * is said about the person), then the person may join its team.
   */
  async function checkEligible(
    actor: Actor,
    enrolleeId: string,
    input: { personId: string; memberOrgId: string; startsOn: string },
    roles: readonly RoleBackedTeamRole[] | null,
  ) {
    await scoped(actor, (tx, orgId) => heldEnrollee(tx, actor, orgId, enrolleeId));
    await checkTeamEligible(database, activeOrgOf(actor), input, roles);
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

  return {
    async listEnrollees({ actor, query, page }: { actor: Actor; query: EnrolleeListQuery; page: Page }) {
      policy.authorize(actor, 'enrollee.list');
      const { items, total } = await scoped(
        actor,
        (db, orgId) => repo.listEnrollees(db, orgId, query, page, massachusettsToday()),
        { read: true },
      );
      const ids = items.map((i) => i.coordinatorId).filter((x): x is string => Boolean(x));
      const names = await repo.namesOf(database.system, [...new Set(ids)], []);
      audit.recordRead(actor, {
        entityType: 'care_enrollee',
        action: 'list',
        details: { phi: true, ids: items.map((i) => i.id) },
      });
      // Each other holder whose enrollees the page shows gets its own row naming only its enrollees.
      const byHolder = new Map<string, string[]>();
      for (const i of items)
        if (i.orgId !== actor.orgId) byHolder.set(i.orgId, [...(byHolder.get(i.orgId) ?? []), i.id]);
      for (const [holderOrgId, ids] of byHolder)
        audit.recordRead(actor, {
          entityType: 'care_enrollee',
          action: 'list',
          orgId: holderOrgId,
          details: { phi: true, ids, actorOrgId: actor.orgId },
        });
      return {
        items: items.map(({ orgId: _holder, ...i }) => ({
          ...i,
          coordinatorName: i.coordinatorId ? (names.person.get(i.coordinatorId) ?? null) : null,
        })),
        total,
      };
    },

    /** One enrollee with enrollments and care team; every read is audited as PHI. */
    async getEnrollee({ actor, id }: { actor: Actor; id: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const found = await scoped(
        actor,
        async (db, orgId) => {
          const enrollee = await repo.findEnrollee(db, orgId, id, massachusettsToday());
          if (!enrollee) return undefined;
          const [enrollments, team] = await Promise.all([
            repo.enrollmentsOf(db, enrollee.orgId, id),
            repo.teamOf(db, enrollee.orgId, id),
          ]);
          return { enrollee, enrollments, team };
        },
        { read: true },
      );
      if (!found) throw notFound('The enrollee');
      const { enrollee, enrollments, team } = found;
      recordEnrolleeRead(audit, actor, enrollee.orgId, {
        entityType: 'care_enrollee',
        entityId: id,
        details: { phi: true },
      });
      const names = await repo.namesOf(database.system, [], [enrollee.orgId]);
      const { createdAt: _c, updatedAt: _u, ...fields } = enrollee;
      return {
        ...fields,
        accessibleFormats: fields.accessibleFormats as (typeof fields.accessibleFormats)[number][] as never[],
        orgName: names.org.get(enrollee.orgId) ?? '',
        enrollments: enrollments.map(({ id, program, effectiveOn, endsOn, version }) => ({
          id,
          program,
          effectiveOn,
          endsOn,
          version,
        })),
        team: await withNames(team),
      };
    },

    createEnrollee({ actor, input }: { actor: Actor; input: EnrolleeInput }) {
      policy.authorize(actor, 'enrollee.create');
      return scoped(actor, async (tx, orgId) => {
        if (await repo.findByMasshealthId(tx, orgId, input.masshealthId)) throw masshealthTaken();
        if (input.mbi) await checkMbiFree(tx, orgId, input.mbi, null);
        const enrollee = await repo.insertEnrollee(tx, orgId, input);
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'care_enrollee',
          entityId: enrollee.id,
          details: { fields: Object.keys(input) },
        });
        return enrollee;
      }).catch(rethrow);
    },

    updateEnrollee({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: EnrolleePatch;
    }) {
      return scoped(actor, async (tx, orgId) => {
        const current = await heldEnrollee(tx, actor, orgId, id);
        // Only what differs is written: a change that changes nothing keeps the version and leaves no audit row.
        const changed = (Object.keys(input) as (keyof EnrolleePatch)[]).filter(
          (k) => input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(current[k]),
        );
        if (!changed.length) {
          if (current.version !== version) staleOrMissing(true, 'The enrollee');
          return current;
        }
        if (input.masshealthId && input.masshealthId !== current.masshealthId) {
          const holder = await repo.findByMasshealthId(tx, orgId, input.masshealthId);
          if (holder && holder.id !== id) throw masshealthTaken();
        }
        if (input.mbi && input.mbi !== current.mbi) await checkMbiFree(tx, orgId, input.mbi, id);
        const updated = await repo.updateEnrollee(
          tx,
          orgId,
          id,
          version,
          Object.fromEntries(changed.map((k) => [k, input[k]])),
        );
        if (!updated) staleOrMissing(true, 'The enrollee');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'care_enrollee',
          entityId: id,
          details: { fields: changed },
        });
        return updated;
      }).catch(rethrow);
    },

    addEnrollment({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: EnrollmentInput;
    }) {
      return scoped(actor, async (tx, orgId) => {
        await heldEnrollee(tx, actor, orgId, enrolleeId);
        await repo.lockEnrollee(tx, orgId, enrolleeId);
        const other = await repo.overlappingEnrollment(
          tx,
          orgId,
          enrolleeId,
          input.program,
          input.effectiveOn,
          input.endsOn ?? null,
        );
        if (other) throw overlap(other);
        const enrollment = await repo.insertEnrollment(tx, orgId, enrolleeId, input);
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'care_enrollment',
          entityId: enrollment.id,
          details: {
            enrolleeId,
            program: input.program,
            effectiveOn: input.effectiveOn,
            endsOn: input.endsOn ?? null,
          },
        });
        return enrollment;
      }).catch(rethrow);
    },

    endEnrollment({
      actor,
      enrolleeId,
      id,
      version,
      endsOn,
    }: {
      actor: Actor;
      enrolleeId: string;
      id: string;
      version: number;
      endsOn: string;
    }) {
      return scoped(actor, async (tx, orgId) => {
        await heldEnrollee(tx, actor, orgId, enrolleeId);
        await repo.lockEnrollee(tx, orgId, enrolleeId);
        const current = await repo.findEnrollment(tx, orgId, enrolleeId, id);
        if (!current) throw notFound('The enrollment');
        if (endsOn < current.effectiveOn)
          throw new AppError(
            CareErrors.ENROLLMENT_OVERLAP,
            'An enrollment cannot end before it takes effect.',
            [{ path: 'body.endsOn', message: `Choose a day on or after ${current.effectiveOn}` }],
          );
        const other = await repo.overlappingEnrollment(
          tx,
          orgId,
          enrolleeId,
          current.program,
          current.effectiveOn,
          endsOn,
          id,
        );
        if (other) throw overlap(other);
        const ended = await repo.endEnrollment(tx, orgId, id, version, endsOn);
        if (!ended) staleOrMissing(true, 'The enrollment');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'care_enrollment',
          entityId: id,
          details: { enrolleeId, endsOn },
        });
        return ended;
      }).catch(rethrow);
    },

    /** Adds someone to the care team (not as single point of contact: that is `changeSpoc`). */
    async addTeamMember({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: TeamMemberInput;
    }) {
      // The part is one the person holds (decision 050): "other" asks only for some role there.
      await checkEligible(actor, enrolleeId, input, input.role === 'other' ? null : [input.role]);
      const member = await scoped(actor, async (tx, orgId) => {
        await heldEnrollee(tx, actor, orgId, enrolleeId);
        await repo.lockEnrollee(tx, orgId, enrolleeId);
        const same = await repo.overlappingMembership(
          tx,
          orgId,
          enrolleeId,
          input.personId,
          input.role,
          input.startsOn,
          input.endsOn ?? null,
        );
        if (same)
          throw new AppError(CareErrors.TEAM_MEMBER_DUPLICATE, undefined, [
            {
              path: 'body.startsOn',
              message: `Already on the team in this role from ${same.startsOn}${same.endsOn ? ` to ${same.endsOn}` : ', with no end date'} (membership ${same.id})`,
            },
          ]);
        const row = await repo.insertTeamMember(tx, {
          orgId,
          enrolleeId,
          personId: input.personId,
          role: input.role,
          memberOrgId: input.memberOrgId,
          startsOn: input.startsOn,
          endsOn: input.endsOn ?? null,
        });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'care_team_member',
          entityId: row.id,
          details: { enrolleeId, personId: input.personId, role: input.role, memberOrgId: input.memberOrgId },
        });
        return row;
      });
      return teamView(member);
    },

    /**
     * Makes the person the enrollee's single point of contact from `startsOn`; the one before ends the day
     * before (kept as history).
     */
    async changeSpoc({ actor, enrolleeId, input }: { actor: Actor; enrolleeId: string; input: SpocInput }) {
      await checkEligible(actor, enrolleeId, input, [input.role]);
      const member = await scoped(actor, async (tx, orgId) => {
        await heldEnrollee(tx, actor, orgId, enrolleeId);
        const { row, previous } = await replaceSpoc(tx, orgId, enrolleeId, input);
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'care_team_member',
          entityId: row.id,
          details: {
            enrolleeId,
            singlePointOfContact: true,
            personId: input.personId,
            replaces: previous?.id ?? null,
          },
        });
        return row;
      }).catch(rethrow);
      return teamView(member);
    },

    async endTeamMember({
      actor,
      enrolleeId,
      id,
      version,
      endsOn,
    }: {
      actor: Actor;
      enrolleeId: string;
      id: string;
      version: number;
      endsOn: string;
    }) {
      const member = await scoped(actor, async (tx, orgId) => {
        await heldEnrollee(tx, actor, orgId, enrolleeId);
        const current = await repo.findTeamMember(tx, orgId, enrolleeId, id);
        if (!current) throw notFound('The care team member');
        if (endsOn < current.startsOn)
          throw new AppError(
            CareErrors.TEAM_MEMBER_NOT_ELIGIBLE,
            'A team membership cannot end before it starts.',
            [{ path: 'body.endsOn', message: `Choose a day on or after ${current.startsOn}` }],
          );
        // An end only comes earlier: moving it later could overlap whoever took over (a single point of
        // contact's successor starts the day after), and re-joining is a new membership with its own dates.
        if (current.endsOn && endsOn > current.endsOn)
          throw new AppError(
            CareErrors.TEAM_MEMBER_ENDED,
            `This membership ended on ${current.endsOn}; an end can only be brought earlier. Add a new membership to extend it.`,
            [{ path: 'body.endsOn', message: `Choose a day on or before ${current.endsOn}` }],
          );
        const ended = await repo.updateTeamMember(tx, orgId, id, version, { endsOn });
        if (!ended) staleOrMissing(true, 'The care team member');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'care_team_member',
          entityId: id,
          details: { enrolleeId, endsOn },
        });
        return ended;
      }).catch(rethrow);
      return teamView(member);
    },

    /** Records that an LTS coordinator was offered (on an LTS coordinator's team row), or the answer. */
    async recordLts({
      actor,
      enrolleeId,
      id,
      version,
      change,
    }: {
      actor: Actor;
      enrolleeId: string;
      id: string;
      version: number;
      change: { offeredOn: string } | { response: 'accepted' | 'declined'; respondedOn: string };
    }) {
      const member = await scoped(actor, async (tx, orgId) => {
        await heldEnrollee(tx, actor, orgId, enrolleeId);
        const current = await repo.findTeamMember(tx, orgId, enrolleeId, id);
        if (current?.role !== 'lts_coordinator') throw notFound('The LTS coordinator');
        let changes: Parameters<typeof repo.updateTeamMember>[4];
        if ('offeredOn' in change) changes = { ltsOfferedOn: change.offeredOn, ltsResponse: 'pending' };
        else {
          if (!current.ltsOfferedOn) throw new AppError(CareErrors.LTS_NOT_OFFERED);
          if (change.respondedOn < current.ltsOfferedOn)
            throw new AppError(CareErrors.LTS_NOT_OFFERED, 'The answer cannot come before the offer.', [
              { path: 'body.respondedOn', message: `Choose a day on or after ${current.ltsOfferedOn}` },
            ]);
          changes = { ltsResponse: change.response, ltsRespondedOn: change.respondedOn };
        }
        const updated = await repo.updateTeamMember(tx, orgId, id, version, changes);
        if (!updated) staleOrMissing(true, 'The LTS coordinator');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'care_team_member',
          entityId: id,
          details: { enrolleeId, ...change },
        });
        return updated;
      });
      return teamView(member);
    },

    /** Records an attempt to reach the enrollee, by the actor, for the organisation they act for. */
    async recordContact({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: ContactInput;
    }) {
      policy.authorize(actor, 'contact.record');
      const contact = await scoped(actor, async (tx, orgId) => {
        const today = massachusettsToday();
        const enrollee = await repo.findEnrollee(tx, orgId, enrolleeId, today);
        if (!enrollee) throw notFound('The enrollee');
        // Another organisation on the team sees the enrollee for oversight; only its people on the team
        // record a contact (decision 050).
        if (
          enrollee.orgId !== orgId &&
          (!actor.personId ||
            !(await repo.onTeam(tx, enrollee.orgId, enrolleeId, actor.personId, orgId, today)))
        )
          throw forbidden(
            'Only the enrollee’s care team members, and the plan that holds the record, record a contact.',
          );
        const row = await repo.insertContact(tx, {
          orgId: enrollee.orgId,
          enrolleeId,
          mode: input.mode,
          reached: input.reached,
          madeBy: actor.personId,
          madeForOrgId: orgId,
          occurredAt: new Date(input.occurredAt),
          notes: input.notes ?? null,
        });
        await audit.recordChange(tx, actor, contactEvent(row));
        return row;
      });
      await recordOutsideChange(audit, actor, contact.orgId, contactEvent(contact));
      return contactView(contact);
    },

    async listContacts({
      actor,
      enrolleeId,
      query,
      page,
    }: {
      actor: Actor;
      enrolleeId: string;
      query: ContactListQuery;
      page: Page;
    }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const {
        items: rows,
        total,
        holder,
      } = await scoped(
        actor,
        async (db, orgId) => {
          const enrollee = await repo.findEnrollee(db, orgId, enrolleeId, massachusettsToday());
          if (!enrollee) throw notFound('The enrollee');
          return {
            ...(await repo.contactsOf(db, enrollee.orgId, enrolleeId, query, page)),
            holder: enrollee.orgId,
          };
        },
        { read: true },
      );
      recordEnrolleeRead(audit, actor, holder, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_contacts',
        details: { phi: true },
      });
      const names = await repo.namesOf(database.system, [...new Set(rows.map((r) => r.madeBy))], []);
      return {
        items: rows.map((r) => ({ ...plainContact(r), madeByName: names.person.get(r.madeBy) ?? '' })),
        total,
      };
    },
  };

  async function contactView(row: Awaited<ReturnType<typeof repo.insertContact>>) {
    const names = await repo.namesOf(database.system, [row.madeBy], []);
    return { ...plainContact(row), madeByName: names.person.get(row.madeBy) ?? '' };
  }
}

function contactEvent(row: Awaited<ReturnType<typeof repo.insertContact>>) {
  return {
    action: 'create',
    entityType: 'care_contact',
    entityId: row.id,
    details: { enrolleeId: row.enrolleeId, mode: row.mode, reached: row.reached },
  };
}

function plainContact(row: Awaited<ReturnType<typeof repo.insertContact>>) {
  return {
    id: row.id,
    mode: row.mode,
    reached: row.reached,
    madeBy: row.madeBy,
    occurredAt: row.occurredAt.toISOString(),
    notes: row.notes,
  };
}

/** Refuses an MBI another enrollee here holds, naming that enrollee as the roster import does. */
async function checkMbiFree(tx: Db, orgId: string, mbi: string, exceptId: string | null) {
  const holder = await repo.findByMbi(tx, orgId, mbi);
  if (holder && holder.id !== exceptId) throw mbiTaken(holder.masshealthId);
}

function mbiTaken(masshealthId?: string) {
  return new AppError(CareErrors.ENROLLEE_MBI_TAKEN, undefined, [
    {
      path: 'body.mbi',
      message: masshealthId
        ? `This MBI is recorded for another enrollee here, MassHealth ID ${masshealthId}`
        : 'This MBI is recorded for another enrollee here',
    },
  ]);
}

function masshealthTaken() {
  return new AppError(CareErrors.ENROLLEE_MASSHEALTH_TAKEN, undefined, [
    { path: 'body.masshealthId', message: 'Another enrollee here has this MassHealth member ID' },
  ]);
}

function overlap(other: repo.Enrollment) {
  return new AppError(
    CareErrors.ENROLLMENT_OVERLAP,
    `The enrollee is already enrolled in ${describeEnrollment(other)}, which shares days with these dates${other.program === 'cp' ? '' : ' (One Care, ACO and MCO cover a member one at a time)'}. End that enrollment first, or choose other dates.`,
    [
      {
        path: 'body.effectiveOn',
        message: `Overlaps the enrollment ${other.id} (${describeEnrollment(other)})`,
      },
    ],
  );
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

export type CareService = ReturnType<typeof createCareService>;
