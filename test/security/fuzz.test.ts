import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/client.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { multipartFile } from '../support/files.js';
import { capturedLog } from '../support/log.js';

/**
 * Every route in the OpenAPI document, called by a signed-in administrator of every kind with generated
 * values: NUL and other control characters, half surrogate pairs, right-to-left marks, zero-width
 * characters, 10 KB strings, wrong types, missing fields, real and unknown ids. Whatever comes in: never
 * a 500, never a change half made (a refused request leaves no audit row of a change, since changes and
 * their audit rows commit together), never a read left unaudited, nothing logged at error level.
 *
 * A fixed seed and a few values a route by default; `CONCORD_FUZZ_RUNS=200 CONCORD_FUZZ_SEED=…` for a
 * longer run on demand.
 */
const RUNS = Number(process.env.CONCORD_FUZZ_RUNS ?? 3);
const SEED = Number(process.env.CONCORD_FUZZ_SEED ?? 14);

type Schema = {
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

/** Text a request may legitimately carry that has broken software before. */
const ODD = [
  'José Ñúñez',
  '\u202eevil\u202c',
  '\u200fמרים\u200f',
  'zero\u200bwidth',
  '👩🏽‍⚕️ nurse',
  "O'Brien; drop table people; --",
  '../../../../etc/passwd',
  '<script>alert(6)</script>',
  '=HYPERLINK("http://evil.example")',
  '%00',
  'x'.repeat(190),
  ' ',
  '0',
  '2026-02-30',
];
/** Text no request may carry, or in amounts no field takes. */
const HOSTILE = [
  '\u0000',
  'Jos\u0000é',
  '\ud800',
  'a\udc00b',
  '\u001b[31mred',
  '\u0085',
  'x'.repeat(10_240),
  '',
  '1e309',
  'NaN',
  '9999-99-99T99:99:99Z',
];

const text = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ODD) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

let t: TestContext;
let admin: Client;
let ids: string[];
const log = capturedLog();

beforeAll(async () => {
  t = await createTestApp({ logger: log.log });
  const org = await t.org({ kind: 'plan' });
  const vendor = await t.org({ kind: 'training_vendor' });
  const { email, person } = await t.user(
    [
      { orgId: org.id, role: 'org_admin' },
      { orgId: org.id, role: 'training_admin' },
      { orgId: org.id, role: 'compliance_officer' },
    ],
    { systemAdmin: true },
  );
  admin = await t.signIn(email);
  const topic = await admin.post('/api/training/topics', { code: 'FUZZ', title: 'Fuzzing', shared: true });
  const session = await admin.post('/api/training/sessions', {
    topicId: topic.json().id,
    kind: 'live',
    title: 'Fuzz session',
    startsAt: '2027-01-10T15:00:00Z',
    endsAt: '2027-01-10T16:00:00Z',
  });
  ids = [org.id, vendor.id, person.id, topic.json().id, session.json().id, crypto.randomUUID()];
});
afterAll(() => t.close());

/** Text that the schema's own limits allow: odd, but valid. */
function fittingText(schema: Schema): fc.Arbitrary<string> {
  if (schema.pattern === String.raw`^\d{4}-\d{2}-\d{2}$`)
    return fc.constantFrom('2026-01-01', '2027-06-30', '2028-02-29', '2026-02-30');
  if (schema.pattern)
    return fc.stringMatching(new RegExp(schema.pattern), { maxLength: schema.maxLength ?? 40 });
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 10_000;
  const fits = ODD.filter((s) => s.trim().length >= min && s.length <= max);
  const graphemes = fc.string({
    unit: 'grapheme',
    minLength: Math.max(min, 1),
    maxLength: Math.min(max, 30),
  });
  return fits.length ? fc.oneof(fc.constantFrom(...fits), graphemes) : graphemes;
}

/** Values for a JSON schema: mostly of its shape (so requests get past the first check), sometimes not. */
function arbitraryFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return text;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  const shaped = (() => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.format === 'uuid') return fc.constantFrom(...ids);
    if (schema.format === 'date') return fc.constantFrom('2026-01-01', '2027-06-30', '2026-02-29');
    if (schema.format === 'date-time')
      return fc.constantFrom('2027-01-10T15:00:00Z', '2026-11-30T09:30:00-05:00', '2026-13-01T00:00:00Z');
    if (schema.format === 'email')
      return fc.constantFrom('fuzz@test.example', 'zero\u200bwidth@test.example');
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
        return fittingText(schema);
    }
  })();
  return fc.oneof({ weight: 19, arbitrary: shaped }, { weight: 1, arbitrary: text });
}

function requestsFor(path: string, method: string, op: Operation) {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const query = params.filter((p) => p.in === 'query');
  const body = op.requestBody?.content?.['application/json']?.schema;
  return fc
    .record({
      path: fc.tuple(
        ...pathParams.map((p) =>
          p.schema?.format === 'uuid' || p.name.endsWith('Id') || p.name === 'id'
            ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: text })
            : arbitraryFor(p.schema),
        ),
      ),
      query: fc.tuple(...query.map((p) => fc.option(arbitraryFor(p.schema), { nil: undefined }))),
      body: body ? arbitraryFor(body) : fc.constant(undefined),
    })
    .map(({ path: values, query: qs, body: payload }) => {
      let url = path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, encodeURIComponent(String(values[i])));
      });
      const search = new URLSearchParams();
      query.forEach((p, i) => {
        if (qs[i] !== undefined)
          search.set(p.name, typeof qs[i] === 'string' ? qs[i] : JSON.stringify(qs[i]));
      });
      const q = search.toString();
      return { method, url: q ? `${url}?${q}` : url, payload };
    });
}

async function changeRows() {
  const [row] = await rows<{ n: number }>(
    t.database.system,
    sql`select count(*)::int as n from audit_log where action <> 'read' and action not like 'sign-in%'`,
  );
  return row!.n;
}

describe('fuzzing every route', () => {
  it(
    'never answers 500, never half-applies a refused change, never leaves a read unaudited',
    async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
        paths: Record<string, Record<string, Operation>>;
      };
      const failures: string[] = [];
      let sent = 0;
      const statuses = new Map<string, number>();
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [m, op] of Object.entries(ops)) {
          const method = m.toUpperCase();
          // Signing out or switching away would end the fuzzing session itself.
          if (path === '/api/auth/sign-out' || path === '/api/auth/switch-organisation') continue;
          const samples = fc.sample(requestsFor(path, method, op), { numRuns: RUNS, seed: SEED });
          for (const r of samples) {
            const before = method === 'GET' ? 0 : await changeRows();
            const res = await t.app.inject({
              method: r.method as 'GET',
              url: r.url,
              cookies: { concord_session: admin.cookie },
              headers: { 'x-csrf-token': admin.csrf, 'if-match': '1' },
              ...(r.payload === undefined ? {} : { payload: r.payload as object }),
            });
            sent++;
            const key = `${method} ${res.statusCode}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
            const shown = `${r.method} ${r.url.slice(0, 160)} ${JSON.stringify(r.payload)?.slice(0, 200)}`;
            if (res.statusCode >= 500) failures.push(`${res.statusCode} ${shown}`);
            if (method !== 'GET' && res.statusCode >= 400 && (await changeRows()) !== before)
              failures.push(`half-applied (${res.statusCode}) ${shown}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(100);
      // Enough requests got past validation to reach the services and the database.
      const seen = JSON.stringify(Object.fromEntries([...statuses].sort()));
      if (process.env.CONCORD_FUZZ_RUNS) console.info(`fuzzing: ${sent} requests, by answer: ${seen}`);
      const accepted = (m: string) =>
        [...statuses].filter(([k]) => k.startsWith(`${m} 2`)).reduce((n, [, c]) => n + c, 0);
      expect(accepted('GET'), seen).toBeGreaterThan(sent / 10);
      expect(accepted('POST'), seen).toBeGreaterThan(0);
      await t.services.audit.flush();
      expect(t.services.audit.pending).toBe(0);
      expect(log.text()).not.toMatch(/"level":50/);
    },
    60_000 + RUNS * 30_000,
  );

  it('keeps an uploaded file’s name storable, whatever the sender called it', async () => {
    for (const name of [
      'people\u0000.csv',
      '..\\..\\people.csv',
      '\ud800people.csv',
      `${'x'.repeat(5000)}.csv`,
    ]) {
      const upload = multipartFile(name, 'Given name,Family name,E-mail\n');
      const res = await admin.post('/api/people/imports', upload.payload, upload.headers);
      expect({ name: name.slice(0, 20), status: res.statusCode }).toEqual({
        name: name.slice(0, 20),
        status: 202,
      });
    }
  });
});
