import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARE_COLUMNS, copyCareRows } from '../../src/domains/care/index.js';
import { insertOrganisation } from '../../src/domains/organisations/index.js';
import { type Db, sqlState } from '../../src/platform/db/client.js';
import { testDatabase } from '../support/database.js';

// One member's Community Partner enrollment spans never share a day, whoever writes them: a statement trigger
// checks them (decision 062), after taking the enrollment lock of the member's ACO/MCO that batches hold.
let database: Awaited<ReturnType<typeof testDatabase>>;
let acoId: string;
let cpId: string;
let n = 0;
beforeAll(async () => {
  database = await testDatabase();
  const tag = randomUUID().slice(0, 8);
  acoId = (
    await insertOrganisation(database.system, { kind: 'aco', code: `SPAN-ACO-${tag}`, name: 'Span ACO' })
  ).id;
  cpId = (
    await insertOrganisation(database.system, { kind: 'cp_bh', code: `SPAN-CP-${tag}`, name: 'Span CP' })
  ).id;
});
afterAll(() => database.drop());

async function member() {
  const id = randomUUID();
  const row: Record<string, unknown> = {
    org_id: acoId,
    id,
    masshealth_id: String(300_000_000_000 + n++),
    given_name: 'Rosa',
    family_name: 'Diaz',
    date_of_birth: '1950-01-01',
    sex: 'unknown',
    accessible_formats: '{}',
  };
  await copyCareRows(database, {
    enrollees: [CARE_COLUMNS.enrollees.map((c) => (row[c] ?? null) as string | null)],
    enrollments: [],
    team: [],
    contacts: [],
    assessments: [],
    majorChanges: [],
  });
  return id;
}
const span = (enrolleeId: string, from: string, to: string | null, db: Db = database.system) =>
  db.execute(sql`insert into enrollment_spans (org_id, enrollee_id, cp_org_id, starts_on, ends_on, end_reason, episode_starts_on)
    values (${acoId}, ${enrolleeId}, ${cpId}, ${from}, ${to}, ${to ? 'MOVED' : null}, ${from})`);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => ({
      code: sqlState(err),
      constraint: ((err as { cause?: { constraint?: string } }).cause ?? (err as { constraint?: string }))
        .constraint,
    }),
  );
const overlap = { code: '23P01', constraint: 'enrollment_spans_no_overlap' };

describe("a member's enrollment spans", () => {
  it('are refused when they share a day, open or ended; a span from the day after the last is taken', async () => {
    const id = await member();
    await span(id, '2024-01-01', '2024-06-30');
    expect(await refusal(span(id, '2024-06-30', null))).toEqual(overlap);
    expect(await refusal(span(id, '2023-01-01', '2024-01-01'))).toEqual(overlap);
    expect(await refusal(span(id, '2023-01-01', null))).toEqual(overlap);
    await span(id, '2024-07-01', null);
    expect(await refusal(span(id, '2025-01-01', '2025-01-31'))).toEqual(overlap);
    // Another member's spans are no concern of this one's.
    await span(await member(), '2024-01-01', null);
  });

  it('are refused when two rows of one statement overlap, or a change of dates would', async () => {
    const id = await member();
    expect(
      await refusal(
        database.system.execute(sql`insert into enrollment_spans (org_id, enrollee_id, cp_org_id, starts_on, episode_starts_on)
          values (${acoId}, ${id}, ${cpId}, '2024-01-01', '2024-01-01'), (${acoId}, ${id}, ${cpId}, '2025-01-01', '2025-01-01')`),
      ),
    ).toEqual(overlap);
    await span(id, '2024-01-01', '2024-06-30');
    await span(id, '2024-07-01', null);
    const end = (day: string) =>
      database.system.execute(
        sql`update enrollment_spans set ends_on = ${day} where enrollee_id = ${id} and starts_on = '2024-01-01'`,
      );
    expect(await refusal(end('2024-07-01'))).toEqual(overlap);
    await end('2024-06-15');
  });

  it('are not written in a REPEATABLE READ transaction, whose check would read an old snapshot', async () => {
    const id = await member();
    const err = await database.system
      .transaction((tx) => span(id, '2024-01-01', null, tx as unknown as Db), {
        isolationLevel: 'repeatable read',
      })
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(sqlState(err)).toBe('0A000');
    await database.system.transaction((tx) => span(id, '2024-01-01', null, tx as unknown as Db), {
      isolationLevel: 'serializable',
    });
  });

  it('written by two transactions take turns on the ACO’s enrollment lock, so the second sees the first (PGlite has one connection: one after the other)', async () => {
    const id = await member();
    const insert = `insert into enrollment_spans (org_id, enrollee_id, cp_org_id, starts_on, episode_starts_on)
      values ($1, $2, $3, $4, $4)`;
    if (!database.url) {
      await span(id, '2024-01-01', null);
      expect(await refusal(span(id, '2025-01-01', null))).toEqual(overlap);
      return;
    }
    const [a, b] = [database.url, database.url].map((url) => new pg.Client({ connectionString: url })) as [
      pg.Client,
      pg.Client,
    ];
    await Promise.all([a.connect(), b.connect()]);
    try {
      // The first is a batch: it holds the lock from its checks on (batch.repository.ts, lockHolders).
      await a.query('begin');
      await b.query('begin');
      await a.query(`select pg_advisory_xact_lock(hashtext('enrollment:' || $1::text))`, [acoId]);
      let settled = false;
      const second = b.query(insert, [acoId, id, cpId, '2025-01-01']).finally(() => {
        settled = true;
      });
      second.catch(() => {});
      await a.query(insert, [acoId, id, cpId, '2024-01-01']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false); // waiting for the batch's lock
      await a.query('commit');
      const err = await second.then(
        () => null,
        (e: { code?: string; constraint?: string }) => e,
      );
      expect({ code: err?.code, constraint: err?.constraint }).toEqual(overlap);
      await b.query('rollback');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
