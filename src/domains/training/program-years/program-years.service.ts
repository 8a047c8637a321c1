import type { ProgramYearInput } from '@contract/training/program-years.schemas.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import { type Database, type Db, isUniqueViolation } from '../../../platform/db/client.js';
import { AppError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import type { Outbox } from '../../../platform/mail/outbox.js';
import { findTopic } from '../catalog/catalog.repository.js';
import { findSession } from '../sessions/sessions.repository.js';
import { insertSession } from '../sessions/sessions.service.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import { announcementFor } from './announcement.mail.js';
import * as years from './program-years.repository.js';

type Page = { offset: number; limit: number };

/**
 * A performance year's plan and the dissemination of its live events: the public events page, the
 * newsletter block and the mailbox e-mail (seed 002 §3), and the recordings published after them (§4).
 */
export function createProgramYearsService(deps: {
  database: Database;
  audit: AuditTrail;
  outbox: Outbox;
  baseUrl: string;
}) {
  const { database, audit, outbox, baseUrl } = deps;
  const { orgOf, scoped, reading } = trainingScope(database);
  const eventsUrl = `${baseUrl}/events`;

  async function checkReferences(db: Db, orgId: string, input: ProgramYearInput) {
    const unknown = await years.unknownReferences(db, orgId, input);
    const issues = [
      ...unknown.topics.map((id) => ({
        path: `body.topicIds.${input.topicIds.indexOf(id)}`,
        message: 'Not a topic of your catalog or the shared catalog',
      })),
      ...unknown.competencies.map((id) => ({
        path: `body.competencyIds.${input.competencyIds.indexOf(id)}`,
        message: 'Not a competency of any framework',
      })),
      ...(unknown.curriculum ? [] : [{ path: 'body.curriculumId', message: 'Not a curriculum you can see' }]),
    ];
    if (issues.length) throw validationFailed(issues);
  }

  const titleTaken = (err: unknown) => {
    throw isUniqueViolation(err) ? new AppError(TrainingErrors.PROGRAM_YEAR_TITLE_TAKEN) : err;
  };

  async function managedLiveEvent(db: Db, actor: Actor, sessionId: string) {
    const session = await findSession(db, null, { id: sessionId });
    if (!session) throw notFound('The session');
    policy.authorize(actor, 'session.manage', session);
    if (session.kind !== 'live' || !session.startsAt || !session.endsAt) {
      throw new AppError(TrainingErrors.WRONG_SESSION_KIND, 'Only a live webinar is announced this way.');
    }
    return { ...session, startsAt: session.startsAt, endsAt: session.endsAt };
  }

  async function announcementOf(db: Db, event: Awaited<ReturnType<typeof managedLiveEvent>>) {
    const description = await years.topicDescription(db, event.topicId);
    return announcementFor(
      { ...event, description },
      { registerUrl: `${baseUrl}/training/sessions/${event.id}`, eventsUrl },
    );
  }

  return {
    list({
      actor,
      query: q,
      page,
    }: {
      actor: Actor;
      query: Parameters<typeof years.listProgramYears>[1];
      page: Page;
    }) {
      policy.authorize(actor, 'catalog.read');
      return reading(actor, (db) => years.listProgramYears(db, q, page));
    },

    async get({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'catalog.read');
      const year = await reading(actor, (db) => years.findProgramYear(db, id));
      if (!year) throw notFound('The program year');
      const { orgId: _org, ...view } = year;
      return view;
    },

    async create({ actor, input }: { actor: Actor; input: ProgramYearInput }) {
      policy.authorize(actor, 'catalog.manage');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        await checkReferences(tx, orgId, input);
        const id = await years.insertProgramYear(tx, orgId, input).catch(titleTaken);
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'training_program_year',
          entityId: id,
          details: { title: input.title, topics: input.topicIds.length, mailbox: input.mailbox.length },
        });
        return { id };
      });
    },

    async update({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: ProgramYearInput;
    }) {
      policy.authorize(actor, 'catalog.manage');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        await checkReferences(tx, orgId, input);
        const updated = await years.updateProgramYear(tx, id, input, version).catch(titleTaken);
        if (!updated) staleOrMissing(Boolean(await years.findProgramYear(tx, id)), 'The program year');
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'training_program_year',
          entityId: id,
          details: { title: input.title, topics: input.topicIds.length, mailbox: input.mailbox.length },
        });
      });
    },

    /** The announcement's text (the newsletter block), to read or copy before or after announcing. */
    async announcement({ actor, id: sessionId }: { actor: Actor; id: string }) {
      return reading(actor, async (db) => ({
        ...(await announcementOf(db, await managedLiveEvent(db, actor, sessionId))),
        eventsUrl,
      }));
    },

    /**
     * Posts the event to the public events page and e-mails the year's mailbox list through the outbox.
     * Announcing again sends only to addresses added to the list since: each address gets it once.
     */
    async announce({ actor, id: sessionId }: { actor: Actor; id: string }) {
      return scoped(actor, async (tx) => {
        const event = await managedLiveEvent(tx, actor, sessionId);
        if (Date.parse(event.endsAt) < Date.now()) throw new AppError(TrainingErrors.EVENT_OVER);
        const text = await announcementOf(tx, event);
        const year = event.programYearId ? await years.findProgramYear(tx, event.programYearId) : undefined;
        const mailbox = year?.mailbox ?? [];
        const emails = await outbox.queue(
          tx,
          event.orgId,
          mailbox.map((address) => ({
            key: `announcement:${event.id}:${address}`,
            to: address,
            subject: text.subject,
            body: `${text.text}\n\n—\nYou receive this as a member of ${event.ownerName}’s training mailbox list${year ? ` for ${year.title}` : ''}.`,
            entityType: 'training_session',
            entityId: event.id,
          })),
          actor.userId,
        );
        const announcedAt = await years.setAnnounced(tx, event.id);
        await audit.recordChange(tx, actor, {
          action: 'announce',
          entityType: 'training_session',
          entityId: event.id,
          details: { emailsQueued: emails.queued, mailbox: mailbox.length },
        });
        return { ...text, eventsUrl, announcedAt, emails: { ...emails, mailbox: mailbox.length } };
      });
    },

    /** After a live event: its recording joins the catalog as a recorded webinar of the same topic. */
    async publishRecording({
      actor,
      id: sessionId,
      input,
    }: {
      actor: Actor;
      id: string;
      input: { videoUrl: string; durationMinutes?: number | undefined; title?: string | undefined };
    }) {
      return scoped(actor, async (tx) => {
        const event = await managedLiveEvent(tx, actor, sessionId);
        if (Date.parse(event.endsAt) > Date.now()) throw new AppError(TrainingErrors.EVENT_NOT_OVER);
        if (event.recordingId) throw new AppError(TrainingErrors.RECORDING_PUBLISHED);
        // Its real length, as the organiser gives it, else the event's: the watch-time minimum and cap
        // (decision 022) are taken from it, so a made-up length would ask too little or too much.
        const durationMinutes =
          input.durationMinutes ??
          Math.round((Date.parse(event.endsAt) - Date.parse(event.startsAt)) / 60_000);
        const id = await insertSession(
          tx,
          event.orgId,
          {
            topicId: event.topicId,
            kind: 'recorded',
            title: input.title ?? `${event.title} (recording)`,
            timeZone: event.timeZone,
            speaker: event.speaker ?? undefined,
            videoUrl: input.videoUrl,
            durationMinutes,
            programYearId: event.programYearId ?? undefined,
          },
          (await findTopic(tx, event.topicId)) ?? { shared: false },
          event.id,
        );
        await audit.recordChange(tx, actor, {
          action: 'publish_recording',
          entityType: 'training_session',
          entityId: id,
          details: { sourceSessionId: event.id, videoUrl: input.videoUrl, durationMinutes },
        });
        return { id };
      });
    },

    /** The public events page: announced live events not yet over; no sign-in, nothing personal. */
    async publicEvents({ orgCode }: { orgCode: string | undefined }) {
      const events = await years.publicEvents(database.system, orgCode);
      return events.map((e) => ({ ...e, registerUrl: `${baseUrl}/training/sessions/${e.id}` }));
    },
  };
}

export type ProgramYearsService = ReturnType<typeof createProgramYearsService>;
