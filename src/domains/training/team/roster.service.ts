import { randomUUID } from 'node:crypto';
import type { RegistrantMessage } from '@contract/training/team/roster.schemas.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import { AppError, CommonErrors, notFound } from '../../../platform/http/errors.js';
import { type Outbox, sendsAbout } from '../../../platform/mail/outbox.js';
import * as sessions from '../sessions/sessions.repository.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import * as repo from './roster.repository.js';
import { renderSignInSheet, sheetWhen } from './sign-in-sheet.pdf.js';
import { TeamErrors } from './team.errors.js';

/** At most this many e-mails to one session's registrants in any `WINDOW_MS` (decision 032). */
export const MESSAGES_PER_WINDOW = 5;
const WINDOW_MS = 24 * 60 * 60 * 1000;
const ENTITY_TYPE = 'training_session_message';

/** "Jan 12, 2027, 3:05 PM EST": a time as the training team in Massachusetts reads it. */
const eastern = (iso: string) =>
  `${new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso))} Eastern`;

/** A live session's roster and sign-in sheet, and e-mails to its registrants through the outbox. */
export function createRosterService(deps: {
  database: Database;
  audit: AuditTrail;
  outbox: Outbox;
  baseUrl: string;
}) {
  const { audit, outbox, baseUrl } = deps;
  const { scoped } = trainingScope(deps.database);

  async function managedLiveSession(db: Db, actor: Actor, id: string) {
    const session = await sessions.findSession(db, actor.personId ?? null, { id });
    if (!session) throw notFound('The session');
    policy.authorize(actor, 'session.manage', session);
    if (session.kind !== 'live') throw new AppError(TrainingErrors.WRONG_SESSION_KIND);
    return session;
  }

  async function window(db: Db, orgId: string, sessionId: string, now = Date.now()) {
    const recent = await sendsAbout(db, orgId, {
      entityType: ENTITY_TYPE,
      entityId: sessionId,
      since: new Date(now - WINDOW_MS),
    });
    const remaining = Math.max(0, MESSAGES_PER_WINDOW - recent.length);
    // The oldest send still counted leaves the window first.
    const nextAllowedAt =
      remaining > 0
        ? null
        : new Date(Date.parse(recent[MESSAGES_PER_WINDOW - 1]!.sentAt) + WINDOW_MS).toISOString();
    return { remaining, nextAllowedAt };
  }

  return {
    /** The sign-in sheet (PDF) of a live session: one row per registered person, with a line to sign. */
    async signInSheet({ actor, id: sessionId }: { actor: Actor; id: string }) {
      return scoped(actor, async (tx) => {
        const session = await managedLiveSession(tx, actor, sessionId);
        const registrants = await repo.registrantsOf(tx, sessionId, ['registered']);
        audit.recordRead(actor, {
          entityType: 'training_registrations',
          entityId: sessionId,
          action: 'read.sign_in_sheet',
        });
        const pdf = await renderSignInSheet({ ...session, madeAt: new Date(), registrants });
        return { session, pdf };
      });
    },

    async registrantMessages({ actor, id: sessionId }: { actor: Actor; id: string }) {
      return scoped(actor, async (tx) => {
        const session = await managedLiveSession(tx, actor, sessionId);
        const items = await sendsAbout(tx, session.orgId, { entityType: ENTITY_TYPE, entityId: sessionId });
        return {
          items: items.map(({ sentAt, subject, recipients }) => ({ sentAt, subject, recipients })),
          ...(await window(tx, session.orgId, sessionId)),
        };
      });
    },

    /**
     * E-mails the session's registered people (and its waitlist, if asked) through the outbox, each once,
     * with a line saying why they receive it. At most `MESSAGES_PER_WINDOW` sends per session in 24 hours.
     */
    async messageRegistrants({
      actor,
      id: sessionId,
      input,
    }: {
      actor: Actor;
      id: string;
      input: RegistrantMessage;
    }) {
      return scoped(actor, async (tx) => {
        const session = await managedLiveSession(tx, actor, sessionId);
        await repo.lockSession(tx, sessionId);
        const { remaining, nextAllowedAt } = await window(tx, session.orgId, sessionId);
        if (remaining === 0)
          throw new AppError(
            CommonErrors.RATE_LIMITED,
            `This session’s registrants have had ${MESSAGES_PER_WINDOW} e-mails in the last 24 hours. The next can be sent after ${eastern(nextAllowedAt!)}.`,
          );
        const people = await repo.registrantsOf(
          tx,
          sessionId,
          input.includeWaitlisted ? ['registered', 'waitlisted'] : ['registered'],
        );
        if (!people.length) throw new AppError(TeamErrors.NO_ONE_TO_WRITE_TO);
        const send = randomUUID();
        const url = `${baseUrl}/training/sessions/${session.id}`;
        const { queued } = await outbox.queue(
          tx,
          session.orgId,
          people.map((p) => ({
            key: `session-message:${send}:${p.personId}`,
            to: p.email,
            toName: p.name,
            personId: p.personId,
            subject: input.subject,
            body: `${input.message}\n\n—\nYou receive this because you are ${p.status === 'registered' ? 'registered' : 'on the waitlist'} for “${session.title}” (${sheetWhen(session)}), offered by ${session.ownerName}: ${url}`,
            entityType: ENTITY_TYPE,
            entityId: session.id,
          })),
          actor.userId,
        );
        const registered = people.filter((p) => p.status === 'registered').length;
        await audit.recordChange(tx, actor, {
          action: 'message_registrants',
          entityType: 'training_session',
          entityId: session.id,
          details: {
            subject: input.subject,
            includeWaitlisted: input.includeWaitlisted,
            registered,
            waitlisted: people.length - registered,
          },
        });
        return { queued, registered, waitlisted: people.length - registered };
      });
    },
  };
}
