// The care domain's part of the FHIR bulk export (decision 066): Patient and CareTeam read a batch of
// enrollees at a time in one query each; the other records of the Patient compartment are read enrollee by
// enrollee through the same services as the searches, so their policies, Part 2 filtering and audit hold.
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import { changedSince, type ExportScope, type FhirExporter } from '../../platform/fhir/exporter.js';
import { unlessNotFound } from '../../platform/fhir/fhir.api.js';
import type { Json } from '../../platform/fhir/fhir.js';
import { carePolicy } from './care.policy.js';
import { namesOf } from './care.repository.js';
import { lastChanged, toCareTeam, toPatient } from './fhir.js';
import { enrolledOf, enrolleesAfter, teamsOf } from './fhir-export.repository.js';
import { programOfGroup } from './fhir-groups.routes.js';
import type { CareRecords, RecordsOf } from './fhir-records.js';

const BATCH = 1000;

export function careExporters(database: Database, records: CareRecords): FhirExporter[] {
  const readableBy = (actor: Actor) => carePolicy.can(actor, 'enrollee.list');
  /** The enrollees the actor sees (a Group's members at Group level), a batch at a time in id order. */
  async function* enrollees(scope: ExportScope, since: Date | null) {
    const { actor } = scope;
    carePolicy.authorize(actor, 'enrollee.list');
    const orgId = activeOrgOf(actor);
    const today = massachusettsToday();
    const program = (scope.group && programOfGroup(scope.group)) || null;
    for (const held of [true, false]) {
      let after: string | null = null;
      for (;;) {
        const rows = await withReadScope(database, scopeOf(actor), (db) =>
          enrolleesAfter(db, orgId, today, { held, after, since, program, limit: BATCH }),
        );
        if (rows.length) yield { rows, today };
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1]!.id;
      }
    }
  }

  const patients: FhirExporter = {
    type: 'Patient',
    patientCompartment: true,
    readableBy,
    async *batches(scope) {
      for await (const { rows, today } of enrollees(scope, scope.since)) {
        const [names, enrolled] = await Promise.all([
          namesOf(database.system, [], [...new Set(rows.map((e) => e.orgId))]),
          withReadScope(database, scopeOf(scope.actor), (db) => enrolledOf(db, rows, today)),
        ]);
        yield rows.map((e) =>
          toPatient({ ...e, orgName: names.org.get(e.orgId) ?? '', active: enrolled.has(e.id) }),
        );
      }
    },
  };

  const careTeams: FhirExporter = {
    type: 'CareTeam',
    patientCompartment: true,
    readableBy,
    async *batches(scope) {
      for await (const { rows, today } of enrollees(scope, null)) {
        const members = await withReadScope(database, scopeOf(scope.actor), (db) => teamsOf(db, rows));
        const byEnrollee = new Map<string, typeof members>(rows.map((e) => [e.id, []]));
        for (const m of members) {
          byEnrollee.get(m.enrolleeId)?.push(m);
        }
        const since = scope.since;
        // Every enrollee has a team, as the search answers, an empty one `proposed`; one that never changed
        // is not given when `_since` asks what changed.
        const teams = [...byEnrollee].filter(
          ([, team]) => !since || (team.length && lastChanged(team)! > since),
        );
        const names = await namesOf(
          database.system,
          [...new Set(teams.flatMap(([, t]) => t.map((m) => m.personId)))],
          [...new Set(teams.flatMap(([, t]) => t.map((m) => m.memberOrgId)))],
        );
        yield teams.map(([enrolleeId, team]) =>
          toCareTeam({
            enrolleeId,
            today,
            lastUpdated: lastChanged(team),
            members: team.map((m) => ({
              ...m,
              name: names.person.get(m.personId) ?? '',
              memberOrgName: names.org.get(m.memberOrgId) ?? '',
            })),
          }),
        );
      }
    },
  };

  /** A type read enrollee by enrollee, as its search reads it (audited there). */
  const eachEnrollee = (type: string, list: RecordsOf): FhirExporter => ({
    type,
    patientCompartment: true,
    readableBy,
    async *batches(scope) {
      for await (const { rows } of enrollees(scope, null)) {
        const found: Json[] = [];
        for (const enrollee of rows)
          for (const r of (await unlessNotFound(() => list(scope.actor, enrollee.id))) ?? [])
            if (changedSince(r, scope.since)) found.push(r);
        yield found;
      }
    },
  });

  return [
    patients,
    careTeams,
    eachEnrollee('CarePlan', records.CarePlan),
    eachEnrollee('DocumentReference', records.DocumentReference),
    eachEnrollee('Task', records.Task),
    eachEnrollee('ServiceRequest', records.ServiceRequest),
    eachEnrollee('Consent', records.Consent),
    eachEnrollee('QuestionnaireResponse', records.QuestionnaireResponse),
  ];
}
