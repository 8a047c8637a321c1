import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

/**
 * An upload whose multipart body is broken — a boundary that does not match its header, no boundary at all,
 * a body cut off part-way — is the sender's mistake: a 400 saying so, never a 500.
 */
let t: TestContext;
let admin: Client;
/** An ACO's administrator, for the routes only an ACO, MCO or Community Partner uploads to. */
let acoAdmin: Client;
let uploads: string[];

beforeAll(async () => {
  t = await createTestApp();
  // A plan, so that every upload route (the enrollee roster too) reads the body rather than refusing the caller.
  const org = await t.org({ kind: 'plan' });
  admin = await t.signIn(
    (
      await t.user([
        { orgId: org.id, role: 'org_admin' },
        { orgId: org.id, role: 'training_admin' },
      ])
    ).email,
  );
  const aco = await t.org({ kind: 'aco' });
  acoAdmin = await t.signIn((await t.user([{ orgId: aco.id, role: 'org_admin' }])).email);
  const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, { summary?: string }>>;
  };
  // Every upload route says so in its summary ('multipart field "file"').
  uploads = Object.entries(doc.paths)
    .filter(([, ops]) => ops.post?.summary?.includes('multipart'))
    .map(([path]) => path.replace(/\{[^}]+\}/g, () => randomUUID()));
});
afterAll(() => t.close());

const part = (boundary: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="staff.csv"\r\nContent-Type: text/csv\r\n\r\nGiven name,Family name\r\nAna,Lopes\r\n`;

describe('a broken multipart upload', () => {
  it('is found on every upload route', () => {
    expect(uploads.length).toBeGreaterThanOrEqual(3);
  });

  for (const [what, contentType, body] of [
    ['a boundary other than the header’s', 'multipart/form-data; boundary=yy', `${part('xx')}--xx--\r\n`],
    ['no boundary in the header', 'multipart/form-data', `${part('xx')}--xx--\r\n`],
    ['a body cut off before its end', 'multipart/form-data; boundary=xx', part('xx')],
    ['a part with no headers', 'multipart/form-data; boundary=xx', '--xx\r\n\r\n\r\n--xx--\r\n'],
  ] as const)
    it(`with ${what} answers 400, never 500`, async () => {
      for (const url of uploads) {
        const client = url.startsWith('/api/enrollment/') ? acoAdmin : admin;
        const res = await client.post(url, body, { 'content-type': contentType });
        expect([400, 404, 413], `${url}: ${res.body}`).toContain(res.statusCode);
        expect(res.body).not.toMatch(/stack|at \w+ \(/);
      }
    });
});
