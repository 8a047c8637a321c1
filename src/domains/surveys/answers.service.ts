import { type Answers, checkAnswers, type Definition } from '@contract/surveys/definition.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { AppError, notFound, validationFailed } from '../../platform/http/errors.js';
import { massachusettsDate } from '../compliance/index.js';
import * as answers from './answers.repository.js';
import { openSurveysFor, respondentGroups } from './audience.repository.js';
import { MIN_CELL } from './results.rules.js';
import { SurveyErrors } from './surveys.errors.js';
import { surveysPolicy as policy } from './surveys.policy.js';

/**
 * Answering surveys: the open ones addressed to the signed-in person, the form with what they saved, saving
 * and the one submission. Respondents write to the owner's tables through the system connection, after
 * these checks.
 */
export function createSurveyAnswering(deps: { database: Database; audit: AuditTrail }) {
  const { audit } = deps;
  const db = deps.database.system;
  const today = () => massachusettsDate(new Date());

  /**
   * The published survey a person may answer now, and where they stand with it; not found unless it is
   * addressed to them.
   */
  async function openFor(actor: Actor, id: string) {
    const day = today();
    const found = await answers.surveyToAnswer(db, id, actor.personId, day);
    // A survey not addressed to this person answers exactly as one that does not exist, before its state or
    // the answers sent are looked at: otherwise the difference tells which ids are surveys, and in what state.
    if (!found?.invited) throw notFound('The survey');
    if (!found.definition || !found.version) throw new AppError(SurveyErrors.NOT_PUBLISHED);
    if (found.opensOn && day < found.opensOn) throw new AppError(SurveyErrors.NOT_OPEN_YET);
    if (found.closesOn && day > found.closesOn) throw new AppError(SurveyErrors.SURVEY_CLOSED);
    const me = await answers.participation(db, found.orgId, id, actor.personId);
    if (me?.submitted) throw new AppError(SurveyErrors.ALREADY_ANSWERED);
    return { ...found, version: found.version, definition: found.definition, me };
  }

  const check = (d: Definition, given: Answers, complete: boolean) => {
    const issues = checkAnswers(d, given, complete);
    if (issues.length)
      throw validationFailed(issues.map((i) => ({ path: `body.${i.path}`, message: i.message })));
  };

  return {
    /** Published, open surveys addressed to the signed-in person, and whether they have answered each. */
    async mine({ actor }: { actor: Actor }) {
      policy.authorize(actor, 'surveys.respond');
      return openSurveysFor(db, actor.personId, today());
    },

    /** The survey to answer, with the answers saved so far; a clear refusal when closed or answered. */
    async form({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'surveys.respond');
      const s = await openFor(actor, id);
      return {
        surveyId: id,
        title: s.title,
        description: s.description,
        anonymous: s.anonymous,
        version: s.version,
        definition: s.definition,
        closesOn: s.closesOn,
        savedAnswers: s.me?.savedVersion === s.version ? s.me.savedAnswers : null,
      };
    },

    /** Saves answers to come back to; only what is given must be valid. */
    async save({ actor, id, input }: { actor: Actor; id: string; input: { answers: Answers } }) {
      policy.authorize(actor, 'surveys.respond');
      const s = await openFor(actor, id);
      check(s.definition, input.answers, false);
      await answers.saveAnswers(db, {
        orgId: s.orgId,
        surveyId: id,
        personId: actor.personId,
        version: s.version,
        answers: input.answers,
      });
    },

    /**
     * Submits once. For an anonymous survey the response names no one and keeps only the day; the
     * participant row says only that this person has answered, and on which day. The response is held until
     * five are waiting, then mixed in with the others (`releaseHeld`), so that the database's order of rows
     * and transactions does not pair it with this submission either.
     */
    async submit({ actor, id, input }: { actor: Actor; id: string; input: { answers: Answers } }) {
      policy.authorize(actor, 'surveys.respond');
      const s = await openFor(actor, id);
      check(s.definition, input.answers, true);
      const day = today();
      const groups = await respondentGroups(db, id, actor.personId, day);
      await db.transaction(async (tx) => {
        const claimed = await answers.claimSubmission(tx, {
          orgId: s.orgId,
          surveyId: id,
          personId: actor.personId,
          anonymous: s.anonymous,
          day,
        });
        if (!claimed) throw new AppError(SurveyErrors.ALREADY_ANSWERED);
        await answers.insertResponse(tx, {
          orgId: s.orgId,
          surveyId: id,
          version: s.version,
          answers: input.answers,
          groups,
          day,
          personId: s.anonymous ? null : actor.personId,
        });
      });
      if (s.anonymous) await answers.releaseHeld(db, s.orgId, id, MIN_CELL);
      await audit.recordNow(actor, { action: 'submit', entityType: 'survey', entityId: id });
    },
  };
}
