// The coordinator's day: assessments and major changes on an enrollee, the enrollee's clocks, a coordinator's
// work queue, a supervisor's team view, and moving a caseload from one coordinator to another.

import type { CareRule } from '@contract/care/rules.schemas.js';
import {
  type AssessmentInput,
  type MajorChangeInput,
  QUEUE_KINDS,
  type QueueQuery,
  type TeamQueueQuery,
  type TransferInput,
} from '@contract/care/work.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, forbidden, notFound, validationFailed } from '../../platform/http/errors.js';
import { assessmentInstruments, instrumentsOfResponses, recordInstrumentResponse } from '../surveys/index.js';
import { CareErrors } from './care.errors.js';
import { carePolicy as policy } from './care.policy.js';
import * as careRepo from './care.repository.js';
import { checkTeamEligible, replaceSpoc, rethrow } from './care.service.js';
import * as repo from './care-work.repository.js';
import { clockMetBy, enrolleeClocks, withEngagement } from './enrollee-clocks.js';
import { caseloadByUrgency, type EnrolleeFacts, type QueueItem, queueItems } from './work-queue.js';

type Page = { offset: number; limit: number };
type Kind = (typeof QUEUE_KINDS)[number];

/** The facts the pure clocks take, from a row of the facts query. */
export function factsOf(row: repo.FactsRow, rules: readonly CareRule[]): EnrolleeFacts {
  return {
    enrolleeId: row.enrolleeId,
    enrollments: withEngagement(row.enrollments, row.assessments),
    assessments: row.assessments,
    majorChanges: row.majorChanges,
    contacts: row.contacts,
    rules,
  };
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A caseload's rows with what is due, filtered and sorted as the queue query asks (all of them, unpaged). */
export function queueRows(
  rows: readonly repo.FactsRow[],
  rules: readonly CareRule[],
  asOf: string,
  query: Pick<QueueQuery, 'q' | 'kind' | 'overdue' | 'all' | 'sort' | 'dir'>,
) {
  const q = query.q?.toLowerCase();
  const out = rows
    .map((r) => ({
      enrolleeId: r.enrolleeId,
      givenName: r.givenName,
      familyName: r.familyName,
      masshealthId: r.masshealthId,
      coordinatorId: r.coordinatorId ?? '',
      // Filtered to one kind, a row shows that kind's items only, so its first due date and its place in the
      // order are of what is shown, not of a hidden item of another kind.
      items: queueItems(factsOf(r, rules), asOf).filter((i) => !query.kind || i.kind === query.kind),
    }))
    .filter(
      (r) =>
        (query.all || r.items.length > 0) &&
        (!query.kind || r.items.length > 0) &&
        (query.overdue === undefined || r.items.some((i) => i.overdue) === query.overdue) &&
        (!q ||
          `${r.givenName} ${r.familyName}`.toLowerCase().includes(q) ||
          r.masshealthId === q.replace(/\D/g, '')),
    );
  const sort = query.sort ?? 'urgency';
  const compare =
    sort === 'familyName'
      ? (a: (typeof out)[number], b: (typeof out)[number]) =>
          text(a.familyName, b.familyName) ||
          text(a.givenName, b.givenName) ||
          text(a.enrolleeId, b.enrolleeId)
      : sort === 'dueOn'
        ? (a: (typeof out)[number], b: (typeof out)[number]) =>
            text(a.items[0]?.dueOn ?? '9999', b.items[0]?.dueOn ?? '9999') || text(a.enrolleeId, b.enrolleeId)
        : caseloadByUrgency;
  out.sort(compare);
  if (query.dir === 'desc') out.reverse();
  return out;
}

/** How many enrollees of a caseload have an item of each kind, and an overdue one. */
export function caseloadCounts(items: readonly (readonly QueueItem[])[]) {
  const counts = Object.fromEntries(QUEUE_KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  let overdue = 0;
  for (const its of items) {
    for (const k of new Set(its.map((i) => i.kind))) counts[k] += 1;
    if (its.some((i) => i.overdue)) overdue += 1;
  }
  return { counts, overdue };
}

export function createCareWorkService({ database, audit }: { database: Database; audit: AuditTrail }) {
  function scoped<T>(actor: Actor, work: (tx: Db, orgId: string) => Promise<T>, { read = false } = {}) {
    const orgId = activeOrgOf(actor);
    return (read ? withReadScope : withScope)(database, scopeOf(actor), (tx) => work(tx, orgId));
  }

  // The catalogue is written only by migrations: read once per process.
  let rulesLoaded: Promise<CareRule[]> | null = null;
  const rules = () => {
    rulesLoaded ??= repo.allRules(database.system).catch((err) => {
      rulesLoaded = null;
      throw err;
    });
    return rulesLoaded;
  };

  /** The enrollee's facts, when the actor's organisation sees the enrollee. */
  async function visibleFacts(db: Db, orgId: string, enrolleeId: string) {
    const enrollee = await careRepo.findEnrollee(db, orgId, enrolleeId, massachusettsToday());
    if (!enrollee) throw notFound('The enrollee');
    const facts = await repo.enrolleeFacts(db, enrolleeId);
    if (!facts) throw notFound('The enrollee');
    return facts;
  }

  /**
   * Whose queue the actor may open: their own; an organisation admin's, anyone's with a role there; a
   * supervisor's, the people they supervise there.
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
          ? repo.holdsRoleAt(db, orgId, coordinatorId, massachusettsToday())
          : repo.supervises(db, orgId, actor.personId, coordinatorId),
      { read: true },
    );
    if (!ok)
      throw forbidden(
        'Only the coordinator, their supervisor here or an organisation admin sees this queue.',
      );
  }

  return {
    /**
     * The instruments an assessment of the enrollee may be answered on: the holding plan's (a coordinator of a
     * provider on the team answers the plan's forms), read as the table owner once the enrollee is visible.
     */
    async instruments({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      policy.authorize(actor, 'assessment.record');
      const holder = await scoped(
        actor,
        async (db, orgId) => (await visibleFacts(db, orgId, enrolleeId)).orgId,
        { read: true },
      );
      return assessmentInstruments(database.system, holder);
    },

    /** Records a completed assessment, its instrument's answers and the rule version whose due date it met. */
    async recordAssessment({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: AssessmentInput;
    }) {
      policy.authorize(actor, 'assessment.record');
      const today = massachusettsToday();
      if (input.completedOn > today)
        throw validationFailed([{ path: 'body.completedOn', message: `Choose a day on or before ${today}` }]);
      // The instrument asks whether the meeting was in person; its answer and the record must agree.
      const said = input.instrument?.answers.in_person_meeting?.value;
      if ((said === 'yes' || said === 'no') && (said === 'yes') !== input.inPerson)
        throw validationFailed([
          {
            path: 'body.inPerson',
            message: `The instrument's answer says the meeting was ${said === 'yes' ? '' : 'not '}in person`,
          },
        ]);
      const all = await rules();
      // The instrument is the holding plan's survey and its answers a response of it, so a coordinator of a
      // provider on the team writes them too: once the enrollee is found visible to the actor's organisation,
      // the transaction's scope also takes in the holder. Every statement in it names its organisation.
      const holder = await scoped(
        actor,
        async (db, orgId) => (await visibleFacts(db, orgId, enrolleeId)).orgId,
        {
          read: true,
        },
      );
      const orgId = activeOrgOf(actor);
      const scope = scopeOf(actor);
      const saved = await withScope(
        database,
        { ...scope, orgIds: [...new Set([...scope.orgIds, holder])] },
        async (tx) => {
          const facts = await visibleFacts(tx, orgId, enrolleeId);
          // The plan's care managers may; anyone else only as a care manager on the enrollee's team themselves.
          if (
            facts.orgId !== orgId &&
            !(await repo.managesCareOf(tx, facts.orgId, enrolleeId, actor.personId, orgId, today))
          )
            throw forbidden(
              'Only the enrollee’s single point of contact, a care coordinator or clinical care manager on their care team, or the plan’s care managers record an assessment.',
            );
          let response: { id: string; surveyId: string; version: number; title: string } | null = null;
          if (input.instrument) {
            const r = await recordInstrumentResponse(tx, {
              orgId: facts.orgId,
              surveyId: input.instrument.surveyId,
              answers: input.instrument.answers,
              recordedBy: actor.personId,
              day: input.completedOn,
            });
            if (!r.ok && r.problem === 'answers')
              throw validationFailed(
                r.issues.map((i) => ({ path: `body.instrument.answers.${i.path}`, message: i.message })),
              );
            if (!r.ok)
              throw new AppError(CareErrors.INSTRUMENT_NOT_USABLE, undefined, [
                {
                  path: 'body.instrument.surveyId',
                  message: `The survey is ${r.problem.replaceAll('_', ' ')}`,
                },
              ]);
            response = {
              id: r.responseId,
              surveyId: input.instrument.surveyId,
              version: r.version,
              title: r.title,
            };
          }
          const met = clockMetBy(factsOf(facts, all), {
            completedOn: input.completedOn,
            inPerson: input.inPerson,
            kind: input.kind,
          });
          const row = await repo.insertAssessment(tx, {
            orgId: facts.orgId,
            enrolleeId,
            kind: input.kind,
            surveyResponseId: response?.id ?? null,
            inPerson: input.inPerson,
            majorChangeReason: input.majorChangeReason ?? null,
            ruleKind: met?.rule.kind ?? null,
            ruleProgram: met?.rule.program ?? null,
            ruleVersion: met?.rule.version ?? null,
            completedOn: input.completedOn,
            completedBy: actor.personId,
          });
          await audit.recordChange(tx, actor, {
            action: 'create',
            entityType: 'care_assessment',
            entityId: row.id,
            details: {
              enrolleeId,
              kind: input.kind,
              completedOn: input.completedOn,
              satisfied: met ? met.rule : null,
              surveyResponseId: response?.id ?? null,
            },
          });
          return { row, met, response };
        },
      );
      return assessmentView(saved.row, saved.response);
    },

    async listAssessments({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const rows = await scoped(
        actor,
        async (db, orgId) => {
          const facts = await visibleFacts(db, orgId, enrolleeId);
          return repo.assessmentsOf(db, facts.orgId, enrolleeId);
        },
        { read: true },
      );
      // The answers are held with the plan's surveys, which a provider on the team does not see: read by id, as
      // the table owner, for the assessments the actor may see (after the scoped read, not inside it).
      const instruments = await instrumentsOfResponses(
        database.system,
        rows.map((r) => r.surveyResponseId).filter((x): x is string => Boolean(x)),
      );
      audit.recordRead(actor, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_assessments',
        details: { phi: true },
      });
      return rows.map((r) => {
        const i = r.surveyResponseId ? instruments.get(r.surveyResponseId) : undefined;
        return assessmentView(r, i ? { id: r.surveyResponseId!, ...i } : null);
      });
    },

    /** Records a major change; it starts the major-change reassessment clock from its day. */
    async recordMajorChange({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: MajorChangeInput;
    }) {
      policy.authorize(actor, 'majorChange.record');
      const today = massachusettsToday();
      if (input.occurredOn > today)
        throw validationFailed([{ path: 'body.occurredOn', message: `Choose a day on or before ${today}` }]);
      const row = await scoped(actor, async (tx, orgId) => {
        const facts = await visibleFacts(tx, orgId, enrolleeId);
        const row = await repo.insertMajorChange(tx, {
          orgId: facts.orgId,
          enrolleeId,
          occurredOn: input.occurredOn,
          reason: input.reason,
          recordedBy: actor.personId,
        });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'care_major_change',
          entityId: row.id,
          details: { enrolleeId, occurredOn: input.occurredOn },
        });
        return row;
      });
      return majorChangeView(row);
    },

    async listMajorChanges({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const rows = await scoped(
        actor,
        async (db, orgId) => {
          const facts = await visibleFacts(db, orgId, enrolleeId);
          return repo.majorChangesOf(db, facts.orgId, enrolleeId);
        },
        { read: true },
      );
      audit.recordRead(actor, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_major_changes',
        details: { phi: true },
      });
      return rows.map(majorChangeView);
    },

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
      audit.recordRead(actor, {
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
      const facts = await scoped(actor, (db) => repo.caseloadFacts(db, [coordinatorId], day), { read: true });
      const rows = queueRows(facts, all, day, query);
      const items = rows.slice(page.offset, page.offset + page.limit);
      audit.recordRead(actor, {
        entityType: 'care_enrollee',
        action: 'queue',
        details: { phi: true, coordinatorId, ids: items.map((i) => i.enrolleeId) },
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
      const result = await scoped(
        actor,
        async (db, orgId) => {
          let team = await repo.teamOf(db, orgId, supervisorId, day);
          const q = query.q?.toLowerCase();
          if (q) team = team.filter((m) => m.name.toLowerCase().includes(q));
          if (sort === 'caseload') team.sort((a, b) => a.caseload - b.caseload || text(a.name, b.name));
          // Sorted by name or caseload, only the page's caseloads are read; by overdue, all of them.
          const ordered = query.dir === 'desc' && sort !== 'overdue' ? [...team].reverse() : team;
          const paged = sort === 'overdue' ? team : ordered.slice(page.offset, page.offset + page.limit);
          const facts = await repo.caseloadFacts(
            db,
            paged.map((m) => m.id),
            day,
          );
          return { team, paged, facts };
        },
        { read: true },
      );
      const byCoordinator = new Map<string, QueueItem[][]>();
      for (const f of result.facts) {
        const list = byCoordinator.get(f.coordinatorId ?? '') ?? [];
        list.push(queueItems(factsOf(f, all), day));
        byCoordinator.set(f.coordinatorId ?? '', list);
      }
      let rows = result.paged.map((m) => {
        const { counts, overdue } = caseloadCounts(byCoordinator.get(m.id) ?? []);
        const base = `/api/care/queue?coordinatorId=${m.id}`;
        return {
          coordinatorId: m.id,
          name: m.name,
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
      return { items: rows, total: result.team.length };
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
        const events = [];
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

function assessmentView(
  row: repo.AssessmentRow,
  instrument: { id: string; surveyId: string; version: number; title: string } | null,
) {
  return {
    id: row.id,
    kind: row.kind,
    completedOn: row.completedOn,
    inPerson: row.inPerson,
    majorChangeReason: row.majorChangeReason,
    satisfied:
      row.ruleKind && row.ruleProgram && row.ruleVersion !== null
        ? { kind: row.ruleKind, program: row.ruleProgram, version: row.ruleVersion }
        : null,
    surveyResponseId: row.surveyResponseId,
    instrument: instrument && {
      surveyId: instrument.surveyId,
      version: instrument.version,
      title: instrument.title,
    },
    completedBy: row.completedBy,
  };
}

function majorChangeView(row: repo.MajorChangeRow) {
  return { id: row.id, occurredOn: row.occurredOn, reason: row.reason, recordedBy: row.recordedBy };
}

export type CareWorkService = ReturnType<typeof createCareWorkService>;
