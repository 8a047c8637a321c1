import type { AuditTrail } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import { PeopleErrors } from './people.errors.js';
import { peoplePolicy as policy } from './people.policy.js';
import * as repo from './people.repository.js';
import type {
  PeopleListQuery,
  PersonInput,
  PersonPatch,
  QualificationInput,
  QualificationListQuery,
  RoleInput,
} from './people.schemas.js';

type Page = { offset: number; limit: number };

/** A person is visible at an organisation where they hold or held a role, or that keeps their identity; and to themselves. */
function isVisible(
  actor: Actor,
  orgId: string,
  person: { id: string; homeOrgId: string },
  rolesHere: number,
) {
  return rolesHere > 0 || person.homeOrgId === orgId || actor.personId === person.id;
}

export function createPeopleService({ database, audit }: { database: Database; audit: AuditTrail }) {
  function scoped<T>(actor: Actor, work: (tx: Db, orgId: string) => Promise<T>, { read = false } = {}) {
    const orgId = activeOrgOf(actor);
    return (read ? withReadScope : withScope)(database, scopeOf(actor), (tx) => work(tx, orgId));
  }

  /** The person, if they hold or held a role at the actor's organisation (or are the actor). */
  async function visiblePerson(tx: Db, actor: Actor, orgId: string, id: string) {
    const person = await repo.findPerson(tx, id);
    if (!person) throw notFound('The person');
    const roles = await repo.rolesAt(tx, orgId, id);
    if (!isVisible(actor, orgId, person, roles.length)) throw notFound('The person');
    return { person, roles };
  }

  // Identity is global (one person across organisations), so identity look-ups and uniqueness checks
  // see every person, not only those visible to the caller's organisation.
  const identities = database.system;

  /** The existing identity with this e-mail, after checking the NPI is not someone else's. */
  async function resolveIdentity(fields: { email: string; npi?: string | null | undefined }) {
    const existing = await repo.findPersonByEmail(identities, fields.email);
    if (!existing) await checkUnique({ npi: fields.npi });
    return existing;
  }

  async function checkUnique(
    fields: { email?: string | undefined; npi?: string | null | undefined },
    selfId?: string,
  ) {
    if (fields.npi) {
      const holder = await repo.findPersonByNpi(identities, fields.npi);
      if (holder && holder.id !== selfId)
        throw new AppError(PeopleErrors.PERSON_NPI_TAKEN, undefined, [
          { path: 'body.npi', message: 'Already in use' },
        ]);
    }
    if (fields.email && selfId) {
      const holder = await repo.findPersonByEmail(identities, fields.email);
      if (holder && holder.id !== selfId)
        throw new AppError(PeopleErrors.PERSON_EMAIL_TAKEN, undefined, [
          { path: 'body.email', message: 'Already in use' },
        ]);
    }
  }

  return {
    listPeople(actor: Actor, query: PeopleListQuery, page: Page) {
      policy.authorize(actor, 'person.list');
      return scoped(actor, (tx, orgId) => repo.listPeople(tx, orgId, query, page));
    },

    getPerson(actor: Actor, id: string) {
      if (!policy.can(actor, 'person.read', { id })) throw notFound('The person');
      return scoped(
        actor,
        async (db, orgId) => {
          const person = await repo.personDetails(db, orgId, id);
          if (!person || !isVisible(actor, orgId, person, person.roles.length)) throw notFound('The person');
          audit.recordRead(actor, { entityType: 'person', entityId: id });
          return person;
        },
        { read: true },
      );
    },

    /**
     * Adds a person with roles here. A person is one identity across organisations: when the e-mail
     * address is already known, the roles are added to that identity and its fields are left as they are.
     */
    async createPerson(actor: Actor, input: PersonInput) {
      policy.authorize(actor, 'person.create');
      const { roles, ...fields } = input;
      // Resolved before the scoped transaction: PGlite has one connection, which the transaction holds.
      const existing = await resolveIdentity(fields);
      return scoped(actor, async (tx, orgId) => {
        let person = existing;
        if (!person) {
          person = await repo.insertPerson(tx, { ...fields, homeOrgId: orgId });
          await audit.recordChange(tx, actor, {
            action: 'create',
            entityType: 'person',
            entityId: person.id,
            details: { fields: Object.keys(fields) },
          });
        }
        for (const role of roles) await addRoleIn(tx, actor, orgId, person.id, role);
        return { person, linked: Boolean(existing) };
      });
    },

    async updatePerson(actor: Actor, id: string, version: number, patch: PersonPatch) {
      await checkUnique(patch, id);
      return scoped(actor, async (tx, orgId) => {
        const { person } = await visiblePerson(tx, actor, orgId, id);
        policy.authorize(actor, 'person.update', person);
        const updated = await repo.updatePerson(tx, id, version, patch);
        if (!updated) staleOrMissing(true, 'The person');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'person',
          entityId: id,
          details: { fields: Object.keys(patch) },
        });
        return updated;
      });
    },

    addRole(actor: Actor, personId: string, input: RoleInput) {
      policy.authorize(actor, 'role.manage');
      return scoped(actor, async (tx, orgId) => {
        if (!(await repo.findPerson(tx, personId))) throw notFound('The person');
        return addRoleIn(tx, actor, orgId, personId, input);
      });
    },

    updateRole(
      actor: Actor,
      personId: string,
      roleId: string,
      version: number,
      change: { endsOn?: string | null; team?: string | null },
    ) {
      policy.authorize(actor, 'role.manage');
      return scoped(actor, async (tx, orgId) => {
        const roles = await repo.rolesAt(tx, orgId, personId);
        const current = roles.find((r) => r.id === roleId);
        if (!current) throw notFound('The role');
        if (change.endsOn && change.endsOn < current.startsOn)
          throw new AppError('VALIDATION_FAILED', 'body.endsOn: Ends before it starts', [
            { path: 'body.endsOn', message: 'Ends before it starts' },
          ]);
        const row = await repo.updateRole(tx, orgId, roleId, version, change);
        if (!row) staleOrMissing(true, 'The role');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'person_role',
          entityId: roleId,
          details: { personId, ...change },
        });
        return row;
      });
    },

    listQualifications(actor: Actor, query: QualificationListQuery, page: Page) {
      policy.authorize(actor, 'qualification.list');
      return scoped(actor, (tx, orgId) => repo.listQualifications(tx, orgId, query, page));
    },

    addQualification(actor: Actor, personId: string, input: QualificationInput) {
      policy.authorize(actor, 'qualification.manage');
      return scoped(actor, async (tx, orgId) => {
        await visiblePerson(tx, actor, orgId, personId);
        const row = await repo.insertQualification(tx, { ...input, orgId, personId });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'qualification',
          entityId: row.id,
          details: { personId, name: row.name, expiresOn: row.expiresOn },
        });
        return row;
      });
    },

    updateQualification(
      actor: Actor,
      personId: string,
      id: string,
      version: number,
      input: QualificationInput,
    ) {
      policy.authorize(actor, 'qualification.manage');
      return scoped(actor, async (tx, orgId) => {
        const row = await repo.updateQualification(tx, orgId, id, version, input);
        if (!row)
          staleOrMissing(
            (await repo.qualificationsAt(tx, orgId, personId)).some((q) => q.id === id),
            'The qualification',
          );
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'qualification',
          entityId: id,
          details: { personId, fields: Object.keys(input) },
        });
        return row;
      });
    },
  };

  async function addRoleIn(tx: Db, actor: Actor, orgId: string, personId: string, input: RoleInput) {
    const row = await repo.insertRole(tx, {
      ...input,
      orgId,
      personId,
      endsOn: input.endsOn ?? null,
      team: input.team ?? null,
    });
    if (!row) throw new AppError(PeopleErrors.ROLE_DUPLICATE);
    await audit.recordChange(tx, actor, {
      action: 'create',
      entityType: 'person_role',
      entityId: row.id,
      details: { personId, role: row.role, startsOn: row.startsOn, endsOn: row.endsOn },
    });
    return row;
  }
}

export type PeopleService = ReturnType<typeof createPeopleService>;
