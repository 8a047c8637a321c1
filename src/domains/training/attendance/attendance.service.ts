import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database } from '../../../platform/db/client.js';
import type { FileStore, Upload } from '../../../platform/files/file-store.js';
import { AppError, notFound } from '../../../platform/http/errors.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { isVisiblePerson, searchVisiblePeople } from '../../people/index.js';
import { managedSession } from '../sessions/session-access.js';
import { isRegistrant, listRegistrations } from '../sessions/sessions.repository.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingScope } from '../training.scope.js';
import * as repo from './attendance.repository.js';
import { createAttendanceImporter } from './attendance-import.js';
import { acceptMetAttestations } from './held-attestations.js';
import { foldName } from './matching.js';
import { hasStarted } from './report-check.js';

/** People offered at once when matching an attendance row by hand: enough to pick from while typing. */
const MATCH_CANDIDATES = 20;

/** A live session's attendance: importing the participant report, reading it, matching rows by hand. */
export function createAttendanceService(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  jobs: JobQueue;
}) {
  const { database, audit } = deps;
  const attendanceImporter = createAttendanceImporter(deps);
  const { scoped, reading } = trainingScope(database);

  return {
    /**
     * Starts replacing a live session's attendance with a participant report, as a job (see
     * `attendanceImportJob`): the session is checked before the upload is read, then the file is stored and
     * the job queued. Rows are matched by e-mail, then by name or alias among registrants; the rest are kept
     * for a person to match. A report with unreadable rows changes nothing; nor does one whose date or title
     * is not the session's, unless `confirmed`. A session that has not started yet has no report.
     */
    async importAttendance({
      actor,
      id,
      upload,
      maxAttempts = 2,
      confirmed = false,
    }: {
      actor: Actor;
      id: string;
      upload: () => Promise<Upload>;
      maxAttempts?: number;
      confirmed?: boolean;
    }) {
      const session = await reading(actor, (db) => managedSession(db, actor, id));
      if (session.kind !== 'live') throw new AppError(TrainingErrors.WRONG_SESSION_KIND);
      if (!hasStarted(session)) throw new AppError(TrainingErrors.SESSION_NOT_HAPPENED);
      return attendanceImporter.startImport(actor, await upload(), maxAttempts, {
        sessionId: id,
        ...(confirmed ? { confirmed: 'true' } : {}),
      });
    },

    async listAttendance({ actor, id }: { actor: Actor; id: string }) {
      return scoped(actor, async (tx) => {
        await managedSession(tx, actor, id);
        const items = await repo.listAttendance(tx, id);
        audit.recordRead(actor, { entityType: 'training_attendance', entityId: id });
        const people = new Set(items.flatMap((i) => (i.personId ? [i.personId] : [])));
        const unmatched = items.filter((i) => !i.personId).length;
        return {
          rows: items.length,
          matched: items.length - unmatched,
          unmatched,
          people: people.size,
          items,
        };
      });
    },

    /**
     * The people a row can be matched to by hand: the session's registrants (as they registered) and anyone
     * the organisation can see, whose name or e-mail holds the text; registrants first.
     */
    async matchCandidates({ actor, id, text }: { actor: Actor; id: string; text: string }) {
      return scoped(actor, async (tx) => {
        await managedSession(tx, actor, id);
        const registrants = await listRegistrations(tx, id);
        const wanted = foldName(text);
        const items = registrants
          .filter((r) => !wanted || foldName(`${r.name} ${r.email}`).includes(wanted))
          .map((r) => ({ personId: r.personId, name: r.name, email: r.email, registered: true }));
        const taken = new Set(items.map((i) => i.personId));
        for (const p of await searchVisiblePeople(tx, text.trim(), MATCH_CANDIDATES)) {
          if (!taken.has(p.id))
            items.push({
              personId: p.id,
              name: `${p.givenName} ${p.familyName}`,
              email: p.email,
              registered: false,
            });
        }
        audit.recordRead(actor, { entityType: 'training_match_candidates', entityId: id });
        return { registrants: registrants.length, items: items.slice(0, MATCH_CANDIDATES) };
      });
    },

    /**
     * Matches an attendance row to a person by hand (or clears it): a registrant, or anyone the organisation
     * can see — the training team vouches for who was there. Held attestations the attendance now meets are
     * accepted.
     */
    async matchAttendance({
      actor,
      id,
      rowId,
      personId,
    }: {
      actor: Actor;
      id: string;
      rowId: string;
      personId: string | null;
    }) {
      return scoped(actor, async (tx) => {
        const session = await managedSession(tx, actor, id);
        if (personId && !(await isRegistrant(tx, id, personId)) && !(await isVisiblePerson(tx, personId)))
          throw new AppError(TrainingErrors.ATTENDANCE_PERSON_UNKNOWN, undefined, [
            {
              path: 'body.personId',
              message: 'Not registered for this session, nor someone your organisation can see',
            },
          ]);
        if (!(await repo.matchAttendanceRow(tx, id, rowId, personId))) throw notFound('The attendance row');
        await audit.recordChange(tx, actor, {
          action: 'match',
          entityType: 'training_attendance',
          entityId: rowId,
          details: { sessionId: id, personId },
        });
        await acceptMetAttestations(tx, audit, actor, session, 'match', { rowId });
      });
    },
  };
}
