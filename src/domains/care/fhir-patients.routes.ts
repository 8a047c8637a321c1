// FHIR R4 Patient read and search (decisions 053, 064): the enrollees the caller's organisation holds or is
// on the care team of, found by MassHealth ID, MBI or name as the enrollee list finds them. Each Patient a
// search returns is read as the Patient read is, so each is audited as a read of that enrollee.
import { normaliseMasshealthId, normaliseMbi } from '@contract/care/identifiers.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import {
  FHIR_PAGING,
  type FhirResourceKind,
  fhirPage,
  isFhirId,
  PAGING_PARAMS,
  pageOfSearch,
  searchSelf,
  sendFhir,
  unlessNotFound,
} from '../../platform/fhir/fhir.api.js';
import { type Json, searchset } from '../../platform/fhir/fhir.js';
import {
  LAST_UPDATED,
  LAST_UPDATED_PARAM,
  lastUpdatedSpan,
  updatedWithin,
} from '../../platform/fhir/last-updated.js';
import { fhirRead } from '../../platform/fhir/read.js';
import { tokenIn } from '../../platform/fhir/tokens.js';
import { carePolicy } from './care.policy.js';
import type { CareService } from './care.service.js';
import { MASSHEALTH_ID_SYSTEM, MBI_SYSTEM, US_CORE_PATIENT } from './fhir.js';
import type { CareFhir } from './fhir.service.js';

export const PATIENT_KIND: FhirResourceKind = {
  type: 'Patient',
  documentation: 'An enrollee the organisation holds or is on the care team of, with MassHealth ID and MBI',
  profile: US_CORE_PATIENT,
  read: true,
  search: [
    { name: '_id', type: 'token', documentation: 'The enrollee’s id' },
    {
      name: 'identifier',
      type: 'token',
      documentation: `The MassHealth ID (${MASSHEALTH_ID_SYSTEM}) or the MBI (${MBI_SYSTEM}), with or without its system`,
    },
    { name: 'name', type: 'string', documentation: 'Words of the given or family name, in either order' },
    LAST_UPDATED_PARAM,
    ...PAGING_PARAMS,
  ],
};

/** What an identifier token asks for: a MassHealth ID, an MBI, either, or something that matches nobody. */
function identifierOf(value: string | undefined) {
  if (value === undefined) return undefined;
  const masshealthId = tokenIn(value, MASSHEALTH_ID_SYSTEM);
  const mbi = tokenIn(value, MBI_SYSTEM);
  if (masshealthId)
    return { masshealthId: normaliseMasshealthId(masshealthId), mbi: mbi && normaliseMbi(mbi) };
  if (mbi) return { masshealthId: null, mbi: normaliseMbi(mbi) };
  return null;
}

/** The identifiers and name a Patient resource carries, to match search parameters against. */
function factsOf(patient: Json) {
  const ids = (patient.identifier ?? []) as { system: string; value: string }[];
  const [name] = (patient.name ?? []) as { family: string; given: string[] }[];
  return {
    masshealthId: ids.find((i) => i.system === MASSHEALTH_ID_SYSTEM)?.value ?? '',
    mbi: ids.find((i) => i.system === MBI_SYSTEM)?.value ?? null,
    givenName: name?.given.join(' ') ?? '',
    familyName: name?.family ?? '',
  };
}

export function patientRoutes(service: CareFhir, care: CareService, base: string): FastifyPluginAsyncZod {
  /** The Patient, or undefined when the caller may not read it. */
  const patientOf = (request: Parameters<typeof actorOf>[0], id: string) =>
    unlessNotFound(() => service.patient({ actor: actorOf(request), id }));
  return async (app) => {
    fhirRead(
      app,
      {
        base,
        type: 'Patient',
        summary: 'FHIR R4 Patient: one enrollee, with MassHealth ID and MBI as identifiers (audited as PHI)',
        what: 'The patient',
      },
      (request, id) => service.patient({ actor: actorOf(request), id }),
    );

    app.get(
      '/Patient',
      {
        schema: {
          tags: ['fhir'],
          summary:
            'FHIR R4 Patient search: enrollees you see, by MassHealth ID, MBI or name (each match audited as PHI)',
          querystring: z.looseObject({
            _id: z.string().max(64).optional(),
            identifier: z
              .string()
              .trim()
              .max(300)
              .optional()
              .describe('MassHealth ID or MBI, or system|value'),
            name: z.string().trim().max(200).optional(),
            _lastUpdated: LAST_UPDATED,
            ...FHIR_PAGING,
          }),
        },
      },
      async (request, reply) => {
        const { _id, identifier, name, _lastUpdated } = request.query;
        const updated = lastUpdatedSpan(_lastUpdated);
        const actor = actorOf(request);
        // Whoever may list enrollees may search them, whatever the parameters.
        carePolicy.authorize(actor, 'enrollee.list');
        const page = fhirPage(request.query);
        const self = searchSelf('Patient', { _id, identifier, name, _lastUpdated });
        const wanted = identifierOf(identifier);
        const answer = (found: Json[], total: number) =>
          sendFhir(reply, 200, searchset(base, self, found, pageOfSearch(page, total)));
        if (wanted === null || (_id !== undefined && !isFhirId(_id))) return answer([], 0);
        const words = (name ?? '')
          .toLowerCase()
          .split(/[\s,]+/)
          .filter(Boolean);
        const named = (e: { givenName: string; familyName: string }) =>
          words.every((w) => `${e.givenName} ${e.familyName}`.toLowerCase().includes(w));
        const identified = (e: { masshealthId: string; mbi: string | null }) =>
          !wanted || e.masshealthId === wanted.masshealthId || (wanted.mbi !== null && e.mbi === wanted.mbi);
        if (_id) {
          // One enrollee by id: the read (audited), kept if the other parameters match it too.
          const found = await patientOf(request, _id);
          const facts = found && factsOf(found);
          const kept =
            facts && identified(facts) && named(facts) && updatedWithin(found, updated) ? [found] : [];
          return answer(page.offset === 0 && page.limit > 0 ? kept : [], kept.length);
        }
        // The enrollee list decides who is seen and who matches: an identifier exactly, a name by its words.
        const q = wanted ? (wanted.masshealthId ?? wanted.mbi ?? undefined) : name;
        const listed = await care.listEnrollees({
          actor,
          query: { dir: 'asc', sort: 'familyName', page: 1, pageSize: page.limit, ...(q ? { q } : {}) },
          page: wanted ? { offset: 0, limit: 500 } : page,
          updated,
        });
        const matching = wanted ? listed.items.filter((e) => identified(e) && named(e)) : listed.items;
        const shown = wanted ? matching.slice(page.offset, page.offset + page.limit) : matching;
        const patients = await Promise.all(shown.map((e) => patientOf(request, e.id)));
        return answer(
          patients.filter((p): p is Json => Boolean(p)),
          wanted ? matching.length : listed.total,
        );
      },
    );
  };
}
