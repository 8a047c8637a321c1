import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { uploadAndImport } from '../support/files.js';
import { invisibleInserts, propertyRuns, withInvisible } from '../support/invisible.js';

/**
 * A plan records completions for its own people only. Dana works at another organisation, Noor at none;
 * a completions import naming either is refused with the same words, so the file learns nothing about who
 * Concord knows elsewhere. Lee left the plan last year and is still its to record.
 */
let t: TestContext;
let admin: Client;
const HEADER = 'E-mail,NPI,Topic code,Completed on';

beforeAll(async () => {
  t = await createTestApp();
  const plan = await t.org({ kind: 'plan', name: 'Commonwealth Care Plan' });
  const elsewhere = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  admin = await t.signIn((await t.user([{ orgId: plan.id, role: 'training_admin' }])).email);
  expect(
    (
      await admin.post('/api/training/topics', {
        code: 'OC-CULT',
        title: 'Cultural competence',
        shared: true,
      })
    ).statusCode,
  ).toBe(201);
  const dana = await t.user([{ orgId: elsewhere.id, role: 'care_coordinator' }], {
    email: 'dana.kim@lowellch.example',
  });
  await t.database.system.execute(
    `update people set npi = '1245319599' where id = '${dana.person.id}'` as never,
  );
  const lee = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], { email: 'lee.chen@ccp.example' });
  await t.database.system.execute(
    `update person_roles set ends_on = '2025-06-30' where person_id = '${lee.person.id}'` as never,
  );
  await t.user([{ orgId: plan.id, role: 'rn' }], { email: 'kwame.mensah@ccp.example' });
});
afterAll(() => t.close());

async function importFile(csv: string) {
  const { started, job, lines } = await uploadAndImport(
    t,
    admin,
    '/api/training/completions/imports',
    'completions.csv',
    csv,
  );
  expect(started.statusCode, started.body).toBe(202);
  return {
    result: job.result as Record<string, unknown>,
    problems: lines.filter((l: string) => /^\d+ \|/.test(l)),
  };
}

describe('a completions import naming someone with no role at the organisation', () => {
  it('is refused, in the same words whether or not they work elsewhere', async () => {
    const { result, problems } = await importFile(
      [
        HEADER,
        'dana.kim@lowellch.example,,OC-CULT,2026-03-02',
        'noor.haddad@nowhere.example,,OC-CULT,2026-03-02',
        ',1245319599,OC-CULT,2026-03-02',
        ',1093817462,OC-CULT,2026-03-02',
      ].join('\n'),
    );
    expect(result).toMatchObject({ outcome: 'rejected', problems: 4 });
    const notHere = (what: string) =>
      `No one with this ${what} holds a role at your organisation; add them (people import, or Add person) first`;
    expect(problems).toEqual([
      `2 | E-mail | ${notHere('e-mail')}`,
      `3 | E-mail | ${notHere('e-mail')}`,
      `4 | NPI | ${notHere('NPI')}`,
      `5 | NPI | ${notHere('NPI')}`,
    ]);
    const dana = await admin.get('/api/people?q=dana');
    expect(dana.json().total).toBe(0);
  });

  it('records someone who held a role there', async () => {
    const { result } = await importFile([HEADER, 'Lee.Chen@ccp.example,,OC-CULT,2025-03-02'].join('\n'));
    expect(result).toMatchObject({ outcome: 'imported', added: 1 });
  });
});

describe('an e-mail in a completions import that looks right but is not', () => {
  it('is refused with an invisible character, naming the row and column; in full-width letters it is the person', async () => {
    const { result, problems } = await importFile(
      [
        HEADER,
        'kwame.mensah@ccp.exam\u2060ple,,OC-CULT,2026-03-02',
        'ｋｗａｍｅ.ｍｅｎｓａｈ@ccp.example,,OC-CULT,2026-03-09',
      ].join('\n'),
    );
    expect(result).toMatchObject({ outcome: 'rejected', problems: 1 });
    expect(problems).toEqual([
      expect.stringMatching(/^2 \| E-mail \| The e-mail address contains an invisible character \(U\+2060\)/),
    ]);
    const wide = await importFile(
      [HEADER, 'ｋｗａｍｅ.ｍｅｎｓａｈ@ccp.example,,OC-CULT,2026-03-09'].join('\n'),
    );
    expect(wide.result).toMatchObject({ outcome: 'imported', added: 1 });
  });

  it('with any invisible characters inserted is refused, or is the same person', async () => {
    const before = (await admin.get(`/api/training/completions?personId=${await kwameId()}`)).json().total;
    let recorded = 0;
    await fc.assert(
      fc.asyncProperty(invisibleInserts, fc.integer({ min: 1, max: 28 }), async (inserts, day) => {
        const email = withInvisible('kwame.mensah@ccp.example', inserts);
        const on = `2024-02-${String(day).padStart(2, '0')}`;
        const { result } = await importFile(`${HEADER}\n"${email}",,OC-CULT,${on}`);
        if (result.outcome === 'imported') recorded += Number(result.added);
        else expect(result.outcome).toBe('rejected');
      }),
      propertyRuns(10),
    );
    const after = (
      await admin.get(`/api/training/completions?personId=${await kwameId()}&pageSize=100`)
    ).json();
    expect(after.total).toBe(before + recorded);
  });
});

async function kwameId() {
  return (await admin.get('/api/people?q=kwame')).json().items[0].id as string;
}
