// The coordinator's day: assessments and major changes on an enrollee, the enrollee's clocks, a coordinator's
// work queue, a supervisor's team view, and moving a caseload from one coordinator to another.

import type { CareRule } from '@contract/care/rules.schemas.js';
import {
  QUEUE_KINDS,
  type QueueQuery,
  type TeamQueueQuery,
  type TransferInput,
} from '@contract/care/work.schemas.js';
import { foldText } from '@contract/fold.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditInput, AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeMembershipOf, activeOrgOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { CareErrors } from './care.errors.js';
import { carePolicy as policy } from './care.policy.js';
import * as careRepo from './care.repository.js';
import { careAssessmentMethods } from './care-assessments.service.js';
import { idsByOtherHolder, recordEnrolleeRead } from './care-audit.js';
import { careContext, rethrow } from './care-context.js';
import { createDueKeeper } from './care-due.js';
import { checkTeamEligible, replaceSpoc } from './care-team.service.js';
import * as repo from './care-work.repository.js';
import { enrolleeClocks } from './enrollee-clocks.js';
import { caseloadCounts, factsOf, queueRows, text } from './work-queue-rows.js';

type Page = { offset: number; limit: number };
type Kind = (typeof QUEUE_KINDS)[number];

export function createCareWorkService({
  database,
  audit,
  jobs,
}: {
  database: Database;
  audit: AuditTrail;
  jobs: JobQueue;
}) {
  const context = careContext(database, audit);
  const { scoped } = context;

  // The catalogue is written only by migrations: read once per process.
  let rulesLoaded: Promise<CareRule[]> | null = null;
  const rules = () => {
    rulesLoaded ??= repo.allRules(database.system).catch((err) => {
      rulesLoaded = null;
      throw err;
    });
    return rulesLoaded;
  };
  const keeper = createDueKeeper({ database, jobs, rules });

  /** The enrollee's facts, when the actor's organisation sees the enrollee. */
  async function visibleFacts(db: Db, orgId: string, enrolleeId: string) {
    const enrollee = await careRepo.findEnrollee(db, orgId, enrolleeId, massachusettsToday());
    if (!enrollee) throw notFound('The enrollee');
    const facts = await repo.enrolleeFacts(db, enrolleeId);
    if (!facts) throw notFound('The enrollee');
    return facts;
  }

  /**
   * Whose queue the actor may open: their own; an organisation admin's, anyone's with a role there or who is
   * the single point of contact of one of its enrollees (a network coordinator); a supervisor's, the people
   * they supervise there.
   */
  async function mayOpenQueueOf(actor: Actor, coordinatorId: string) {
    if (coordinatorId === actor.personId) {
      if (!policy.can(actor, 'queue.own') && !policy.can(actor, 'queue.any')) throw forbidden();
      return;
    }
    if (!policy.can(actor, 'enrollee.list')) throw forbidden();
    const ok = await scoped(
      actor,
      async (db, orgId) =>
        policy.can(actor, 'queue.any')
          ? (await repo.holdsRoleAt(db, orgId, coordinatorId, massachusettsToday())) ||
            repo.carriesCaseloadAt(db, orgId, coordinatorId, massachusettsToday())
          : repo.supervises(db, orgId, actor.personId, coordinatorId),
      { read: true },
    );
    if (!ok)
      throw forbidden(
        'Only the coordinator, their supervisor here or an organisation admin sees this queue.',
      );
  }

  return {
    ...careAssessmentMethods(context, { visibleFacts, rules }),
    /** The enrollee's clocks today from the pure rules, each due date naming its rule version (audited). */
    async clocks({
      actor,
      enrolleeId,
      asOf,
    }: {
      actor: Actor;
      enrolleeId: string;
      asOf?: string | undefined;
    }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const all = await rules();
      const facts = await scoped(actor, (db, orgId) => visibleFacts(db, orgId, enrolleeId), { read: true });
      recordEnrolleeRead(audit, actor, facts.orgId, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_clocks',
        details: { phi: true },
      });
      const day = asOf ?? massachusettsToday();
      const c = enrolleeClocks(factsOf(facts, all), day);
      return {
        asOf: day,
        clocks: c.clocks.map((k) => ({
          kind: k.kind,
          program: k.program,
          rule: k.rule,
          startedOn: k.startedOn,
          dueOn: k.dueOn,
          metOn: k.met?.on ?? null,
          metBy: k.met?.assessmentId ?? null,
          late: (k.met?.daysLate ?? 0) > 0,
          daysLate: k.met?.daysLate ?? null,
          notCounted: k.notCounted,
          overdue: k.overdue(day),
          explanation: k.explanation,
        })),
        noRule: c.noRule.map((n) => ({ kind: n.kind, program: n.program, why: n.why })),
        unreachable: c.unreachable,
        noContact: c.noContact && {
          noContact: c.noContact.noContact,
          since: c.noContact.since,
          dueOn: c.noContact.dueOn,
          rule: c.noContact.rule,
          explanation: c.noContact.explanation,
        },
      };
    },

    /** A coordinator's caseload with what is due, most urgent first (the signed-in person's by default). */
    async queue({ actor, query, page }: { actor: Actor; query: QueueQuery; page: Page }) {
      const coordinatorId = query.coordinatorId ?? actor.personId;
      await mayOpenQueueOf(actor, coordinatorId);
      const day = massachusettsToday();
      const all = await rules();
      const caseload = await scoped(actor, (db) => keeper.caseloads(db, [coordinatorId], day, all), {
        read: true,
      });
      if (caseload.staleOrgIds.size) await keeper.refreshLater(caseload.staleOrgIds);
      const rows = queueRows(caseload.rows, query);
      const items = rows.slice(page.offset, page.offset + page.limit);
      // In the actor's chain; and each other holder whose enrollees the page shows, naming only those.
      audit.recordRead(actor, {
        entityType: 'care_enrollee',
        action: 'queue',
        details: { phi: true, coordinatorId, ids: items.map((i) => i.enrolleeId) },
      });
      const holderOf = new Map(caseload.rows.map((r) => [r.enrolleeId, r.orgId]));
      const shown = items.map((i) => ({ id: i.enrolleeId, orgId: holderOf.get(i.enrolleeId) ?? '' }));
      for (const [holderOrgId, ids] of idsByOtherHolder(actor, shown))
        audit.recordRead(actor, {
          entityType: 'care_enrollee',
          action: 'queue',
          orgId: holderOrgId,
          details: { phi: true, coordinatorId, ids, actorOrgId: actor.orgId },
        });
      return { items, total: rows.length, asOf: day };
    },

    /**
     * A supervisor's team (the people whose supervisor they are here; every coordinator for an organisation
     * admin), each with caseload size and how many enrollees have each kind of item due.
     */
    async teamQueue({ actor, query, page }: { actor: Actor; query: TeamQueueQuery; page: Page }) {
      if (!policy.can(actor, 'enrollee.list')) throw forbidden();
      const asked = query.supervisorId;
      if (asked && asked !== actor.personId && !policy.can(actor, 'queue.any')) throw forbidden();
      const supervisorId = asked ?? (policy.can(actor, 'queue.any') ? null : actor.personId);
      const day = massachusettsToday();
      const all = await rules();
      // Unsorted, the team is listed worst first: most enrollees overdue, then the largest caseload, then name.
      const worstFirst = query.sort === undefined;
      const sort = query.sort ?? 'overdue';
      const members = await scoped(actor, (db, orgId) => repo.teamMembers(db, orgId, supervisorId, day), {
        read: true,
      });
      const names = new Map(
        (
          await repo.personNames(
            database.system,
            members.map((m) => m.id),
          )
        ).map((n) => [n.id, n]),
      );
      let team = members
        .filter((m) => names.has(m.id))
        .map((m) => ({ ...m, ...names.get(m.id)! }))
        .sort(
          (a, b) => text(a.familyName, b.familyName) || text(a.givenName, b.givenName) || text(a.id, b.id),
        )
        .map((m) => ({
          id: m.id,
          name: `${m.givenName} ${m.familyName}`,
          // Where they carry their caseload; someone with none yet works here.
          organisation: m.organisations ?? activeMembershipOf(actor)?.orgName ?? '',
          caseload: m.caseload,
        }));
      const q = query.q && foldText(query.q);
      if (q) team = team.filter((m) => foldText(m.name).includes(q));
      if (sort === 'caseload') team.sort((a, b) => a.caseload - b.caseload || text(a.name, b.name));
      // Sorted by name or caseload, only the page's caseloads are read; by overdue, all of them.
      const ordered = query.dir === 'desc' && sort !== 'overdue' ? [...team].reverse() : team;
      const paged = sort === 'overdue' ? team : ordered.slice(page.offset, page.offset + page.limit);
      const due = await scoped(
        actor,
        (db) =>
          keeper.caseloadKinds(
            db,
            paged.map((m) => m.id),
            day,
            all,
          ),
        { read: true },
      );
      if (due.staleOrgIds.size) await keeper.refreshLater(due.staleOrgIds);
      const byCoordinator = new Map<string, { kinds: string[]; overdue: boolean }[]>();
      for (const d of due.rows) {
        const list = byCoordinator.get(d.coordinatorId) ?? [];
        list.push(d);
        byCoordinator.set(d.coordinatorId, list);
      }
      let rows = paged.map((m) => {
        const { counts, overdue } = caseloadCounts(byCoordinator.get(m.id) ?? []);
        const base = `/api/care/queue?coordinatorId=${m.id}`;
        return {
          coordinatorId: m.id,
          name: m.name,
          organisation: m.organisation,
          caseload: m.caseload,
          overdue,
          counts,
          links: {
            caseload: `/api/care/enrollees?coordinatorId=${m.id}`,
            overdue: `${base}&overdue=true`,
            kinds: Object.fromEntries(QUEUE_KINDS.map((k) => [k, `${base}&kind=${k}`])) as Record<
              Kind,
              string
            >,
          },
        };
      });
      if (worstFirst)
        rows.sort((a, b) => b.overdue - a.overdue || b.caseload - a.caseload || text(a.name, b.name));
      else if (sort === 'overdue') {
        rows.sort((a, b) => a.overdue - b.overdue || text(a.name, b.name));
        if (query.dir === 'desc') rows.reverse();
      }
      if (sort === 'overdue') {
        rows = rows.slice(page.offset, page.offset + page.limit);
      }
      return { items: rows, total: team.length };
    },

    /**
     * Moves all or some of a coordinator's enrollees (held here) to another coordinator from a day: each gets
     * a new single point of contact row, the old one ending the day before. One transaction, audited.
     */
    async transferCaseload({ actor, input }: { actor: Actor; input: TransferInput }) {
      policy.authorize(actor, 'caseload.transfer');
      if (input.fromPersonId === input.toPersonId) throw new AppError(CareErrors.TRANSFER_TO_SELF);
      const planId = activeOrgOf(actor);
      await checkTeamEligible(
        database,
        planId,
        { personId: input.toPersonId, memberOrgId: input.memberOrgId, startsOn: input.startsOn },
        [input.role],
      );
      return scoped(actor, async (tx, orgId) => {
        const caseload = await repo.openCaseload(tx, orgId, input.fromPersonId);
        const held = new Set(caseload);
        const chosen = input.enrolleeIds ? [...new Set(input.enrolleeIds)] : caseload;
        const missing = chosen.filter((id) => !held.has(id));
        if (missing.length)
          throw new AppError(
            CareErrors.NOT_IN_CASELOAD,
            undefined,
            missing.slice(0, 20).map((id) => ({
              path: 'body.enrolleeIds',
              message: `${id} is not in the caseload of the coordinator moved from`,
            })),
          );
        const spoc = {
          personId: input.toPersonId,
          role: input.role,
          memberOrgId: input.memberOrgId,
          startsOn: input.startsOn,
        };
        const events: AuditInput[] = [];
        for (const enrolleeId of chosen) {
          const { row, previous } = await replaceSpoc(tx, orgId, enrolleeId, spoc);
          events.push({
            action: 'create',
            entityType: 'care_team_member',
            entityId: row.id,
            details: {
              enrolleeId,
              singlePointOfContact: true,
              personId: input.toPersonId,
              replaces: previous?.id ?? null,
            },
          });
        }
        await audit.recordChange(tx, actor, ...events, {
          action: 'transfer',
          entityType: 'care_caseload',
          entityId: input.fromPersonId,
          details: {
            from: input.fromPersonId,
            to: input.toPersonId,
            startsOn: input.startsOn,
            enrolleeIds: chosen,
          },
        });
        return { moved: chosen.length, enrolleeIds: chosen };
      }).catch(rethrow);
    },
  };
}

export type CareWorkService = ReturnType<typeof createCareWorkService>;
