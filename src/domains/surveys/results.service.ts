import type { SurveyView } from '@contract/surveys/surveys.schemas.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { massachusettsDate } from '../compliance/index.js';
import { findOrganisation } from '../organisations/index.js';
import { renderFindings } from './findings.pdf.js';
import { ownParticipation, participation } from './participation.rules.js';
import * as repo from './results.repository.js';
import {
  breakdownOf,
  type GroupResult,
  overallOf,
  ownGroupOf,
  prePost,
  withoutWords,
} from './results.rules.js';
import { summaryTallies, type Words } from './summary.repository.js';
import { SurveyErrors } from './surveys.errors.js';
import { surveysPolicy as policy } from './surveys.policy.js';
import { ownSurvey as ownSurveyOf, versionDefinition } from './surveys.repository.js';

/**
 * Reading surveys' results: the owning organisation's results and exports, and a plan's view of a training
 * vendor's survey. Every group under five is withheld (results.rules.ts); every read is audited.
 */
export function createSurveyResults(deps: { database: Database; audit: AuditTrail }) {
  const { database, audit } = deps;
  const db = database.system;
  const orgOf = activeOrgOf;
  const today = () => massachusettsDate(new Date());

  const ownSurvey = (actor: Actor, id: string) => ownSurveyOf(database, actor, id, today());

  /** The survey and version asked for (the published one unless asked), for someone who may read the results. */
  async function readable(actor: Actor, id: string, asked: number | undefined) {
    policy.authorize(actor, 'surveys.results');
    const { orgId, survey } = await ownSurvey(actor, id);
    const version = asked ?? survey.publishedVersion;
    if (!version) throw new AppError(SurveyErrors.NOT_PUBLISHED);
    return { orgId, survey, version };
  }

  /** A version's definition and every response to it counted today, for an export. */
  async function responsesOf(actor: Actor, id: string, asked: number | undefined) {
    const { orgId, survey, version } = await readable(actor, id, asked);
    const definition = await definitionOf(orgId, id, version);
    const responses = await repo.countedResponsesTo(db, { orgId, id, version }, today());
    return { survey, version, definition, responses };
  }

  async function definitionOf(orgId: string, id: string, version: number) {
    const definition = await versionDefinition(db, orgId, id, version);
    if (!definition) throw notFound('That version of the survey');
    return definition;
  }

  /**
   * One version's definition and what its responses counted today add up to, overall and by one breakdown
   * (summed in the database), with the words written that will be shown.
   */
  async function summaryOf(
    orgId: string,
    id: string,
    version: number,
    options: { by?: string | undefined; words: Words },
  ) {
    const definition = await definitionOf(orgId, id, version);
    const tallies = await summaryTallies(db, { orgId, id, version }, today(), definition, options);
    return { definition, ...tallies };
  }

  /** Participation in a survey today, overall and by one breakdown. */
  const participationOf = async (orgId: string, id: string, by: string | undefined) =>
    participation(await repo.participationRows(db, orgId, id, today()), by);

  /**
   * The survey compared with its counterpart — the needs assessment and the evaluation of the same module or
   * session, each as published — on the questions both ask; null when it has none.
   */
  async function comparisonOf(orgId: string, survey: SurveyView, version: number, mine: GroupResult) {
    const other = await repo.counterpartOf(db, orgId, survey.id);
    if (!other) return null;
    const theirs = await summaryOf(orgId, other.id, other.version, { words: 'none' });
    const sides = [
      { id: survey.id, title: survey.title, version, all: mine },
      { ...other, all: overallOf(theirs.definition, theirs.all) },
    ] as const;
    const [before, after] = survey.link === 'needs_assessment' ? sides : [sides[1], sides[0]];
    const side = ({ all, ...rest }: (typeof sides)[number]) => ({ ...rest, respondents: all.respondents });
    return { before: side(before), after: side(after), changes: prePost(before.all, after.all) };
  }

  /**
   * A training vendor's survey as one plan sees it: every plan together and the plan's own group (withheld
   * like any other when too small), participation likewise; nothing about any other plan. Words written
   * are the plan's own respondents' only (other plans' staff wrote the rest), under the same rule of five.
   */
  async function planView(actor: Actor, id: string, asked: number | undefined) {
    policy.authorize(actor, 'surveys.results');
    const orgId = orgOf(actor);
    const found = await repo.sharedWithPlan(db, id, orgId, today());
    if (!found?.version) throw notFound('A survey shared with your plan');
    const version = asked ?? found.version;
    // Words written reach a plan only from its own respondents, and only when its group is shown.
    const s = await summaryOf(found.surveyOrg, id, version, { by: 'plan', words: { group: found.plan } });
    const mine = ownGroupOf(s.definition, s.groups, s.all.respondents, found.plan);
    const taking = ownParticipation(
      await repo.participationRows(db, found.surveyOrg, id, today()),
      'plan',
      found.plan,
    );
    return {
      title: found.title,
      code: found.code,
      vendor: found.vendor,
      anonymous: found.anonymous,
      view: {
        version,
        definition: s.definition,
        plan: found.plan,
        overall: withoutWords(overallOf(s.definition, s.all)),
        mine: mine ?? { group: found.plan, respondents: null, suppressed: true, questions: null },
        participation: taking,
      },
    };
  }

  return {
    /** A version's responses for export (small groups are hidden by the writer); the export is audited. */
    async exportOf({
      actor,
      id,
      version,
      format,
    }: {
      actor: Actor;
      id: string;
      version?: number | undefined;
      format: string;
    }) {
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
        definition: found.definition,
        rows: found.responses,
      };
    },

    /** Counts for a version (the published one unless asked), overall and by plan, organisation or role. */
    async results({
      actor,
      id,
      version: asked,
      by,
    }: {
      actor: Actor;
      id: string;
      version?: number | undefined;
      by?: string | undefined;
    }) {
      const { orgId, version } = await readable(actor, id, asked);
      const [s, taking] = await Promise.all([
        summaryOf(orgId, id, version, { by, words: 'all' }),
        participationOf(orgOf(actor), id, by),
      ]);
      audit.recordRead(actor, { entityType: 'survey_results', entityId: id, details: { version, by } });
      return {
        version,
        definition: s.definition,
        overall: overallOf(s.definition, s.all),
        breakdown: by ? breakdownOf(s.definition, s.groups, s.all.respondents) : [],
        participation: taking,
      };
    },

    /** Before and after: this survey beside the needs assessment or evaluation it is paired with. */
    async comparison({ actor, id }: { actor: Actor; id: string }) {
      const { orgId, survey, version } = await readable(actor, id, undefined);
      const s = await summaryOf(orgId, id, version, { words: 'none' });
      audit.recordRead(actor, { entityType: 'survey_results', entityId: id, details: { comparison: true } });
      return {
        definition: s.definition,
        comparison: await comparisonOf(orgOf(actor), survey, version, overallOf(s.definition, s.all)),
      };
    },

    /** The findings report (PDF) of a version: participation by plan, the charts, and before and after. */
    async findings({
      actor,
      id,
      version: asked,
    }: {
      actor: Actor;
      id: string;
      version?: number | undefined;
    }) {
      const { orgId: owner, survey, version } = await readable(actor, id, asked);
      // The report counts answers and says how many wrote words, not what they wrote.
      const s = await summaryOf(owner, id, version, { words: 'none' });
      const orgId = orgOf(actor);
      const org = await findOrganisation(db, orgId);
      const all = overallOf(s.definition, s.all);
      const compared = await comparisonOf(orgId, survey, version, all);
      await audit.recordNow(actor, {
        action: 'export',
        entityType: 'survey_results',
        entityId: id,
        details: { version, format: 'pdf', rows: s.all.respondents },
      });
      const pdf = await renderFindings({
        title: survey.title,
        code: survey.code,
        version,
        organisation: org!.name,
        anonymous: survey.anonymous,
        madeAt: new Date().toISOString(),
        madeBy: actor.name,
        definition: s.definition,
        overall: all,
        participation: await participationOf(orgId, id, 'plan'),
        comparison: compared && {
          before: compared.before.title,
          after: compared.after.title,
          changes: compared.changes,
        },
      });
      return { code: survey.code, version, pdf };
    },

    /**
     * Published surveys of the training vendors the plan has a training agreement with, whose results its
     * staff may read for their own plan.
     */
    async shared({ actor }: { actor: Actor }) {
      policy.authorize(actor, 'surveys.results');
      const orgId = orgOf(actor);
      return repo.sharedSurveys(db, orgId, today());
    },

    /**
     * A vendor's survey as a plan sees it: every plan together, and the plan's own group beside it (withheld
     * like any other group when too small). Nothing is returned about any other plan.
     */
    async planResults({ actor, id, version }: { actor: Actor; id: string; version?: number | undefined }) {
      const { view } = await planView(actor, id, version);
      audit.recordRead(actor, {
        entityType: 'survey_results',
        entityId: id,
        details: { version: view.version, plan: view.plan },
      });
      return view;
    },

    /** The findings report (PDF) of a vendor's survey for a plan: every plan together, and the plan beside it. */
    async planFindings({ actor, id, version }: { actor: Actor; id: string; version?: number | undefined }) {
      const { view, title, code, vendor, anonymous } = await planView(actor, id, version);
      await audit.recordNow(actor, {
        action: 'export',
        entityType: 'survey_results',
        entityId: id,
        details: { version: view.version, plan: view.plan, format: 'pdf' },
      });
      const pdf = await renderFindings({
        title,
        code,
        version: view.version,
        organisation: vendor,
        anonymous,
        madeAt: new Date().toISOString(),
        madeBy: actor.name,
        definition: view.definition,
        overall: view.overall,
        participation: view.participation,
        plan: { name: view.plan, mine: view.mine },
        comparison: null,
      });
      return { code, version: view.version, plan: view.plan, pdf };
    },
  };
}

export type SurveyResults = ReturnType<typeof createSurveyResults>;
