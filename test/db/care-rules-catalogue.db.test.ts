import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STANDARD_CARE_RULES } from '../../src/domains/care/rule-catalogue.js';
import { checkedRows } from '../../src/platform/db/client.js';
import { createTestApp, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const key = (r: { kind: string; program: string; version: number }) => `${r.kind}|${r.program}|${r.version}`;

describe('the care rule catalogue', () => {
  // The source column is the migration's wording; the rules themselves must match field for field.
  it('holds exactly the standard rules, version for version (migration 0037)', async () => {
    const rows = await checkedRows(
      t.database.system,
      z.object({
        kind: z.string(),
        program: z.string(),
        version: z.number(),
        effectiveFrom: z.string(),
        effectiveTo: z.string().nullable(),
        parameters: z.record(z.string(), z.unknown()),
      }),
      sql`select kind::text, program::text, version, effective_from::text as "effectiveFrom",
            effective_to::text as "effectiveTo", parameters from care_rules`,
    );
    const inTable = rows.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)));
    const standard = STANDARD_CARE_RULES.map(({ source: _s, ...r }) => ({ ...r })).sort((a, b) =>
      key(a).localeCompare(key(b)),
    );
    expect(inTable).toEqual(standard);
  });
});
