// Welcome mailings of a service-area expansion (seed 001, decision 063): run one for the counties a plan's,
// ACO's or MCO's service area gains on a day; list and read them; download the letters, the mail file and one
// resident's letter, each an audited read of PHI.
import type { LetterFormat } from '@contract/enrollment/assignment.labels.js';
import type { MailingInput, mailingInput } from '@contract/enrollment/mailing.schemas.js';
import { longDay } from '@contract/iso-days.js';
import { massachusettsDate, massachusettsToday } from '@contract/massachusetts-day.js';
import type { z } from 'zod';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import type { FileStore } from '../../platform/files/file-store.js';
import { AppError } from '../../platform/http/errors.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { findOrganisation } from '../organisations/index.js';
import { enrollmentPolicy as policy } from './enrollment.policy.js';
import { renderWelcomeLetter } from './letters/letters.pdf.js';
import { MailingErrors } from './mailing.errors.js';
import { addressLinesOf, ENROLLMENT_MAILING_JOB, mailingJob } from './mailing.job.js';
import * as repo from './mailing.repository.js';
import { firstEnrollmentDay, welcomeProgramOf } from './mailing.rules.js';

export type { MailingInput };

const view = ({ lettersFileId, mailFileId, ...m }: repo.MailingRecord) => ({
  ...m,
  // By county name (the database keeps a JSON object's keys shortest first).
  countyCounts: Object.fromEntries(Object.entries(m.countyCounts).sort(([a], [b]) => a.localeCompare(b))),
  hasFiles: Boolean(lettersFileId && mailFileId),
});

/**
 * Why a county's mailing cannot run for `day`: the day (or days) it joined the service area, to run it for, or
 * that it is not a service area at all.
 */
function countyProblem(county: string, days: readonly string[], orgName: string, day: string) {
  return days.length > 0
    ? `${county} County joined ${orgName}’s service area on ${days.map(longDay).join(' and on ')}, not on ${longDay(day)}: run its mailing for the day it joined`
    : `${county} County is not a service area of ${orgName}: add it under the organisation’s service areas first`;
}

export function createMailings(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  jobs: JobQueue;
}) {
  const { database, audit, files, jobs } = deps;
  jobs.register(ENROLLMENT_MAILING_JOB, mailingJob(deps));
  const read = <T>(actor: Actor, work: (db: Db) => Promise<T>) =>
    withReadScope(database, scopeOf(actor), work);

  async function mailingOf(actor: Actor, id: string) {
    policy.authorize(actor, 'mailing.read');
    const mailing = await read(actor, (db) => repo.findMailing(db, id.toLowerCase()));
    if (!mailing) throw new AppError(MailingErrors.MAILING_NOT_FOUND);
    return mailing;
  }

  /** A finished mailing's stored file (the letters or the mail file), read as PHI. */
  async function fileOf(actor: Actor, id: string, which: 'letters' | 'mail') {
    const m = await mailingOf(actor, id);
    if (m.status !== 'done') throw new AppError(MailingErrors.MAILING_NOT_READY);
    const fileId = which === 'letters' ? m.lettersFileId : m.mailFileId;
    if (!fileId) throw new AppError(MailingErrors.MAILING_NO_FILES);
    const file = await files.find(database.system, m.orgId, fileId);
    audit.recordRead(actor, {
      entityType: 'enrollment_mailing',
      entityId: m.id,
      orgId: m.orgId,
      action: 'export',
      details: { phi: true, what: which === 'letters' ? 'letters' : 'mail file', residents: m.residents },
    });
    return { name: file.name, contentType: file.contentType, open: () => files.open(m.orgId, file.id) };
  }

  return {
    /**
     * Starts a welcome mailing for counties the acting organisation's service area gains on `effectiveOn`:
     * each must be a service area of it starting that day. Returns the job; the mailing has the job's id.
     */
    async start(actor: Actor, input: z.output<typeof mailingInput>) {
      policy.authorize(actor, 'mailing.run');
      const orgId = activeOrgOf(actor);
      const org = await findOrganisation(database.system, orgId);
      if (!org || !welcomeProgramOf(org.kind)) throw new AppError(MailingErrors.MAILING_NOT_FOUND);
      const { counties, effectiveOn } = input;
      const starts = await read(actor, (db) => repo.countyStarts(db, orgId, counties));
      const missing = counties.flatMap((county, i) =>
        starts.get(county)?.includes(effectiveOn) ? [] : [{ county, i, days: starts.get(county) ?? [] }],
      );
      if (missing.length > 0) {
        const problems = missing.map((m) => ({
          path: `counties.${m.i}`,
          message: countyProblem(m.county, m.days, org.name, effectiveOn),
        }));
        throw new AppError(
          MailingErrors.MAILING_COUNTY_NOT_EXPANDED,
          `${problems.map((p) => p.message).join('. ')}.`,
          problems,
        );
      }
      const today = massachusettsToday();
      return database.system.transaction(async (transaction) => {
        const tx = transaction as unknown as Db;
        await repo.lockMailings(tx, orgId);
        if (await repo.runningMailing(tx, orgId)) throw new AppError(MailingErrors.MAILING_RUNNING);
        const firstEnrollmentOn = firstEnrollmentDay(effectiveOn, today);
        const job = await jobs.enqueue(tx, {
          orgId,
          kind: ENROLLMENT_MAILING_JOB,
          payload: {
            counties,
            effectiveOn,
            firstEnrollmentOn,
            letterDate: today,
            actor: {
              userId: actor.userId,
              name: actor.name,
              ip: actor.ip,
              userAgent: actor.userAgent,
              orgId,
            },
          },
          createdBy: actor.userId,
          maxAttempts: 2,
        });
        await repo.insertMailing(tx, {
          orgId,
          id: job.id,
          counties,
          effectiveOn,
          firstEnrollmentOn,
          createdBy: actor.userId,
          createdByName: actor.name,
        });
        return job;
      });
    },

    /** The mailings in scope (a state agency: every organisation's), newest first. */
    async list(actor: Actor, page: { offset: number; limit: number }) {
      policy.authorize(actor, 'mailing.read');
      return read(actor, async (db) => ({
        items: (await repo.listMailings(db, page.offset, page.limit)).map(view),
        total: await repo.countMailings(db),
      }));
    },

    /** One mailing: its counties, days, status and count per county (no member in it). */
    async get(actor: Actor, id: string) {
      return view(await mailingOf(actor, id));
    },

    /** Every letter of the mailing in one PDF, for the printer. */
    letters: (actor: Actor, id: string) => fileOf(actor, id, 'letters'),

    /** The print vendor's mail file. */
    mailFile: (actor: Actor, id: string) => fileOf(actor, id, 'mail'),

    /** The residents the mailing wrote to, by name: an audited read of PHI. */
    async residents(actor: Actor, id: string, page: { offset: number; limit: number }) {
      const m = await mailingOf(actor, id);
      const items = await repo.residentsPage(database.system, m.orgId, m.id, page.offset, page.limit);
      audit.recordRead(actor, {
        entityType: 'enrollment_mailing',
        entityId: m.id,
        orgId: m.orgId,
        details: { phi: true, what: 'residents', ids: items.map((r) => r.enrolleeId) },
      });
      return { items, total: m.residents };
    },

    /**
     * One resident's letter as it was written (its language, print and days), with the member's name and
     * address as they are recorded now: to send it again.
     */
    async residentLetter(actor: Actor, id: string, enrolleeId: string) {
      const m = await mailingOf(actor, id);
      const r = await repo.mailingResident(database.system, m.orgId, m.id, enrolleeId.toLowerCase());
      if (!r) throw new AppError(MailingErrors.MAILING_RESIDENT_NOT_FOUND);
      const org = await findOrganisation(database.system, m.orgId);
      const program = org ? welcomeProgramOf(org.kind) : null;
      if (!org || !program) throw new AppError(MailingErrors.MAILING_NOT_FOUND);
      const letterDate = massachusettsDate(new Date(m.createdAt));
      const letter = await renderWelcomeLetter({
        recipient: { name: `${r.givenName} ${r.familyName}`, addressLines: addressLinesOf(r) },
        preferredLanguage: r.language, // the language it was written in
        format: r.format as LetterFormat,
        date: letterDate,
        plan: { name: org.name, phone: org.phone, program },
        county: r.county,
        firstEnrollmentOn: m.firstEnrollmentOn,
      });
      audit.recordRead(actor, {
        entityType: 'enrollment_member',
        entityId: r.enrolleeId,
        orgId: m.orgId,
        action: 'export',
        details: { phi: true, what: 'welcome letter', mailingId: m.id, actorOrgId: actor.orgId },
      });
      return { name: `welcome-letter-${r.county}-${letterDate}.pdf`, pdf: letter.pdf };
    },
  };
}

export type Mailings = ReturnType<typeof createMailings>;
