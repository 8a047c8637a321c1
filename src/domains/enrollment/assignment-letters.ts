// Assignment letters: one member's (PDF) and a month's print run for the print vendor (one PDF, a letter from
// each new page), both from the confirmed assignments of the caller's ACO/MCO, in each member's language
// where a template exists and in large print where their record asks for it (decision 061).
import type { Writable } from 'node:stream';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import { AppError } from '../../platform/http/errors.js';
import * as repo from './assignment-letters.repository.js';
import { AssignmentErrors } from './enrollment.errors.js';
import { enrollmentPolicy as policy } from './enrollment.policy.js';
import { type AssignmentLetterInput, openLetterBook, renderAssignmentLetter } from './letters/letters.pdf.js';

const PAGE = 500;

/** The letter as the member's record and the assignment give it. */
export function assignmentLetterOf(f: repo.LetterFacts, date: string): AssignmentLetterInput {
  const place = [f.town, f.postalCode ? `MA ${f.postalCode}` : 'MA'].filter(Boolean).join(', ');
  return {
    recipient: {
      name: f.memberName,
      addressLines: [f.addressLine1, f.addressLine2, place].filter((l): l is string => Boolean(l)),
    },
    preferredLanguage: f.preferredLanguage,
    format: f.largePrint ? 'large_print' : 'standard',
    date,
    sender: { name: f.senderName, phone: f.senderPhone },
    cp: { name: f.cpName, type: f.cpType, phone: f.cpPhone },
    startsOn: f.month,
  };
}

export function createAssignmentLetters(deps: { database: Database; audit: AuditTrail }) {
  const { database, audit } = deps;
  const read = <T>(actor: Actor, work: Parameters<typeof withReadScope<T>>[2]) =>
    withReadScope(database, scopeOf(actor), work);
  const audited = (actor: Actor, f: repo.LetterFacts, what: string) =>
    audit.recordRead(actor, {
      entityType: 'enrollment_member',
      entityId: f.enrolleeId,
      action: 'export',
      details: { phi: true, what, assignmentId: f.id },
    });

  return {
    /** One confirmed assignment's letter, for its ACO/MCO. */
    async letter(actor: Actor, id: string) {
      policy.authorize(actor, 'assignment.decide');
      const orgId = activeOrgOf(actor);
      const [facts] = await read(actor, (db) => repo.letterFacts(db, orgId, { id: id.toLowerCase() }));
      if (!facts) throw new AppError(AssignmentErrors.LETTER_NOT_FOUND);
      audited(actor, facts, 'assignment letter');
      const letter = await renderAssignmentLetter(assignmentLetterOf(facts, massachusettsToday()));
      return { letter, fileName: `assignment-letter-${facts.memberName.replace(/\s+/g, '-')}.pdf` };
    },

    /** Writes the month's letters as one print run to `out`; returns how many. */
    async printRun(actor: Actor, month: string, out: Writable) {
      policy.authorize(actor, 'assignment.decide');
      const orgId = activeOrgOf(actor);
      const day = `${month}-01`;
      const first = await read(actor, (db) =>
        repo.letterFacts(db, orgId, { month: day, after: '00000000-0000-0000-0000-000000000000', limit: 1 }),
      );
      if (first.length === 0) throw new AppError(AssignmentErrors.NO_LETTERS);
      const date = massachusettsToday();
      const book = await openLetterBook(out, {
        title: `Community Partner assignment letters, ${month}`,
        author: first[0]!.senderName,
        madeAt: new Date(),
      });
      void (async () => {
        let after = '00000000-0000-0000-0000-000000000000';
        for (;;) {
          const page = await read(actor, (db) =>
            repo.letterFacts(db, orgId, { month: day, after, limit: PAGE }),
          );
          for (const f of page) {
            audited(actor, f, 'assignment letters (print run)');
            await book.add({ kind: 'assignment', ...assignmentLetterOf(f, date) });
          }
          if (page.length < PAGE) break;
          after = page[page.length - 1]!.id;
        }
        await book.close();
        out.end();
      })().catch((err) => out.destroy(err));
    },
  };
}
export type AssignmentLetters = ReturnType<typeof createAssignmentLetters>;
