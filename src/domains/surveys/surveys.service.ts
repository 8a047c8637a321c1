import { type Answers, checkAnswers, type Definition } from '@contract/surveys/definition.js';
import type { SurveyInput, SurveyView } from '@contract/surveys/surveys.schemas.js';
import { sql } from 'drizzle-orm';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import { type Database, isUniqueViolation, rows } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, notFound, validationFailed } from '../../platform/http/errors.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { massachusettsDate } from '../compliance/index.js';
import { fromQuestionnaire, type Questionnaire, QuestionnaireProblem, toQuestionnaire } from './fhir.js';
import { MIN_CELL } from './results.js';
import { SurveyErrors } from './surveys.errors.js';
import { surveysPolicy as policy } from './surveys.policy.js';
import * as repo from './surveys.repository.js';

/**
 * Surveys: built and published by an organisation's training administrators (each publication a version),
 * answered once by the people addressed at it or its network, counted with small groups suppressed and in
 * whole fives. Respondents write to the owner's tables through the system connection, after these checks.
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

  /**
   * The published survey a person may answer now, and where they stand with it; not found unless it is
   * addressed to them.
   */
  async function openFor(actor: Actor, id: string) {
    const day = today();
    const [found] = await rows<{
      orgId: string;
      title: string;
      description: string | null;
      anonymous: boolean;
      invited: boolean;
      opensOn: string | null;
      closesOn: string | null;
      version: number | null;
      definition: Definition | null;
    }>(
      db,
      sql`select s.org_id as "orgId", s.title, s.description, s.anonymous,
          ${repo.addressedTo(actor.personId, day)} as invited, s.opens_on::text as "opensOn", s.closes_on::text as "closesOn",
          v.number as version, v.definition
        from surveys s left join survey_versions v
          on v.org_id = s.org_id and v.survey_id = s.id and v.number = s.published_version
        where s.id = ${id}`,
    );
    // A survey not addressed to this person answers exactly as one that does not exist, before its state or
    // the answers sent are looked at: otherwise the difference tells which ids are surveys, and in what state.
    if (!found?.invited) throw notFound('The survey');
    if (!found.definition || !found.version) throw new AppError(SurveyErrors.NOT_PUBLISHED);
    if (found.opensOn && day < found.opensOn) throw new AppError(SurveyErrors.NOT_OPEN_YET);
    if (found.closesOn && day > found.closesOn) throw new AppError(SurveyErrors.SURVEY_CLOSED);
    const [me] = await rows<{
      submitted: boolean;
      savedAnswers: Answers | null;
      savedVersion: number | null;
    }>(
      db,
      sql`select submitted, saved_answers as "savedAnswers", saved_version as "savedVersion" from survey_participants
        where org_id = ${found.orgId} and survey_id = ${id} and person_id = ${actor.personId}`,
    );
    if (me?.submitted) throw new AppError(SurveyErrors.ALREADY_ANSWERED);
    return { ...found, version: found.version, definition: found.definition, me };
  }

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
  const check = (d: Definition, answers: Answers, complete: boolean) => {
    const issues = checkAnswers(d, answers, complete);
    if (issues.length)
      throw validationFailed(issues.map((i) => ({ path: `body.${i.path}`, message: i.message })));
  };

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

  async function createSurvey(actor: Actor, input: SurveyInput) {
    policy.authorize(actor, 'surveys.manage');
    const orgId = orgOf(actor);
    await checkLinks(orgId, input);
    const v = repo.columns(input);
    return withScope(database, scopeOf(actor), async (tx) => {
      const [row] = await rows<{ id: string }>(
        tx,
        sql`insert into surveys (org_id, ${sql.raw(Object.keys(v).join(', '))})
          values (${orgId}, ${sql.join(Object.values(v), sql`, `)}) returning id`,
      ).catch(codeTaken);
      await audit.recordChange(tx, actor, { action: 'create', entityType: 'survey', entityId: row!.id });
      return { id: row!.id };
    });
  }

  return {
    /** A draft survey made from a FHIR Questionnaire; a problem names the item. */
    async importQuestionnaire(actor: Actor, questionnaire: unknown, code?: string) {
      policy.authorize(actor, 'surveys.manage');
      let imported: ReturnType<typeof fromQuestionnaire>;
      try {
        imported = fromQuestionnaire(questionnaire as Questionnaire);
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
          return await createSurvey(actor, {
            code: n === 1 ? base : `${base}-${n}`,
            title: imported.title.slice(0, 200),
            definition: imported.definition,
            anonymous: false,
            roles: [],
            organisationIds: [],
          });
        } catch (err) {
          const taken = err instanceof AppError && err.code === 'SURVEY_CODE_TAKEN';
          if (!taken || code || n >= 20) throw err;
        }
      }
    },

    async list(actor: Actor) {
      policy.authorize(actor, 'surveys.manage');
      const orgId = orgOf(actor);
      return withReadScope(database, scopeOf(actor), (tx) =>
        rows<SurveyView>(tx, repo.surveySelect(sql`s.org_id = ${orgId}`, today())),
      );
    },

    async get(actor: Actor, id: string) {
      policy.authorize(actor, 'surveys.manage');
      return (await ownSurvey(actor, id)).survey;
    },

    create: createSurvey,

    /** Changes the draft and the distribution; respondents keep answering the published version. */
    async update(actor: Actor, id: string, input: SurveyInput, version: number) {
      policy.authorize(actor, 'surveys.manage');
      const { orgId, survey } = await ownSurvey(actor, id);
      if (survey.publishedVersion && !audienceChosen(input)) throw noAudience();
      await checkLinks(orgId, input);
      const sets = Object.entries(repo.columns(input)).map(([c, value]) => sql`${sql.raw(c)} = ${value}`);
      await withScope(database, scopeOf(actor), async (tx) => {
        const [row] = await rows(
          tx,
          sql`update surveys set ${sql.join(sets, sql`, `)}, version = version + 1, updated_at = now()
            where org_id = ${orgId} and id = ${id} and version = ${version} returning id`,
        ).catch(codeTaken);
        if (!row) staleOrMissing(true, 'The survey');
        await audit.recordChange(tx, actor, { action: 'update', entityType: 'survey', entityId: id });
      });
    },

    /**
     * Publishes the draft as the next version: from now on it is what respondents answer. A survey that does
     * not say whom it is for is refused, naming the field, rather than opened to no one (or, as it once was, to
     * everyone).
     */
    async publish(actor: Actor, id: string) {
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
        const [row] = await rows<{ number: number }>(
          tx,
          sql`with next as (
              select coalesce(max(number), 0) + 1 as number from survey_versions where org_id = ${orgId} and survey_id = ${id})
            insert into survey_versions (org_id, survey_id, number, definition, published_by_name)
            select ${orgId}, ${id}, next.number, s.draft, ${actor.name} from surveys s, next
            where s.org_id = ${orgId} and s.id = ${id}
            returning number`,
        );
        await tx.execute(
          sql`update surveys set published_version = ${row!.number}, version = version + 1, updated_at = now()
            where org_id = ${orgId} and id = ${id}`,
        );
        await audit.recordChange(tx, actor, {
          action: 'publish',
          entityType: 'survey',
          entityId: id,
          details: { version: row!.number },
        });
        return { version: row!.number };
      });
    },

    /** Published, open surveys addressed to the signed-in person, and whether they have answered each. */
    async mine(actor: Actor) {
      policy.authorize(actor, 'surveys.respond');
      const day = today();
      return rows<{
        id: string;
        title: string;
        organisation: string;
        closesOn: string | null;
        answered: boolean;
        started: boolean;
      }>(
        db,
        sql`select s.id, s.title, o.name as organisation, s.closes_on::text as "closesOn",
            coalesce(p.submitted, false) as answered, p.saved_answers is not null as started
          from surveys s join organisations o on o.id = s.org_id
            left join survey_participants p on p.org_id = s.org_id and p.survey_id = s.id and p.person_id = ${actor.personId}
          where s.published_version is not null
            and (s.opens_on is null or s.opens_on <= ${day}::date) and (s.closes_on is null or s.closes_on >= ${day}::date)
            and ${repo.addressedTo(actor.personId, day)}
          order by answered, s.closes_on nulls last, s.title`,
      );
    },

    /**
     * Reminds everyone the published survey is addressed to who has not submitted, through the outbox: one
     * message per person per day, however often it is asked for.
     */
    async remind(actor: Actor, id: string) {
      policy.authorize(actor, 'surveys.manage');
      const { orgId, survey } = await ownSurvey(actor, id);
      if (!survey.publishedVersion) throw new AppError(SurveyErrors.NOT_PUBLISHED);
      const day = today();
      if (survey.closesOn && day > survey.closesOn) throw new AppError(SurveyErrors.SURVEY_CLOSED);
      const waiting = await repo.notAnswered(db, orgId, id, day);
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

    /** The survey to answer, with the answers saved so far; a clear refusal when closed or answered. */
    async form(actor: Actor, id: string) {
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
    async save(actor: Actor, id: string, answers: Answers) {
      policy.authorize(actor, 'surveys.respond');
      const s = await openFor(actor, id);
      check(s.definition, answers, false);
      await db.execute(
        sql`insert into survey_participants (org_id, survey_id, person_id, saved_answers, saved_version)
          values (${s.orgId}, ${id}, ${actor.personId}, ${JSON.stringify(answers)}::jsonb, ${s.version})
          on conflict (org_id, survey_id, person_id) do update
            set saved_answers = excluded.saved_answers, saved_version = excluded.saved_version, updated_at = now()`,
      );
    },

    /**
     * Submits once. For an anonymous survey the response names no one and keeps only the day; the
     * participant row says only that this person has answered, and on which day. The response is held until
     * five are waiting, then mixed in with the others (`releaseHeld`), so that the database's order of rows
     * and transactions does not pair it with this submission either.
     */
    async submit(actor: Actor, id: string, answers: Answers) {
      policy.authorize(actor, 'surveys.respond');
      const s = await openFor(actor, id);
      check(s.definition, answers, true);
      const day = today();
      const groups = await repo.respondentGroups(db, id, actor.personId, day);
      const when = s.anonymous ? sql`${day}::date::timestamptz` : sql`now()`;
      await db.transaction(async (tx) => {
        const claimed = await repo.claimSubmission(tx, s.orgId, id, actor.personId, when);
        if (!claimed) throw new AppError(SurveyErrors.ALREADY_ANSWERED);
        const values = sql`${s.orgId}, ${id}, ${s.version}, ${JSON.stringify(answers)}::jsonb,
          ${JSON.stringify(groups)}::jsonb, ${day}`;
        await tx.execute(
          s.anonymous
            ? sql`insert into survey_responses_held (org_id, survey_id, version_number, answers, groups, submitted_on)
                values (${values})`
            : sql`insert into survey_responses (org_id, survey_id, version_number, answers, groups, submitted_on, person_id)
                values (${values}, ${actor.personId})`,
        );
      });
      if (s.anonymous) await repo.releaseHeld(db, s.orgId, id, MIN_CELL);
      await audit.recordNow(actor, { action: 'submit', entityType: 'survey', entityId: id });
    },

    /** The survey as a FHIR Questionnaire: the published version, or the draft before publication. */
    async questionnaire(actor: Actor, id: string) {
      policy.authorize(actor, 'surveys.manage');
      const { orgId, survey } = await ownSurvey(actor, id);
      const [published] = survey.publishedVersion
        ? await rows<{ definition: Definition }>(
            db,
            sql`select definition from survey_versions where org_id = ${orgId} and survey_id = ${id}
              and number = ${survey.publishedVersion}`,
          )
        : [];
      return toQuestionnaire({
        code: survey.code,
        title: survey.title,
        description: survey.description,
        version: survey.publishedVersion ?? 0,
        status: published ? 'active' : 'draft',
        definition: published?.definition ?? survey.definition,
      });
    },
  };
}

export type SurveysService = ReturnType<typeof createSurveysService>;
