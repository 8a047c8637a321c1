import type {
  OrganisationInput,
  OrganisationListQuery,
  OrganisationPatch,
  RelationshipInput,
  ServiceAreaInput,
} from '@contract/organisations/organisations.schemas.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { scopeOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { withScope } from '../../platform/db/scope.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import { OrganisationErrors } from './organisations.errors.js';
import { organisationPolicy as policy } from './organisations.policy.js';
import * as repo from './organisations.repository.js';

const PAYERS = ['plan', 'aco', 'mco'];
const CPS = ['cp_bh', 'cp_ltss'];

/** Which kinds of organisation each relationship may join (owner first). */
export function relationshipAllowed(kind: RelationshipInput['kind'], ownerKind: string, otherKind: string) {
  if (kind === 'network_contract')
    return PAYERS.includes(ownerKind) && ['provider', ...CPS].includes(otherKind);
  // The organisation trained owns the agreement: it, not the vendor, opens its staff to the vendor's surveys.
  if (kind === 'training_agreement')
    return [...PAYERS, ...CPS, 'provider'].includes(ownerKind) && otherKind === 'training_vendor';
  return ['aco', 'mco'].includes(ownerKind) && CPS.includes(otherKind);
}

function checkDates(startsOn: string, endsOn?: string | null) {
  if (endsOn && endsOn < startsOn)
    throw new AppError(OrganisationErrors.DATES_REVERSED, undefined, [
      { path: 'body.endsOn', message: 'Before the start date' },
    ]);
}

export function createOrganisationsService({ database, audit }: { database: Database; audit: AuditTrail }) {
  const scoped = <T>(actor: Actor, work: (tx: Db) => Promise<T>) => withScope(database, scopeOf(actor), work);

  async function requireOrg(tx: Db, id: string) {
    const org = await repo.findOrganisation(tx, id);
    if (!org) throw notFound('The organisation');
    return org;
  }

  return {
    listOrganisations(props: {
      actor: Actor;
      query: repo.OrganisationFilter & Pick<OrganisationListQuery, 'sort' | 'dir'>;
      page: { offset: number; limit: number };
    }) {
      const { actor, query, page } = props;
      policy.authorize(actor, 'organisation.read');
      return scoped(actor, (tx) => repo.listOrganisations(tx, query, page));
    },

    getOrganisation({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'organisation.read');
      return scoped(actor, (tx) => requireOrg(tx, id));
    },

    createOrganisation({ actor, input }: { actor: Actor; input: OrganisationInput }) {
      policy.authorize(actor, 'organisation.create');
      return scoped(actor, async (tx) => {
        if (await repo.findOrganisationByCode(tx, input.code))
          throw new AppError(OrganisationErrors.ORGANISATION_CODE_TAKEN, undefined, [
            { path: 'body.code', message: 'Already in use' },
          ]);
        const org = await repo.insertOrganisation(tx, input);
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'organisation',
          entityId: org.id,
          details: { code: org.code, name: org.name },
        });
        return org;
      });
    },

    updateOrganisation(props: { actor: Actor; id: string; version: number; input: OrganisationPatch }) {
      const { actor, id, version, input: patch } = props;
      policy.authorize(actor, 'organisation.update', { id });
      return scoped(actor, async (tx) => {
        if (patch.code) {
          const holder = await repo.findOrganisationByCode(tx, patch.code);
          if (holder && holder.id !== id)
            throw new AppError(OrganisationErrors.ORGANISATION_CODE_TAKEN, undefined, [
              { path: 'body.code', message: 'Already in use' },
            ]);
        }
        const org = await repo.updateOrganisation(tx, id, version, patch);
        if (!org) staleOrMissing(Boolean(await repo.findOrganisation(tx, id)), 'The organisation');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'organisation',
          entityId: id,
          details: { fields: Object.keys(patch) },
        });
        return org;
      });
    },

    listRelationships({ actor, orgId }: { actor: Actor; orgId: string }) {
      policy.authorize(actor, 'organisation.read');
      return scoped(actor, async (tx) => {
        await requireOrg(tx, orgId);
        return repo.listRelationships(tx, orgId);
      });
    },

    addRelationship({ actor, orgId, input }: { actor: Actor; orgId: string; input: RelationshipInput }) {
      policy.authorize(actor, 'organisation.manageLinks', { id: orgId });
      checkDates(input.startsOn, input.endsOn);
      return scoped(actor, async (tx) => {
        const owner = await requireOrg(tx, orgId);
        const other = await repo.findOrganisation(tx, input.otherOrgId);
        if (!other)
          throw new AppError('NOT_FOUND', 'The other organisation was not found.', [
            { path: 'body.otherOrgId', message: 'No such organisation' },
          ]);
        if (!relationshipAllowed(input.kind, owner.kind, other.kind))
          throw new AppError(OrganisationErrors.RELATIONSHIP_KINDS_MISMATCH);
        if (await repo.relationshipOverlaps(tx, { orgId, ...input }))
          throw new AppError(OrganisationErrors.RELATIONSHIP_OVERLAP);
        const row = await repo.insertRelationship(tx, { orgId, ...input, endsOn: input.endsOn ?? null });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'org_relationship',
          entityId: row.id,
          orgId,
          details: { kind: row.kind, otherOrgId: row.otherOrgId, startsOn: row.startsOn, endsOn: row.endsOn },
        });
        return { ...row, orgName: owner.name, otherOrgName: other.name };
      });
    },

    endRelationship(props: {
      actor: Actor;
      orgId: string;
      id: string;
      version: number;
      input: { endsOn: string | null };
    }) {
      const { actor, orgId, id, version } = props;
      const { endsOn } = props.input;
      policy.authorize(actor, 'organisation.manageLinks', { id: orgId });
      return scoped(actor, async (tx) => {
        const current = await repo.findRelationship(tx, orgId, id);
        if (!current) throw notFound('The relationship');
        checkDates(current.startsOn, endsOn);
        const row = await repo.endRelationship(tx, orgId, id, version, endsOn);
        if (!row) staleOrMissing(true, 'The relationship');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'org_relationship',
          entityId: id,
          orgId,
          details: { endsOn },
        });
        return row;
      });
    },

    /**
     * Service areas are public facts about an organisation (members choose a CP by them), so any
     * signed-in user may read any organisation's; the read runs as the system for that reason.
     */
    async listServiceAreas({ actor, orgId }: { actor: Actor; orgId: string }) {
      policy.authorize(actor, 'organisation.read');
      await requireOrg(database.system, orgId);
      return repo.listServiceAreas(database.system, orgId);
    },

    addServiceArea({ actor, orgId, input }: { actor: Actor; orgId: string; input: ServiceAreaInput }) {
      policy.authorize(actor, 'organisation.manageLinks', { id: orgId });
      checkDates(input.startsOn, input.endsOn);
      return scoped(actor, async (tx) => {
        if (await repo.serviceAreaOverlaps(tx, orgId, input.county, input.startsOn, input.endsOn))
          throw new AppError(OrganisationErrors.SERVICE_AREA_OVERLAP);
        const row = await repo.insertServiceArea(tx, { orgId, ...input, endsOn: input.endsOn ?? null });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'service_area',
          entityId: row.id,
          orgId,
          details: { county: row.county, startsOn: row.startsOn, endsOn: row.endsOn },
        });
        return row;
      });
    },

    endServiceArea(props: {
      actor: Actor;
      orgId: string;
      id: string;
      version: number;
      input: { endsOn: string | null };
    }) {
      const { actor, orgId, id, version } = props;
      const { endsOn } = props.input;
      policy.authorize(actor, 'organisation.manageLinks', { id: orgId });
      return scoped(actor, async (tx) => {
        const row = await repo.endServiceArea(tx, orgId, id, version, endsOn);
        if (!row)
          staleOrMissing(
            (await repo.listServiceAreas(tx, orgId)).some((s) => s.id === id),
            'The service area',
          );
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'service_area',
          entityId: id,
          orgId,
          details: { endsOn },
        });
        return row;
      });
    },
  };
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
