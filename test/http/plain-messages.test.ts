import { isLibraryText } from '@contract/text/library-words.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { operations, type Schema } from '../support/openapi.js';

/**
 * No schema-library text reaches a person. Every route that takes a body is sent bodies that fail its
 * schema — empty, every field null, every field the wrong type, text too long and numbers out of range,
 * lists with empty items, a field it does not take — and every issue that comes back must carry zod's code
 * and the field's path for programs, and plain words for people: nothing like "Too small: expected string
 * to have >=1 characters" or "Invalid input: expected string, received null".
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type JsonSchema = Schema & {
  maxItems?: number;
  minItems?: number;
  exclusiveMinimum?: number;
  additionalProperties?: unknown;
};

/** The schema without its "or null" branch. */
function solid(schema: JsonSchema | undefined): JsonSchema {
  const branches = (schema?.anyOf ?? schema?.oneOf) as JsonSchema[] | undefined;
  if (branches) return solid(branches.find((b) => b.type !== 'null') ?? branches[0]);
  return schema ?? {};
}

const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);

/** A value of the wrong type for the field. */
function wrongType(schema: JsonSchema): unknown {
  const s = solid(schema);
  if (s.enum) return 'not-one-of-them';
  switch (typeOf(s)) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'twelve';
    case 'boolean':
      return 'maybe';
    case 'array':
      return 'one, two';
    case 'object':
      return 'text';
    default:
      return { an: 'object' };
  }
}

/** A value just outside the field's limits or format, where it has any. */
function outOfBounds(schema: JsonSchema): unknown {
  const s = solid(schema);
  if (s.format === 'uuid') return 'not-an-id';
  if (s.format === 'email') return 'name-at-example';
  if (s.format === 'date' || s.pattern === String.raw`^\d{4}-\d{2}-\d{2}$`) return '12/01/2026';
  if (s.format === 'date-time') return 'next Tuesday';
  if (s.format === 'uri') return 'not a link';
  if (s.pattern) return '\u00a7\u00a7 no \u00a7\u00a7';
  switch (typeOf(s)) {
    case 'string':
      return 'x'.repeat((s.maxLength ?? 100_000) + 1);
    case 'number':
    case 'integer':
      if (s.maximum !== undefined) return s.maximum + 1;
      if (s.minimum !== undefined) return s.minimum - 1;
      return 1.5;
    case 'array':
      if (s.maxItems !== undefined) return Array.from({ length: s.maxItems + 1 }, () => 'x');
      return [null];
    case 'object':
      return {};
    default:
      return undefined;
  }
}

/** An empty value of the field's type: blank text, an empty list. */
function blank(schema: JsonSchema): unknown {
  const s = solid(schema);
  if (typeOf(s) === 'string') return '   ';
  if (typeOf(s) === 'array') return [];
  return undefined;
}

/** Bodies that fail the schema, each in a different way. */
function badBodies(schema: JsonSchema): unknown[] {
  const props = Object.entries(solid(schema).properties ?? {}) as [string, JsonSchema][];
  const each = (f: (s: JsonSchema) => unknown) => Object.fromEntries(props.map(([k, s]) => [k, f(s)]));
  const nested = Object.fromEntries(
    props.map(([k, s]) => {
      const inner = solid(s);
      if (typeOf(inner) === 'array') return [k, [{}]];
      if (typeOf(inner) === 'object') return [k, {}];
      return [k, outOfBounds(s)];
    }),
  );
  return [
    {},
    null,
    each(() => null),
    each(blank),
    each(wrongType),
    each(outOfBounds),
    nested,
    { notAField: true },
  ];
}

describe('validation messages', () => {
  it('every route that takes a body answers a bad one in plain words, with a code and a path per issue', async () => {
    const org = await t.org();
    const admin = await t.user([{ orgId: org.id, role: 'org_admin' }], { systemAdmin: true });
    const client = await t.signIn(admin.email);
    const id = '00000000-0000-4000-8000-000000000000';

    let checked = 0;
    const seen = new Map<string, string>();
    const failures: string[] = [];
    for (const { path, method, op } of await operations(t)) {
      if (!['POST', 'PUT', 'PATCH'].includes(method)) continue;
      const body = (op as { requestBody?: { content?: Record<string, { schema: JsonSchema }> } }).requestBody
        ?.content?.['application/json']?.schema;
      if (!body) continue;
      const url = path.replace(/\{[^}]+\}/g, id);
      for (const payload of badBodies(body)) {
        const send = method === 'POST' ? client.post : method === 'PUT' ? client.put : client.patch;
        const res = await send(url, payload, { 'if-match': '1' });
        if (res.statusCode !== 400) continue;
        const answer = res.json() as {
          code: string;
          message: string;
          issues?: { code?: string; path?: string; message: string }[];
        };
        const where = `${method} ${path} ${JSON.stringify(payload).slice(0, 80)}`;
        if (isLibraryText(answer.message)) failures.push(`${where} → ${answer.message}`);
        for (const issue of answer.issues ?? []) {
          checked++;
          if (typeof issue.code !== 'string' || typeof issue.path !== 'string')
            failures.push(`${where} → issue without code or path: ${JSON.stringify(issue)}`);
          if (isLibraryText(issue.message) || !/^[A-Z“]/.test(issue.message))
            failures.push(`${where} → ${issue.path}: ${issue.message}`);
          seen.set(`${issue.code} ${issue.path}`, issue.message);
        }
      }
    }
    if (process.env.SEEN)
      (await import('node:fs')).writeFileSync(
        process.env.SEEN,
        [...seen].map(([k, v]) => `${k}\t${v}`).join('\n'),
      );
    expect(failures).toEqual([]);
    // Enough issues to mean something: every kind zod raises for request bodies came back.
    expect(checked).toBeGreaterThan(500);
    const codes = new Set([...seen.keys()].map((k) => k.split(' ')[0]));
    for (const code of [
      'invalid_type',
      'too_small',
      'too_big',
      'invalid_format',
      'invalid_value',
      'unrecognized_keys',
    ])
      expect(codes).toContain(code);
  });

  it('names the field as the form does and says what to do', async () => {
    const org = await t.org();
    const admin = await t.user([{ orgId: org.id, role: 'training_admin' }]);
    const client = await t.signIn(admin.email);

    const empty = await client.post('/api/training/topics', { code: 'OK-1', title: '', shared: false });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Enter a title.',
      issues: [{ code: 'too_small', path: 'body.title', message: 'Enter a title' }],
    });

    const missing = await client.post('/api/training/topics', { title: null, shared: false });
    expect(missing.json().message).toBe('Enter a code, and correct one more field.');
    expect(missing.json().issues).toEqual([
      { code: 'invalid_type', path: 'body.code', message: 'Enter a code' },
      { code: 'invalid_type', path: 'body.title', message: 'Enter a title' },
    ]);
  });

  it('a broken address says to check the link, with zod’s code kept beside it', async () => {
    const org = await t.org();
    const admin = await t.user([{ orgId: org.id, role: 'org_admin' }]);
    const client = await t.signIn(admin.email);
    const res = await client.get('/api/people/not-an-id');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      {
        code: 'invalid_format',
        path: 'params.id',
        message: 'Check the link: this address does not name a record',
      },
    ]);
  });

  it('a rule of Concord’s own is an issue with the code custom', async () => {
    const org = await t.org();
    const officer = await t.signIn((await t.user([{ orgId: org.id, role: 'compliance_officer' }])).email);
    const rosa = await t.user([{ orgId: org.id, role: 'care_coordinator' }]);
    const res = await officer.post(`/api/people/${rosa.person.id}/qualifications`, {
      kind: 'certification',
      name: 'CCM',
      issuer: 'CCMC',
      issuedOn: '2199-06-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      {
        code: 'custom',
        path: 'body.issuedOn',
        message: expect.stringContaining('2199-06-01 is after today'),
      },
    ]);
  });

  it('the OpenAPI document describes the error body, with code, path and message per issue', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const error = doc.components.schemas.Error;
    expect(error.required).toEqual(['code', 'message']);
    expect(Object.keys(error.properties.issues.items.properties)).toEqual(
      expect.arrayContaining(['code', 'path', 'message']),
    );
    expect(
      doc.paths['/api/training/topics'].post.responses['4XX'].content['application/json'].schema,
    ).toEqual({
      $ref: '#/components/schemas/Error',
    });
  });
});
