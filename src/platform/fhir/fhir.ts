// What every FHIR R4 resource Concord writes shares, whichever domain holds the record: the base of its own
// code systems, JSON without empty values, the search Bundle with its paging links, and the OperationOutcome
// every error of the FHIR API is written as (decisions 053, 064).

import { createHash } from 'node:crypto';

export const FHIR_BASE_PATH = '/fhir/R4';
/** A bulk export's status route: the one FHIR route an access token may DELETE (its cancellation). */
export const EXPORT_STATUS_PATH = `${FHIR_BASE_PATH}/$export-status/:id`;
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
/** The base of the code systems, identifier systems and extensions Concord defines. */
export const CONCORD_FHIR = 'https://concord.example/fhir';

export type Json = Record<string, unknown>;

/**
 * The resource with its version in `meta.versionId`: the first 16 hex digits of the SHA-256 of its JSON.
 * Concord keeps the current version of each record, not its past ones (decision 072), so the version says
 * whether a resource changed since it was last read, not how many times. Every read, search, history and
 * export gives it, so the same resource carries the same version wherever it is read.
 */
export function versioned(resource: Json): Json {
  const versionId = createHash('sha256').update(JSON.stringify(resource)).digest('hex').slice(0, 16);
  return { ...resource, meta: { ...(resource.meta as Json | undefined), versionId } };
}

/** The object without null, undefined or empty-array members: FHIR JSON allows no empty values. */
export const compact = <T extends Json>(o: T): T =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && !v.length)),
  ) as T;

/** One page of a search: where it starts, how many it holds, and how many matched in all. */
export interface SearchPage {
  offset: number;
  count: number;
  total: number;
}

type Coding = { system?: string; code?: string };

/**
 * A search's answer: a `searchset` Bundle of the matches, with absolute full URLs. `self` is the search as
 * answered (the parameters applied); a paged search gets `first`, `previous` and `next` links with
 * `_count` and `_offset`; what `_include` adds comes after the matches. A Bundle holding a record with security labels (42 CFR Part 2, decision 060)
 * carries every label its entries carry.
 */
export function searchset(
  base: string,
  self: string,
  resources: readonly Json[],
  page?: SearchPage,
  included: readonly Json[] = [],
): Json {
  const labels = new Map<string, Coding>();
  for (const r of [...resources, ...included])
    for (const label of (r.meta as { security?: Coding[] } | undefined)?.security ?? [])
      labels.set(`${label.system}|${label.code}`, label);
  const at = (offset: number) =>
    `${base}${self}${self.includes('?') ? '&' : '?'}_count=${page?.count}&_offset=${offset}`;
  // `_count=0` asks for the total alone: one page, nothing before or after it.
  const links =
    page && page.count > 0
      ? [
          { relation: 'self', url: at(page.offset) },
          { relation: 'first', url: at(0) },
          ...(page.offset > 0
            ? [{ relation: 'previous', url: at(Math.max(0, page.offset - page.count)) }]
            : []),
          ...(page.offset + page.count < page.total
            ? [{ relation: 'next', url: at(page.offset + page.count) }]
            : []),
        ]
      : [{ relation: 'self', url: page ? at(0) : `${base}${self}` }];
  return {
    resourceType: 'Bundle',
    ...(labels.size ? { meta: { security: [...labels.values()] } } : {}),
    type: 'searchset',
    total: page?.total ?? resources.length,
    link: links,
    entry:
      resources.length || included.length
        ? [
            ...resources.map((r) => ({
              fullUrl: `${base}/${r.resourceType}/${r.id}`,
              resource: versioned(r),
              search: { mode: 'match' },
            })),
            // What `_include` asked for beside the matches (not counted in the total).
            ...included.map((r) => ({
              fullUrl: `${base}/${r.resourceType}/${r.id}`,
              resource: versioned(r),
              search: { mode: 'include' },
            })),
          ]
        : undefined,
  };
}

const ISSUE_CODE: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'conflict',
  413: 'too-costly',
  429: 'throttled',
  503: 'transient',
};

/** An error as an OperationOutcome: one issue per field problem (with its FHIRPath-ish location), or one in all. */
export function operationOutcome(
  status: number,
  body: { code: string; message: string; issues?: { path?: string; message: string }[] },
): Json {
  const code = ISSUE_CODE[status] ?? 'exception';
  const details = (text: string) => ({
    coding: [{ system: `${CONCORD_FHIR}/CodeSystem/error`, code: body.code }],
    text,
  });
  const issues = body.issues?.length
    ? body.issues.map((i) =>
        compact({
          severity: 'error',
          code,
          details: details(i.message),
          diagnostics: body.message,
          expression: i.path ? [i.path] : undefined,
        }),
      )
    : [{ severity: status >= 500 ? 'fatal' : 'error', code, details: details(body.message) }];
  return { resourceType: 'OperationOutcome', issue: issues };
}
