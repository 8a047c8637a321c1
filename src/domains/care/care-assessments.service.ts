// Assessments and major changes on an enrollee: the forms they may be answered on (the holding plan's), who may
// record one, the rule version whose due date it met, and the lists (decision 052).

import type { CareRule } from '@contract/care/rules.schemas.js';
import type { AssessmentInput, MajorChangeInput } from '@contract/care/work.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Db } from '../../platform/db/client.js';
import { withScope } from '../../platform/db/scope.js';
import { AppError, forbidden, notFound, validationFailed } from '../../platform/http/errors.js';
import { assessmentInstruments, instrumentsOfResponses, recordInstrumentResponse } from '../surveys/index.js';
import { CareErrors } from './care.errors.js';
import { carePolicy as policy } from './care.policy.js';
import { recordEnrolleeRead } from './care-audit.js';
import type { CareContext } from './care-context.js';
import * as repo from './care-work.repository.js';
import { clockMetBy } from './enrollee-clocks.js';
import { dayWords } from './rules.js';
import { factsOf } from './work-queue-rows.js';

/** Assessments and major changes, for the coordinator's day (`createCareWorkService`). */
export function careAssessmentMethods(
  { database, audit, scoped }: CareContext,
  {
    visibleFacts,
    rules,
  }: {
    /** The enrollee's facts, when the actor's organisation sees the enrollee. */
    visibleFacts: (db: Db, orgId: string, enrolleeId: string) => Promise<repo.FactsRow>;
    /** The rule catalogue. */
    rules: () => Promise<CareRule[]>;
  },
) {
  return {
    /**
     * The instruments an assessment of the enrollee may be answered on: the holding plan's (a coordinator of a
     * provider on the team answers the plan's forms), read as the table owner once the enrollee is visible.
     */
    async instruments({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      policy.authorize(actor, 'assessment.record');
      const holder = await scoped(
        actor,
        async (db, orgId) => (await visibleFacts(db, orgId, enrolleeId)).orgId,
        { read: true },
      );
      return assessmentInstruments(database.system, holder);
    },

    /** Records a completed assessment, its instrument's answers and the rule version whose due date it met. */
    async recordAssessment({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: AssessmentInput;
    }) {
      policy.authorize(actor, 'assessment.record');
      const today = massachusettsToday();
      if (input.completedOn > today)
        throw validationFailed([
          { path: 'body.completedOn', message: `Choose a day on or before ${dayWords(today)}` },
        ]);
      // The instrument asks whether the meeting was in person; its answer and the record must agree.
      const said = input.instrument?.answers.in_person_meeting?.value;
      if ((said === 'yes' || said === 'no') && (said === 'yes') !== input.inPerson)
        throw validationFailed([
          {
            path: 'body.inPerson',
            message: `The instrument's answer says the meeting was ${said === 'yes' ? '' : 'not '}in person`,
          },
        ]);
      const all = await rules();
      // The instrument is the holding plan's survey and its answers a response of it, so a coordinator of a
      // provider on the team writes them too: once the enrollee is found visible to the actor's organisation,
      // the transaction's scope also takes in the holder. Every statement in it names its organisation.
      const holder = await scoped(
        actor,
        async (db, orgId) => (await visibleFacts(db, orgId, enrolleeId)).orgId,
        {
          read: true,
        },
      );
      const orgId = activeOrgOf(actor);
      const scope = scopeOf(actor);
      const saved = await withScope(
        database,
        { ...scope, orgIds: [...new Set([...scope.orgIds, holder])] },
        async (tx) => {
          const facts = await visibleFacts(tx, orgId, enrolleeId);
          // The plan's care managers may; anyone else only as a care manager on the enrollee's team themselves.
          if (
            facts.orgId !== orgId &&
            !(await repo.managesCareOf(tx, facts.orgId, enrolleeId, actor.personId, orgId, today))
          )
            throw forbidden(
              'Only the enrollee’s single point of contact, a care coordinator or clinical care manager on their care team, or the plan’s care managers record an assessment.',
            );
          let response: { id: string; surveyId: string; version: number; title: string } | null = null;
          if (input.instrument) {
            const r = await recordInstrumentResponse(tx, {
              orgId: facts.orgId,
              surveyId: input.instrument.surveyId,
              answers: input.instrument.answers,
              recordedBy: actor.personId,
              day: input.completedOn,
            });
            if (!r.ok && r.problem === 'answers')
              throw validationFailed(
                r.issues.map((i) => ({ path: `body.instrument.answers.${i.path}`, message: i.message })),
              );
            if (!r.ok)
              throw new AppError(CareErrors.INSTRUMENT_NOT_USABLE, undefined, [
                {
                  path: 'body.instrument.surveyId',
                  message: `The survey is ${r.problem.replaceAll('_', ' ')}`,
                },
              ]);
            response = {
              id: r.responseId,
              surveyId: input.instrument.surveyId,
              version: r.version,
              title: r.title,
            };
          }
          const met = clockMetBy(factsOf(facts, all), {
            completedOn: input.completedOn,
            inPerson: input.inPerson,
            kind: input.kind,
          });
          const row = await repo.insertAssessment(tx, {
            orgId: facts.orgId,
            enrolleeId,
            kind: input.kind,
            surveyResponseId: response?.id ?? null,
            inPerson: input.inPerson,
            majorChangeReason: input.majorChangeReason ?? null,
            ruleKind: met?.rule.kind ?? null,
            ruleProgram: met?.rule.program ?? null,
            ruleVersion: met?.rule.version ?? null,
            completedOn: input.completedOn,
            completedBy: actor.personId,
            part2OrgId: input.part2 ? orgId : null,
          });
          await audit.recordChange(tx, actor, {
            action: 'create',
            entityType: 'care_assessment',
            entityId: row.id,
            details: {
              enrolleeId,
              kind: input.kind,
              completedOn: input.completedOn,
              satisfied: met ? met.rule : null,
              surveyResponseId: response?.id ?? null,
            },
          });
          return { row, met, response };
        },
      );
      return assessmentView(saved.row, saved.response);
    },

    async listAssessments({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const { rows, holder } = await scoped(
        actor,
        async (db, orgId) => {
          const facts = await visibleFacts(db, orgId, enrolleeId);
          return { rows: await repo.assessmentsOf(db, facts.orgId, enrolleeId), holder: facts.orgId };
        },
        { read: true },
      );
      // The answers are held with the plan's surveys, which a provider on the team does not see: read by id, as
      // the table owner, for the assessments the actor may see (after the scoped read, not inside it).
      const instruments = await instrumentsOfResponses(
        database.system,
        rows.map((r) => r.surveyResponseId).filter((x): x is string => Boolean(x)),
      );
      recordEnrolleeRead(audit, actor, holder, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_assessments',
        details: { phi: true },
      });
      return rows.map((r) => {
        const i = r.surveyResponseId ? instruments.get(r.surveyResponseId) : undefined;
        return assessmentView(r, i ? { id: r.surveyResponseId!, ...i } : null);
      });
    },

    /** Records a major change; it starts the major-change reassessment clock from its day. */
    async recordMajorChange({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: MajorChangeInput;
    }) {
      policy.authorize(actor, 'majorChange.record');
      const today = massachusettsToday();
      if (input.occurredOn > today)
        throw validationFailed([
          { path: 'body.occurredOn', message: `Choose a day on or before ${dayWords(today)}` },
        ]);
      const row = await scoped(actor, async (tx, orgId) => {
        const facts = await visibleFacts(tx, orgId, enrolleeId);
        const row = await repo.insertMajorChange(tx, {
          orgId: facts.orgId,
          enrolleeId,
          occurredOn: input.occurredOn,
          reason: input.reason,
          recordedBy: actor.personId,
        });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'care_major_change',
          entityId: row.id,
          details: { enrolleeId, occurredOn: input.occurredOn },
        });
        return row;
      });
      return majorChangeView(row);
    },

    async listMajorChanges({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const { rows, holder } = await scoped(
        actor,
        async (db, orgId) => {
          const facts = await visibleFacts(db, orgId, enrolleeId);
          return { rows: await repo.majorChangesOf(db, facts.orgId, enrolleeId), holder: facts.orgId };
        },
        { read: true },
      );
      recordEnrolleeRead(audit, actor, holder, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_major_changes',
        details: { phi: true },
      });
      return rows.map(majorChangeView);
    },
  };
}

function assessmentView(
  row: repo.AssessmentRow,
  instrument: { id: string; surveyId: string; version: number; title: string } | null,
) {
  return {
    id: row.id,
    kind: row.kind,
    completedOn: row.completedOn,
    inPerson: row.inPerson,
    majorChangeReason: row.majorChangeReason,
    satisfied:
      row.ruleKind && row.ruleProgram && row.ruleVersion !== null
        ? { kind: row.ruleKind, program: row.ruleProgram, version: row.ruleVersion }
        : null,
    surveyResponseId: row.surveyResponseId,
    instrument: instrument && {
      surveyId: instrument.surveyId,
      version: instrument.version,
      title: instrument.title,
    },
    completedBy: row.completedBy,
    part2: row.part2OrgId !== null,
  };
}

function majorChangeView(row: repo.MajorChangeRow) {
  return { id: row.id, occurredOn: row.occurredOn, reason: row.reason, recordedBy: row.recordedBy };
}
