import type {
  Basis,
  DashboardView,
  RequirementInput,
  StatusQuery,
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
import { createDashboards } from './dashboard.service.js';
import * as exemptionsRepo from './exemptions.repository.js';
import { owedOnce } from './owed.js';
import type { Filter } from './population.repository.js';
import { createReaching } from './reaching.js';
import { heldRoleAt, organisationsReaching } from './reaching.repository.js';
import { historyOf } from './requirement-history.js';
import * as requirementsRepo from './requirements.repository.js';
import { massachusettsDate } from './rules.js';
import { filterAndSort } from './status-filter.js';
import { computeStatuses, createStatusStore, type StatusStoreOptions } from './status-store.js';

/**
 * Requirements, and where each person they reach stands: computed from the completions, qualifications,
 * roles, contracts and exemptions as they stood on the day asked about.
 */
export const REFRESH_JOB = 'compliance.refresh';
declare module '../../platform/jobs/queue.js' {
  interface JobKinds {
    /** Brings an organisation's kept statuses up to date. */
    [REFRESH_JOB]: Record<string, never>;
  }
}

type Page = { offset: number; limit: number };
/** A day to answer for (today if absent) and which facts count (decision 027). */
type AsOfProps = { actor: Actor; asOf?: string | undefined; basis?: Basis | undefined };
/** An organisation's statuses on a day, for its own jobs. */
export type StatusesAtProps = { orgId: string; asOf: string; filter?: Filter; basis?: Basis };

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
  const { dashboardOf, requiredOfPeople } = createDashboards({ database, store, reaching, today, knowing });

  async function checkReferences(db: Db, orgId: string, input: RequirementInput) {
    const unknown = await requirementsRepo.unknownTopics(db, orgId, input.topicIds);
    // Named organisations: yours or in your network, and for your own people only, yours.
    const outside =
      input.scope === 'organisation'
        ? input.organisationIds.filter((id) => id !== orgId)
        : await requirementsRepo.outsideNetwork(db, orgId, input.organisationIds);
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
    if (personId === actor.personId || (await heldRoleAt(database.system, orgId, personId))) return;
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
    statusesAt: ({ orgId, asOf, filter = {}, basis = 'known' }: StatusesAtProps) =>
      compute(orgId, asOf, { ...filter, ...knowing(asOf, basis) }),

    /** Brings an organisation's kept statuses up to today (after a large change, so the next read is quick). */
    refresh: (orgId: string) => store.refresh(orgId, today()),

    /** The organisation's active requirements, for its own jobs. */
    requirementsOf: ({ orgId, day }: { orgId: string; day: string }) =>
      requirementsRepo.requirementsOn(database.system, orgId, day),

    async listRequirements({ actor }: { actor: Actor }) {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      const day = today();
      const list = await reading(actor, (db) => requirementsRepo.listRequirements(db, orgId));
      return list.map((q) => ({ ...q, inForceNow: q.active && q.inForceFrom <= day }));
    },

    /** A requirement's versions, the days each was in effect and what each changed (decision 028). */
    async requirementHistory({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      return reading(actor, async (db) => {
        const versions = await requirementsRepo.requirementVersionsOf(db, orgId, id);
        if (!versions.length) throw notFound('The requirement');
        const topicIds = versions.flatMap((v) => (v.definition.topic_ids as string[] | undefined) ?? []);
        return historyOf(versions, await requirementsRepo.topicTitles(db, [...new Set(topicIds)]));
      });
    },

    async createRequirement({ actor, input }: { actor: Actor; input: RequirementInput }) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        await checkReferences(tx, orgId, input);
        const id = await requirementsRepo
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

    async updateRequirement({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: RequirementInput;
    }) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        const [exists] = await requirementsRepo.listRequirements(tx, orgId, { ids: [id] });
        if (!exists) throw notFound('The requirement');
        await checkReferences(tx, orgId, input);
        if (!(await requirementsRepo.updateRequirement(tx, id, input, version).catch(codeTaken)))
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
    async statuses({ actor, query: q, page }: { actor: Actor; query: StatusQuery; page: Page }) {
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

    async dashboard({ actor, asOf: asOfDay, basis = 'known' }: AsOfProps): Promise<DashboardView> {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      return dashboardOf(actor, orgId, asOfDay ?? today(), basis);
    },

    /** What one person owes the active organisation, and by when; someone not its to answer for is not found. */
    async personStatus({ actor, id: personId, asOf: asOfDay, basis = 'known' }: AsOfProps & { id: string }) {
      if (actor.personId !== personId) policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      const asOf = asOfDay ?? today();
      const filter = knowing(asOf, basis);
      // The statuses shown are the ones that make the person known here when they hold no role here, unless
      // they are counted as known on a past day (requireKnown counts them as corrected since).
      const sameAsKnown = !filter.asKnownOn;
      if (!sameAsKnown) await requireKnown(actor, orgId, personId, asOf);
      const [rows, others, held] = await Promise.all([
        compute(orgId, asOf, { personIds: [personId], ...filter }),
        requiredOfPeople(actor, orgId, { asOf, personId, requiredBy: 'others', basis } as StatusQuery, {
          offset: 0,
          limit: 1_000,
        }),
        sameAsKnown && personId !== actor.personId ? heldRoleAt(database.system, orgId, personId) : true,
      ]);
      if (!held && rows.length === 0) throw notFound('The person');
      audit.recordRead(actor, {
        entityType: 'compliance_status',
        entityId: personId,
        details: { asOf, basis },
      });
      return { asOf, basis, items: [...rows, ...others.items] };
    },

    /** What the signed-in person owes every organisation whose requirements reach them. */
    async mine({ actor }: { actor: Actor }) {
      policy.authorize(actor, 'compliance.own');
      const asOf = today();
      const orgs = await organisationsReaching(database.system, actor.personId, asOf);
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
              requirementsRepo.listRequirements(database.system, o.orgId, {
                ids: items.filter((r) => r.organisation === o.orgName).map((r) => r.requirementId),
              }),
            ),
          )
        )
          .flat()
          .map((q) => [q.id, q]),
      );
      const topicIds = [...new Set([...requirements.values()].flatMap((q) => q.topicIds))];
      const titles = await requirementsRepo.topicTitles(database.system, topicIds);
      return { asOf, items, owed: owedOnce(items, requirements, titles) };
    },

    async exempt({
      actor,
      input,
    }: {
      actor: Actor;
      input: {
        requirementId: string;
        personId: string;
        reason: string;
        startsOn?: string | undefined;
        until?: string | null | undefined;
      };
    }) {
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
        const id = await exemptionsRepo.insertExemption(tx, {
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

    async listExemptions({ actor, personId }: { actor: Actor; personId?: string | undefined }) {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      if (personId) await requireKnown(actor, orgId, personId);
      return reading(actor, (db) => exemptionsRepo.listExemptions(db, orgId, personId));
    },

    async endExemption({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'compliance.manage');
      orgOf(actor);
      return scoped(actor, async (tx) => {
        if (!(await exemptionsRepo.endExemption(tx, id)))
          throw notFound('An exemption in force with this id');
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
