import { randomBytes } from 'node:crypto';
import type { SessionInput, SessionView } from '@contract/training/training.schemas.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import { AppError, notFound, validationFailed } from '../../../platform/http/errors.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { findUsableTopic } from '../catalog/catalog.repository.js';
import { minimumMinutes } from '../completions/completion-rules.js';
import { findProgramYear } from '../program-years/program-years.repository.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import { managedSession, visibleSession } from './session-access.js';
import { calendarFor } from './session-calendar.ics.js';
import { registeredAt } from './session-changes.repository.js';
import { sessionMail } from './session-changes.service.js';
import * as repo from './sessions.repository.js';

type Page = { offset: number; limit: number };

export const DEFAULT_ATTESTATION_STATEMENT =
  'I attest that I personally completed this training, and that the attendance or viewing recorded for me is mine.';
const DAY = 86_400_000;
const DEFAULT_PASS_MARK = 80;

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

/** Sessions: offering them, finding them, registering for them and their calendar files. */
export function createSessionsService(deps: {
  database: Database;
  audit: AuditTrail;
  jobs: JobQueue;
  baseUrl: string;
}) {
  const { database, audit, baseUrl } = deps;
  const { orgOf, requirePerson, scoped, reading } = trainingScope(database);
  const mail = sessionMail(deps);

  function sessionView(actor: Actor, row: repo.SessionRow): SessionView {
    const { attestationToken, attestationStatement: _statement, calendarSequence: _sequence, ...rest } = row;
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

  return {
    async listSessions({
      actor,
      query,
      page,
    }: {
      actor: Actor;
      query: Parameters<typeof repo.listSessions>[2];
      page: Page;
    }) {
      policy.authorize(actor, 'catalog.read');
      const { items, total } = await reading(actor, (db) =>
        repo.listSessions(db, actor.personId ?? null, query, page),
      );
      return { items: items.map((row) => sessionView(actor, row)), total };
    },

    async getSession({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'catalog.read');
      return sessionView(actor, await reading(actor, (db) => visibleSession(db, actor, id)));
    },

    async createSession({ actor, input }: { actor: Actor; input: SessionInput }) {
      policy.authorize(actor, 'catalog.offer', { shared: false });
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        const topic = await findUsableTopic(tx, orgId, input.topicId);
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
    async register({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'session.register');
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const session = await visibleSession(tx, actor, id);
        if (session.cancelledAt) throw new AppError(TrainingErrors.SESSION_CANCELLED);
        if (session.ended) throw new AppError(TrainingErrors.SESSION_ENDED);
        if (session.myRegistration && session.myRegistration !== 'cancelled') {
          throw new AppError(TrainingErrors.ALREADY_REGISTERED);
        }
        const seats = await repo.lockSeats(tx, id);
        const status: 'registered' | 'waitlisted' =
          seats?.capacity != null && seats.taken >= seats.capacity ? 'waitlisted' : 'registered';
        await repo.insertRegistration(tx, {
          orgId: session.orgId,
          sessionId: id,
          personId,
          personName: actor.name,
          personEmail: actor.email,
          status,
        });
        const at = await registeredAt(tx, id, personId);
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
          entityId: id,
          details: { personId },
        });
        return { status };
      });
    },

    async calendar({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'catalog.read');
      const session = await reading(actor, (db) => visibleSession(db, actor, id));
      return calendarFor(session, `${baseUrl}/training/sessions/${session.id}`);
    },

    async listRegistrations({ actor, id }: { actor: Actor; id: string }) {
      return scoped(actor, async (tx) => {
        await managedSession(tx, actor, id);
        const list = await repo.listRegistrations(tx, id);
        audit.recordRead(actor, { entityType: 'training_registrations', entityId: id });
        return list;
      });
    },
  };
}
