import type { SurveyInput } from '@contract/surveys/surveys.schemas.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import { type Database, isUniqueViolation } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, validationFailed } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { massachusettsDate } from '../compliance/index.js';
import { createSurveyAnswering } from './answers.service.js';
import { notAnswered } from './audience.repository.js';
import {
  fromQuestionnaire,
  type Questionnaire,
  QuestionnaireProblem,
  toQuestionnaire,
} from './questionnaire.fhir.js';
import { SurveyErrors } from './surveys.errors.js';
import { surveysPolicy as policy } from './surveys.policy.js';
import * as repo from './surveys.repository.js';

/**
 * Surveys: built and published by an organisation's training administrators (each publication a version),
 * answered once by the people addressed at it or its network (answers.service.ts), counted with small
 * groups suppressed and in whole fives.
 */
export function createSurveysService(deps: {
  database: Database;
  audit: AuditTrail;
  outbox: Outbox;
  baseUrl: string;
}) {
  const { database, audit, outbox, baseUrl } = deps;
  const db = database.system;
  const orgOf = activeOrgOf;
  const today = () => massachusettsDate(new Date());
  const codeTaken = (err: unknown) => {
    throw isUniqueViolation(err) ? new AppError(SurveyErrors.SURVEY_CODE_TAKEN) : err;
  };

  const ownSurvey = (actor: Actor, id: string) => repo.ownSurvey(database, actor, id, today());
  const answering = createSurveyAnswering({ database, audit });

  /** A survey is opened only once it says whom it is for: none chosen means no one, not everyone. */
  const noAudience = () =>
    validationFailed(
      [
        {
          path: 'body.roles',
          message: 'Choose who this survey is for: roles, organisations, or a session for its registrants',
        },
      ],
      'Choose who this survey is for before opening it.',
    );
  const audienceChosen = (s: { roles: string[]; organisationIds: string[]; sessionId?: string | null }) =>
    s.roles.length > 0 || s.organisationIds.length > 0 || Boolean(s.sessionId);
  /**
   * A linked session must be one the organisation runs; a linked module, one it may see; each organisation
   * named, the organisation itself or one in its network (decision 021).
   */
  async function checkLinks(orgId: string, input: SurveyInput) {
    const found = await repo.linksFound(db, orgId, input, today());
    const issues = [
      ...(input.sessionId && !found.session
        ? [{ path: 'body.sessionId', message: 'Not a session your organisation runs' }]
        : []),
      ...(input.moduleId && !found.module ? [{ path: 'body.moduleId', message: 'No such module' }] : []),
      ...found.outside.map((i) => ({
        path: `body.organisationIds.${i}`,
        message: 'Not your organisation or one in its network (a network contract or partnership)',
      })),
    ];
    if (issues.length) throw validationFailed(issues);
  }

  async function createSurvey({ actor, input }: { actor: Actor; input: SurveyInput }) {
    policy.authorize(actor, 'surveys.manage');
    const orgId = orgOf(actor);
    await checkLinks(orgId, input);
    return withScope(database, scopeOf(actor), async (tx) => {
      const { id } = await repo.insertSurvey(tx, orgId, input).catch(codeTaken);
      await audit.recordChange(tx, actor, { action: 'create', entityType: 'survey', entityId: id });
      return { id };
    });
  }

  return {
    ...answering,

    /** A draft survey made from a FHIR Questionnaire; a problem names the item. */
    async importQuestionnaire({
      actor,
      input,
      code,
    }: {
      actor: Actor;
      input: unknown;
      code?: string | undefined;
    }) {
      policy.authorize(actor, 'surveys.manage');
      let imported: ReturnType<typeof fromQuestionnaire>;
      try {
        imported = fromQuestionnaire(input as Questionnaire);
      } catch (err) {
        if (err instanceof QuestionnaireProblem) {
          const message = err.message.slice(err.path.length + 2);
          throw validationFailed(
            [{ path: `body.${err.path}`, message }],
            `This Questionnaire cannot be imported: ${message}.`,
          );
        }
        throw err;
      }
      const base = (code ?? imported.code ?? 'IMPORTED').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 34);
      // Without a code asked for, a Questionnaire whose name is taken (one exported from here) gets the next free one.
      for (let n = 1; ; n++) {
        try {
          return await createSurvey({
            actor,
            input: {
              code: n === 1 ? base : `${base}-${n}`,
              title: imported.title.slice(0, 200),
              definition: imported.definition,
              anonymous: false,
              roles: [],
              organisationIds: [],
            },
          });
        } catch (err) {
          const taken = err instanceof AppError && err.code === 'SURVEY_CODE_TAKEN';
          if (!taken || code || n >= 20) throw err;
        }
      }
    },

    async list({ actor }: { actor: Actor }) {
      policy.authorize(actor, 'surveys.manage');
      const orgId = orgOf(actor);
      return withReadScope(database, scopeOf(actor), (tx) => repo.surveysOf(tx, orgId, today()));
    },

    async get({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'surveys.manage');
      return (await ownSurvey(actor, id)).survey;
    },

    create: createSurvey,

    /** Changes the draft and the distribution; respondents keep answering the published version. */
    async update({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: SurveyInput;
    }) {
      policy.authorize(actor, 'surveys.manage');
      const { orgId, survey } = await ownSurvey(actor, id);
      if (survey.publishedVersion && !audienceChosen(input)) throw noAudience();
      await checkLinks(orgId, input);
      await withScope(database, scopeOf(actor), async (tx) => {
        const changed = await repo.updateSurvey(tx, orgId, id, version, input).catch(codeTaken);
        if (!changed) staleOrMissing(true, 'The survey');
        await audit.recordChange(tx, actor, { action: 'update', entityType: 'survey', entityId: id });
      });
    },

    /**
     * Publishes the draft as the next version: from now on it is what respondents answer. A survey that does
     * not say whom it is for is refused, naming the field, rather than opened to no one (or, as it once was, to
     * everyone).
     */
    async publish({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'surveys.manage');
      const { orgId, survey } = await ownSurvey(actor, id);
      if (!audienceChosen(survey)) throw noAudience();
      const day = today();
      // Published with its closing day gone, it would be closed to everyone from the start.
      if (survey.closesOn && survey.closesOn < day)
        throw validationFailed(
          [
            {
              path: 'body.closesOn',
              message: `Closed on ${survey.closesOn}, before today (${day}); choose a closing day from today on`,
            },
          ],
          'This survey’s closing day has passed, so no one could answer it. Change the closing day, then publish.',
        );
      return withScope(database, scopeOf(actor), async (tx) => {
        const number = await repo.publishDraft(tx, orgId, id, actor.name);
        await audit.recordChange(tx, actor, {
          action: 'publish',
          entityType: 'survey',
          entityId: id,
          details: { version: number },
        });
        return { version: number };
      });
    },

    /**
     * Reminds everyone the published survey is addressed to who has not submitted, through the outbox: one
     * message per person per day, however often it is asked for.
     */
    async remind({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'surveys.manage');
      const { orgId, survey } = await ownSurvey(actor, id);
      if (!survey.publishedVersion) throw new AppError(SurveyErrors.NOT_PUBLISHED);
      const day = today();
      if (survey.closesOn && day > survey.closesOn) throw new AppError(SurveyErrors.SURVEY_CLOSED);
      const waiting = await notAnswered(db, orgId, id, day);
      const link = `${baseUrl}/surveys/${id}/answer`;
      const messages = waiting.map((p) => ({
        key: `survey:${id}:${p.personId}:${day}`,
        to: p.email,
        toName: p.name,
        personId: p.personId,
        subject: `Reminder: ${survey.title}`,
        body: [
          `Dear ${p.name},`,
          '',
          `${survey.title} is waiting for your answers${survey.closesOn ? ` until ${survey.closesOn}` : ''}.`,
          survey.anonymous ? 'Your answers are kept without your name.' : '',
          `Answer it here: ${link}`,
        ]
          .filter((l, i) => l !== '' || i === 1)
          .join('\n'),
        entityType: 'survey',
        entityId: id,
      }));
      return withScope(database, scopeOf(actor), async (tx) => {
        const result = await outbox.queue(tx, orgId, messages, actor.userId);
        await audit.recordChange(tx, actor, {
          action: 'remind',
          entityType: 'survey',
          entityId: id,
          details: result,
        });
        return result;
      });
    },

    /** The survey as a FHIR Questionnaire: the published version, or the draft before publication. */
    async questionnaire({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'surveys.manage');
      const { orgId, survey } = await ownSurvey(actor, id);
      const published = survey.publishedVersion
        ? await repo.versionDefinition(db, orgId, id, survey.publishedVersion)
        : undefined;
      return toQuestionnaire({
        code: survey.code,
        title: survey.title,
        description: survey.description,
        version: survey.publishedVersion ?? 0,
        status: published ? 'active' : 'draft',
        definition: published ?? survey.definition,
      });
    },
  };
}

export type SurveysService = ReturnType<typeof createSurveysService>;
