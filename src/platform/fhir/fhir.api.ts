// The FHIR R4 API under /fhir/R4 (decision 064): one encapsulated plugin whose error and not-found handlers
// answer every failure as an OperationOutcome, a CapabilityStatement written from what the domains register,
// and each domain's resources registered inside it. A domain describes each resource type it serves (read,
// search and its parameters) beside the routes that serve it, so the statement never says more or less.

import type { FastifyError, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopesAllow } from '../auth/smart-scopes.js';
import {
  AppError,
  CommonErrors,
  errorDefinition,
  retryAfterHeader,
  validationFailed,
} from '../http/errors.js';
import { toErrorBody } from '../http/server.js';
import type { FhirExport } from './bulk-export.js';
import { bulkExportRoutes } from './bulk-export.routes.js';
import { FHIR_BASE_PATH, FHIR_JSON, type Json, operationOutcome, type SearchPage } from './fhir.js';

export interface FhirSearchParam {
  name: string;
  type: 'token' | 'reference' | 'string' | 'date' | 'number';
  documentation: string;
}

/** One resource type a domain serves: what it is, whether it is read by id, and how it is searched. */
export interface FhirResourceKind {
  type: string;
  documentation: string;
  profile?: string;
  read: boolean;
  /** The search parameters it answers; absent when the type is not searched. */
  search?: FhirSearchParam[];
  /** What its searches may `_include` (`CareTeam:patient`): the resources its matches refer to. */
  include?: string[];
}

/** The `_include` parameter in a route's query schema: once, or repeated; `what` says what it adds. */
export const includeQuery = (what: string) =>
  z
    .union([z.string().max(100), z.array(z.string().max(100)).max(2)])
    .optional()
    .describe(what);

/**
 * Whether a search asks to `_include` what it may (`allowed`); anything else is refused, naming `_include`.
 */
export function includes(asked: string | string[] | undefined, allowed: readonly string[]) {
  const values = [asked ?? []].flat();
  const unknown = values.filter((v) => !allowed.includes(v));
  if (unknown.length)
    throw validationFailed(
      [
        {
          path: '_include',
          message: `${unknown.join(', ')} cannot be included here; ${allowed.length ? `ask for ${allowed.join(' or ')}` : 'nothing can'}`,
        },
      ],
      'The search asks to include what it cannot.',
    );
  return values.length > 0;
}

/** A domain's part of the API: its resource types and the plugin with their routes (paths relative to the base). */
export interface FhirModule {
  resources: FhirResourceKind[];
  routes: FastifyPluginAsyncZod;
}

export const sendFhir = (reply: FastifyReply, status: number, resource: unknown) =>
  reply.code(status).type(FHIR_JSON).send(resource);

/** The API's base URL, as full URLs and links in Bundles carry it. */
export const fhirBase = (baseUrl: string) => `${baseUrl.replace(/\/$/, '')}${FHIR_BASE_PATH}`;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether an id is one Concord makes (a UUID): anything else names nothing and is simply not found. */
export const isFhirId = (id: string) => ID.test(id);

/** What a lookup found, or undefined when it was not found (a search matches nothing rather than failing). */
export async function unlessNotFound<T>(lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (err) {
    if (err instanceof AppError && err.code === CommonErrors.NOT_FOUND) return undefined;
    throw err;
  }
}

/** `_count` and `_offset`, as every paged search takes them. */
export const FHIR_PAGING = {
  _count: z.coerce
    .number()
    .int()
    .min(0)
    .max(500)
    .optional()
    .describe('Matches per page (default 50, at most 500)'),
  _offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('Matches to skip, as the paging links give'),
};
export const PAGING_PARAMS: FhirSearchParam[] = [
  { name: '_count', type: 'number', documentation: 'Matches per page: 50 unless given, at most 500' },
  { name: '_offset', type: 'number', documentation: 'Matches to skip, as the paging links give' },
];
/** Parameters about the answer's form, which every interaction accepts and which change no match. */
const FORMAT_PARAMS = ['_format', '_pretty'];

/** The page a search asks for, as a repository's offset and limit. */
export function fhirPage(query: { _count?: number | undefined; _offset?: number | undefined }) {
  return { offset: query._offset ?? 0, limit: query._count ?? 50 };
}

/** The SearchPage of a paged repository answer. */
export const pageOfSearch = (page: { offset: number; limit: number }, total: number): SearchPage => ({
  offset: page.offset,
  count: page.limit,
  total,
});

/** A search as answered, for its Bundle's `self` link: the type and the parameters that were applied. */
export function searchSelf(type: string, params: Record<string, string | string[] | undefined>) {
  const applied = Object.entries(params).flatMap(([k, v]) => [v ?? []].flat().map((one) => [k, one]));
  return `/${type}${applied.length ? '?' : ''}${applied.map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&')}`;
}

/** `Type/ID` or a bare `ID`, as FHIR allows a reference search parameter to be written. */
export function referenceId(value: string | undefined, param: string, type: string) {
  const id = value?.trim().replace(new RegExp(`^${type}/`), '');
  if (!id || id.includes('/'))
    throw validationFailed(
      [{ path: param, message: `Name one ${type}: ${param}=${type}/ID` }],
      `The search needs the ${param} parameter naming one ${type}.`,
    );
  return id;
}

/** What a person or system reading the API is told it can ask, in one sentence. */
function menu(kinds: FhirResourceKind[]) {
  const asks = kinds.flatMap((k) => [
    ...(k.read ? [`${k.type}/ID`] : []),
    ...(k.search
      ? [`${k.type}?${k.search.filter((p) => !p.name.startsWith('_')).map((p) => `${p.name}=`)[0] ?? ''}`]
      : []),
  ]);
  return `Concord answers metadata, ${asks.join(', ')} here.`;
}

export function capabilityStatement(
  baseUrl: string,
  version: string,
  tokenUrl: string,
  kinds: FhirResourceKind[],
  bulk = false,
): Json {
  const operation = (name: string) => [
    { name: 'export', definition: `${BULK_DATA}/OperationDefinition/${name}` },
  ];
  const exportOf: Record<string, string> = { Patient: 'patient-export', Group: 'group-export' };
  return {
    resourceType: 'CapabilityStatement',
    ...(bulk ? { instantiates: [`${BULK_DATA}/CapabilityStatement/bulk-data`] } : {}),
    status: 'active',
    date: '2026-12-03',
    publisher: 'Concord',
    kind: 'instance',
    software: { name: 'Concord', version },
    implementation: {
      description: 'Concord FHIR R4 API: the records of integrated-care programs, as the caller may see them',
      url: `${baseUrl.replace(/\/$/, '')}${FHIR_BASE_PATH}`,
    },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Every read and search is scoped to the organisation the caller acts for, with its row-level security, 42 CFR Part 2 filtering and read audit.',
        security: {
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: tokenUrl }],
            },
          ],
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description:
            'A Concord session (the cookie set by signing in), or an API client’s access token from the client credentials grant, within its SMART system scopes. Every error is an OperationOutcome.',
        },
        resource: [...kinds]
          .sort((a, b) => a.type.localeCompare(b.type))
          .map((k) => ({
            type: k.type,
            ...(k.profile ? { supportedProfile: [k.profile] } : {}),
            documentation: k.documentation,
            // Each read is versioned (meta.versionId, ETag); only the current version is kept (decision 072).
            ...(k.read ? { versioning: 'versioned', readHistory: false } : {}),
            interaction: [
              ...(k.read ? [{ code: 'read' }, { code: 'vread' }, { code: 'history-instance' }] : []),
              ...(k.search ? [{ code: 'search-type' }] : []),
            ],
            ...(k.include?.length ? { searchInclude: k.include } : {}),
            ...(k.search?.length ? { searchParam: k.search } : {}),
            ...(bulk && exportOf[k.type] ? { operation: operation(exportOf[k.type]!) } : {}),
          })),
        ...(bulk ? { operation: operation('export') } : {}),
      },
    ],
  };
}

const BULK_DATA = 'http://hl7.org/fhir/uv/bulkdata';

/** A FHIR route's resource type and interaction: `/fhir/R4/Patient/:id` is a read of Patient. */
const ROUTE = /^\/fhir\/R4\/([A-Z][A-Za-z]+)(\/:id(?:\/_history(?:\/:vid)?)?)?$/;

export function fhirApi({
  baseUrl,
  version,
  tokenUrl,
  modules,
  bulk,
}: {
  baseUrl: string;
  version: string;
  tokenUrl: string;
  modules: FhirModule[];
  /** The Bulk Data export, when served. */
  bulk?: FhirExport;
}): FastifyPluginAsyncZod {
  const kinds = modules.flatMap((m) => m.resources);
  const statement = capabilityStatement(baseUrl, version, tokenUrl, kinds, Boolean(bulk));
  const smart = {
    token_endpoint: tokenUrl,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['system/*.rs', ...kinds.map((k) => `system/${k.type}.rs`)],
    capabilities: ['client-confidential-symmetric'],
  };
  return async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const body = toErrorBody(err);
      const status = errorDefinition(body.code)?.status ?? 500;
      if (status >= 500) request.log.error({ err }, 'request failed');
      retryAfterHeader(reply, err);
      // A system without a session is told how to authenticate (RFC 6750 §3).
      if (status === 401 && !reply.hasHeader('www-authenticate'))
        reply.header('www-authenticate', 'Bearer realm="Concord FHIR API"');
      return sendFhir(reply, status, operationOutcome(status, body));
    });
    const message = menu(kinds);
    const notFound = (_request: unknown, reply: FastifyReply) =>
      sendFhir(reply, 404, operationOutcome(404, { code: CommonErrors.NOT_FOUND, message }));
    app.setNotFoundHandler(notFound);
    // `/FHIR/r4/…`, `//fhir/R4/…` and the like miss this plugin's router: answered the same way.
    app.answerNotFound(/^\/fhir(\/|$)/, notFound);

    // A search names only parameters the statement lists: one it does not know would otherwise be dropped,
    // and the search would answer (and audit) far more than was asked for.
    const searchable = new Map(
      kinds.map((k) => [
        k.type,
        new Set([...(k.search ?? []).map((p) => p.name), ...(k.include?.length ? ['_include'] : [])]),
      ]),
    );
    app.addHook('preHandler', async (request) => {
      const m = ROUTE.exec(request.routeOptions.url ?? '');
      if (!m || m[2]) return;
      // Who is asking comes first: a caller without a session learns nothing about the parameters.
      if (!request.actor) throw new AppError(CommonErrors.NOT_AUTHENTICATED);
      const known = searchable.get(m[1]!);
      const unknown = Object.keys(request.query as object).filter(
        (name) => !known?.has(name) && !FORMAT_PARAMS.includes(name),
      );
      if (unknown.length)
        throw validationFailed(
          unknown.map((name) => ({
            path: name,
            message: `${m[1]} is not searched by ${name}; see /fhir/R4/metadata for the parameters it takes`,
          })),
          `The search names a parameter Concord does not answer: ${unknown.join(', ')}.`,
        );
    });

    // An API client reads only what its scopes name: `r` to read by id, `s` to search (decision 065).
    app.addHook('preHandler', async (request) => {
      const client = request.actor?.client;
      const m = client && ROUTE.exec(request.routeOptions.url ?? '');
      if (!client || !m) return;
      const interaction = m[2] ? 'r' : 's';
      if (!scopesAllow(client.scopes, m[1]!, interaction))
        throw new AppError(
          CommonErrors.FORBIDDEN,
          `The access token's scopes do not include system/${m[1]}.${interaction}.`,
        );
    });

    app.get(
      '/.well-known/smart-configuration',
      {
        config: { public: true },
        schema: {
          tags: ['fhir'],
          summary: 'SMART configuration: the token endpoint and what it grants (client credentials)',
        },
      },
      async (_request, reply) => reply.type('application/json').send(smart),
    );

    app.get(
      '/metadata',
      {
        config: { public: true },
        schema: {
          tags: ['fhir'],
          summary:
            'FHIR R4 CapabilityStatement: the resource types, interactions and search parameters served',
        },
      },
      async (_request, reply) => sendFhir(reply, 200, statement),
    );
    for (const m of modules) await app.register(m.routes);
    if (bulk) await app.register(bulkExportRoutes(bulk, fhirBase(baseUrl)));
  };
}
