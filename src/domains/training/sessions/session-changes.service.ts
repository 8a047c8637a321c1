import type { SessionChanges } from '@contract/training/training.schemas.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import { AppError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import type { JobHandler, JobQueue } from '../../../platform/jobs/queue.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import * as changes from './session-changes.repository.js';
import { type Notice, noticeFor, type Recipient } from './session-notice.mail.js';
import * as repo from './sessions.repository.js';

export const SESSION_REMINDER_JOB = 'training.session-reminder';
declare module '../../../platform/jobs/queue.js' {
  interface JobKinds {
    /** E-mails a live session's registrants the day before. */
    [SESSION_REMINDER_JOB]: { sessionId: string };
  }
}
const HOUR = 3_600_000;
/** Reminders go a day before the start. */
const REMIND_BEFORE_MS = 24 * HOUR;

/** The fields whose change the registrants are told of (with the calendar event's SEQUENCE raised). */
const TOLD: (keyof SessionChanges & keyof repo.SessionRow)[] = [
  'title',
  'startsAt',
  'endsAt',
  'timeZone',
  'speaker',
  'joinUrl',
];
const sameInstant = (a: string | null | undefined, b: string | null | undefined) =>
  (a ? Date.parse(a) : null) === (b ? Date.parse(b) : null);

/**
 * Telling a session's registrants (and those waiting) what concerns them, by e-mail through the running
 * organisation's outbox with the session as a calendar file, and the reminder a day before a live session.
 */
export function sessionMail(deps: { jobs: JobQueue; baseUrl: string }) {
  const { jobs, baseUrl } = deps;
  const pageUrl = (id: string) => `${baseUrl}/training/sessions/${id}`;

  async function tell(
    db: Db,
    session: repo.SessionRow,
    to: Recipient & { personId: string },
    notice: Notice,
    key: string,
    createdBy: string | null,
  ) {
    return changes.queueRegistrantMail(db, {
      sessionId: session.id,
      personId: to.personId,
      key: `training:${session.id}:${key}:${to.personId}`,
      createdBy,
      ...noticeFor(notice, session, to, pageUrl(session.id)),
    });
  }

  /** Queues the reminder for a day before a live session starts (at once when that is past). */
  async function scheduleReminder(
    db: Db,
    session: { id: string; orgId: string; kind: string; startsAt?: string | null },
  ) {
    if (session.kind !== 'live' || !session.startsAt) return;
    const runAt = new Date(Math.max(Date.now(), Date.parse(session.startsAt) - REMIND_BEFORE_MS));
    if (Date.parse(session.startsAt) <= Date.now()) return;
    await jobs.enqueue(db, {
      orgId: session.orgId,
      kind: SESSION_REMINDER_JOB,
      payload: { sessionId: session.id },
      runAt,
    });
  }

  return { tell, scheduleReminder, pageUrl };
}

export function createSessionChangesService(deps: {
  database: Database;
  audit: AuditTrail;
  jobs: JobQueue;
  baseUrl: string;
}) {
  const { database, audit, jobs } = deps;
  const { scoped } = trainingScope(database);
  const mail = sessionMail(deps);

  async function managed(db: Db, actor: Actor, id: string) {
    const row = await repo.findSession(db, actor.personId ?? null, { id });
    if (!row) throw notFound('The session');
    policy.authorize(actor, 'session.manage', row);
    return row;
  }

  async function current(db: Db, id: string) {
    const row = await repo.findSession(db, null, { id });
    if (!row) throw notFound('The session');
    return row;
  }

  async function tellEveryone(tx: Db, session: repo.SessionRow, notice: Notice, actor: Actor) {
    let told = 0;
    for (const place of await changes.placesOf(tx, session.id)) {
      const key = notice === 'cancelled' ? 'cancelled' : `seq${session.calendarSequence}`;
      if (await mail.tell(tx, session, place, notice, key, actor.userId)) told++;
    }
    return told;
  }

  /**
   * A day before a live session: a reminder to each person registered, once (keyed by the session and its
   * start, so a session moved to another day is reminded again). A job that runs early — the session was
   * moved later, and a new job queued for then — or after the start, or for a cancelled session, sends none.
   */
  const remind: JobHandler<typeof SESSION_REMINDER_JOB> = async (job) => {
    const sessionId = job.payload.sessionId;
    const db = database.system;
    const session = await repo.findSession(db, null, { id: sessionId });
    if (!session?.startsAt || session.cancelledAt)
      return { sent: 0, message: 'No reminder: no such session, or cancelled' };
    const start = Date.parse(session.startsAt);
    if (Date.now() < start - REMIND_BEFORE_MS - HOUR || Date.now() >= start)
      return { sent: 0, message: 'No reminder: not the day before the session' };
    const sent = await db.transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      let n = 0;
      for (const place of await changes.placesOf(tx, session.id)) {
        if (place.status !== 'registered') continue;
        if (await mail.tell(tx, session, place, 'reminder', `reminder:${start}`, null)) n++;
      }
      return n;
    });
    return { sent, message: `${sent} reminder${sent === 1 ? '' : 's'} queued` };
  };
  jobs.register(SESSION_REMINDER_JOB, remind);

  return {
    /**
     * Changes a session's details. When what registrants see changes (time, title, speaker, join link), they
     * and those waiting are sent the changed event (METHOD:REQUEST, SEQUENCE raised); more seats move
     * waiting people up, and each is told. A cancelled session cannot be changed.
     */
    async updateSession({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: SessionChanges;
    }) {
      return scoped(actor, async (tx) => {
        const before = await managed(tx, actor, id);
        if (before.cancelledAt) throw new AppError(TrainingErrors.SESSION_CANCELLED);
        if (before.kind === 'live' && (!input.startsAt || !input.endsAt))
          throw validationFailed([
            {
              path: `body.${input.startsAt ? 'endsAt' : 'startsAt'}`,
              message: 'A live webinar needs its start and end',
            },
          ]);
        const changed = TOLD.filter((f) =>
          f === 'startsAt' || f === 'endsAt'
            ? !sameInstant(before[f], input[f])
            : (before[f] ?? null) !== (input[f] ?? null),
        );
        // Attendance is checked against the session's day and completions are dated by its end: once any is
        // recorded, moving the session would move them (a completion could be dated ahead of today).
        if (
          (changed.includes('startsAt') || changed.includes('endsAt')) &&
          (await changes.hasRecordsAgainst(tx, id))
        )
          throw new AppError(TrainingErrors.SESSION_TIMES_FIXED);
        const tell = changed.length > 0 && !before.ended;
        const updated = await changes.updateSession(tx, id, input, version, tell);
        if (!updated) staleOrMissing(true, 'The session');
        const after = await current(tx, id);
        const told = tell ? await tellEveryone(tx, after, 'changed', actor) : 0;
        let promoted = 0;
        while (!after.ended) {
          const moved = await changes.promoteWithContact(tx, id);
          if (!moved) break;
          promoted++;
          await mail.tell(
            tx,
            after,
            { ...moved, status: 'registered' },
            'promoted',
            `promoted:${moved.at}`,
            actor.userId,
          );
        }
        if (!sameInstant(before.startsAt, after.startsAt)) await mail.scheduleReminder(tx, after);
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'training_session',
          entityId: id,
          details: { changed, told, promoted, sequence: after.calendarSequence },
        });
        return { version: updated, told, promoted };
      });
    },

    /** Calls a session off: everyone registered or waiting is sent the cancellation (METHOD:CANCEL). */
    async cancelSession({
      actor,
      id,
      version,
      reason,
    }: {
      actor: Actor;
      id: string;
      version: number;
      reason: string;
    }) {
      return scoped(actor, async (tx) => {
        const before = await managed(tx, actor, id);
        if (before.cancelledAt) throw new AppError(TrainingErrors.SESSION_CANCELLED);
        if (before.ended)
          throw new AppError(
            TrainingErrors.SESSION_ENDED,
            'This session has ended, so it cannot be cancelled.',
          );
        const updated = await changes.cancelSession(tx, id, reason, version);
        if (!updated) staleOrMissing(true, 'The session');
        const told = await tellEveryone(tx, await current(tx, id), 'cancelled', actor);
        await audit.recordChange(tx, actor, {
          action: 'cancel_session',
          entityType: 'training_session',
          entityId: id,
          details: { reason, told },
        });
        return { version: updated, told };
      });
    },

    /** Sets when the attestation link closes: a later day reopens a closed link. */
    async setAttestationCloses({
      actor,
      id,
      version,
      closesAt,
    }: {
      actor: Actor;
      id: string;
      version: number;
      closesAt: string;
    }) {
      if (Date.parse(closesAt) <= Date.now())
        throw validationFailed([{ path: 'body.closesAt', message: 'Choose a closing time after now' }]);
      return scoped(actor, async (tx) => {
        const before = await managed(tx, actor, id);
        const updated = await changes.setAttestationCloses(tx, id, closesAt, version);
        if (!updated) staleOrMissing(true, 'The session');
        await audit.recordChange(tx, actor, {
          action: 'attestation_closes',
          entityType: 'training_session',
          entityId: id,
          details: { from: before.attestationClosesAt, to: closesAt },
        });
        return { version: updated };
      });
    },
  };
}
