import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import { type Database, type Db, isUniqueViolation } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, notFound, validationFailed } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { ComplianceErrors } from './compliance.errors.js';
import { compliancePolicy as policy } from './compliance.policy.js';
import type { Filter } from './compliance.repository.js';
import * as repo from './compliance.repository.js';
import {
  type Basis,
  type DashboardView,
  type RequirementInput,
  STATUSES,
  type StatusQuery,
  type StatusRow,
} from './compliance.schemas.js';
import { massachusettsDate } from './rules.js';
import { computeStatuses, createStatusStore, type StatusStoreOptions } from './status-store.js';
import { groupsOf, summarize, viewOf } from './status-summary.js';

const SORTS: Record<string, (a: StatusRow, b: StatusRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  dueOn: (a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'),
  status: (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status),
  requirement: (a, b) => a.requirementCode.localeCompare(b.requirementCode),
};

/**
 * Requirements, and where each person they reach stands: computed from the completions, qualifications,
 * roles, contracts and exemptions as they stood on the day asked about.
 */
export const REFRESH_JOB = 'compliance.refresh';

export function createComplianceService(deps: {
  database: Database;
  audit: AuditTrail;
  jobs: JobQueue;
  /** How kept statuses are brought up to date (tests make "many changes" few). */
  keeping?: Pick<StatusStoreOptions, 'inlinePairs' | 'slicePeople'>;
}) {
  const { database, audit, jobs } = deps;
  const scoped = <T>(actor: Actor, work: Parameters<typeof withScope<T>>[2]) =>
    withScope(database, scopeOf(actor), work);
  const reading = <T>(actor: Actor, work: Parameters<typeof withReadScope<T>>[2]) =>
    withReadScope(database, scopeOf(actor), work);
  const orgOf = activeOrgOf;
  const today = () => massachusettsDate(new Date());
  const refreshLater = (tx: Db, orgId: string, actor: Actor | null) =>
    jobs.enqueueOnce(tx, {
      orgId,
      kind: REFRESH_JOB,
      payload: {},
      createdBy: actor?.userId ?? null,
      maxAttempts: 2,
    });
  // A read that finds an organisation's statuses far behind answers from them as kept and queues this
  // (decision 020); so does a requirement created or edited, which changes everyone it reaches.
  const store = createStatusStore(database, {
    ...deps.keeping,
    recomputeLater: (orgId) => database.system.transaction((tx) => refreshLater(tx, orgId, null)),
  });
  jobs.register(REFRESH_JOB, async (job) => {
    const summary = await store.refresh(job.orgId, today());
    return { message: `Statuses up to date: ${summary.all?.people ?? 0} people` };
  });
  /**
   * Statuses at an organisation (read across its network by the system, bounded by its own requirements):
   * today's for everyone as kept up to date; some people's, or another day's, computed from the facts.
   */
  const compute = (orgId: string, asOf: string, filter: Filter = {}) =>
    store.statusesAt(orgId, asOf, today(), filter);
  /**
   * What a day's statuses are computed from (decision 027): as known on a past day, only what had been
   * recorded by its end; as corrected since, or for today and later days, everything known now.
   */
  const knowing = (asOf: string, basis: Basis): Filter =>
    basis === 'known' && asOf < today() ? { asKnownOn: asOf } : {};

  /** The dashboard for a day: today's from the kept counts, another day's counted from its statuses. */
  async function dashboardOf(orgId: string, asOf: string, basis: Basis): Promise<DashboardView> {
    const isToday = asOf === today();
    const [requirements, { summary, updating, figuresAsOf }] = await Promise.all([
      repo.requirementsOn(database.system, orgId, asOf),
      isToday
        ? store.current(orgId, asOf)
        : Promise.all([
            computeStatuses(database.system, orgId, asOf, knowing(asOf, basis)),
            store.programsOf(orgId, asOf),
          ]).then(([rows, programOf]) => ({
            summary: summarize(rows, programOf),
            updating: false,
            figuresAsOf: new Date().toISOString(),
          })),
    ]);
    // Read after the refresh, which keeps today's counts: today is the trend's last day.
    const trend = await store.trend(orgId, asOf);
    const organisations = groupsOf(summary, 'organisation');
    const names = new Map(
      (
        await repo.organisationNames(
          database.system,
          organisations.map((g) => g.key),
        )
      ).map((o) => [o.id, o.name] as const),
    );
    const { people, counts: total, rate } = viewOf(summary.all);
    return {
      asOf,
      basis,
      updating,
      figuresAsOf,
      people,
      total,
      rate,
      requirements: requirements.map((q) => ({
        id: q.id,
        code: q.code,
        title: q.title,
        program: q.program,
        ...viewOf(summary[`requirement:${q.id}`]),
      })),
      roles: groupsOf(summary, 'role').map(({ key, ...g }) => ({ role: key, ...g })),
      organisations: organisations
        .map(({ key, ...g }) => ({ id: key, name: names.get(key) ?? key, ...g }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      programs: groupsOf(summary, 'program').map(({ key, ...g }) => ({ program: key, ...g })),
      teams: groupsOf(summary, 'team').map(({ key, ...g }) => ({ team: key, ...g })),
      trend: trend.map((t) => ({ day: t.day, ...viewOf(t.summary.all) })),
    };
  }

  async function checkTopics(db: Db, orgId: string, input: RequirementInput) {
    const unknown = await repo.unknownTopics(db, orgId, input.topicIds);
    if (unknown.length)
      throw validationFailed(
        unknown.map((id) => ({
          path: `body.topicIds.${input.topicIds.indexOf(id)}`,
          message: 'Not a topic of your catalog or the shared catalog',
        })),
      );
  }

  /**
   * One person's statuses and exemptions are asked for only about someone the organisation answers for:
   * who holds or held a role at it, or whom one of its requirements reaches on the day asked (today unless
   * said). Anyone else is not
   * found, as on the people pages — a network contract alone does not make a plan's staff a provider's.
   */
  async function requireKnown(actor: Actor, orgId: string, personId: string, asOf = today()) {
    if (personId === actor.personId || (await repo.heldRoleAt(database.system, orgId, personId))) return;
    if ((await compute(orgId, asOf, { personIds: [personId] })).length === 0) throw notFound('The person');
  }

  const codeTaken = (err: unknown) => {
    throw isUniqueViolation(err) ? new AppError(ComplianceErrors.REQUIREMENT_CODE_TAKEN) : err;
  };

  return {
    /**
     * Statuses at an organisation on a day, for the organisation's own jobs (reminders, evidence packs): as
     * known on that day or as corrected since (the same for today).
     */
    statusesAt: (orgId: string, asOf: string, filter: Filter = {}, basis: Basis = 'known') =>
      compute(orgId, asOf, { ...filter, ...knowing(asOf, basis) }),

    /** Brings an organisation's kept statuses up to today (after a large change, so the next read is quick). */
    refresh: (orgId: string) => store.refresh(orgId, today()),

    /** The organisation's active requirements, for its own jobs. */
    requirementsOf: (orgId: string, day: string) => repo.requirementsOn(database.system, orgId, day),

    async listRequirements(actor: Actor) {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      const day = today();
      const list = await reading(actor, (db) => repo.listRequirements(db, orgId));
      return list.map((q) => ({ ...q, inForceNow: q.active && q.inForceFrom <= day }));
    },

    async createRequirement(actor: Actor, input: RequirementInput) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        await checkTopics(tx, orgId, input);
        const id = await repo
          .insertRequirement(tx, orgId, input, input.inForceFrom ?? today())
          .catch(codeTaken);
        await refreshLater(tx, orgId, actor);
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'compliance_requirement',
          entityId: id,
          details: { ...input },
        });
        return { id };
      });
    },

    async updateRequirement(actor: Actor, id: string, input: RequirementInput, version: number) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        const [exists] = await repo.listRequirements(tx, orgId, { ids: [id] });
        if (!exists) throw notFound('The requirement');
        await checkTopics(tx, orgId, input);
        if (!(await repo.updateRequirement(tx, id, input, version).catch(codeTaken)))
          staleOrMissing(true, 'The requirement');
        await refreshLater(tx, orgId, actor);
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'compliance_requirement',
          entityId: id,
          details: { ...input },
        });
      });
    },

    /** Every person × requirement at the active organisation, filtered, sorted and paged. */
    async statuses(actor: Actor, q: StatusQuery, page: { offset: number; limit: number }) {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      const asOf = q.asOf ?? today();
      audit.recordRead(actor, { entityType: 'compliance_status', details: { filter: { ...q, asOf } } });
      // One person's statuses are read as kept when those are up to date, or else computed for that person
      // alone: never by bringing everyone's up to date.
      if (asOf === today() && (!q.personId || (await store.keptIsCurrent(orgId, asOf, [q.personId]))))
        return { ...(await store.page(orgId, asOf, q, page)), asOf, basis: q.basis };
      const [all, programOf] = await Promise.all([
        computeStatuses(database.system, orgId, asOf, {
          requirementIds: q.requirementId ? [q.requirementId] : undefined,
          personIds: q.personId ? [q.personId] : undefined,
          ...knowing(asOf, q.basis),
        }),
        store.programsOf(orgId, asOf),
      ]);
      const text = q.q?.toLowerCase();
      const rows = all
        .filter(
          (r) =>
            (!q.status || r.status === q.status) &&
            (!q.role || r.roles.includes(q.role)) &&
            (!q.organisationId || r.orgIds.includes(q.organisationId)) &&
            (!q.team || r.teams.includes(q.team)) &&
            (!q.program || programOf(r.requirementId) === q.program) &&
            (!text || r.name.toLowerCase().includes(text) || r.email.toLowerCase().includes(text)),
        )
        .sort((a, b) => {
          const by =
            SORTS[q.sort ?? 'status']!(a, b) ||
            a.name.localeCompare(b.name) ||
            a.requirementCode.localeCompare(b.requirementCode);
          return q.dir === 'desc' ? -by : by;
        });
      return {
        items: rows.slice(page.offset, page.offset + page.limit),
        total: rows.length,
        asOf,
        basis: q.basis,
        updating: false,
        figuresAsOf: new Date().toISOString(),
      };
    },

    async dashboard(
      actor: Actor,
      asOfDay: string | undefined,
      basis: Basis = 'known',
    ): Promise<DashboardView> {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      return dashboardOf(orgId, asOfDay ?? today(), basis);
    },

    /** What one person owes the active organisation, and by when; someone not its to answer for is not found. */
    async personStatus(actor: Actor, personId: string, asOfDay: string | undefined, basis: Basis = 'known') {
      if (actor.personId !== personId) policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      const asOf = asOfDay ?? today();
      await requireKnown(actor, orgId, personId, asOf);
      const rows = await compute(orgId, asOf, { personIds: [personId], ...knowing(asOf, basis) });
      audit.recordRead(actor, {
        entityType: 'compliance_status',
        entityId: personId,
        details: { asOf, basis },
      });
      return { asOf, basis, items: rows };
    },

    /** What the signed-in person owes every organisation whose requirements reach them. */
    async mine(actor: Actor) {
      policy.authorize(actor, 'compliance.own');
      const asOf = today();
      const orgs = await repo.organisationsReaching(database.system, actor.personId, asOf);
      const items = (
        await Promise.all(
          orgs.map(async (o) =>
            (
              await compute(o.orgId, asOf, { personIds: [actor.personId] })
            ).map((r) => ({ ...r, organisation: o.orgName })),
          ),
        )
      ).flat();
      return { asOf, items };
    },

    async exempt(
      actor: Actor,
      input: {
        requirementId: string;
        personId: string;
        reason: string;
        startsOn?: string | undefined;
        until?: string | null | undefined;
      },
    ) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = orgOf(actor);
      await requireKnown(actor, orgId, input.personId);
      const startsOn = input.startsOn ?? today();
      if (input.until && input.until < startsOn)
        throw validationFailed(
          [
            {
              path: 'body.until',
              message: `Ends on ${input.until}, before it starts on ${startsOn}${input.startsOn ? '' : ' (today)'}`,
            },
          ],
          'The exemption would end before it starts. Give an end date on or after its start.',
        );
      const reached = await compute(orgId, startsOn, {
        requirementIds: [input.requirementId],
        personIds: [input.personId],
      });
      if (!reached.length) throw new AppError(ComplianceErrors.NOT_IN_SCOPE);
      return scoped(actor, async (tx) => {
        const id = await repo.insertExemption(tx, {
          orgId,
          requirementId: input.requirementId,
          personId: input.personId,
          reason: input.reason,
          startsOn,
          until: input.until ?? null,
          approvedBy: actor.userId,
          approvedByName: actor.name,
        });
        await audit.recordChange(tx, actor, {
          action: 'exempt',
          entityType: 'compliance_exemption',
          entityId: id,
          details: {
            requirementId: input.requirementId,
            personId: input.personId,
            reason: input.reason,
            until: input.until ?? null,
          },
        });
        return { id };
      });
    },

    async listExemptions(actor: Actor, personId: string | undefined) {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      if (personId) await requireKnown(actor, orgId, personId);
      return reading(actor, (db) => repo.listExemptions(db, orgId, personId));
    },

    async endExemption(actor: Actor, id: string) {
      policy.authorize(actor, 'compliance.manage');
      orgOf(actor);
      return scoped(actor, async (tx) => {
        if (!(await repo.endExemption(tx, id))) throw notFound('An exemption in force with this id');
        await audit.recordChange(tx, actor, {
          action: 'end',
          entityType: 'compliance_exemption',
          entityId: id,
        });
      });
    },
  };
}

export type ComplianceService = ReturnType<typeof createComplianceService>;
