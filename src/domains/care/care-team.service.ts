// The care team's changes: members added in the part they hold, the single point of contact changed with its
// history kept, memberships ended, the LTS coordinator offer and answer (decision 050).

import {
  CARE_TEAM_ROLE_LABELS,
  type CareTeamRole,
  type SpocInput,
  type TeamMemberInput,
} from '@contract/care/care.schemas.js';
import { addDays } from '@contract/iso-days.js';
import { type Actor, activeOrgOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import { CareErrors } from './care.errors.js';
import * as repo from './care.repository.js';
import { type CareContext, rethrow } from './care-context.js';
import { dayWords } from './rules.js';

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
          ? `Choose someone who holds the ${roles.map(roleWords).join(' or ')} role on ${dayWords(input.startsOn)} at the plan or an organisation in its network`
          : `Choose someone with a role on ${dayWords(input.startsOn)} at the plan or an organisation in its network`,
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
        `The current single point of contact started on ${dayWords(previous.startsOn)}; the new one must start after that.`,
        [{ path: 'body.startsOn', message: `Choose a day after ${dayWords(previous.startsOn)}` }],
      );
    await repo.updateTeamMember(tx, orgId, previous.id, undefined, { endsOn: addDays(input.startsOn, -1) });
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

/** The care team's changes, for the care service (`createCareService`). */
export function careTeamMethods({ database, audit, scoped, heldEnrollee, teamView }: CareContext) {
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

  return {
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
              message: `Already on the team in this role from ${dayWords(same.startsOn)}${same.endsOn ? ` to ${dayWords(same.endsOn)}` : ', with no end date'} (membership ${same.id})`,
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
            [{ path: 'body.endsOn', message: `Choose a day on or after ${dayWords(current.startsOn)}` }],
          );
        // An end only comes earlier: moving it later could overlap whoever took over (a single point of
        // contact's successor starts the day after), and re-joining is a new membership with its own dates.
        if (current.endsOn && endsOn > current.endsOn)
          throw new AppError(
            CareErrors.TEAM_MEMBER_ENDED,
            `This membership ended on ${dayWords(current.endsOn)}; an end can only be brought earlier. Add a new membership to extend it.`,
            [{ path: 'body.endsOn', message: `Choose a day on or before ${dayWords(current.endsOn)}` }],
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
              {
                path: 'body.respondedOn',
                message: `Choose a day on or after ${dayWords(current.ltsOfferedOn)}`,
              },
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
  };
}
