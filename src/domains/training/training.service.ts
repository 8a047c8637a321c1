import { randomBytes } from 'node:crypto';
import type { ParticipationQuery } from '@contract/training/participation.schemas.js';
import type { SessionInput, SessionView, TopicInput } from '@contract/training/training.schemas.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { type Database, type Db, isUniqueViolation } from '../../platform/db/client.js';
import type { FileStore, Upload } from '../../platform/files/file-store.js';
import { AppError, notFound, validationFailed } from '../../platform/http/errors.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { isVisiblePerson, searchVisiblePeople } from '../people/index.js';
import { createAttendanceImporter } from './attendance/attendance-import.js';
import { acceptMetAttestations } from './attendance/held-attestations.js';
import { attendedMinutes, foldName } from './attendance/matching.js';
import { hasStarted } from './attendance/report-check.js';
import { calendarFor } from './calendar.js';
import { liveRule, minimumMinutes, recordedRule, watchedMinutes } from './completion-rules.js';
import { completeSession, createCompletionsService } from './completions.service.js';
import { viewingTotals } from './participation.repository.js';
import { createParticipationService } from './participation.service.js';
import { participationCounts } from './participation-counts.js';
import { findProgramYear } from './program-years.repository.js';
import { registeredAt } from './session-changes.repository.js';
import { createSessionChangesService, sessionMail } from './session-changes.service.js';
import { TrainingErrors } from './training.errors.js';
import { trainingPolicy as policy } from './training.policy.js';
import * as repo from './training.repository.js';
import { trainingScope } from './training.scope.js';

type Page = { offset: number; limit: number };

export const DEFAULT_ATTESTATION_STATEMENT =
  'I attest that I personally completed this training, and that the attendance or viewing recorded for me is mine.';
const DAY = 86_400_000;
const DEFAULT_PASS_MARK = 80;
/** People offered at once when matching an attendance row by hand: enough to pick from while typing. */
const MATCH_CANDIDATES = 20;

/** The secret in a session's attestation link. */
export const newAttestationToken = () => randomBytes(24).toString('base64url');

/**
 * Writes a new session of a topic: the attestation link and its closing (two weeks after a live event,
 * otherwise a year), the default statement, and an 80% pass mark for a knowledge check unless one is set.
 */
export function insertSession(
  db: Db,
  orgId: string,
  input: SessionInput,
  topic: { shared: boolean },
  sourceSessionId?: string,
) {
  const closesAt =
    input.attestationClosesAt ??
    new Date(
      input.kind === 'live' && input.endsAt ? Date.parse(input.endsAt) + 14 * DAY : Date.now() + 365 * DAY,
    ).toISOString();
  return repo.insertSession(db, orgId, {
    ...input,
    passMark: input.passMark ?? (input.content?.questions.length ? DEFAULT_PASS_MARK : undefined),
    shared: topic.shared,
    token: newAttestationToken(),
    closesAt,
    statement: input.attestationStatement || DEFAULT_ATTESTATION_STATEMENT,
    sourceSessionId,
  });
}

export function createTrainingService(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  jobs: JobQueue;
  baseUrl: string;
}) {
  const { database, audit, baseUrl } = deps;
  const attendanceImporter = createAttendanceImporter(deps);
  const { orgOf, requirePerson, scoped, reading } = trainingScope(database);
  const completions = createCompletionsService(deps);
  const mail = sessionMail(deps);

  function sessionView(actor: Actor, row: repo.SessionRow): SessionView {
    const {
      attestationToken,
      attestationStatement: _statement,
      calendarSequence: _sequence,
      total: _total,
      ...rest
    } = row;
    return {
      ...rest,
      minMinutes: minimumMinutes(row),
      attestationUrl: policy.can(actor, 'session.manage', row)
        ? `${baseUrl}/attest/${attestationToken}`
        : null,
      myAttestationUrl:
        row.kind === 'recorded' && actor.personId ? `${baseUrl}/attest/${attestationToken}` : null,
    };
  }

  async function visibleSession(db: Db, actor: Actor, id: string) {
    const row = await repo.findSession(db, actor.personId ?? null, { id });
    if (!row) throw notFound('The session');
    return row;
  }

  async function managedSession(db: Db, actor: Actor, id: string) {
    const row = await visibleSession(db, actor, id);
    policy.authorize(actor, 'session.manage', row);
    return row;
  }

  /**
   * What the person's record shows for a session: minutes attended (live), or watched (recorded: only the
   * time the server clocked in viewings, decision 022).
   */
  async function evidenceFor(db: Db, session: repo.SessionRow, personId: string) {
    const minimum = minimumMinutes(session);
    if (session.kind === 'recorded') {
      const totals = await viewingTotals(db, session.id, personId);
      const minutes = watchedMinutes(totals.ms, session);
      return { minutes, minimum, joins: totals.viewings, ...recordedRule(minutes, minimum) };
    }
    const rows = await repo.attendanceOf(db, session.id, personId);
    const minutes = attendedMinutes(
      rows.map((r) => ({
        joinedAt: r.joinedAt ? new Date(r.joinedAt) : null,
        leftAt: r.leftAt ? new Date(r.leftAt) : null,
        minutes: r.minutes,
      })),
    );
    return { minutes, minimum, joins: rows.length, ...liveRule(minutes, minimum) };
  }

  return {
    listTopics(actor: Actor, q: Parameters<typeof repo.listTopics>[2], page: Page) {
      policy.authorize(actor, 'catalog.read');
      return reading(actor, (db) => repo.listTopics(db, actor.personId ?? null, q, page));
    },

    async createTopic(actor: Actor, input: TopicInput) {
      policy.authorize(actor, 'catalog.offer', { shared: input.shared });
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        const id = await repo.insertTopic(tx, orgId, input).catch((err) => {
          throw isUniqueViolation(err) ? new AppError(TrainingErrors.TOPIC_CODE_TAKEN) : err;
        });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'training_topic',
          entityId: id,
          details: { code: input.code, title: input.title, shared: input.shared },
        });
        return { id };
      });
    },

    participation(actor: Actor, q: ParticipationQuery) {
      policy.authorize(actor, 'participation.read');
      const orgId = orgOf(actor);
      return reading(actor, (db) => participationCounts(db, orgId, q));
    },

    listModules(actor: Actor) {
      policy.authorize(actor, 'catalog.read');
      return reading(actor, (db) => repo.listModules(db));
    },

    listCurricula(actor: Actor) {
      policy.authorize(actor, 'catalog.read');
      return reading(actor, (db) => repo.listCurricula(db));
    },

    listFrameworks(actor: Actor) {
      policy.authorize(actor, 'catalog.read');
      return reading(actor, (db) => repo.listFrameworks(db));
    },

    async listSessions(actor: Actor, q: Parameters<typeof repo.listSessions>[2], page: Page) {
      policy.authorize(actor, 'catalog.read');
      const { items, total } = await reading(actor, (db) =>
        repo.listSessions(db, actor.personId ?? null, q, page),
      );
      return { items: items.map((row) => sessionView(actor, row)), total };
    },

    async getSession(actor: Actor, id: string) {
      policy.authorize(actor, 'catalog.read');
      return sessionView(actor, await reading(actor, (db) => visibleSession(db, actor, id)));
    },

    async createSession(actor: Actor, input: SessionInput) {
      policy.authorize(actor, 'catalog.offer', { shared: false });
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        const topic = await repo.findUsableTopic(tx, orgId, input.topicId);
        if (!topic) throw notFound('The topic');
        policy.authorize(actor, 'catalog.offer', topic);
        if (input.programYearId && !(await findProgramYear(tx, input.programYearId))) {
          throw validationFailed([
            { path: 'body.programYearId', message: 'Not a program year of your organisation' },
          ]);
        }
        const id = await insertSession(tx, orgId, input, topic);
        await mail.scheduleReminder(tx, { id, orgId, kind: input.kind, startsAt: input.startsAt ?? null });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'training_session',
          entityId: id,
          details: { topicId: input.topicId, kind: input.kind, title: input.title },
        });
        return { id };
      });
    },

    /**
     * Registers the signed-in person; past capacity they join the waitlist. Either way they are e-mailed the
     * session with its calendar file. A cancelled session, or one that has ended, takes no one.
     */
    async register(actor: Actor, sessionId: string) {
      policy.authorize(actor, 'session.register');
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const session = await visibleSession(tx, actor, sessionId);
        if (session.cancelledAt) throw new AppError(TrainingErrors.SESSION_CANCELLED);
        if (session.ended) throw new AppError(TrainingErrors.SESSION_ENDED);
        if (session.myRegistration && session.myRegistration !== 'cancelled') {
          throw new AppError(TrainingErrors.ALREADY_REGISTERED);
        }
        const seats = await repo.lockSeats(tx, sessionId);
        const status: 'registered' | 'waitlisted' =
          seats?.capacity != null && seats.taken >= seats.capacity ? 'waitlisted' : 'registered';
        await repo.insertRegistration(tx, {
          orgId: session.orgId,
          sessionId,
          personId,
          personName: actor.name,
          personEmail: actor.email,
          status,
        });
        const at = await registeredAt(tx, sessionId, personId);
        await mail.tell(
          tx,
          session,
          { personId, name: actor.name, email: actor.email, status },
          status,
          `${status}:${at}`,
          actor.userId,
        );
        await audit.recordChange(tx, actor, {
          action: status === 'registered' ? 'register' : 'waitlist',
          entityType: 'training_session',
          entityId: sessionId,
          details: { personId },
        });
        return { status };
      });
    },

    async calendar(actor: Actor, sessionId: string) {
      policy.authorize(actor, 'catalog.read');
      const session = await reading(actor, (db) => visibleSession(db, actor, sessionId));
      return calendarFor(session, `${baseUrl}/training/sessions/${session.id}`);
    },

    async listRegistrations(actor: Actor, sessionId: string) {
      return scoped(actor, async (tx) => {
        await managedSession(tx, actor, sessionId);
        const list = await repo.listRegistrations(tx, sessionId);
        audit.recordRead(actor, { entityType: 'training_registrations', entityId: sessionId });
        return list;
      });
    },

    /**
     * Starts replacing a live session's attendance with a participant report, as a job (see
     * `attendanceImportJob`): the session is checked before the upload is read, then the file is stored and
     * the job queued. Rows are matched by e-mail, then by name or alias among registrants; the rest are kept
     * for a person to match. A report with unreadable rows changes nothing; nor does one whose date or title
     * is not the session's, unless `confirmed`. A session that has not started yet has no report.
     */
    async importAttendance(
      actor: Actor,
      sessionId: string,
      upload: () => Promise<Upload>,
      maxAttempts = 2,
      confirmed = false,
    ) {
      const session = await reading(actor, (db) => managedSession(db, actor, sessionId));
      if (session.kind !== 'live') throw new AppError(TrainingErrors.WRONG_SESSION_KIND);
      if (!hasStarted(session)) throw new AppError(TrainingErrors.SESSION_NOT_HAPPENED);
      return attendanceImporter.startImport(actor, await upload(), maxAttempts, {
        sessionId,
        ...(confirmed ? { confirmed: 'true' } : {}),
      });
    },

    async listAttendance(actor: Actor, sessionId: string) {
      return scoped(actor, async (tx) => {
        await managedSession(tx, actor, sessionId);
        const items = await repo.listAttendance(tx, sessionId);
        audit.recordRead(actor, { entityType: 'training_attendance', entityId: sessionId });
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
    async matchCandidates(actor: Actor, sessionId: string, text: string) {
      return scoped(actor, async (tx) => {
        await managedSession(tx, actor, sessionId);
        const registrants = (await repo.listRegistrations(tx, sessionId)) as {
          personId: string;
          name: string;
          email: string;
        }[];
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
        audit.recordRead(actor, { entityType: 'training_match_candidates', entityId: sessionId });
        return { registrants: registrants.length, items: items.slice(0, MATCH_CANDIDATES) };
      });
    },

    /**
     * Matches an attendance row to a person by hand (or clears it): a registrant, or anyone the organisation
     * can see — the training team vouches for who was there. Held attestations the attendance now meets are
     * accepted.
     */
    async matchAttendance(actor: Actor, sessionId: string, rowId: string, personId: string | null) {
      return scoped(actor, async (tx) => {
        const session = await managedSession(tx, actor, sessionId);
        if (
          personId &&
          !(await repo.isRegistrant(tx, sessionId, personId)) &&
          !(await isVisiblePerson(tx, personId))
        )
          throw new AppError(TrainingErrors.ATTENDANCE_PERSON_UNKNOWN, undefined, [
            {
              path: 'body.personId',
              message: 'Not registered for this session, nor someone your organisation can see',
            },
          ]);
        if (!(await repo.matchAttendanceRow(tx, sessionId, rowId, personId)))
          throw notFound('The attendance row');
        await audit.recordChange(tx, actor, {
          action: 'match',
          entityType: 'training_attendance',
          entityId: rowId,
          details: { sessionId, personId },
        });
        await acceptMetAttestations(tx, audit, actor, session, 'match', { rowId });
      });
    },

    /** What the attestation page shows the signed-in person: the statement, their evidence, the rule. */
    async attestation(actor: Actor, token: string) {
      const personId = requirePerson(actor);
      return reading(actor, async (db) => {
        const session = await repo.findSession(db, personId, { token });
        if (!session) throw notFound('The attestation link');
        const evidence = await evidenceFor(db, session, personId);
        const attested = await repo.findAttestation(db, session.id, personId);
        return {
          sessionId: session.id,
          sessionTitle: session.title,
          topicTitle: session.topicTitle,
          kind: session.kind,
          statement: session.attestationStatement,
          closesAt: session.attestationClosesAt,
          closed: Date.parse(session.attestationClosesAt) < Date.now(),
          evidence: { minutes: evidence.minutes, minimum: evidence.minimum },
          ruleMet: evidence.met,
          reason: evidence.reason,
          attested: attested ?? null,
        };
      });
    },

    /**
     * Records the signed-in person's attestation. When their evidence meets the session's rule the topic is
     * completed at once; otherwise the attestation is held for the training team to review.
     */
    async attest(actor: Actor, token: string) {
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const session = await repo.findSession(tx, personId, { token });
        if (!session) throw notFound('The attestation link');
        if (Date.parse(session.attestationClosesAt) < Date.now())
          throw new AppError(TrainingErrors.ATTESTATION_CLOSED);
        if (await repo.findAttestation(tx, session.id, personId))
          throw new AppError(TrainingErrors.ALREADY_ATTESTED);
        const evidence = await evidenceFor(tx, session, personId);
        const status: 'accepted' | 'held' = evidence.met ? 'accepted' : 'held';
        const attestationId = await repo.insertAttestation(tx, {
          orgId: session.orgId,
          sessionId: session.id,
          personId,
          personName: actor.name,
          statement: session.attestationStatement,
          evidence,
          status,
          reason: evidence.reason,
          ip: actor.ip ?? null,
        });
        let completionId: string | null = null;
        if (evidence.met) {
          completionId = await completeSession(tx, session, {
            personId,
            personName: actor.name,
            evidence: {
              attestationId,
              minutes: evidence.minutes,
              minimum: evidence.minimum,
              joins: evidence.joins,
            },
            recordedBy: actor.userId,
            recordedByName: `${actor.name} (attestation)`,
          });
        }
        await audit.recordChange(tx, actor, {
          action: status === 'accepted' ? 'attest' : 'attest.held',
          entityType: 'training_session',
          entityId: session.id,
          details: { attestationId, completionId, minutes: evidence.minutes, minimum: evidence.minimum },
        });
        return { status, reason: evidence.reason, completionId };
      });
    },

    ...completions,
    ...createParticipationService(deps),
    ...createSessionChangesService(deps),
  };
}

export type TrainingService = ReturnType<typeof createTrainingService>;
