// Organisations as FHIR R4 Organization resources (decision 064): read by id and searched by name, code
// (identifier) and kind (type), as the caller's organisation sees them through row-level security.
import {
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
} from '@contract/organisations/organisations.schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { type FhirExporter, pagedExporter } from '../../platform/fhir/exporter.js';
import {
  FHIR_PAGING,
  type FhirModule,
  fhirBase,
  fhirPage,
  isFhirId,
  PAGING_PARAMS,
  pageOfSearch,
  searchSelf,
  sendFhir,
} from '../../platform/fhir/fhir.api.js';
import { CONCORD_FHIR, compact, type Json, searchset } from '../../platform/fhir/fhir.js';
import { fhirRead } from '../../platform/fhir/read.js';
import { tokenIn } from '../../platform/fhir/tokens.js';
import { organisationPolicy } from './organisations.policy.js';
import type { OrganisationsService } from './organisations.service.js';

type Kind = (typeof ORGANISATION_KINDS)[number];

/** The organisation's Concord code: unique, chosen by whoever adds it. */
export const ORGANISATION_CODE_SYSTEM = `${CONCORD_FHIR}/sid/organisation-code`;
export const ORGANISATION_KIND_SYSTEM = `${CONCORD_FHIR}/CodeSystem/organisation-kind`;
const HL7_ORG_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';
/** The nearest HL7 organisation type to each kind, beside Concord's own code. */
const HL7_TYPE: Record<Kind, [string, string]> = {
  plan: ['pay', 'Payer'],
  aco: ['pay', 'Payer'],
  mco: ['pay', 'Payer'],
  cp_bh: ['cg', 'Community Group'],
  cp_ltss: ['cg', 'Community Group'],
  provider: ['prov', 'Healthcare Provider'],
  training_vendor: ['bus', 'Non-Healthcare Business or Corporation'],
  state_agency: ['govt', 'Government'],
};

export interface OrganisationFacts {
  id: string;
  kind: Kind;
  code: string;
  name: string;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string;
  postalCode: string | null;
  phone: string | null;
  updatedAt: Date;
}

export function toOrganization(o: OrganisationFacts): Json {
  const [hl7, hl7Display] = HL7_TYPE[o.kind];
  const line = [o.addressLine1, o.addressLine2].filter((l): l is string => Boolean(l?.trim()));
  return compact({
    resourceType: 'Organization',
    id: o.id,
    meta: { lastUpdated: o.updatedAt.toISOString() },
    identifier: [{ use: 'usual', system: ORGANISATION_CODE_SYSTEM, value: o.code }],
    active: true,
    type: [
      {
        coding: [
          { system: HL7_ORG_TYPE, code: hl7, display: hl7Display },
          { system: ORGANISATION_KIND_SYSTEM, code: o.kind, display: ORGANISATION_KIND_LABELS[o.kind] },
        ],
        text: ORGANISATION_KIND_LABELS[o.kind],
      },
    ],
    name: o.name,
    telecom: o.phone?.trim() ? [{ system: 'phone', value: o.phone, use: 'work' }] : [],
    address:
      line.length || o.city || o.postalCode
        ? [
            compact({
              use: 'work',
              line,
              city: o.city,
              state: o.state,
              postalCode: o.postalCode,
              country: 'US',
            }),
          ]
        : [],
  });
}

export function organisationsFhir(service: OrganisationsService, baseUrl: string): FhirModule {
  const base = fhirBase(baseUrl);
  const routes: FastifyPluginAsyncZod = async (app) => {
    fhirRead(
      app,
      {
        base,
        type: 'Organization',
        summary: 'FHIR R4 Organization: one organisation your organisation sees',
        what: 'The organisation',
      },
      async (request, id) => toOrganization(await service.getOrganisation({ actor: actorOf(request), id })),
    );

    app.get(
      '/Organization',
      {
        schema: {
          tags: ['fhir'],
          summary: 'FHIR R4 Organization search: by name, code or kind, among the organisations you see',
          querystring: z.looseObject({
            _id: z.string().max(64).optional(),
            name: z.string().trim().max(200).optional().describe('Part of the name or code'),
            identifier: z.string().trim().max(300).optional().describe('The code, or system|code'),
            type: z
              .string()
              .trim()
              .max(300)
              .optional()
              .describe('The kind (aco, cp_ltss, …), or system|kind'),
            ...FHIR_PAGING,
          }),
        },
      },
      async (request, reply) => {
        const { _id, name, identifier, type } = request.query;
        const page = fhirPage(request.query);
        const code = tokenIn(identifier, ORGANISATION_CODE_SYSTEM);
        const kind = tokenIn(type, ORGANISATION_KIND_SYSTEM);
        const self = searchSelf('Organization', { _id, name, identifier, type });
        const none =
          (_id !== undefined && !isFhirId(_id)) ||
          code === null ||
          kind === null ||
          (kind !== undefined && !ORGANISATION_KINDS.includes(kind as Kind));
        const found = none
          ? { items: [], total: 0 }
          : await service.listOrganisations({
              actor: actorOf(request),
              query: {
                sort: 'name',
                dir: 'asc',
                ...(name ? { q: name } : {}),
                ...(_id ? { id: _id } : {}),
                ...(code ? { code } : {}),
                ...(kind ? { kind: kind as Kind } : {}),
              },
              page,
            });
        return sendFhir(
          reply,
          200,
          searchset(base, self, found.items.map(toOrganization), pageOfSearch(page, found.total)),
        );
      },
    );
  };
  return {
    resources: [
      {
        type: 'Organization',
        documentation:
          'Plans, ACOs, MCOs, Community Partners, providers, training vendors and state agencies',
        read: true,
        search: [
          { name: '_id', type: 'token', documentation: 'The organisation’s id' },
          { name: 'name', type: 'string', documentation: 'Part of the name or code, in any case' },
          {
            name: 'identifier',
            type: 'token',
            documentation: `The Concord code (${ORGANISATION_CODE_SYSTEM})`,
          },
          { name: 'type', type: 'token', documentation: `The kind (${ORGANISATION_KIND_SYSTEM})` },
          ...PAGING_PARAMS,
        ],
      },
    ],
    routes,
  };
}

/** Every organisation the actor sees, for a system-level bulk export (decision 066). */
export const organisationExporters = (service: OrganisationsService): FhirExporter[] => [
  pagedExporter(
    'Organization',
    (actor) => organisationPolicy.can(actor, 'organisation.read'),
    async (actor, page) =>
      (await service.listOrganisations({ actor, query: { sort: 'name', dir: 'asc' }, page })).items,
    (_actor, items) => items.map(toOrganization),
  ),
];
