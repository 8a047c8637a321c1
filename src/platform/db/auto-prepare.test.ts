import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoPrepare, PREPARE_AFTER, PREPARED_PER_CONNECTION } from './auto-prepare.js';

// A real PostgreSQL connection: the server the PostgreSQL suite uses, which the machine always runs.
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('statements prepared after repeated use', () => {
  let client: pg.Client;
  const preparedStatements = async () =>
    (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map(
      (r) => r.statement,
    );

  beforeAll(async () => {
    client = new pg.Client({ connectionString: url });
    await client.connect();
    autoPrepare(client);
  });
  afterAll(() => client.end());

  it('names a parameterised statement once it has run often enough, with the same answers before and after', async () => {
    const text = 'select $1::int + 1 as n, current_setting($2::text, true) as setting';
    const answers: unknown[] = [];
    for (let i = 0; i < PREPARE_AFTER + 6; i++) {
      // The setting changes between runs: a kept plan must still read it when it runs.
      await client.query(`select set_config('concord.check', '${i}', false)`);
      answers.push((await client.query(text, [i, 'concord.check'])).rows[0]);
      const prepared = (await preparedStatements()).filter((s) => s === text);
      expect(prepared).toHaveLength(i + 1 >= PREPARE_AFTER ? 1 : 0);
    }
    expect(answers).toEqual(answers.map((_, i) => ({ n: i + 1, setting: String(i) })));
  });

  it('leaves statements without parameters unnamed, so several may share one round trip', async () => {
    for (let i = 0; i < PREPARE_AFTER + 2; i++) {
      const results = (await client.query('select 1 as a; select 2 as b')) as unknown as pg.QueryResult[];
      expect(results.map((r) => r.rows[0])).toEqual([{ a: 1 }, { b: 2 }]);
    }
    expect(await preparedStatements()).not.toContain('select 1 as a; select 2 as b');
  });

  it("keeps a caller's own name and text", async () => {
    for (let i = 0; i < PREPARE_AFTER + 1; i++)
      expect(
        (await client.query({ name: 'mine', text: 'select $1::text as t', values: ['x'] })).rows,
      ).toEqual([{ t: 'x' }]);
    const { rows } = await client.query('select name from pg_prepared_statements where name = $1', ['mine']);
    expect(rows).toHaveLength(1);
  });

  it('prepares at most its limit on one connection and answers every statement past it', async () => {
    for (let i = 0; i < PREPARED_PER_CONNECTION + 20; i++)
      for (let run = 0; run < PREPARE_AFTER; run++)
        expect((await client.query(`select $1::int * ${i} as n`, [2])).rows[0]).toEqual({ n: 2 * i });
    const prepared = await preparedStatements();
    // The caller's own statement is not counted against the limit.
    expect(prepared.filter((s) => s !== 'select $1::text as t').length).toBe(PREPARED_PER_CONNECTION);
  });

  it('goes on working after a named statement fails to prepare or to run', async () => {
    const fails = 'select 1 / $1::int as n';
    for (let i = 0; i < PREPARE_AFTER + 2; i++)
      await expect(client.query(fails, [0])).rejects.toThrow(/division by zero/);
    expect((await client.query(fails, [1])).rows).toEqual([{ n: 1 }]);
    const broken = 'select from where $1';
    for (let i = 0; i < PREPARE_AFTER + 2; i++)
      await expect(client.query(broken, [1])).rejects.toThrow(/syntax/);
  });
});
