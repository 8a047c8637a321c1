import { sql } from 'drizzle-orm';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf } from '../../platform/auth/actor.js';
import { type Database, rows } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Definition } from './definition.js';
import type { ExportRow } from './export.js';
import { breakdown, overall } from './results.js';
import { SurveyErrors } from './surveys.errors.js';
import { surveysPolicy as policy } from './surveys.policy.js';
import * as repo from './surveys.repository.js';

/**
 * Reading surveys' results: the owning organisation's results and exports, and a plan's view of a training
 * vendor's survey. Every group under five is withheld (results.ts); every read is audited.
 */
export function createSurveyResults(deps: { database: Database; audit: AuditTrail }) {
  const { database, audit } = deps;
  const db = database.system;
  const orgOf = activeOrgOf;

  const ownSurvey = (actor: Actor, id: string) => repo.ownSurvey(database, actor, id);

  /** A version's definition and its responses, for someone who may read the results. */
  async function responsesOf(actor: Actor, id: string, asked: number | undefined) {
    policy.authorize(actor, 'surveys.results');
    const { orgId, survey } = await ownSurvey(actor, id);
    const version = asked ?? survey.publishedVersion;
    if (!version) throw new AppError(SurveyErrors.NOT_PUBLISHED);
    return { survey, version, ...(await versionWithResponses(orgId, id, version)) };
  }

  /** One version's definition and every response to it. */
  async function versionWithResponses(orgId: string, id: string, version: number) {
    const [v] = await rows<{ definition: Definition }>(
      db,
      sql`select definition from survey_versions where org_id = ${orgId} and survey_id = ${id} and number = ${version}`,
    );
    if (!v) throw notFound('That version of the survey');
    const responses = await rows<ExportRow>(
      db,
      sql`select answers, groups, submitted_on::text as "submittedOn" from survey_responses
        where org_id = ${orgId} and survey_id = ${id} and version_number = ${version} order by submitted_on, id`,
    );
    return { v, responses };
  }

  return {
    /** A version's responses for export (small groups are hidden by the writer); the export is audited. */
    async exportOf(actor: Actor, id: string, version: number | undefined, format: string) {
      const found = await responsesOf(actor, id, version);
      await audit.recordNow(actor, {
        action: 'export',
        entityType: 'survey_results',
        entityId: id,
        details: { version: found.version, format, rows: found.responses.length },
      });
      return {
        code: found.survey.code,
        version: found.version,
        definition: found.v.definition,
        rows: found.responses,
      };
    },

    /** Counts for a version (the published one unless asked), overall and by plan, organisation or role. */
    async results(actor: Actor, id: string, q: { version?: number | undefined; by?: string | undefined }) {
      const { version, v, responses } = await responsesOf(actor, id, q.version);
      audit.recordRead(actor, { entityType: 'survey_results', entityId: id, details: { version, by: q.by } });
      return {
        version,
        definition: v.definition,
        overall: overall(v.definition, responses),
        breakdown: q.by ? breakdown(v.definition, responses, q.by) : [],
      };
    },

    /** Published surveys of training vendors, whose results a plan's staff may read for their own plan. */
    async shared(actor: Actor) {
      policy.authorize(actor, 'surveys.results');
      const orgId = orgOf(actor);
      return rows<{ id: string; title: string; organisation: string; publishedVersion: number }>(
        db,
        sql`select s.id, s.title, o.name as organisation, s.published_version as "publishedVersion"
          from surveys s join organisations o on o.id = s.org_id
          where o.kind = 'training_vendor' and s.published_version is not null
            and exists (select 1 from organisations me where me.id = ${orgId} and me.kind = 'plan')
          order by s.title`,
      );
    },

    /**
     * A vendor's survey as a plan sees it: every plan together, and the plan's own group beside it (withheld
     * like any other group when too small). Nothing is returned about any other plan.
     */
    async planResults(actor: Actor, id: string, asked: number | undefined) {
      policy.authorize(actor, 'surveys.results');
      const orgId = orgOf(actor);
      const [found] = await rows<{ surveyOrg: string; version: number | null; plan: string }>(
        db,
        sql`select s.org_id as "surveyOrg", s.published_version as version, me.name as plan
          from surveys s join organisations o on o.id = s.org_id and o.kind = 'training_vendor'
            join organisations me on me.id = ${orgId} and me.kind = 'plan'
          where s.id = ${id}`,
      );
      if (!found?.version) throw notFound('A survey shared with your plan');
      const version = asked ?? found.version;
      const { v, responses } = await versionWithResponses(found.surveyOrg, id, version);
      audit.recordRead(actor, {
        entityType: 'survey_results',
        entityId: id,
        details: { version, plan: found.plan },
      });
      const mine = breakdown(v.definition, responses, 'plan').find((g) => g.group === found.plan);
      return {
        version,
        definition: v.definition,
        plan: found.plan,
        overall: overall(v.definition, responses),
        mine: mine ?? { group: found.plan, respondents: null, suppressed: true, questions: null },
      };
    },
  };
}

export type SurveyResults = ReturnType<typeof createSurveyResults>;
