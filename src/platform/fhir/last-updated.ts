// The `_lastUpdated` search parameter (FHIR R4 §3.1.1.5.7): each value a date or an instant with a prefix
// (`eq`, the default, `gt`, `ge`, `lt`, `le`), several values all holding, made into one span of time.
import { z } from 'zod';
import { validationFailed } from '../http/errors.js';
import type { FhirSearchParam } from './fhir.api.js';
import type { Json } from './fhir.js';

/** Resources last changed from `from` (inclusive) until `until` (exclusive); either end may be open. */
export interface Span {
  from?: Date;
  until?: Date;
}

export const LAST_UPDATED_PARAM: FhirSearchParam = {
  name: '_lastUpdated',
  type: 'date',
  documentation: 'When the resource last changed: a date or instant, with gt, ge, lt, le or eq (the default)',
};

/** The parameter in a route's query schema: once, or repeated for a range. */
export const LAST_UPDATED = z
  .union([z.string().max(40), z.array(z.string().max(40)).max(4)])
  .optional()
  .describe('ge2026-11-01, lt2026-12-01T00:00:00Z, … (repeat it for a range)');

const VALUE =
  /^(eq|gt|ge|lt|le)?(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const DAY_MS = 86_400_000;

/**
 * The span `_lastUpdated` asks for, or undefined when it is absent. A date covers its whole day (in UTC); an
 * instant, its millisecond. Anything else is refused, naming the parameter.
 */
export function lastUpdatedSpan(given: string | string[] | undefined): Span | undefined {
  if (given === undefined) return undefined;
  const span: Span = {};
  for (const value of [given].flat()) {
    const m = VALUE.exec(value.trim());
    const start = m && new Date(`${m[2]}${m[3] ?? 'T00:00:00Z'}`);
    if (!m || !start || Number.isNaN(start.getTime()))
      throw validationFailed(
        [
          {
            path: '_lastUpdated',
            message: `"${value.slice(0, 40)}" is not a date or instant with gt, ge, lt, le or eq, like ge2026-11-01 or lt2026-11-01T12:00:00Z`,
          },
        ],
        'The search’s _lastUpdated cannot be read.',
      );
    const end = new Date(start.getTime() + (m[3] ? 1 : DAY_MS));
    const prefix = m[1] ?? 'eq';
    const from = prefix === 'gt' ? end : prefix === 'ge' || prefix === 'eq' ? start : undefined;
    const until = prefix === 'lt' ? start : prefix === 'le' || prefix === 'eq' ? end : undefined;
    if (from && (!span.from || from > span.from)) span.from = from;
    if (until && (!span.until || until < span.until)) span.until = until;
  }
  return span;
}

/** Whether the resource's `meta.lastUpdated` lies in the span (a resource that does not say, never does). */
export function updatedWithin(resource: Json, span: Span | undefined) {
  if (!span) return true;
  const at = (resource.meta as { lastUpdated?: string } | undefined)?.lastUpdated;
  if (!at) return false;
  const t = Date.parse(at);
  return (!span.from || t >= span.from.getTime()) && (!span.until || t < span.until.getTime());
}
