// FHIR R4 reads of one enrollee: Patient, CareTeam and the assessments' QuestionnaireResponses. The same
// session, tenancy, row-level security and PHI read audit as the enrollee read (decision 053).
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { isUuid } from '../../platform/audit/audit.chain.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import { notFound } from '../../platform/http/errors.js';
import { instrumentResponses, toQuestionnaireResponse } from '../surveys/index.js';
import { carePolicy as policy } from './care.policy.js';
import * as repo from './care.repository.js';
import { recordEnrolleeRead } from './care-audit.js';
import { lastChanged, toCareTeam, toPatient } from './fhir.js';
import { answeredAssessmentsOf } from './fhir.repository.js';
import { labelled } from './part2/redisclosure.js';

export function createCareFhir({ database, audit }: { database: Database; audit: AuditTrail }) {
  /** The enrollee with what `with` reads, if the actor's organisation may see it today; else undefined. */
  async function visible<T>(
    actor: Actor,
    id: string,
    with_: (db: Parameters<Parameters<typeof withReadScope>[2]>[0], e: repo.Enrollee) => Promise<T>,
  ) {
    if (!isUuid(id)) return undefined;
    const today = massachusettsToday();
    return withReadScope(database, scopeOf(actor), async (db) => {
      const enrollee = await repo.findEnrollee(db, activeOrgOf(actor), id, today);
      return enrollee && { enrollee, today, more: await with_(db, enrollee) };
    });
  }

  const read = (actor: Actor, holderOrgId: string, id: string, what: string) =>
    recordEnrolleeRead(audit, actor, holderOrgId, {
      entityType: 'care_enrollee',
      entityId: id,
      action: `fhir_${what}`,
      details: { phi: true },
    });

  return {
    /** `GET Patient/:id`: not found unless the organisation holds the enrollee or is on their team today. */
    async patient({ actor, id }: { actor: Actor; id: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The patient');
      const found = await visible(actor, id, (db, e) => repo.enrollmentsOf(db, e.orgId, e.id));
      if (!found) throw notFound('The patient');
      read(actor, found.enrollee.orgId, id, 'patient');
      const { enrollee, today } = found;
      const names = await repo.namesOf(database.system, [], [enrollee.orgId]);
      return toPatient({
        ...enrollee,
        orgName: names.org.get(enrollee.orgId) ?? '',
        active: found.more.some((m) => m.effectiveOn <= today && (!m.endsOn || m.endsOn >= today)),
      });
    },

    /**
     * `CareTeam?patient=`: the enrollee's integrated care team, or no match when the organisation may not see
     * the enrollee (a search never says whether someone it cannot see exists).
     */
    async careTeams({ actor, patientId }: { actor: Actor; patientId: string }) {
      policy.authorize(actor, 'enrollee.list');
      const found = await visible(actor, patientId, (db, e) => repo.teamOf(db, e.orgId, e.id));
      if (!found) return [];
      read(actor, found.enrollee.orgId, patientId, 'care_team');
      const team = found.more;
      const names = await repo.namesOf(
        database.system,
        [...new Set(team.map((m) => m.personId))],
        [...new Set(team.map((m) => m.memberOrgId))],
      );
      return [
        toCareTeam({
          enrolleeId: patientId,
          today: found.today,
          lastUpdated: lastChanged(team),
          members: team.map((m) => ({
            ...m,
            name: names.person.get(m.personId) ?? '',
            memberOrgName: names.org.get(m.memberOrgId) ?? '',
          })),
        }),
      ];
    },

    /**
     * `QuestionnaireResponse?subject=Patient/:id`: the answers of each of the enrollee's assessments. The
     * assessments are read under the organisation's scope (row-level security decides); their answers, kept
     * with the plan's surveys, are then read by id as the table owner, since a team member at a provider
     * cannot see the plan's surveys and needs only these answers.
     */
    async questionnaireResponses({ actor, patientId }: { actor: Actor; patientId: string }) {
      policy.authorize(actor, 'enrollee.list');
      const found = await visible(actor, patientId, (db, e) => answeredAssessmentsOf(db, e.orgId, e.id));
      if (!found) return [];
      read(actor, found.enrollee.orgId, patientId, 'questionnaire_responses');
      const assessments = found.more;
      const [responses, names] = await Promise.all([
        instrumentResponses(
          database.system,
          found.enrollee.orgId,
          assessments.map((a) => a.surveyResponseId!),
        ),
        repo.namesOf(
          database.system,
          [...new Set(assessments.flatMap((a) => (a.completedBy ? [a.completedBy] : [])))],
          [],
        ),
      ]);
      const byId = new Map(responses.map((r) => [r.id, r]));
      return assessments.flatMap((a) => {
        const r = byId.get(a.surveyResponseId!);
        if (!r) return [];
        const resource = toQuestionnaireResponse(
          { code: r.code, version: r.version, definition: r.definition },
          { answers: r.answers, submittedOn: a.completedOn },
          a.id,
        );
        const author = a.completedBy ? names.person.get(a.completedBy) : undefined;
        return [
          {
            ...resource,
            // When it was recorded (answers are not changed after), and under 42 CFR Part 2 its labels.
            meta: labelled({ lastUpdated: a.recordedAt.toISOString() }, a.part2),
            subject: { reference: `Patient/${patientId}` },
            ...(author ? { author: { display: author } } : {}),
          },
        ];
      });
    },
  };
}

export type CareFhir = ReturnType<typeof createCareFhir>;
