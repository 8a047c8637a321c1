import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRow } from '../../src/platform/db/client.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { multipartFile } from '../support/files.js';
import { capturedLog } from '../support/log.js';
import { operations, requestGenerator } from '../support/openapi.js';

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

/** Text a request may legitimately carry that has broken software before. */
const ODD = [
  'José Ñúñez',
  '\u200fמרים\u200f',
  'می\u200cخواهم',
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
  '\u202eevil\u202c',
  'zero\u200bwidth',
  '\u2067isolated\u2069',
  'tag\u{e0041}',
  'not\uffffa character',
  'x'.repeat(10_240),
  '',
  '1e309',
  'NaN',
  '9999-99-99T99:99:99Z',
];

const wrong = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...ODD, ...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

let t: TestContext;
let admin: Client;
let requestsFor: ReturnType<typeof requestGenerator>;
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
  requestsFor = requestGenerator({
    ids: [org.id, vendor.id, person.id, topic.json().id, session.json().id, crypto.randomUUID()],
    text: ODD,
    email: ['fuzz@test.example', 'zero\u200bwidth@test.example', 'FUZZ@Test.Example'],
    wrong,
  });
});
afterAll(() => t.close());

async function changeRows() {
  // Reads of earlier requests are buffered and written up to 100 ms later: written first, so that only this
  // request's changes are counted.
  await t.services.audit.flush();
  const row = await checkedRow(
    t.database.system,
    z.object({ n: z.number() }),
    sql`select count(*)::int as n from audit_log where action not in ('read', 'refused') and action not like 'sign-in%'`,
  );
  return row!.n;
}

describe('fuzzing every route', () => {
  it(
    'never answers 500, never half-applies a refused change, never leaves a read unaudited',
    async () => {
      const failures: string[] = [];
      let sent = 0;
      const statuses = new Map<string, number>();
      for (const { path, method, op } of await operations(t)) {
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

  it('keeps an uploaded file’s name without the characters that hide or reorder text, so it shows as it is', async () => {
    for (const [name, kept] of [
      ['ro\u202Eetsv.csv', 'roetsv.csv'],
      ['\u2067people\u2069.csv', 'people.csv'],
      ['peo\u200Bple\uFEFF.csv', 'people.csv'],
      ['people\u{E0041}.csv', 'people.csv'],
      ['\u202E\u202C.csv', '.csv'],
      ['Zoë’s staff 👩🏽\u200D⚕️.csv', 'Zoë’s staff 👩🏽\u200D⚕️.csv'],
    ]) {
      const upload = multipartFile(name!, 'Given name,Family name,E-mail\n');
      const res = await admin.post('/api/people/imports', upload.payload, upload.headers);
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().fileName).toBe(kept);
    }
  });
});
