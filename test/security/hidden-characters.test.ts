import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { propertyRuns } from '../support/invisible.js';
import { operations, type Schema } from '../support/openapi.js';

/**
 * Every string a route takes — in its body, its query string or its path, whatever the schema around it
 * (optional, nullable, defaulted, a union, a list, a record) and whether or not the field's own schema looks
 * at its characters — refuses a character that reorders or hides text (decision 054). A security test
 * found a right-to-left override refused in a name but stored in a care major change's reason, an
 * assessment's major change reason and a note, and zero-width spaces, bidirectional isolates, tag
 * characters and non-characters accepted in every multi-line note.
 */
let t: TestContext;
let admin: Client;
let sent = 0;

beforeAll(async () => {
  t = await createTestApp();
  const org = await t.org({ kind: 'plan' });
  const { email } = await t.user(
    [
      { orgId: org.id, role: 'org_admin' },
      { orgId: org.id, role: 'training_admin' },
      { orgId: org.id, role: 'compliance_officer' },
    ],
    { systemAdmin: true },
  );
  admin = await t.signIn(email);
});
afterAll(() => t.close());

/** A character no text may hold, with some text around it; U+202E, the one the finding named, first. */
const CHARACTERS = [
  '\u202e',
  '\u2066',
  '\u2069',
  '\u200b',
  '\ufeff',
  '\u180e',
  '\u{e0041}',
  '\ufffe',
  '\ufdd0',
];
const hiddenText = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...CHARACTERS), fc.string({ maxLength: 12 }))
  .map(([before, c, after]) => `${before}${c}${after}`);
const valuesFor = (i: number) => [
  'Ma\u202eria',
  ...fc.sample(hiddenText, { ...propertyRuns(1), seed: propertyRuns().seed + i }),
];

type Path = (string | number)[];

/** Where a schema takes a string: each property, list item, record value and union alternative. */
function stringPaths(schema: Schema | undefined, at: Path = [], depth = 0): Path[] {
  if (!schema || depth > 12) return [];
  const found: Path[] = [];
  for (const alternative of schema.anyOf ?? schema.oneOf ?? [])
    found.push(...stringPaths(alternative, at, depth + 1));
  const types = [schema.type ?? []].flat();
  if (types.includes('string')) found.push(at);
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    found.push(...stringPaths(property, [...at, key], depth + 1));
  const values = (schema as { additionalProperties?: Schema | boolean }).additionalProperties;
  if (values && typeof values === 'object') found.push(...stringPaths(values, [...at, 'key'], depth + 1));
  if (types.includes('array')) found.push(...stringPaths(schema.items, [...at, 0], depth + 1));
  const seen = new Set<string>();
  return found.filter((p) => !seen.has(p.join('.')) && seen.add(p.join('.')));
}

/** A body holding only `value` at `path`: every other field missing, which the schema reports beside it. */
function bodyWith(path: Path, value: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === 'number') return [bodyWith(rest, value)];
  return { [head]: bodyWith(rest, value) };
}

/** A value each path parameter takes, so the request reaches the part under test. */
function validParam(schema: Schema) {
  if (schema.type === 'integer') return '1';
  if (schema.format === 'uuid' || schema.maxLength === 64) return crypto.randomUUID();
  return 'a'.repeat(Math.max(schema.minLength ?? 1, 16));
}

/** The fields a refusal names: `issues` in the API, `expression` in a FHIR OperationOutcome. */
function named(res: LightMyRequestResponse): string[] {
  const body = res.json() as { issues?: { path: string }[]; issue?: { expression?: string[] }[] };
  return [
    ...(body.issues ?? []).map((i) => i.path),
    ...(body.issue ?? []).flatMap((i) => i.expression ?? []),
  ];
}

async function send(method: string, url: string, payload?: unknown) {
  sent++;
  return t.app.inject({
    method: method as 'POST',
    url,
    // A new address each time: the sign-in routes limit how often one address may try.
    remoteAddress: `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`,
    cookies: { concord_session: admin.cookie },
    headers: { 'x-csrf-token': admin.csrf, 'if-match': '1' },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

describe('a character that reorders or hides text', () => {
  it('is refused in every string of every route’s body, with a 400 naming the field', async () => {
    const failures: string[] = [];
    const fields: string[] = [];
    for (const { path, method, op } of await operations(t)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (!body) continue;
      let url = path;
      for (const p of op.parameters ?? [])
        if (p.in === 'path') url = url.replace(`{${p.name}}`, validParam(p.schema));
      for (const [i, at] of stringPaths(body).entries()) {
        const field = ['body', ...at].join('.');
        // A password takes any character that can be stored (text-guard.ts): it is never shown.
        if (/password/i.test(String(at.at(-1)))) continue;
        fields.push(`${method} ${path} ${field}`);
        for (const value of valuesFor(i)) {
          const res = await send(method, url, bodyWith(at, value));
          if (res.statusCode !== 400 || !named(res).includes(field))
            failures.push(
              `${method} ${path} ${field} ${JSON.stringify(value)}: ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(fields.length).toBeGreaterThan(200);
    // The fields the security test found taking U+202E are among them.
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^POST \/api\/care\/.*body\.reason$/),
        expect.stringMatching(/^POST \/api\/care\/.*body\.majorChangeReason$/),
      ]),
    );
  }, 120_000);

  it('is refused in every string of every query string and path, with a 400 naming the parameter', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { path, method, op } of await operations(t)) {
      const params = op.parameters ?? [];
      const validPath = () => {
        let url = path;
        for (const p of params) if (p.in === 'path') url = url.replace(`{${p.name}}`, validParam(p.schema));
        return url;
      };
      for (const [i, p] of params.entries()) {
        if (stringPaths(p.schema).length === 0) continue;
        for (const value of valuesFor(i)) {
          const url =
            p.in === 'path'
              ? path
                  .replace(`{${p.name}}`, encodeURIComponent(value))
                  .replace(/\{[^}]+\}/g, crypto.randomUUID())
              : `${validPath()}?${new URLSearchParams({ [p.name]: value })}`;
          const field = `${p.in === 'path' ? 'params' : 'querystring'}.${p.name}`;
          checked++;
          // A route that takes a body checks it before its query string (the path comes first): an empty
          // body is refused naming its fields, and the parameter is named once the body is right.
          const res = await send(method, url, op.requestBody ? {} : undefined);
          const queryAfterBody = p.in === 'query' && op.requestBody !== undefined;
          const names = named(res);
          const namesIt =
            names.includes(field) || (queryAfterBody && names.every((n) => n.startsWith('body.')));
          if (res.statusCode !== 400 || !namesIt)
            failures.push(`${method} ${url} ${field}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  }, 120_000);
});
