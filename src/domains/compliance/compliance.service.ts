import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, scopeOf } from '../../platform/auth/actor.js';
import { type Database, type Db, isUniqueViolation } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, forbidden, notFound, validationFailed } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import { ComplianceErrors } from './compliance.errors.js';
import { compliancePolicy as policy } from './compliance.policy.js';
import * as repo from './compliance.repository.js';
import {
  type DashboardView,
  type RequirementInput,
  STATUSES,
  type StatusQuery,
  type StatusRow,
} from './compliance.schemas.js';
import { evaluateAll } from './evaluation.js';
import { massachusettsDate } from './rules.js';

type Counts = Record<(typeof STATUSES)[number], number>;
const ON_TRACK = new Set(['compliant', 'due_soon', 'pending', 'exempt']);

function tally(rows: StatusRow[]) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Counts;
  for (const r of rows) counts[r.status]++;
  const people = new Set(rows.map((r) => r.personId)).size;
  const rate = rows.length ? rows.filter((r) => ON_TRACK.has(r.status)).length / rows.length : 1;
  return { people, counts, rate: Math.round(rate * 1000) / 1000 };
}

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
export function createComplianceService(deps: { database: Database; audit: AuditTrail }) {
  const { database, audit } = deps;
  const scoped = <T>(actor: Actor, work: Parameters<typeof withScope<T>>[2]) =>
    withScope(database, scopeOf(actor), work);
  const reading = <T>(actor: Actor, work: Parameters<typeof withReadScope<T>>[2]) =>
    withReadScope(database, scopeOf(actor), work);
  const orgOf = (actor: Actor) => {
    if (!actor.orgId) throw forbidden('Choose an organisation to act for first.');
    return actor.orgId;
  };
  const today = () => massachusettsDate(new Date());

  /** Statuses at an organisation (read across its network by the system, bounded by its own requirements). */
  async function compute(
    orgId: string,
    asOf: string,
    filter: { requirementIds?: string[]; personId?: string } = {},
  ) {
    const db = database.system;
    const [requirements, population, satisfiers, exemptions] = await Promise.all([
      repo.listRequirements(db, orgId, {
        active: true,
        ...(filter.requirementIds ? { ids: filter.requirementIds } : {}),
      }),
      repo.loadPopulation(db, orgId, asOf, filter),
      repo.loadSatisfiers(db, orgId, asOf, filter),
      repo.loadExemptions(db, orgId, asOf, filter.personId),
    ]);
    return evaluateAll(requirements, population, satisfiers, exemptions, asOf);
  }

  async function checkTopics(db: Db, input: RequirementInput) {
    const unknown = await repo.unknownTopics(db, input.topicIds);
    if (unknown.length)
      throw validationFailed(
        unknown.map((id) => ({
          path: `body.topicIds.${input.topicIds.indexOf(id)}`,
          message: 'Not a topic you can see',
        })),
      );
  }

  const codeTaken = (err: unknown) => {
    throw isUniqueViolation(err) ? new AppError(ComplianceErrors.REQUIREMENT_CODE_TAKEN) : err;
  };

  return {
    /** Statuses at an organisation on a day, for the organisation's own jobs (reminders, evidence packs). */
    statusesAt: compute,

    /** The organisation's active requirements, for its own jobs. */
    requirementsOf: (orgId: string) => repo.listRequirements(database.system, orgId, { active: true }),

    async listRequirements(actor: Actor) {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      return reading(actor, (db) => repo.listRequirements(db, orgId));
    },

    async createRequirement(actor: Actor, input: RequirementInput) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        await checkTopics(tx, input);
        const id = await repo.insertRequirement(tx, orgId, input).catch(codeTaken);
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
        await checkTopics(tx, input);
        if (!(await repo.updateRequirement(tx, id, input, version).catch(codeTaken)))
          staleOrMissing(true, 'The requirement');
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
      const all = await compute(orgId, asOf, {
        ...(q.requirementId ? { requirementIds: [q.requirementId] } : {}),
        ...(q.personId ? { personId: q.personId } : {}),
      });
      const text = q.q?.toLowerCase();
      const rows = all
        .filter(
          (r) =>
            (!q.status || r.status === q.status) &&
            (!q.role || r.roles.includes(q.role)) &&
            (!text || r.name.toLowerCase().includes(text) || r.email.toLowerCase().includes(text)),
        )
        .sort((a, b) => {
          const by =
            SORTS[q.sort ?? 'status']!(a, b) ||
            a.name.localeCompare(b.name) ||
            a.requirementCode.localeCompare(b.requirementCode);
          return q.dir === 'desc' ? -by : by;
        });
      audit.recordRead(actor, { entityType: 'compliance_status', details: { filter: { ...q, asOf } } });
      return { items: rows.slice(page.offset, page.offset + page.limit), total: rows.length, asOf };
    },

    async dashboard(actor: Actor, asOfDay: string | undefined): Promise<DashboardView> {
      policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      const asOf = asOfDay ?? today();
      const [requirements, rows] = await Promise.all([
        repo.listRequirements(database.system, orgId, { active: true }),
        compute(orgId, asOf),
      ]);
      const roles = [...new Set(rows.flatMap((r) => r.roles))].sort();
      const all = tally(rows);
      return {
        asOf,
        people: all.people,
        total: all.counts,
        rate: all.rate,
        requirements: requirements.map((q) => ({
          id: q.id,
          code: q.code,
          title: q.title,
          ...tally(rows.filter((r) => r.requirementId === q.id)),
        })),
        roles: roles.map((role) => ({ role, ...tally(rows.filter((r) => r.roles.includes(role))) })),
      };
    },

    /** What one person owes the active organisation, and by when. */
    async personStatus(actor: Actor, personId: string, asOfDay: string | undefined) {
      if (actor.personId !== personId) policy.authorize(actor, 'compliance.read');
      const orgId = orgOf(actor);
      const asOf = asOfDay ?? today();
      const rows = await compute(orgId, asOf, { personId });
      audit.recordRead(actor, { entityType: 'compliance_status', entityId: personId, details: { asOf } });
      return { asOf, items: rows };
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
              await compute(o.orgId, asOf, { personId: actor.personId })
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
      const startsOn = input.startsOn ?? today();
      const reached = await compute(orgId, startsOn, {
        requirementIds: [input.requirementId],
        personId: input.personId,
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
