// The integrated care team's training status: for each member, the holding plan's compliance statuses for
// them (read through the compliance domain's index, decision 040) as of the day they joined and today.

import type {
  TeamTrainingView,
  TrainingOnDay,
  TrainingStanding,
} from '@contract/care/team-training.schemas.js';
import type { StatusRow } from '@contract/compliance/compliance.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import { notFound } from '../../platform/http/errors.js';
import type { ComplianceService } from '../compliance/index.js';
import { carePolicy as policy } from './care.policy.js';
import * as repo from './care.repository.js';
import { recordEnrolleeRead } from './care-audit.js';

/** Most urgent first: the standing of a member is the first of these any of their statuses has. */
const URGENCY: TrainingStanding[] = ['overdue', 'expired', 'pending', 'due_soon', 'exempt', 'compliant'];
const MET = new Set<TrainingStanding>(['compliant', 'exempt', 'none_required']);

function onDay(asOf: string, rows: readonly StatusRow[]): TrainingOnDay {
  const statuses = new Set(rows.map((r) => r.status));
  return {
    asOf,
    standing: URGENCY.find((s) => statuses.has(s as StatusRow['status'])) ?? 'none_required',
    requirements: rows.map((r) => ({
      requirementId: r.requirementId,
      code: r.requirementCode,
      title: r.requirementTitle,
      status: r.status,
      dueOn: r.dueOn,
      satisfiedBy: r.satisfiedBy,
      explanation: r.explanation,
    })),
  };
}

export function createTeamTraining(deps: {
  database: Database;
  audit: AuditTrail;
  compliance: Pick<ComplianceService, 'statusesAt'>;
}) {
  const { database, audit, compliance } = deps;
  return {
    /**
     * The enrollee's care team with each member's training status on joining and today. The plan holding the
     * record sees every member; an organisation on the team sees its own people only.
     */
    async teamTraining({
      actor,
      enrolleeId,
    }: {
      actor: Actor;
      enrolleeId: string;
    }): Promise<TeamTrainingView> {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const today = massachusettsToday();
      const orgId = activeOrgOf(actor);
      const found = await withReadScope(database, scopeOf(actor), async (db) => {
        const enrollee = await repo.findEnrollee(db, orgId, enrolleeId, today);
        return enrollee && { enrollee, team: await repo.teamOf(db, enrollee.orgId, enrolleeId) };
      });
      if (!found) throw notFound('The enrollee');
      const planId = found.enrollee.orgId;
      const team = planId === orgId ? found.team : found.team.filter((m) => m.memberOrgId === orgId);
      recordEnrolleeRead(audit, actor, planId, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_team_training',
        details: { phi: true },
      });
      // The plan's requirements decide what each member owes; one computation per day asked about, for the
      // members that day concerns (PGlite has one connection: one after another).
      const personIds = [...new Set(team.map((m) => m.personId))];
      const days = new Map<string, string[]>([[today, personIds]]);
      for (const m of team) days.set(m.startsOn, [...(days.get(m.startsOn) ?? []), m.personId]);
      const statuses = new Map<string, StatusRow[]>();
      for (const [day, ids] of days) {
        if (!ids.length) continue;
        const rows = await compliance.statusesAt({
          orgId: planId,
          asOf: day,
          filter: { personIds: [...new Set(ids)] },
          basis: 'corrected',
        });
        for (const r of rows) {
          const key = `${day}|${r.personId}`;
          statuses.set(key, [...(statuses.get(key) ?? []), r]);
        }
      }
      const names = await repo.namesOf(database.system, personIds, [
        ...new Set(team.map((m) => m.memberOrgId)),
      ]);
      const members = team.map((m) => ({
        id: m.id,
        personId: m.personId,
        name: names.person.get(m.personId) ?? '',
        role: m.role,
        singlePointOfContact: m.singlePointOfContact,
        memberOrgId: m.memberOrgId,
        memberOrgName: names.org.get(m.memberOrgId) ?? '',
        startsOn: m.startsOn,
        endsOn: m.endsOn,
        onJoining: onDay(m.startsOn, statuses.get(`${m.startsOn}|${m.personId}`) ?? []),
        now: onDay(today, statuses.get(`${today}|${m.personId}`) ?? []),
      }));
      const current = members.filter((m) => m.startsOn <= today && (!m.endsOn || m.endsOn >= today));
      return {
        enrolleeId,
        today,
        members,
        allTrainedNow: current.every((m) => MET.has(m.now.standing)),
      };
    },
  };
}

export type TeamTraining = ReturnType<typeof createTeamTraining>;
