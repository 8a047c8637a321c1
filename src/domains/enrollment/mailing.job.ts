// The welcome mailing job (seed 001): finds the residents of the new counties the plan may welcome and has
// not welcomed yet, records them (once each: a second run writes to nobody twice), then writes every letter
// into one PDF for the printer and the print vendor's mail file, both kept in the file store (decision 063).
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { ACCESSIBLE_FORMAT_LABELS } from '@contract/care/care.labels.js';
import type { LetterFormat } from '@contract/enrollment/assignment.labels.js';
import { longDay } from '@contract/iso-days.js';
import { formatNumber, plural } from '@contract/text/figures.js';
import type { AuditActor, AuditTrail } from '../../platform/audit/audit.service.js';
import type { Database, Db } from '../../platform/db/client.js';
import type { FileStore } from '../../platform/files/file-store.js';
import type { JobContext, JobHandler } from '../../platform/jobs/queue.js';
import { findOrganisation } from '../organisations/index.js';
import { letterFormatFor, letterLanguageFor } from './letters/letter-language.js';
import { openLetterBook } from './letters/letters.pdf.js';
import { openMailFile } from './letters/mail-file.js';
import * as repo from './mailing.repository.js';
import { type NotWelcomed, notWelcomed, welcomeProgramOf } from './mailing.rules.js';

export const ENROLLMENT_MAILING_JOB = 'enrollment.mailing';

export interface MailingPayload {
  counties: string[];
  effectiveOn: string;
  firstEnrollmentOn: string;
  /** The letters' date: the day the mailing was asked for. */
  letterDate: string;
  actor: AuditActor;
}

declare module '../../platform/jobs/queue.js' {
  interface JobKinds {
    [ENROLLMENT_MAILING_JOB]: MailingPayload;
  }
}

/** Members read, decided and recorded at a time; letters written between two reads. */
const PAGE = 1_000;

/** The letters' address block: street lines, then "Town, MA 01201" (members of Massachusetts plans). */
export const addressLinesOf = (
  r: Pick<repo.LetterRow, 'addressLine1' | 'addressLine2' | 'town' | 'postalCode'>,
) =>
  [r.addressLine1, r.addressLine2, `${r.town ?? ''}, MA ${r.postalCode ?? ''}`.trim()].filter(
    (l): l is string => Boolean(l?.trim()),
  );

/** The accessible formats a member asks for that no printed letter is (large print is one), in words. */
const beyondPrint = (formats: readonly string[]) =>
  formats.flatMap((f) =>
    f !== 'large_print' && f in ACCESSIBLE_FORMAT_LABELS
      ? [ACCESSIBLE_FORMAT_LABELS[f as keyof typeof ACCESSIBLE_FORMAT_LABELS]]
      : [],
  );

const SKIPPED: Record<NotWelcomed, (n: number) => string> = {
  member: (n) => `${plural(n, 'resident')} covered by you already on the first day of enrollment`,
  age: (n) => `${plural(n, 'member')} outside One Care's ages (21 to 64) on the first day of enrollment`,
  mbi: (n) => `${plural(n, 'member')} without a Medicare number (MBI)`,
  address: (n) => `${plural(n, 'member')} without a full mailing address (street, town and ZIP code)`,
};

export function mailingJob(deps: { database: Database; audit: AuditTrail; files: FileStore }) {
  const { database, audit, files } = deps;
  const db = database.system;

  /** Records the residents to welcome; returns how many members were passed over, and why. */
  async function cohort(orgId: string, mailingId: string, p: MailingPayload, kind: string, ctx: JobContext) {
    const program = welcomeProgramOf(kind);
    if (!program) throw new Error(`A ${kind} organisation does not send welcome mailings`);
    const skipped: Record<NotWelcomed, number> = { member: 0, age: 0, mbi: 0, address: 0 };
    let after = '';
    for (;;) {
      ctx.signal.throwIfAborted();
      const page = await repo.candidates(db, orgId, p.counties, p.firstEnrollmentOn, after, PAGE);
      const welcomed = [];
      for (const c of page) {
        const why = notWelcomed(c, program, p.firstEnrollmentOn);
        if (why) skipped[why]++;
        else
          welcomed.push({
            enrolleeId: c.id,
            county: c.county,
            language: letterLanguageFor(c.preferredLanguage).language,
            format: letterFormatFor(c.accessibleFormats),
          });
      }
      await repo.recordResidents(db, orgId, mailingId, welcomed);
      if (page.length < PAGE) return { program, skipped };
      after = page[page.length - 1]!.id;
    }
  }

  const run: JobHandler<typeof ENROLLMENT_MAILING_JOB> = async (job, ctx) => {
    const { orgId, id, payload: p } = job;
    await repo.restartMailing(db, orgId, id);
    await ctx.progress(0, 100, 'Finding the residents to welcome');
    const org = await findOrganisation(db, orgId);
    if (!org) throw new Error(`Organisation ${orgId} of mailing ${id} is not in the directory`);
    const { program, skipped } = await cohort(orgId, id, p, org.kind, ctx);
    const counts = await repo.countyCounts(db, orgId, id);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const already = await repo.welcomedBefore(db, orgId, id, p.counties);
    const passedOver = (Object.entries(skipped) as [NotWelcomed, number][])
      .filter(([, n]) => n > 0)
      .map(([why, n]) => SKIPPED[why](n));
    const notes = [
      ...(passedOver.length ? [`Not written to: ${passedOver.join('; ')}.`] : []),
      ...(already > 0
        ? [
            `${plural(already, 'member')} living there had a welcome letter from an earlier mailing, and ${already === 1 ? 'is' : 'are'} not written to again.`,
          ]
        : []),
    ];
    const finish = async (message: string, fileIds: { letters: string; mail: string } | null) => {
      await db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        if (fileIds) {
          const meta = { orgId, createdBy: p.actor.userId };
          await files.register(t, {
            ...meta,
            id: fileIds.letters,
            name: `welcome-letters-${org.code}-${p.effectiveOn}.pdf`,
            contentType: 'application/pdf',
            purpose: 'enrollment-mailing-letters',
          });
          await files.register(t, {
            ...meta,
            id: fileIds.mail,
            name: `welcome-mail-file-${org.code}-${p.effectiveOn}.csv`,
            contentType: 'text/csv',
            purpose: 'enrollment-mailing-file',
          });
        }
        await repo.finishMailing(t, orgId, id, {
          message,
          countyCounts: counts,
          lettersFileId: fileIds?.letters ?? null,
          mailFileId: fileIds?.mail ?? null,
        });
        await audit.recordChange(t, p.actor, {
          action: 'create',
          entityType: 'enrollment_mailing',
          entityId: id,
          orgId,
          details: {
            counties: p.counties,
            effectiveOn: p.effectiveOn,
            residents: total,
            countyCounts: counts,
          },
        });
      });
      await ctx.progress(100, 100, message);
      return { mailingId: id, residents: total, countyCounts: counts, message };
    };
    if (total === 0)
      return finish(
        [
          'Nobody to write to: no resident of these counties is eligible and not yet welcomed.',
          ...notes,
        ].join(' '),
        null,
      );

    await ctx.progress(10, 100, `Writing ${plural(total, 'letter')}`);
    const ids = { letters: crypto.randomUUID(), mail: crypto.randomUUID() };
    await mkdir(path.dirname(files.pathOf(orgId, ids.letters)), { recursive: true });
    const pdfOut = createWriteStream(files.pathOf(orgId, ids.letters));
    const csvOut = createWriteStream(files.pathOf(orgId, ids.mail));
    try {
      const book = await openLetterBook(pdfOut, {
        title: `Welcome letters — ${org.name} — ${p.counties.join(', ')}`,
        author: org.name,
        madeAt: new Date(),
      });
      const mail = openMailFile(csvOut);
      const inEnglish = new Map<string, number>();
      let after: string | null = null;
      for (;;) {
        ctx.signal.throwIfAborted();
        const page = await repo.letterPage(db, orgId, id, after, PAGE);
        for (const r of page) {
          const name = `${r.givenName} ${r.familyName}`;
          const format = r.format as LetterFormat;
          const choice = await book.add({
            kind: 'welcome',
            recipient: { name, addressLines: addressLinesOf(r) },
            preferredLanguage: r.preferredLanguage,
            format,
            date: p.letterDate,
            plan: { name: org.name, phone: org.phone, program },
            county: r.county,
            firstEnrollmentOn: p.firstEnrollmentOn,
          });
          if (choice.fallback && choice.preferredName)
            inEnglish.set(choice.preferredName, (inEnglish.get(choice.preferredName) ?? 0) + 1);
          await mail.add({
            name,
            addressLine1: r.addressLine1 ?? '',
            addressLine2: r.addressLine2,
            city: r.town ?? '',
            state: 'MA',
            zip: r.postalCode ?? '',
            language: choice.language,
            reads: choice.fallback ? choice.preferredName : null,
            format,
            alsoNeeds: beyondPrint(r.accessibleFormats),
            county: r.county,
          });
          if (book.letters % 100 === 0)
            await ctx.progress(
              10 + Math.round((book.letters / total) * 88),
              100,
              `Writing letters: ${formatNumber(book.letters)} of ${formatNumber(total)}`,
            );
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.sortKey;
      }
      await book.close();
      pdfOut.end();
      await Promise.all([finished(pdfOut), mail.close()]);
      const english = [...inEnglish].map(([language, n]) => `${language} (${formatNumber(n)})`);
      const byCounty = Object.entries(counts).map(([c, n]) => `${c} ${formatNumber(n)}`);
      return finish(
        [
          `Ready to mail: ${plural(total, 'letter')} (${byCounty.join(', ')}), naming ${longDay(p.firstEnrollmentOn)} as the first day of enrollment.`,
          ...(english.length
            ? [
                `Letters in English for members who read ${english.join(', ')}: there is no letter in their language yet, so arrange a translation.`,
              ]
            : []),
          ...notes,
        ].join(' '),
        ids,
      );
    } catch (err) {
      pdfOut.destroy();
      csvOut.destroy();
      await Promise.all([files.remove(orgId, ids.letters), files.remove(orgId, ids.mail)]);
      throw err;
    }
  };

  /** A run that fails leaves its mailing stopped, with nobody counted as welcomed by it; it may be tried again. */
  const handler: JobHandler<typeof ENROLLMENT_MAILING_JOB> = async (job, ctx) => {
    try {
      return await run(job, ctx);
    } catch (err) {
      if (!ctx.signal.aborted)
        await repo
          .stopMailing(
            db,
            job.orgId,
            job.id,
            'The mailing could not be prepared, so nobody counts as written to. Run it again; if this happens again, tell your administrator.',
          )
          .catch(() => {});
      throw err;
    }
  };
  handler.interruption = {
    noun: 'welcome mailing',
    allOrNothing: false,
    cleanUp: (cleanDb, job) =>
      repo.stopMailing(
        cleanDb,
        job.orgId,
        job.id,
        'The process preparing this mailing stopped, so nobody counts as written to. Run it again.',
      ),
  };
  return handler;
}
