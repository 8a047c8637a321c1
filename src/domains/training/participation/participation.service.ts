import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/http/errors.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import {
  attemptsLeft,
  minimumMinutes,
  selfPacedRule,
  watchedMinutes,
} from '../completions/completion-rules.js';
import * as records from '../completions/completions.repository.js';
import { completeSession } from '../completions/session-completion.js';
import { promoteWithContact } from '../sessions/session-changes.repository.js';
import { sessionMail } from '../sessions/session-changes.service.js';
import * as repo from '../sessions/sessions.repository.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingScope } from '../training.scope.js';
import * as participation from './participation.repository.js';

/** "2", "2 and 3", "2, 3 and 5". */
const listed = (items: string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** How often the page sends a heartbeat while a recording plays and the page is visible. */
export const HEARTBEAT_SECONDS = 30;
/** Lateness forgiven a heartbeat (a busy network, a slow timer); a longer gap still counts only this much. */
const HEARTBEAT_GRACE_SECONDS = 15;

/**
 * What a person does in a session after registering — cancel, watch a recording, work through a
 * self-paced module and its knowledge check. The training team's review of held attestations is in
 * attestation-review.service.ts.
 */
export function createParticipationService(deps: {
  database: Database;
  audit: AuditTrail;
  jobs: JobQueue;
  baseUrl: string;
}) {
  const { audit } = deps;
  const mail = sessionMail(deps);
  const { requirePerson, scoped } = trainingScope(deps.database);

  async function sessionOf(db: Db, actor: Actor, id: string, kind?: repo.SessionRow['kind']) {
    const session = await repo.findSession(db, actor.personId ?? null, { id });
    if (!session) throw notFound('The session');
    if (kind && session.kind !== kind) throw new AppError(TrainingErrors.WRONG_SESSION_KIND);
    return session;
  }

  /** A self-paced session and its content (pages, and questions with their answers: never sent as they are). */
  async function openModule(tx: Db, actor: Actor, id: string) {
    const session = await sessionOf(tx, actor, id, 'self_paced');
    const content = await participation.sessionContent(tx, id);
    if (!content) throw new AppError(TrainingErrors.WRONG_SESSION_KIND);
    return { session, content };
  }
  type Module = Awaited<ReturnType<typeof openModule>>;

  /**
   * A learner's state in a self-paced module, completing it when the rule is first met. `markingComplete`:
   * the learner asks to finish a module without a knowledge check (decision 023).
   */
  async function moduleState(
    tx: Db,
    actor: Actor,
    { session, content }: Module,
    personId: string,
    markingComplete = false,
  ) {
    const progress = await participation.progressOf(tx, session.id, personId);
    let completionId = (await records.findCompletion(tx, { sessionId: session.id, personId }))?.id ?? null;
    const outcome = selfPacedRule({
      pages: content.pages.length,
      pagesViewed: progress.pagesViewed.filter((p) => p < content.pages.length).length,
      passMark: content.questions.length > 0 ? session.passMark : null,
      maxAttempts: session.maxAttempts,
      attempts: progress.attempts,
      markedComplete: markingComplete || completionId !== null,
    });
    if (outcome.met && !completionId) {
      completionId = await completeSession(tx, session, {
        personId,
        personName: actor.name,
        evidence: {
          pagesViewed: progress.pagesViewed.length,
          attempts: progress.attempts.length,
          ...(markingComplete ? { markedComplete: true } : {}),
          reason: outcome.reason,
        },
        recordedBy: actor.userId,
        recordedByName: `${actor.name} (self-paced module)`,
      });
      await audit.recordChange(tx, actor, {
        action: 'complete',
        entityType: 'training_session',
        entityId: session.id,
        details: { completionId, reason: outcome.reason },
      });
    }
    return {
      sessionId: session.id,
      title: session.title,
      pages: content.pages,
      questions: content.questions.map(({ prompt, options }) => ({ prompt, options })),
      passMark: content.questions.length > 0 ? session.passMark : null,
      maxAttempts: session.maxAttempts,
      showWrongAnswers: content.showWrongAnswers !== false,
      pagesViewed: progress.pagesViewed,
      attempts: progress.attempts,
      attemptsLeft: attemptsLeft(session.maxAttempts, progress.attempts.length),
      complete: completionId !== null,
      reason: outcome.reason,
      completionId,
    };
  }

  return {
    /**
     * Cancels the signed-in person's place; the longest-waiting person on the waitlist takes a freed seat
     * (of a session not yet over) and is e-mailed that it is theirs.
     */
    async cancelRegistration({ actor, id: sessionId }: { actor: Actor; id: string }) {
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const session = await sessionOf(tx, actor, sessionId);
        await repo.lockSeats(tx, sessionId);
        const was = await participation.cancelRegistration(tx, sessionId, personId);
        if (!was) throw notFound('Your registration');
        const moved =
          was === 'registered' && !session.ended && !session.cancelledAt
            ? await promoteWithContact(tx, sessionId)
            : undefined;
        if (moved)
          await mail.tell(
            tx,
            session,
            { ...moved, status: 'registered' },
            'promoted',
            `promoted:${moved.at}`,
            actor.userId,
          );
        const promoted = moved?.personId ?? null;
        await audit.recordChange(tx, actor, {
          action: 'cancel',
          entityType: 'training_session',
          entityId: sessionId,
          details: { personId, was, promoted },
        });
        return { promoted: Boolean(promoted) };
      });
    },

    /**
     * Starts the signed-in person's viewing of a recording, clocked by the server (decision 022); their
     * open viewing of it, if any, ends. Audited: every viewing is someone's own.
     */
    async startViewing({ actor, id: sessionId }: { actor: Actor; id: string }) {
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const session = await sessionOf(tx, actor, sessionId, 'recorded');
        const id = await participation.startViewing(tx, { orgId: session.orgId, sessionId, personId });
        await audit.recordChange(tx, actor, {
          action: 'viewing.start',
          entityType: 'training_session',
          entityId: sessionId,
          details: { viewingId: id, personId },
        });
        return { id, heartbeatSeconds: HEARTBEAT_SECONDS };
      });
    },

    /**
     * A heartbeat of the person's viewing: credits the time since the last one as the server measured it,
     * at most the interval and its grace, and never past the recording's length.
     */
    async heartbeat({ actor, id: sessionId, viewingId }: { actor: Actor; id: string; viewingId: string }) {
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const session = await sessionOf(tx, actor, sessionId, 'recorded');
        const viewing = await participation.lockViewing(tx, viewingId, sessionId, personId);
        if (!viewing) throw notFound('The viewing');
        if (viewing.ended) throw new AppError(TrainingErrors.VIEWING_ENDED);
        const creditedMs = await participation.creditHeartbeat(tx, {
          orgId: viewing.orgId,
          id: viewingId,
          sessionId,
          personId,
          capMs: (HEARTBEAT_SECONDS + HEARTBEAT_GRACE_SECONDS) * 1000,
          lengthMs: session.durationMinutes ? session.durationMinutes * 60_000 : null,
        });
        const totals = await participation.viewingTotals(tx, sessionId, personId);
        return {
          creditedSeconds: Math.floor(creditedMs / 1000),
          minutes: watchedMinutes(totals.ms, session),
          minimum: minimumMinutes(session),
          heartbeatSeconds: HEARTBEAT_SECONDS,
        };
      });
    },

    /** Opens a module for the learner: it opens at its first page, which so counts as viewed (decision 023). */
    async selfPaced({ actor, id: sessionId }: { actor: Actor; id: string }) {
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const module = await openModule(tx, actor, sessionId);
        const { pagesViewed } = await participation.progressOf(tx, sessionId, personId);
        if (!pagesViewed.includes(0))
          await participation.markPageViewed(tx, module.session.orgId, sessionId, personId, 0);
        return moduleState(tx, actor, module, personId);
      });
    },

    /**
     * The learner finishes a module without a knowledge check, once every page is viewed; one with a check
     * is finished by passing it.
     */
    async markComplete({ actor, id: sessionId }: { actor: Actor; id: string }) {
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const module = await openModule(tx, actor, sessionId);
        const { content } = module;
        const before = await moduleState(tx, actor, module, personId);
        if (before.complete) throw new AppError(TrainingErrors.ALREADY_COMPLETED);
        if (content.questions.length > 0) throw new AppError(TrainingErrors.KNOWLEDGE_CHECK_DECIDES);
        const unseen = content.pages.map((_, i) => i).filter((i) => !before.pagesViewed.includes(i));
        if (unseen.length > 0)
          throw new AppError(
            TrainingErrors.PAGES_NOT_VIEWED,
            `View ${unseen.length === 1 ? 'page' : 'pages'} ${listed(unseen.map((i) => String(i + 1)))} before marking the module as complete.`,
          );
        return moduleState(tx, actor, module, personId, true);
      });
    },

    async viewPage({ actor, id: sessionId, page }: { actor: Actor; id: string; page: number }) {
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const module = await openModule(tx, actor, sessionId);
        if (page >= module.content.pages.length) throw notFound('The page');
        await participation.markPageViewed(tx, module.session.orgId, sessionId, personId, page);
        return moduleState(tx, actor, module, personId);
      });
    },

    /** Scores one attempt at the knowledge check; refused once the attempts allowed are used. */
    async attempt({ actor, id: sessionId, answers }: { actor: Actor; id: string; answers: number[] }) {
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const module = await openModule(tx, actor, sessionId);
        const { session, content } = module;
        const { questions } = content;
        const before = await moduleState(tx, actor, module, personId);
        if (questions.length === 0) throw new AppError(TrainingErrors.NO_KNOWLEDGE_CHECK);
        if (before.complete) throw new AppError(TrainingErrors.ALREADY_COMPLETED);
        if (before.attemptsLeft === 0) throw new AppError(TrainingErrors.NO_ATTEMPTS_LEFT);
        if (answers.length !== questions.length)
          throw new AppError('VALIDATION_FAILED', undefined, [
            { path: 'answers', message: `Answer all ${questions.length} questions` },
          ]);
        // An answer that is none of the question's options is a mistake in the request, not a wrong answer:
        // it is refused without using up an attempt.
        const unknown = questions.flatMap((q, i) =>
          (answers[i] ?? 0) < q.options.length
            ? []
            : [
                {
                  path: `answers.${i}`,
                  message: `Question ${i + 1} has ${q.options.length} options; choose one of them`,
                },
              ],
        );
        if (unknown.length) throw new AppError('VALIDATION_FAILED', undefined, unknown);
        const wrong = questions.flatMap((q, i) => (q.answer === answers[i] ? [] : [i]));
        const score = Math.round(((questions.length - wrong.length) / questions.length) * 100);
        const passed = score >= (session.passMark ?? 0);
        const number = before.attempts.length + 1;
        await participation.insertAttempt(tx, {
          orgId: session.orgId,
          sessionId,
          personId,
          number,
          answers,
          score,
          passed,
        });
        await audit.recordChange(tx, actor, {
          action: 'attempt',
          entityType: 'training_session',
          entityId: sessionId,
          details: { number, score, passed },
        });
        const state = await moduleState(tx, actor, module, personId);
        return { score, passed, wrong: state.showWrongAnswers ? wrong : null, ...state };
      });
    },
  };
}
