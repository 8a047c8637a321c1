// Contacts: an attempt to reach the enrollee, recorded by the plan or a person on the care team, and the
// enrollee's contacts listed (decision 050).
import type { ContactInput, ContactListQuery } from '@contract/care/care.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditInput } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { forbidden, notFound } from '../../platform/http/errors.js';
import { carePolicy as policy } from './care.policy.js';
import * as repo from './care.repository.js';
import { part2Marked, recordEnrolleeRead, recordOutsideChange } from './care-audit.js';
import type { CareContext } from './care-context.js';

type Page = { offset: number; limit: number };

/** Contacts, for the care service (`createCareService`). */
export function careContactMethods({ database, audit, scoped }: CareContext) {
  async function contactView(row: Awaited<ReturnType<typeof repo.insertContact>>) {
    const names = await repo.namesOf(database.system, [row.madeBy], []);
    return { ...plainContact(row), madeByName: names.person.get(row.madeBy) ?? '' };
  }

  return {
    /** Records an attempt to reach the enrollee, by the actor, for the organisation they act for. */
    async recordContact({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: ContactInput;
    }) {
      policy.authorize(actor, 'contact.record');
      const contact = await scoped(actor, async (tx, orgId) => {
        const today = massachusettsToday();
        const enrollee = await repo.findEnrollee(tx, orgId, enrolleeId, today);
        if (!enrollee) throw notFound('The enrollee');
        // Another organisation on the team sees the enrollee for oversight; only its people on the team
        // record a contact (decision 050).
        if (
          enrollee.orgId !== orgId &&
          (!actor.personId ||
            !(await repo.onTeam(tx, enrollee.orgId, enrolleeId, actor.personId, orgId, today)))
        )
          throw forbidden(
            'Only the enrollee’s care team members, and the plan that holds the record, record a contact.',
          );
        const row = await repo.insertContact(tx, {
          orgId: enrollee.orgId,
          enrolleeId,
          mode: input.mode,
          reached: input.reached,
          madeBy: actor.personId,
          madeForOrgId: orgId,
          occurredAt: new Date(input.occurredAt),
          notes: input.notes ?? null,
          part2OrgId: input.part2 ? orgId : null,
        });
        await audit.recordChange(tx, actor, contactEvent(row));
        return row;
      });
      await recordOutsideChange(audit, actor, contact.orgId, contactEvent(contact));
      return contactView(contact);
    },

    async listContacts({
      actor,
      enrolleeId,
      query,
      page,
    }: {
      actor: Actor;
      enrolleeId: string;
      query: ContactListQuery;
      page: Page;
    }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const {
        items: rows,
        total,
        holder,
      } = await scoped(
        actor,
        async (db, orgId) => {
          const enrollee = await repo.findEnrollee(db, orgId, enrolleeId, massachusettsToday());
          if (!enrollee) throw notFound('The enrollee');
          return {
            ...(await repo.contactsOf(db, enrollee.orgId, enrolleeId, query, page)),
            holder: enrollee.orgId,
          };
        },
        { read: true },
      );
      recordEnrolleeRead(audit, actor, holder, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_contacts',
        details: { phi: true },
      });
      const names = await repo.namesOf(database.system, [...new Set(rows.map((r) => r.madeBy))], []);
      return {
        items: rows.map((r) => ({ ...plainContact(r), madeByName: names.person.get(r.madeBy) ?? '' })),
        total,
      };
    },
  };
}

function contactEvent(row: Awaited<ReturnType<typeof repo.insertContact>>): AuditInput {
  return {
    action: 'create',
    entityType: 'care_contact',
    entityId: row.id,
    details: part2Marked({ enrolleeId: row.enrolleeId, mode: row.mode, reached: row.reached }, row),
  };
}

function plainContact(row: Awaited<ReturnType<typeof repo.insertContact>>) {
  return {
    id: row.id,
    mode: row.mode,
    reached: row.reached,
    madeBy: row.madeBy,
    occurredAt: row.occurredAt.toISOString(),
    notes: row.notes,
    part2: row.part2OrgId !== null,
  };
}
