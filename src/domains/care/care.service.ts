import {
  CARE_PROGRAM_LABELS,
  type EnrolleeInput,
  type EnrolleeListQuery,
  type EnrolleePatch,
  type EnrollmentInput,
} from '@contract/care/care.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import { CareErrors } from './care.errors.js';
import { carePolicy as policy } from './care.policy.js';
import * as repo from './care.repository.js';
import { idsByOtherHolder, recordEnrolleeRead } from './care-audit.js';
import { careContactMethods } from './care-contacts.service.js';
import { careContext, masshealthTaken, mbiTaken, rethrow } from './care-context.js';
import { careTeamMethods } from './care-team.service.js';
import { dayWords } from './rules.js';

type Page = { offset: number; limit: number };

const describeEnrollment = (e: repo.Enrollment) =>
  `${CARE_PROGRAM_LABELS[e.program]} from ${dayWords(e.effectiveOn)}${e.endsOn ? ` to ${dayWords(e.endsOn)}` : ', with no end date'}`;

/** Enrollees and their enrollments, with the care team's changes and contacts (care-team, care-contacts). */
export function createCareService({ database, audit }: { database: Database; audit: AuditTrail }) {
  const context = careContext(database, audit);
  const { scoped, heldEnrollee, withNames } = context;
  return {
    async listEnrollees({
      actor,
      query,
      page,
      updated,
    }: {
      actor: Actor;
      query: EnrolleeListQuery;
      page: Page;
      /** Only those whose record last changed in this span (a FHIR search's `_lastUpdated`). */
      updated?: repo.UpdatedSpan | undefined;
    }) {
      policy.authorize(actor, 'enrollee.list');
      const { items, total } = await scoped(
        actor,
        (db, orgId) => repo.listEnrollees(db, orgId, query, page, massachusettsToday(), updated),
        { read: true },
      );
      const ids = items.map((i) => i.coordinatorId).filter((x): x is string => Boolean(x));
      const names = await repo.namesOf(database.system, [...new Set(ids)], []);
      audit.recordRead(actor, {
        entityType: 'care_enrollee',
        action: 'list',
        details: { phi: true, ids: items.map((i) => i.id) },
      });
      // Each other holder whose enrollees the page shows gets its own row naming only its enrollees.
      for (const [holderOrgId, ids] of idsByOtherHolder(actor, items))
        audit.recordRead(actor, {
          entityType: 'care_enrollee',
          action: 'list',
          orgId: holderOrgId,
          details: { phi: true, ids, actorOrgId: actor.orgId },
        });
      return {
        items: items.map(({ orgId: _holder, ...i }) => ({
          ...i,
          coordinatorName: i.coordinatorId ? (names.person.get(i.coordinatorId) ?? null) : null,
        })),
        total,
      };
    },

    /**
     * A request about an enrollee that was refused (not found or forbidden), recorded as an attempt: in the
     * actor's organisation's chain, and in the holder's when the record is another organisation's, so a plan
     * sees who outside it tried to reach its member's record. Nothing of this reaches the one refused.
     */
    async recordRefusal(actor: Actor, enrolleeId: string, details: { status: number; route: string }) {
      const input = {
        entityType: 'care_enrollee' as const,
        entityId: enrolleeId,
        action: 'refused',
        details,
      };
      const holder = await repo.holderOf(database.system, enrolleeId.toLowerCase());
      if (holder) recordEnrolleeRead(audit, actor, holder, input);
      else audit.recordRead(actor, input);
    },

    /** One enrollee with enrollments and care team; every read is audited as PHI. */
    async getEnrollee({ actor, id }: { actor: Actor; id: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const found = await scoped(
        actor,
        async (db, orgId) => {
          const enrollee = await repo.findEnrollee(db, orgId, id, massachusettsToday());
          if (!enrollee) return undefined;
          const [enrollments, team] = await Promise.all([
            repo.enrollmentsOf(db, enrollee.orgId, id),
            repo.teamOf(db, enrollee.orgId, id),
          ]);
          return { enrollee, enrollments, team };
        },
        { read: true },
      );
      if (!found) throw notFound('The enrollee');
      const { enrollee, enrollments, team } = found;
      recordEnrolleeRead(audit, actor, enrollee.orgId, {
        entityType: 'care_enrollee',
        entityId: id,
        details: { phi: true },
      });
      const names = await repo.namesOf(database.system, [], [enrollee.orgId]);
      const { createdAt: _c, updatedAt: _u, ...fields } = enrollee;
      return {
        ...fields,
        accessibleFormats: fields.accessibleFormats as (typeof fields.accessibleFormats)[number][] as never[],
        orgName: names.org.get(enrollee.orgId) ?? '',
        enrollments: enrollments.map(({ id, program, effectiveOn, endsOn, version }) => ({
          id,
          program,
          effectiveOn,
          endsOn,
          version,
        })),
        team: await withNames(team),
      };
    },

    createEnrollee({ actor, input }: { actor: Actor; input: EnrolleeInput }) {
      policy.authorize(actor, 'enrollee.create');
      return scoped(actor, async (tx, orgId) => {
        if (await repo.findByMasshealthId(tx, orgId, input.masshealthId)) throw masshealthTaken();
        if (input.mbi) await checkMbiFree(tx, orgId, input.mbi, null);
        const enrollee = await repo.insertEnrollee(tx, orgId, input);
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'care_enrollee',
          entityId: enrollee.id,
          details: { fields: Object.keys(input) },
        });
        return enrollee;
      }).catch(rethrow);
    },

    updateEnrollee({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: EnrolleePatch;
    }) {
      return scoped(actor, async (tx, orgId) => {
        const current = await heldEnrollee(tx, actor, orgId, id);
        // Only what differs is written: a change that changes nothing keeps the version and leaves no audit row.
        const changed = (Object.keys(input) as (keyof EnrolleePatch)[]).filter(
          (k) => input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(current[k]),
        );
        if (!changed.length) {
          if (current.version !== version) staleOrMissing(true, 'The enrollee');
          return current;
        }
        if (input.masshealthId && input.masshealthId !== current.masshealthId) {
          const holder = await repo.findByMasshealthId(tx, orgId, input.masshealthId);
          if (holder && holder.id !== id) throw masshealthTaken();
        }
        if (input.mbi && input.mbi !== current.mbi) await checkMbiFree(tx, orgId, input.mbi, id);
        const updated = await repo.updateEnrollee(
          tx,
          orgId,
          id,
          version,
          Object.fromEntries(changed.map((k) => [k, input[k]])),
        );
        if (!updated) staleOrMissing(true, 'The enrollee');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'care_enrollee',
          entityId: id,
          details: { fields: changed },
        });
        return updated;
      }).catch(rethrow);
    },

    addEnrollment({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: EnrollmentInput;
    }) {
      return scoped(actor, async (tx, orgId) => {
        const enrollee = await heldEnrollee(tx, actor, orgId, enrolleeId);
        if (input.effectiveOn < enrollee.dateOfBirth)
          throw new AppError(
            CareErrors.ENROLLMENT_DATES,
            `An enrollment cannot take effect before the enrollee was born (${dayWords(enrollee.dateOfBirth)}).`,
            [
              {
                path: 'body.effectiveOn',
                message: `Choose a day on or after ${dayWords(enrollee.dateOfBirth)}`,
              },
            ],
          );
        await repo.lockEnrollee(tx, orgId, enrolleeId);
        const other = await repo.overlappingEnrollment(
          tx,
          orgId,
          enrolleeId,
          input.program,
          input.effectiveOn,
          input.endsOn ?? null,
        );
        if (other) throw overlap(other);
        const enrollment = await repo.insertEnrollment(tx, orgId, enrolleeId, input);
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'care_enrollment',
          entityId: enrollment.id,
          details: {
            enrolleeId,
            program: input.program,
            effectiveOn: input.effectiveOn,
            endsOn: input.endsOn ?? null,
          },
        });
        return enrollment;
      }).catch(rethrow);
    },

    endEnrollment({
      actor,
      enrolleeId,
      id,
      version,
      endsOn,
    }: {
      actor: Actor;
      enrolleeId: string;
      id: string;
      version: number;
      endsOn: string;
    }) {
      return scoped(actor, async (tx, orgId) => {
        await heldEnrollee(tx, actor, orgId, enrolleeId);
        await repo.lockEnrollee(tx, orgId, enrolleeId);
        const current = await repo.findEnrollment(tx, orgId, enrolleeId, id);
        if (!current) throw notFound('The enrollment');
        if (endsOn < current.effectiveOn)
          throw new AppError(
            CareErrors.ENROLLMENT_DATES,
            'An enrollment cannot end before it takes effect.',
            [{ path: 'body.endsOn', message: `Choose a day on or after ${dayWords(current.effectiveOn)}` }],
          );
        const other = await repo.overlappingEnrollment(
          tx,
          orgId,
          enrolleeId,
          current.program,
          current.effectiveOn,
          endsOn,
          id,
        );
        if (other) throw overlap(other);
        const ended = await repo.endEnrollment(tx, orgId, id, version, endsOn);
        if (!ended) staleOrMissing(true, 'The enrollment');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'care_enrollment',
          entityId: id,
          details: { enrolleeId, endsOn },
        });
        return ended;
      }).catch(rethrow);
    },

    ...careTeamMethods(context),
    ...careContactMethods(context),
  };
}

/** Refuses an MBI another enrollee here holds, naming that enrollee as the roster import does. */
async function checkMbiFree(tx: Db, orgId: string, mbi: string, exceptId: string | null) {
  const holder = await repo.findByMbi(tx, orgId, mbi);
  if (holder && holder.id !== exceptId) throw mbiTaken(holder.masshealthId);
}

function overlap(other: repo.Enrollment) {
  return new AppError(
    CareErrors.ENROLLMENT_OVERLAP,
    `The enrollee is already enrolled in ${describeEnrollment(other)}, which shares days with these dates${other.program === 'cp' ? '' : ' (One Care, ACO and MCO cover a member one at a time)'}. End that enrollment first, or choose other dates.`,
    [
      {
        path: 'body.effectiveOn',
        message: `Overlaps the enrollment ${other.id} (${describeEnrollment(other)})`,
      },
    ],
  );
}

export type CareService = ReturnType<typeof createCareService>;
