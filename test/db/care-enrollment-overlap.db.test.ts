import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { insertOrganisation } from '../../src/domains/organisations/index.js';
import { checkedRows, type Db, sqlState } from '../../src/platform/db/client.js';
import { testDatabase } from '../support/database.js';

// Enrollments that may not share a day are refused by a statement trigger (decision 057): one program, or
// two of One Care, ACO and MCO; a Community Partner enrollment runs beside them.
let database: Awaited<ReturnType<typeof testDatabase>>;
let orgId: string;
let n = 0;
beforeAll(async () => {
  database = await testDatabase();
  orgId = (await insertOrganisation(database.system, { kind: 'plan', code: 'OVERLAP', name: 'Overlap plan' }))
    .id;
});
afterAll(() => database.drop());

const idRow = z.object({ id: z.string() });
async function enrollee(db: Db = database.system) {
  const masshealthId = String(200_000_000_000 + n++);
  const [row] = await checkedRows(
    db,
    idRow,
    sql`insert into care_enrollees (org_id, masshealth_id, given_name, family_name, date_of_birth)
      values (${orgId}, ${masshealthId}, 'Rosa', 'Diaz', '1950-01-01') returning id`,
  );
  return row!.id;
}
const enroll = (
  enrolleeId: string,
  program: string,
  from: string,
  to: string | null,
  db: Db = database.system,
) =>
  db.execute(sql`insert into care_enrollments (org_id, enrollee_id, program, effective_on, ends_on)
    values (${orgId}, ${enrolleeId}, ${program}::care_program, ${from}, ${to})`);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => ({
      code: sqlState(err),
      constraint: ((err as { cause?: { constraint?: string } }).cause ?? (err as { constraint?: string }))
        .constraint,
    }),
  );
const overlap = { code: '23P01', constraint: 'care_enrollments_no_overlap' };
const dueRows = async (enrolleeId: string) =>
  (
    await checkedRows(
      database.system,
      z.object({ changed: z.number() }),
      sql`select changed from care_due where org_id = ${orgId} and enrollee_id = ${enrolleeId}`,
    )
  ).map((r) => r.changed);

describe('enrollments that may not share a day', () => {
  it('refuses one program twice on a day, and One Care beside an ACO; takes a Community Partner beside them', async () => {
    const id = await enrollee();
    await enroll(id, 'one_care', '2024-01-01', '2024-12-31');
    expect(await refusal(enroll(id, 'one_care', '2024-12-31', null))).toEqual(overlap);
    expect(await refusal(enroll(id, 'aco', '2024-06-01', '2024-06-30'))).toEqual(overlap);
    expect(await refusal(enroll(id, 'mco', '2023-01-01', null))).toEqual(overlap);
    await enroll(id, 'aco', '2025-01-01', null); // the day after One Care ends
    await enroll(id, 'cp', '2024-03-01', null);
    expect(await refusal(enroll(id, 'cp', '2025-03-01', '2025-04-01'))).toEqual(overlap);
  });

  it('refuses two rows of one statement that overlap each other, and a change of dates that would', async () => {
    const id = await enrollee();
    expect(
      await refusal(
        database.system.execute(sql`insert into care_enrollments (org_id, enrollee_id, program, effective_on, ends_on)
          values (${orgId}, ${id}, 'one_care', '2024-01-01', '2024-06-30'),
                 (${orgId}, ${id}, 'mco', '2024-06-30', null)`),
      ),
    ).toEqual(overlap);
    await enroll(id, 'one_care', '2024-01-01', '2024-06-30');
    await enroll(id, 'mco', '2024-07-01', null);
    expect(
      await refusal(
        database.system.execute(
          sql`update care_enrollments set ends_on = '2024-07-15' where enrollee_id = ${id} and program = 'one_care'`,
        ),
      ),
    ).toEqual(overlap);
    await database.system.execute(
      sql`update care_enrollments set ends_on = '2024-06-15' where enrollee_id = ${id} and program = 'one_care'`,
    );
  });

  it('refuses to write enrollments in a REPEATABLE READ transaction, whose check would read an old snapshot', async () => {
    const id = await enrollee();
    const err = await database.system
      .transaction((tx) => enroll(id, 'one_care', '2024-01-01', null, tx as unknown as Db), {
        isolationLevel: 'repeatable read',
      })
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(sqlState(err)).toBe('0A000');
    await database.system.transaction(
      (tx) => enroll(id, 'one_care', '2024-01-01', null, tx as unknown as Db),
      {
        isolationLevel: 'serializable',
      },
    );
  });

  it('marks the work queue of an enrollee recorded before, not of one made in the same transaction', async () => {
    const older = await enrollee();
    let made = '';
    await database.system.transaction(async (tx) => {
      made = await enrollee(tx as unknown as Db);
      await enroll(made, 'one_care', '2024-01-01', null, tx as unknown as Db);
      await enroll(older, 'one_care', '2024-01-01', null, tx as unknown as Db);
    });
    // A refresh could not have read the new enrollee before this commit; with no kept row, it is computed.
    expect(await dueRows(made)).toEqual([]);
    expect(await dueRows(older)).toEqual([1]);
    await enroll(made, 'cp', '2024-01-01', null);
    expect(await dueRows(made)).toEqual([1]);
  });

  it('makes two transactions writing one enrollee’s enrollments take turns, so the second sees the first (PGlite has one connection: one after the other)', async () => {
    const id = await enrollee();
    const insert = `insert into care_enrollments (org_id, enrollee_id, program, effective_on) values ($1, $2, $3, $4)`;
    if (!database.url) {
      await enroll(id, 'one_care', '2024-01-01', null);
      expect(await refusal(enroll(id, 'aco', '2025-01-01', null))).toEqual(overlap);
      return;
    }
    const [a, b] = [database.url, database.url].map((url) => new pg.Client({ connectionString: url })) as [
      pg.Client,
      pg.Client,
    ];
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('begin');
      await b.query('begin');
      await a.query(insert, [orgId, id, 'one_care', '2024-01-01']);
      let settled = false;
      const second = b.query(insert, [orgId, id, 'aco', '2025-01-01']).finally(() => {
        settled = true;
      });
      second.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false); // waiting for the first transaction's lock on the enrollee
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
