import fc from 'fast-check';
import type { TestContext } from './app.js';

/** The parts of the OpenAPI document's JSON schemas that requests are generated from. */
export type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

type Operation = {
  parameters?: { name: string; in: string; schema: Schema }[];
  requestBody?: { content?: Record<string, { schema: Schema }> };
};

export interface GeneratedRequest {
  method: string;
  url: string;
  payload: unknown;
}

/** Every operation in the app's OpenAPI document, as path template, method and description. */
export async function operations(t: TestContext) {
  const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
}

/**
 * Requests for each operation from its own schemas. Values mostly take the shape the schema asks for, so
 * a request reaches the service and the database: ids from `ids`, dates and times, enums, numbers in
 * range, and text from `text` that fits the field's limits. With `wrongWeight` > 0, one value in about
 * `1 / (1 + 19 / wrongWeight)` is `wrong` instead, whatever the schema says.
 */
export function requestGenerator(options: {
  ids: string[];
  text: string[];
  email: string[];
  wrong?: fc.Arbitrary<string>;
  wrongWeight?: number;
}) {
  const { ids, text, email } = options;
  const wrong = options.wrong ?? fc.constantFrom(...text);
  const wrongWeight = options.wrong ? (options.wrongWeight ?? 1) : 0;

  /** Text that the schema's own limits allow. */
  function fitting(schema: Schema): fc.Arbitrary<string> {
    if (schema.pattern === String.raw`^\d{4}-\d{2}-\d{2}$`)
      return fc.constantFrom(
        '2026-01-01',
        '2027-06-30',
        '2028-02-29',
        '2026-02-30',
        '0000-01-01',
        '9999-12-31',
      );
    if (schema.pattern)
      return fc.stringMatching(new RegExp(schema.pattern), { maxLength: schema.maxLength ?? 40 });
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? 10_000;
    const fits = text.filter((s) => s.trim().length >= min && s.length <= max);
    const ascii = fc.string({
      unit: max < 30 ? 'grapheme-ascii' : 'grapheme',
      minLength: Math.max(min, 1),
      maxLength: Math.min(max, 30),
    });
    return fits.length ? fc.oneof(fc.constantFrom(...fits), ascii) : ascii;
  }

  function arbitraryFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    if (!schema || depth > 4) return wrong;
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, depth + 1)));
    const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
    const shaped = (() => {
      if (schema.enum) return fc.constantFrom(...schema.enum);
      if (schema.format === 'uuid') return fc.constantFrom(...ids);
      if (schema.format === 'date')
        return fc.constantFrom('2026-01-01', '2027-06-30', '2026-02-29', '0000-01-01');
      if (schema.format === 'date-time')
        return fc.constantFrom(
          '2027-01-10T15:00:00Z',
          '2026-11-30T09:30:00-05:00',
          '2026-13-01T00:00:00Z',
          '0000-01-01T00:00:00Z',
        );
      if (schema.format === 'email') return fc.constantFrom(...email);
      switch (type) {
        case 'object': {
          const props = Object.entries(schema.properties ?? {});
          return fc.record(Object.fromEntries(props.map(([k, s]) => [k, arbitraryFor(s, depth + 1)])), {
            requiredKeys: (schema.required ?? []).filter((k) => props.some(([p]) => p === k)),
          });
        }
        case 'array':
          return fc.array(arbitraryFor(schema.items, depth + 1), { maxLength: 3 });
        case 'integer':
        case 'number':
          return fc.oneof(
            fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 1e6, 1e6) }),
            fc.double(),
          );
        case 'boolean':
          return fc.boolean();
        default:
          return fitting(schema);
      }
    })();
    return wrongWeight
      ? fc.oneof({ weight: 19, arbitrary: shaped }, { weight: wrongWeight, arbitrary: wrong })
      : shaped;
  }

  return function requestsFor(path: string, method: string, op: Operation): fc.Arbitrary<GeneratedRequest> {
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const query = params.filter((p) => p.in === 'query');
    const body = op.requestBody?.content?.['application/json']?.schema;
    const anId = fc.constantFrom(...ids);
    return fc
      .record({
        path: fc.tuple(
          ...pathParams.map((p) =>
            p.schema?.format === 'uuid' || p.name.endsWith('Id') || p.name === 'id'
              ? wrongWeight
                ? fc.oneof({ weight: 9, arbitrary: anId }, { weight: wrongWeight, arbitrary: wrong })
                : anId
              : arbitraryFor(p.schema),
          ),
        ),
        query: fc.tuple(...query.map((p) => fc.option(arbitraryFor(p.schema), { nil: undefined }))),
        body: body ? arbitraryFor(body) : fc.constant(undefined),
      })
      .map(({ path: values, query: qs, body: payload }) => {
        let url = path;
        for (const [i, p] of pathParams.entries())
          url = url.replace(`{${p.name}}`, encodeURIComponent(String(values[i])));
        const search = new URLSearchParams();
        for (const [i, p] of query.entries()) {
          const v = qs[i];
          if (v !== undefined) search.set(p.name, typeof v === 'string' ? v : JSON.stringify(v));
        }
        const q = search.toString();
        return { method, url: q ? `${url}?${q}` : url, payload };
      });
  };
}
