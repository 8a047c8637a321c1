import {
  type Basis,
  type DashboardView,
  type RequirementInput,
  STATUSES,
  type StatusQuery,
  type StatusRow,
} from '@contract/compliance/compliance.schemas.js';
import { plural } from '@contract/text/figures.js';
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
import { owedOnce } from './owed.js';
import { createReaching, requiredByView } from './reaching.js';
import { historyOf } from './requirement-history.js';
import { massachusettsDate } from './rules.js';
import { computeStatuses, createStatusStore, type StatusStoreOptions } from './status-store.js';
import { emptyCounts, groupsOf, rateOf, summarize, viewOf } from './status-summary.js';

const SORTS: Record<string, (a: StatusRow, b: StatusRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  dueOn: (a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'),
  status: (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status),
  requirement: (a, b) => a.requirementCode.localeCompare(b.requirementCode),
};

/** Computed statuses (another day's) filtered and sorted as the kept ones are in the database. */
function filterAndSort<R extends StatusRow & { orgIds: string[]; teams: string[] }>(
  all: R[],
  q: StatusQuery,
  programOf: (requirementId: string) => string | null | undefined,
) {
  const text = q.q?.toLowerCase();
  return all
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
}

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
    return { message: `Statuses up to date: ${plural(summary.all?.people ?? 0, 'person', 'people')}` };
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
  /** What the organisations an organisation contracts with require of its people (decision 025). */
  const reaching = createReaching(database, store);
  const nameOf = async (orgId: string) =>
    (await repo.organisationNames(database.system, [orgId]))[0]?.name ?? orgId;

  /** The older of two "figures as of" times (compared as instants; they are written to different precisions); null while either is prepared. */
  const olderOf = (a: string | null, b: string | null) =>
    a === null || b === null ? null : Date.parse(a) <= Date.parse(b) ? a : b;

  /** The dashboard for a day: today's from the kept counts, another day's counted from its statuses. */
  async function dashboardOf(
    actor: Actor,
    orgId: string,
    asOf: string,
    basis: Basis,
  ): Promise<DashboardView> {
    const isToday = asOf === today();
    const [requirements, { summary, updating, figuresAsOf }, reachingReqs] = await Promise.all([
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
      reaching.requirementsOf(orgId, asOf),
    ]);
    const others = await requiredByOthers(actor, orgId, asOf, basis, reachingReqs);
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
    const own = viewOf(summary.all);
    // What others require of the organisation's people counts in its headline, each person once.
    const total = emptyCounts();
    for (const s of STATUSES)
      total[s] = own.counts[s] + others.requiredBy.reduce((n, o) => n + o.counts[s], 0);
    return {
      asOf,
      basis,
      updating: updating || others.updating,
      figuresAsOf: others.requiredBy.length ? olderOf(figuresAsOf, others.figuresAsOf) : figuresAsOf,
      people: others.requiredBy.length ? others.people : own.people,
      total,
      rate: rateOf(total),
      requiredBy: others.requiredBy,
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

  /** The dashboard's part for the requirements of organisations under a network contract with this one. */
  async function requiredByOthers(
    actor: Actor,
    orgId: string,
    asOf: string,
    basis: Basis,
    reqs: Awaited<ReturnType<typeof reaching.requirementsOf>>,
  ) {
    const now = new Date().toISOString();
    if (!reqs.length) return { requiredBy: [], people: 0, updating: false, figuresAsOf: now };
    // The requiring organisations' kept statuses are brought up to date first, as their own reads would.
    const fresh =
      asOf === today() ? await reaching.freshness(reqs, asOf) : { updating: false, figuresAsOf: now };
    const counts = await reaching.counts(
      orgId,
      await nameOf(orgId),
      scopeOf(actor),
      reqs,
      asOf,
      today(),
      () => computeStatuses(database.system, orgId, asOf, knowing(asOf, basis)),
      knowing(asOf, basis),
    );
    const everyone = counts.find((c) => c.orgId === null && c.requirementId === null && c.status === null);
    return { requiredBy: requiredByView(reqs, counts), people: everyone?.people ?? 0, ...fresh };
  }

  /**
   * The statuses other organisations' network requirements give the organisation's own people: today's read
   * from their kept rows in the organisation's scope, another day's computed for its people alone.
   */
  async function requiredOfPeople(
    actor: Actor,
    orgId: string,
    q: StatusQuery,
    page: { offset: number; limit: number },
  ) {
    const asOf = q.asOf ?? today();
    const [reqs, name] = await Promise.all([
      reaching.requirementsOf(orgId, asOf, q.requiredBy),
      nameOf(orgId),
    ]);
    if (asOf === today()) return reaching.page(orgId, name, scopeOf(actor), reqs, asOf, q, page);
    const computed = await reaching.computed(orgId, name, reqs, asOf, {
      personIds: q.personId ? [q.personId] : undefined,
      ...knowing(asOf, q.basis),
    });
    const program = new Map(reqs.map((r) => [r.id, r.program]));
    const rows = filterAndSort(
      computed
        .filter((r) => !q.requirementId || r.requirementId === q.requirementId)
        .map((r) => ({ ...r, orgIds: [orgId] })),
      q,
      (id) => program.get(id),
    ).map(({ orgIds: _, teams: __, ...r }) => r);
    return {
      items: rows.slice(page.offset, page.offset + page.limit),
      total: rows.length,
      updating: false,
      figuresAsOf: new Date().toISOString(),
    };
  }

  async function checkReferences(db: Db, orgId: string, input: RequirementInput) {
    const unknown = await repo.unknownTopics(db, orgId, input.topicIds);
    // Named organisations: yours or in your network, and for your own people only, yours.
    const outside =
      input.scope === 'organisation'
        ? input.organisationIds.filter((id) => id !== orgId)
        : await repo.outsideNetwork(db, orgId, input.organisationIds);
    const issues = [
      ...unknown.map((id) => ({
        path: `body.topicIds.${input.topicIds.indexOf(id)}`,
        message: 'Not a topic of your catalog or the shared catalog',
      })),
      ...outside.map((id) => ({
        path: `body.organisationIds.${input.organisationIds.indexOf(id)}`,
        message:
          input.scope === 'organisation'
            ? 'Only your own organisation can be named when the requirement is for your own people'
            : 'Not your organisation or one under a network contract with it',
      })),
    ];
    if (issues.length) throw validationFailed(issues);
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

    /** A requirement's versions, the days each was in effect and what each changed (decision 028). */
    async requirementHistory(actor: Actor, id: string) {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      return reading(actor, async (db) => {
        const versions = await repo.requirementVersions(db, orgId, id);
        if (!versions.length) throw notFound('The requirement');
        const topicIds = versions.flatMap((v) => (v.definition.topic_ids as string[] | undefined) ?? []);
        return historyOf(versions, await repo.topicTitles(db, [...new Set(topicIds)]));
      });
    },

    async createRequirement(actor: Actor, input: RequirementInput) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        await checkReferences(tx, orgId, input);
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
        await checkReferences(tx, orgId, input);
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
      if (q.requiredBy && q.requiredBy !== orgId)
        return { ...(await requiredOfPeople(actor, orgId, q, page)), asOf, basis: q.basis };
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
      const rows = filterAndSort(all, q, programOf);
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
      return dashboardOf(actor, orgId, asOfDay ?? today(), basis);
    },

    /** What one person owes the active organisation, and by when; someone not its to answer for is not found. */
    async personStatus(actor: Actor, personId: string, asOfDay: string | undefined, basis: Basis = 'known') {
      if (actor.personId !== personId) policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      const asOf = asOfDay ?? today();
      await requireKnown(actor, orgId, personId, asOf);
      const [rows, others] = await Promise.all([
        compute(orgId, asOf, { personIds: [personId], ...knowing(asOf, basis) }),
        requiredOfPeople(actor, orgId, { asOf, personId, requiredBy: 'others', basis } as StatusQuery, {
          offset: 0,
          limit: 1_000,
        }),
      ]);
      audit.recordRead(actor, {
        entityType: 'compliance_status',
        entityId: personId,
        details: { asOf, basis },
      });
      return { asOf, basis, items: [...rows, ...others.items] };
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
      const requirements = new Map(
        (
          await Promise.all(
            orgs.map((o) =>
              repo.listRequirements(database.system, o.orgId, {
                ids: items.filter((r) => r.organisation === o.orgName).map((r) => r.requirementId),
              }),
            ),
          )
        )
          .flat()
          .map((q) => [q.id, q]),
      );
      const topicIds = [...new Set([...requirements.values()].flatMap((q) => q.topicIds))];
      const titles = await repo.topicTitles(database.system, topicIds);
      return { asOf, items, owed: owedOnce(items, requirements, titles) };
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
