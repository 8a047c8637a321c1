// 42 CFR Part 2 (issue 20, decision 060): the enrollee's consents to a Part 2 program's disclosures, their written
// revocation, SUD counseling notes, and whether something is hidden from the caller. Which tagged records a
// reader sees is decided by row-level security (`care_part2_sees`), in every list, export and FHIR read alike.
import {
  type ConsentInput,
  type ConsentView,
  PART2_HIDDEN_MESSAGE,
  REDISCLOSURE_NOTICE,
  type RevocationInput,
} from '@contract/care/part2.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditInput, AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import {
  AppError,
  defineErrors,
  forbidden,
  notFound,
  validationFailed,
} from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import { findOrganisation } from '../../organisations/index.js';
import { carePolicy } from '../care.policy.js';
import * as careRepo from '../care.repository.js';
import { careContext } from '../care-context.js';
import { part2Policy as policy } from './part2.policy.js';
import * as repo from './part2.repository.js';

export const Part2Errors = defineErrors({
  CONSENT_REVOKED: {
    status: 409,
    message:
      'This consent was already revoked. A revocation is recorded once; the enrollee may sign a new consent.',
  },
});

export function createCarePart2({ database, audit }: { database: Database; audit: AuditTrail }) {
  const { scoped } = careContext(database, audit);

  /** The enrollee, when the actor's organisation sees them. */
  async function visibleEnrollee(tx: Db, actor: Actor, orgId: string, id: string) {
    if (!carePolicy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
    const enrollee = await careRepo.findEnrollee(tx, orgId, id, massachusettsToday());
    if (!enrollee) throw notFound('The enrollee');
    return enrollee;
  }

  async function consentViews(rows: readonly repo.ConsentRow[]): Promise<ConsentView[]> {
    const names = await careRepo.namesOf(
      database.system,
      [...new Set(rows.flatMap((r) => [r.recordedBy, ...(r.revokedBy ? [r.revokedBy] : [])]))],
      [...new Set(rows.flatMap((r) => [r.programOrgId, ...r.recipientOrgIds]))],
    );
    const today = massachusettsToday();
    return rows.map((r) => ({
      id: r.id,
      enrolleeId: r.enrolleeId,
      scope: r.scope,
      programOrgId: r.programOrgId,
      programName: names.org.get(r.programOrgId) ?? '',
      recipients: r.recipientOrgIds.map((id) => ({ id, name: names.org.get(id) ?? '' })),
      signedOn: r.signedOn,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      note: r.note,
      recordedByName: names.person.get(r.recordedBy) ?? '',
      createdAt: r.createdAt.toISOString(),
      revocation:
        r.revokedAt && r.revocationReceivedOn && r.revocationChannel && r.revokedBy
          ? {
              revokedAt: r.revokedAt.toISOString(),
              receivedOn: r.revocationReceivedOn,
              channel: r.revocationChannel,
              note: r.revocationNote,
              recordedByName: names.person.get(r.revokedBy) ?? '',
            }
          : null,
      active: !r.revokedAt && r.startsOn <= today && (r.endsOn === null || r.endsOn >= today),
      version: r.version,
    }));
  }

  /**
   * Consents and counseling notes say the enrollee is in treatment, so their reads and changes are recorded in
   * the actor's organisation's audit chain only, never copied to the holder's.
   */
  const readEvent = (actor: Actor, enrolleeId: string, action: string) =>
    audit.recordRead(actor, {
      entityType: 'care_enrollee',
      entityId: enrolleeId,
      action,
      details: { phi: true },
    });

  return {
    /** Records a consent the enrollee gave the actor's organisation (the Part 2 program) to disclose their records. */
    async recordConsent({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: ConsentInput;
    }) {
      policy.authorize(actor, 'consent.record');
      const names = await careRepo.namesOf(database.system, [], input.recipientOrgIds);
      const unknown = input.recipientOrgIds.findIndex((id) => !names.org.has(id));
      if (unknown >= 0)
        throw validationFailed([
          { path: `body.recipientOrgIds.${unknown}`, message: 'No organisation has this id' },
        ]);
      // Records are disclosed for treatment, payment and operations: never to a training vendor.
      const kinds = await Promise.all(
        input.recipientOrgIds.map((id) => findOrganisation(database.system, id)),
      );
      const vendor = kinds.findIndex((o) => o?.kind === 'training_vendor');
      if (vendor >= 0)
        throw validationFailed([
          {
            path: `body.recipientOrgIds.${vendor}`,
            message: `${kinds[vendor]!.name} is a training vendor: a consent names those who treat, pay for or run the enrollee’s care`,
          },
        ]);
      const row = await scoped(actor, async (tx, orgId) => {
        const enrollee = await visibleEnrollee(tx, actor, orgId, enrolleeId);
        const own = input.recipientOrgIds.indexOf(orgId);
        if (own >= 0)
          throw validationFailed([
            {
              path: `body.recipientOrgIds.${own}`,
              message: 'Your organisation is the program: it sees its own records without a consent',
            },
          ]);
        const consent = await repo.insertConsent(tx, {
          orgId: enrollee.orgId,
          enrolleeId,
          scope: input.scope,
          programOrgId: orgId,
          recipientOrgIds: input.recipientOrgIds,
          signedOn: input.signedOn,
          startsOn: input.startsOn,
          endsOn: input.endsOn ?? null,
          note: input.note ?? null,
          recordedBy: actor.personId!,
        });
        await audit.recordChange(tx, actor, consentEvent('create', consent));
        return consent;
      });
      return (await consentViews([row]))[0]!;
    },

    /** The enrollee's consents the actor's organisation gave or received (audited as PHI). */
    async listConsents({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      policy.authorize(actor, 'consent.read');
      const rows = await scoped(
        actor,
        async (tx, orgId) => {
          await visibleEnrollee(tx, actor, orgId, enrolleeId);
          return repo.consentsOf(tx, enrolleeId);
        },
        { read: true },
      );
      readEvent(actor, enrolleeId, 'read_part2_consents');
      return consentViews(rows);
    },

    /** One consent (for FHIR): the program's or a recipient's. */
    async getConsent({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'consent.read');
      const row = await scoped(actor, (tx) => repo.findConsent(tx, id), { read: true });
      if (!row) throw notFound('The consent');
      readEvent(actor, row.enrolleeId, 'read_part2_consent');
      return (await consentViews([row]))[0]!;
    },

    /**
     * Records the enrollee's written revocation: from this moment the consent covers nothing. Only the program
     * records it; a revocation is never undone (the enrollee signs a new consent instead).
     */
    async revokeConsent({
      actor,
      enrolleeId,
      id,
      version,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      id: string;
      version: () => number;
      input: RevocationInput;
    }) {
      policy.authorize(actor, 'consent.record');
      const row = await scoped(actor, async (tx, orgId) => {
        const consent = await repo.findConsent(tx, id);
        if (!consent || consent.enrolleeId !== enrolleeId) throw notFound('The consent');
        if (consent.programOrgId !== orgId)
          throw forbidden('Only the program the enrollee gave the consent to records its revocation.');
        if (consent.revokedAt) throw new AppError(Part2Errors.CONSENT_REVOKED);
        if (input.receivedOn < consent.signedOn)
          throw validationFailed([
            {
              path: 'body.receivedOn',
              message: 'A revocation cannot arrive before the consent was signed',
            },
          ]);
        const revoked = await repo.revokeConsent(
          tx,
          { ...consent, version: version() },
          {
            revocationReceivedOn: input.receivedOn,
            revocationChannel: input.channel,
            revocationNote: input.note ?? null,
            revokedBy: actor.personId!,
          },
        );
        if (!revoked) staleOrMissing(true, 'The consent');
        await audit.recordChange(tx, actor, consentEvent('revoke', revoked));
        return revoked;
      });
      return (await consentViews([row]))[0]!;
    },

    /** Writes a SUD counseling note, kept apart from the rest of the record, at the actor's organisation. */
    async writeNote({ actor, enrolleeId, body }: { actor: Actor; enrolleeId: string; body: string }) {
      policy.authorize(actor, 'note.write');
      const row = await scoped(actor, async (tx, orgId) => {
        const enrollee = await visibleEnrollee(tx, actor, orgId, enrolleeId);
        const note = await repo.insertCounselingNote(tx, {
          orgId: enrollee.orgId,
          enrolleeId,
          part2OrgId: orgId,
          body,
          writtenBy: actor.personId!,
        });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'care_counseling_note',
          entityId: note.id,
          details: { enrolleeId },
        });
        return note;
      });
      return (await this.noteViews([row]))[0]!;
    },

    /** The counseling notes the actor's organisation sees: its own, and those a counseling-notes consent covers. */
    async listNotes({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      policy.authorize(actor, 'note.read');
      const rows = await scoped(
        actor,
        async (tx, orgId) => {
          await visibleEnrollee(tx, actor, orgId, enrolleeId);
          return repo.counselingNotesOf(tx, enrolleeId);
        },
        { read: true },
      );
      readEvent(actor, enrolleeId, 'read_counseling_notes');
      return this.noteViews(rows);
    },

    async noteViews(rows: readonly repo.CounselingNoteRow[]) {
      const names = await careRepo.namesOf(
        database.system,
        [...new Set(rows.map((r) => r.writtenBy))],
        [...new Set(rows.map((r) => r.part2OrgId))],
      );
      return rows.map((r) => ({
        id: r.id,
        body: r.body,
        writtenByName: names.person.get(r.writtenBy) ?? '',
        programName: names.org.get(r.part2OrgId) ?? '',
        writtenAt: r.createdAt.toISOString(),
      }));
    },

    /**
     * Whether some of the enrollee's records are hidden from the actor's organisation (never which, or how many),
     * and whether some are shown under a consent, with the redisclosure notice that goes with them.
     */
    async status({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      const { hidden, disclosed } = await scoped(
        actor,
        async (tx, orgId) => {
          await visibleEnrollee(tx, actor, orgId, enrolleeId);
          return {
            hidden: await repo.somethingHidden(tx, enrolleeId),
            disclosed: await repo.somethingDisclosed(tx, enrolleeId, orgId),
          };
        },
        { read: true },
      );
      return {
        hidden,
        message: hidden ? PART2_HIDDEN_MESSAGE : null,
        disclosed,
        notice: disclosed ? REDISCLOSURE_NOTICE : null,
      };
    },
  };
}

export type CarePart2 = ReturnType<typeof createCarePart2>;

function consentEvent(action: string, row: repo.ConsentRow): AuditInput {
  return {
    action,
    entityType: 'care_part2_consent',
    entityId: row.id,
    details: { enrolleeId: row.enrolleeId, scope: row.scope, recipients: row.recipientOrgIds },
  };
}
