// FHIR R4 Group (decision 066): one per care program, whose members are the enrollees the organisation sees
// enrolled in it today; what a Group-level bulk export exports. Read and listed with their size alone
// (no member list, which for a program would be every enrollee); counts are not audited as PHI reads.
import { CARE_PROGRAM_LABELS, CARE_PROGRAMS, type CareProgram } from '@contract/care/care.labels.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import { actorOf } from '../../platform/auth/auth.hook.js';
import type { Database } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import { type FhirResourceKind, sendFhir } from '../../platform/fhir/fhir.api.js';
import { CONCORD_FHIR, type Json, searchset } from '../../platform/fhir/fhir.js';
import { fhirRead } from '../../platform/fhir/read.js';
import { AppError, CommonErrors } from '../../platform/http/errors.js';
import { carePolicy } from './care.policy.js';
import { enrolledCount } from './fhir-export.repository.js';

const PROGRAM_SYSTEM = `${CONCORD_FHIR}/CodeSystem/care-program`;

export const GROUP_KIND: FhirResourceKind = {
  type: 'Group',
  documentation:
    'A care program’s enrollees the organisation sees today (id: one-care, aco, mco or cp), for a Group-level $export',
  read: true,
  search: [],
};

/** The program a Group's id names (`one-care` is One Care), or undefined. */
export const programOfGroup = (id: string): CareProgram | undefined =>
  CARE_PROGRAMS.find((p) => p.replace('_', '-') === id);

export function careGroups(database: Database) {
  async function group(actor: Actor, program: CareProgram): Promise<Json> {
    const quantity = await withReadScope(database, scopeOf(actor), (db) =>
      enrolledCount(db, activeOrgOf(actor), massachusettsToday(), program),
    );
    return {
      resourceType: 'Group',
      id: program.replace('_', '-'),
      type: 'person',
      actual: true,
      code: { coding: [{ system: PROGRAM_SYSTEM, code: program, display: CARE_PROGRAM_LABELS[program] }] },
      name: `${CARE_PROGRAM_LABELS[program]} enrollees`,
      quantity,
    };
  }
  return {
    /** The Group, or not found when the id names no program or the actor may not list enrollees. */
    async read(actor: Actor, id: string) {
      const program = programOfGroup(id);
      if (!program || !carePolicy.can(actor, 'enrollee.list'))
        throw new AppError(CommonErrors.NOT_FOUND, 'The group was not found.');
      return group(actor, program);
    },
    async list(actor: Actor) {
      carePolicy.authorize(actor, 'enrollee.list');
      return Promise.all(CARE_PROGRAMS.map((p) => group(actor, p)));
    },
    async exists(actor: Actor, id: string) {
      return Boolean(programOfGroup(id)) && carePolicy.can(actor, 'enrollee.list');
    },
  };
}

export type CareGroups = ReturnType<typeof careGroups>;

export function groupRoutes(groups: CareGroups, base: string): FastifyPluginAsyncZod {
  return async (app) => {
    fhirRead(
      app,
      {
        base,
        type: 'Group',
        summary: 'FHIR R4 Group: a care program’s enrollees you see today, by number',
        what: 'The group',
        isId: (id) => Boolean(programOfGroup(id)),
      },
      (request, id) => groups.read(actorOf(request), id),
    );
    app.get(
      '/Group',
      {
        schema: { tags: ['fhir'], summary: 'FHIR R4 Group search: every care program’s Group' },
      },
      async (request, reply) =>
        sendFhir(reply, 200, searchset(base, '/Group', await groups.list(actorOf(request)))),
    );
  };
}
