import { massachusettsToday } from '@contract/massachusetts-day.js';
import type {
  PeopleListQuery,
  PersonInput,
  PersonPatch,
  QualificationInput,
  QualificationListQuery,
  RoleInput,
} from '@contract/people/people.schemas.js';
import { ROLE_LABELS } from '@contract/people/people.schemas.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, notFound, validationFailed } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { findOrganisation } from '../organisations/index.js';
import { PeopleErrors } from './people.errors.js';
import { peoplePolicy as policy } from './people.policy.js';
import * as repo from './people.repository.js';

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

/**
 * A qualification is recorded once it has been issued: one dated after today (in Massachusetts) would
 * satisfy a qualification requirement before the person holds it.
 */
function issuedByToday(input: QualificationInput) {
  const today = massachusettsToday();
  if (input.issuedOn && input.issuedOn > today)
    throw validationFailed(
      [
        {
          path: 'body.issuedOn',
          message: `${input.issuedOn} is after today (${today}); record a qualification once it is issued`,
        },
      ],
      `The issue date ${input.issuedOn} is in the future. Give the day the qualification was issued.`,
    );
}

export function createPeopleService({
  database,
  audit,
  outbox,
}: {
  database: Database;
  audit: AuditTrail;
  outbox: Outbox;
}) {
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

  /**
   * The existing identity with this e-mail, if any. An NPI held by anyone other than that identity (or,
   * for a new one, by anyone) is refused: the same answer whether or not the e-mail was known, so adding
   * someone reveals nothing about who else Concord knows.
   */
  async function resolveIdentity(fields: { email: string; npi?: string | null | undefined }) {
    const existing = await repo.findPersonByEmail(identities, fields.email);
    await checkUnique({ npi: fields.npi }, existing?.id);
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

  /**
   * The supervisor a change names: undefined leaves it, null clears it; an address must be someone with a
   * role here (and not the person themselves).
   */
  async function supervisorIdOf(tx: Db, orgId: string, personId: string, email: string | null | undefined) {
    if (email === undefined || email === null) return email;
    const found = await repo.personHereByEmail(tx, orgId, email);
    if (!found || found.id === personId)
      throw new AppError(PeopleErrors.SUPERVISOR_UNKNOWN, undefined, [
        {
          path: 'body.supervisorEmail',
          message: found
            ? 'A person cannot be their own supervisor'
            : `No one with a role at this organisation has the address ${email}`,
        },
      ]);
    return found.id;
  }

  /** The identity fields of a change that differ from what is recorded. */
  function identityChanges(person: repo.Person, patch: PersonPatch) {
    const changes: Partial<Pick<repo.Person, 'givenName' | 'familyName' | 'email' | 'npi'>> = {};
    for (const key of ['givenName', 'familyName', 'email', 'npi'] as const) {
      const value = patch[key];
      if (value !== undefined && value !== person[key]) Object.assign(changes, { [key]: value });
    }
    return changes;
  }

  return {
    listPeople({ actor, query, page }: { actor: Actor; query: PeopleListQuery; page: Page }) {
      policy.authorize(actor, 'person.list');
      return scoped(actor, (tx, orgId) => repo.listPeople(tx, orgId, query, page));
    },

    getPerson({ actor, id }: { actor: Actor; id: string }) {
      if (!policy.can(actor, 'person.read', { id })) throw notFound('The person');
      return scoped(
        actor,
        async (db, orgId) => {
          const found = await repo.personDetails(db, orgId, id);
          if (!found || !isVisible(actor, orgId, found, found.roles.length)) throw notFound('The person');
          audit.recordRead(actor, { entityType: 'person', entityId: id });
          // Which organisation keeps the identity is not said: that would tell where else the person works.
          const { homeOrgId: _home, detailsVersion, version, ...person } = found;
          return { ...person, version: version + detailsVersion };
        },
        { read: true },
      );
    },

    /**
     * Adds a person with roles here. A person is one identity across organisations: when the e-mail
     * address is already known, the roles are added to that identity and its fields are left as they are.
     * The answer is the same either way. The phone and title given are this organisation's own. Someone
     * linked from another organisation is told by e-mail who added them, so a mistaken or hostile link
     * does not go unnoticed; the audit trail records a link, not a creation.
     */
    async createPerson({ actor, input }: { actor: Actor; input: PersonInput }) {
      policy.authorize(actor, 'person.create');
      const { roles, phone, title, ...identity } = input;
      // Resolved before the scoped transaction: PGlite has one connection, which the transaction holds.
      const existing = await resolveIdentity(identity);
      return scoped(actor, async (tx, orgId) => {
        const alreadyHere = existing ? (await repo.rolesAt(tx, orgId, existing.id)).length > 0 : false;
        const person = existing ?? (await repo.insertPerson(tx, { ...identity, homeOrgId: orgId }));
        if (phone || title) await repo.saveDetails(tx, orgId, person.id, { phone, title });
        const ownFields = Object.entries({ phone, title })
          .filter(([, v]) => v)
          .map(([k]) => k);
        await audit.recordChange(tx, actor, {
          action: existing ? (alreadyHere ? 'update' : 'link') : 'create',
          entityType: 'person',
          entityId: person.id,
          // A linked identity keeps its keeper's name, e-mail and NPI: only this organisation's own fields apply.
          details: {
            fields: existing ? ownFields : Object.keys(input).filter((k) => k !== 'roles'),
          },
        });
        for (const role of roles) await addRoleIn(tx, actor, orgId, person.id, role);
        if (existing && !alreadyHere) await tellLinked(tx, actor, orgId, person, roles);
        return { person };
      });
    },

    /**
     * Changes a person as this organisation records them: identity fields (only where it keeps the
     * identity), and its own phone and title for them. `version` is the record as seen here.
     */
    async updatePerson(props: { actor: Actor; id: string; version: number; input: PersonPatch }) {
      const { actor, id, version, input: patch } = props;
      const { phone, title, supervisorEmail, ...identity } = patch;
      const changesDetails = phone !== undefined || title !== undefined || supervisorEmail !== undefined;
      // Who may change what is settled before the uniqueness look-ups, so a refusal tells nothing about them.
      const seen = await scoped(actor, async (tx, orgId) => {
        const { person } = await visiblePerson(tx, actor, orgId, id);
        const changes = identityChanges(person, identity);
        if (Object.keys(changes).length > 0) policy.authorize(actor, 'person.update', person);
        if (changesDetails || Object.keys(changes).length === 0) policy.authorize(actor, 'person.details');
        return changes;
      });
      await checkUnique(seen, id);
      return scoped(actor, async (tx, orgId) => {
        const { person } = await visiblePerson(tx, actor, orgId, id);
        const details = await repo.detailsAt(tx, orgId, id);
        const changes = identityChanges(person, identity);
        if (Object.keys(changes).length > 0) policy.authorize(actor, 'person.update', person);
        if (person.version + (details?.version ?? 0) !== version) staleOrMissing(true, 'The person');
        const detailFields = {
          phone,
          title,
          supervisorId: await supervisorIdOf(tx, orgId, id, supervisorEmail),
        };
        const updated =
          Object.keys(changes).length > 0 ? await repo.updatePerson(tx, id, person.version, changes) : person;
        if (!updated) staleOrMissing(true, 'The person');
        const saved = changesDetails
          ? await repo.saveDetails(tx, orgId, id, detailFields, details?.version ?? 0)
          : details;
        if (changesDetails && !saved) staleOrMissing(true, 'The person');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'person',
          entityId: id,
          details: { fields: Object.keys(patch) },
        });
        return { id, version: updated.version + (saved?.version ?? 0) };
      });
    },

    addRole({ actor, personId, input }: { actor: Actor; personId: string; input: RoleInput }) {
      policy.authorize(actor, 'role.manage');
      return scoped(actor, async (tx, orgId) => {
        // Only someone already seen here: a role given to any id would link anyone known elsewhere.
        await visiblePerson(tx, actor, orgId, personId);
        return addRoleIn(tx, actor, orgId, personId, input);
      });
    },

    updateRole(props: {
      actor: Actor;
      personId: string;
      id: string;
      version: number;
      input: { endsOn?: string | null; team?: string | null };
    }) {
      const { actor, personId, id: roleId, version, input: change } = props;
      policy.authorize(actor, 'role.manage');
      return scoped(actor, async (tx, orgId) => {
        const roles = await repo.rolesAt(tx, orgId, personId);
        const current = roles.find((r) => r.id === roleId);
        if (!current) throw notFound('The role');
        if (change.endsOn && change.endsOn < current.startsOn)
          throw validationFailed([
            { path: 'body.endsOn', message: 'Choose an end date on or after the start date' },
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

    listQualifications({ actor, query, page }: { actor: Actor; query: QualificationListQuery; page: Page }) {
      policy.authorize(actor, 'qualification.list');
      return scoped(actor, (tx, orgId) => repo.listQualifications(tx, orgId, query, page));
    },

    addQualification({
      actor,
      personId,
      input,
    }: {
      actor: Actor;
      personId: string;
      input: QualificationInput;
    }) {
      policy.authorize(actor, 'qualification.manage');
      issuedByToday(input);
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

    updateQualification(props: {
      actor: Actor;
      personId: string;
      id: string;
      version: number;
      input: QualificationInput;
    }) {
      const { actor, personId, id, version, input } = props;
      policy.authorize(actor, 'qualification.manage');
      issuedByToday(input);
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

  /** The e-mail to someone an organisation linked to their existing identity. */
  async function tellLinked(tx: Db, actor: Actor, orgId: string, person: repo.Person, roles: RoleInput[]) {
    const org = await findOrganisation(tx, orgId);
    const name = org?.name ?? 'An organisation';
    const what = [...new Set(roles.map((r) => ROLE_LABELS[r.role] ?? r.role))].join(', ');
    await outbox.queue(
      tx,
      orgId,
      [
        {
          key: `person-linked:${person.id}`,
          to: person.email,
          toName: `${person.givenName} ${person.familyName}`,
          personId: person.id,
          subject: `${name} added you in Concord`,
          body: [
            `${name} added you in Concord${what ? ` as ${what}` : ''}, using the e-mail address you already use there with another organisation.`,
            'It now sees your name, e-mail address and NPI as you keep them, your roles there, and which trainings you have completed. What other organisations recorded about you (phone, title, notes and files) stays theirs.',
            `If you do not work with ${name}, tell your own organisation's administrator so that it can be looked into.`,
          ].join('\n\n'),
          entityType: 'person',
          entityId: person.id,
        },
      ],
      actor.userId,
    );
  }

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
