import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARE_COLUMNS, copyCareRows } from '../../src/domains/care/index.js';
import * as repo from '../../src/domains/enrollment/mailing.repository.js';
import { insertOrganisation } from '../../src/domains/organisations/index.js';
import { testDatabase } from '../support/database.js';

// A resident is welcomed by a plan once (a unique key), and a mailing that stops before its letters are
// written lets them go, so that the next run writes to them (decision 063).
let database: Awaited<ReturnType<typeof testDatabase>>;
let planId: string;
let n = 0;
beforeAll(async () => {
  database = await testDatabase();
  const tag = randomUUID().slice(0, 8);
  planId = (
    await insertOrganisation(database.system, { kind: 'plan', code: `MAIL-${tag}`, name: 'Mail plan' })
  ).id;
});
afterAll(() => database.drop());

async function member() {
  const id = randomUUID();
  const row: Record<string, unknown> = {
    org_id: planId,
    id,
    masshealth_id: String(400_000_000_000 + n++),
    given_name: 'Ana',
    family_name: 'Reyes',
    date_of_birth: '1970-01-01',
    sex: 'unknown',
    county: 'Berkshire',
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

async function mailing() {
  const id = randomUUID();
  await repo.insertMailing(database.system, {
    orgId: planId,
    id,
    counties: ['Berkshire'],
    effectiveOn: '2021-01-01',
    firstEnrollmentOn: '2027-01-01',
    createdBy: null,
    createdByName: 'Test',
  });
  return id;
}

const resident = (enrolleeId: string) => ({
  enrolleeId,
  county: 'Berkshire',
  language: 'en',
  format: 'standard',
});

describe('welcome mailing residents', () => {
  it('are recorded by one mailing only; one that stops lets them go, one that is done keeps them', async () => {
    const [ana, ben] = [await member(), await member()];
    const first = await mailing();
    await repo.recordResidents(database.system, planId, first, [resident(ana)]);
    const second = await mailing();
    await repo.recordResidents(database.system, planId, second, [resident(ana), resident(ben)]);
    expect(await repo.countyCounts(database.system, planId, first)).toEqual({ Berkshire: 1 });
    expect(await repo.countyCounts(database.system, planId, second)).toEqual({ Berkshire: 1 });
    expect(await repo.welcomedBefore(database.system, planId, second, ['Berkshire'])).toBe(1);

    // The second stops: Ben is free again, and a third mailing finds him (and not Ana).
    await repo.stopMailing(database.system, planId, second, 'stopped');
    expect(await repo.findMailing(database.system, second)).toMatchObject({
      status: 'stopped',
      residents: 0,
    });
    const third = await mailing();
    const found = await repo.candidates(database.system, planId, ['Berkshire'], '2021-01-01', '', 100);
    expect(found.map((c) => c.id)).toEqual([ben]);
    await repo.recordResidents(database.system, planId, third, [resident(ben)]);

    // A mailing that is done keeps its residents whatever asks it to stop later.
    await repo.finishMailing(database.system, planId, first, {
      message: 'done',
      countyCounts: { Berkshire: 1 },
      lettersFileId: null,
      mailFileId: null,
    });
    await repo.stopMailing(database.system, planId, first, 'too late');
    expect(await repo.findMailing(database.system, first)).toMatchObject({ status: 'done', residents: 1 });
    expect(await repo.countyCounts(database.system, planId, first)).toEqual({ Berkshire: 1 });
  });
});
