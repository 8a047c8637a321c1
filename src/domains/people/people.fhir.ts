// People as FHIR R4 Practitioner resources and their roles as PractitionerRole (decision 064): the staff
// who hold or held a role at the caller's organisation, as the people list shows them. A read by id is
// audited as the person read is.

import { massachusettsToday } from '@contract/massachusetts-day.js';
import { ROLE_KINDS, ROLE_LABELS, type RoleKind } from '@contract/roles.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.js';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { type FhirExporter, pagedExporter } from '../../platform/fhir/exporter.js';
import {
  FHIR_PAGING,
  type FhirModule,
  fhirBase,
  fhirPage,
  includeQuery,
  includes,
  isFhirId,
  PAGING_PARAMS,
  pageOfSearch,
  referenceId,
  searchSelf,
  sendFhir,
  unlessNotFound,
} from '../../platform/fhir/fhir.api.js';
import { CONCORD_FHIR, compact, type Json, searchset } from '../../platform/fhir/fhir.js';
import { fhirRead } from '../../platform/fhir/read.js';
import { tokenIn } from '../../platform/fhir/tokens.js';
import { AppError, CommonErrors } from '../../platform/http/errors.js';
import { peoplePolicy } from './people.policy.js';
import type { PeopleService } from './people.service.js';

export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
export const ROLE_SYSTEM = `${CONCORD_FHIR}/CodeSystem/role`;

export interface PractitionerFacts {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  npi: string | null;
  /** Holds a role at the organisation today. */
  active: boolean;
}

export function toPractitioner(p: PractitionerFacts): Json {
  return compact({
    resourceType: 'Practitioner',
    id: p.id,
    identifier: p.npi ? [{ use: 'official', system: NPI_SYSTEM, value: p.npi }] : [],
    active: p.active,
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    telecom: [{ system: 'email', value: p.email, use: 'work' }],
  });
}

export interface RoleFacts {
  id: string;
  orgId: string;
  personId: string;
  role: RoleKind;
  team: string | null;
  startsOn: string;
  endsOn: string | null;
}

export function toPractitionerRole(r: RoleFacts, today: string): Json {
  return compact({
    resourceType: 'PractitionerRole',
    id: r.id,
    active: r.startsOn <= today && (!r.endsOn || r.endsOn >= today),
    period: compact({ start: r.startsOn, end: r.endsOn }),
    practitioner: { reference: `Practitioner/${r.personId}` },
    organization: { reference: `Organization/${r.orgId}` },
    code: [
      {
        coding: [{ system: ROLE_SYSTEM, code: r.role, display: ROLE_LABELS[r.role] }],
        text: r.team ? `${ROLE_LABELS[r.role]} (${r.team})` : ROLE_LABELS[r.role],
      },
    ],
  });
}

/** A role search may include the person whose roles they are. */
const ROLE_INCLUDES = ['PractitionerRole:practitioner'];

const isCurrent = (r: { startsOn: string; endsOn: string | null }, today: string) =>
  r.startsOn <= today && (!r.endsOn || r.endsOn >= today);

export function peopleFhir(service: PeopleService, baseUrl: string): FhirModule {
  const base = fhirBase(baseUrl);
  /** The person with their roles here, or undefined when the caller does not see them. */
  const person = async (request: Parameters<typeof actorOf>[0], id: string) => {
    if (!isFhirId(id)) return undefined;
    return unlessNotFound(() => service.getPerson({ actor: actorOf(request), id }));
  };
  const practitioner = (p: NonNullable<Awaited<ReturnType<typeof person>>>, today: string) =>
    toPractitioner({ ...p, active: p.roles.some((r) => isCurrent(r, today)) });

  const routes: FastifyPluginAsyncZod = async (app) => {
    fhirRead(
      app,
      {
        base,
        type: 'Practitioner',
        summary: 'FHIR R4 Practitioner: someone who holds or held a role at your organisation (audited)',
        what: 'The practitioner',
      },
      async (request, id) => {
        const found = await person(request, id);
        if (!found) throw new AppError(CommonErrors.NOT_FOUND, 'The practitioner was not found.');
        return practitioner(found, massachusettsToday());
      },
    );

    app.get(
      '/Practitioner',
      {
        schema: {
          tags: ['fhir'],
          summary: 'FHIR R4 Practitioner search: the people with a role at your organisation, by name or NPI',
          querystring: z.looseObject({
            _id: z.string().max(64).optional(),
            name: z.string().trim().max(200).optional().describe('Part of the name or e-mail address'),
            identifier: z.string().trim().max(300).optional().describe('The NPI, or system|NPI'),
            role: z
              .string()
              .trim()
              .max(300)
              .optional()
              .describe('A role held (care_coordinator, …), or system|role'),
            ...FHIR_PAGING,
          }),
        },
      },
      async (request, reply) => {
        const { _id, name, identifier, role } = request.query;
        peoplePolicy.authorize(actorOf(request), 'person.list');
        const page = fhirPage(request.query);
        const today = massachusettsToday();
        const self = searchSelf('Practitioner', { _id, name, identifier, role });
        const npi = tokenIn(identifier, NPI_SYSTEM);
        const roleKind = tokenIn(role, ROLE_SYSTEM);
        if (npi === null || roleKind === null || (roleKind && !ROLE_KINDS.includes(roleKind as RoleKind)))
          return sendFhir(reply, 200, searchset(base, self, [], pageOfSearch(page, 0)));
        if (_id !== undefined) {
          // One person by id: the read, audited, then the other parameters applied to it.
          const found = await person(request, _id);
          const matches =
            // As the list finds them: someone holding a role here today.
            found?.roles.some((r) => isCurrent(r, today)) &&
            (!npi || found.npi === npi) &&
            (!roleKind || found.roles.some((r) => r.role === roleKind && isCurrent(r, today)))
              ? [practitioner(found, today)]
              : [];
          const shown = matches.slice(page.offset, page.offset + page.limit);
          return sendFhir(reply, 200, searchset(base, self, shown, pageOfSearch(page, matches.length)));
        }
        // An NPI is looked up exactly (the list's filter matches an NPI only whole).
        const listed = await service.listPeople({
          actor: actorOf(request),
          query: {
            dir: 'asc',
            page: 1,
            pageSize: page.limit,
            includeEnded: false,
            sort: 'familyName',
            ...(npi ? { q: npi } : name ? { q: name } : {}),
            ...(roleKind ? { role: roleKind as RoleKind } : {}),
          },
          page,
        });
        const items = listed.items.filter(
          (p) =>
            (!npi || p.npi === npi) &&
            (!npi ||
              !name ||
              `${p.givenName} ${p.familyName} ${p.email}`.toLowerCase().includes(name.toLowerCase())),
        );
        return sendFhir(
          reply,
          200,
          searchset(
            base,
            self,
            items.map((p) => toPractitioner({ ...p, active: true })),
            pageOfSearch(page, npi ? items.length : listed.total),
          ),
        );
      },
    );

    app.get(
      '/PractitionerRole',
      {
        schema: {
          tags: ['fhir'],
          summary:
            'FHIR R4 PractitionerRole search: the roles a person holds or held at your organisation (audited)',
          querystring: z.looseObject({
            practitioner: z.string().max(200).optional().describe('Practitioner/ID or ID (required)'),
            _include: includeQuery('PractitionerRole:practitioner, to include the person'),
          }),
        },
      },
      async (request, reply) => {
        const id = referenceId(request.query.practitioner, 'practitioner', 'Practitioner');
        // Who may list the staff may search their roles; a person they cannot see has none to show.
        peoplePolicy.authorize(actorOf(request), 'person.list');
        const found = await person(request, id);
        const today = massachusettsToday();
        const roles = (found?.roles ?? []).map((r) => toPractitionerRole({ ...r, personId: id }, today));
        const including = includes(request.query._include, ROLE_INCLUDES) && found && roles.length;
        return sendFhir(
          reply,
          200,
          searchset(
            base,
            `/PractitionerRole?practitioner=Practitioner/${encodeURIComponent(id)}`,
            roles,
            undefined,
            including ? [practitioner(found, today)] : [],
          ),
        );
      },
    );
  };

  return {
    resources: [
      {
        type: 'Practitioner',
        documentation: 'The people who hold or held a role at your organisation, with their NPI',
        read: true,
        search: [
          { name: '_id', type: 'token', documentation: 'The person’s id' },
          { name: 'name', type: 'string', documentation: 'Part of the name or e-mail address' },
          { name: 'identifier', type: 'token', documentation: `The NPI (${NPI_SYSTEM})` },
          { name: 'role', type: 'token', documentation: `A role held today (${ROLE_SYSTEM})` },
          ...PAGING_PARAMS,
        ],
      },
      {
        type: 'PractitionerRole',
        documentation: 'Each role a person holds or held at your organisation, with its dates and team',
        read: false,
        search: [
          { name: 'practitioner', type: 'reference', documentation: 'Practitioner/ID or ID (required)' },
        ],
        include: ROLE_INCLUDES,
      },
    ],
    routes,
  };
}

/**
 * Everyone holding a role at the actor's organisation, and each role they hold or held there, for a
 * system-level bulk export (decision 066): the people list, then each person read (audited) for their roles.
 */
export function peopleExporters(service: PeopleService): FhirExporter[] {
  const readableBy = (actor: Actor) => peoplePolicy.can(actor, 'person.list');
  const listed = async (actor: Actor, page: { offset: number; limit: number }) =>
    (
      await service.listPeople({
        actor,
        query: { dir: 'asc', page: 1, pageSize: page.limit, includeEnded: false, sort: 'familyName' },
        page,
      })
    ).items;
  return [
    pagedExporter('Practitioner', readableBy, listed, (_actor, items) =>
      items.map((p) => toPractitioner({ ...p, active: true })),
    ),
    pagedExporter('PractitionerRole', readableBy, listed, async (actor, items) => {
      const today = massachusettsToday();
      const roles: Json[] = [];
      for (const p of items) {
        const found = await unlessNotFound(() => service.getPerson({ actor, id: p.id }));
        for (const r of found?.roles ?? []) roles.push(toPractitionerRole({ ...r, personId: p.id }, today));
      }
      return roles;
    }),
  ];
}
