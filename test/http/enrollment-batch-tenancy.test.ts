import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import {
  acoWith,
  batchCsv,
  batchRow,
  batchXlsx,
  communityPartner,
  member,
  sendBatch,
} from '../support/enrollment.js';

/**
 * A batch never tells one organisation anything of another's members: rows naming another ACO's PID or
 * member are refused without looking the member up (no date of birth, county or enrollment in the result),
 * and a Community Partner only disenrolls members enrolled with it. Text that would corrupt the result or
 * portal file, or hide letters, is refused by row and column.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a batch naming another organisation’s members', () => {
  it('is refused without a word about them', async () => {
    const cp = await communityPartner(t);
    const mine = await acoWith(t, [cp]);
    const theirs = await acoWith(t, [cp]);
    const m = await member(theirs.admin, 'Plymouth', '1950-06-07');
    const wrongDob = { ...m, dateOfBirth: '1900-01-01' };
    // Their PID, or our PID with their member: one row each, in two files.
    const byPid = await sendBatch(
      t,
      mine.submitter,
      'probe1.csv',
      batchCsv([batchRow(wrongDob, theirs, cp, 'E', '2026-02-01')]),
      {
        checkOnly: true,
      },
    );
    const byId = await sendBatch(
      t,
      mine.submitter,
      'probe2.csv',
      batchCsv([
        batchRow(wrongDob, mine, cp, 'T', '2026-02-01', {
          Transfer_To_CP_PID: cp.pid,
          Transfer_To_CP_SL: 'A',
        }),
      ]),
      { checkOnly: true },
    );
    expect([...byPid.rows, ...byId.rows]).toEqual([
      {
        row: 2,
        outcome: 'Refused',
        column: 'ACO_MCO_PID',
        problem: 'This is not your organisation’s PID and service location: a batch lists your own members',
      },
      {
        row: 2,
        outcome: 'Refused',
        column: 'Medicaid_ID',
        problem: 'No member with this MassHealth ID is recorded at your organisation',
      },
    ]);
  });

  it('from a Community Partner, only disenrolls members enrolled with it', async () => {
    const cpA = await communityPartner(t);
    const cpB = await communityPartner(t);
    const aco = await acoWith(t, [cpA, cpB]);
    const [withA, withB] = [await member(aco.admin), await member(aco.admin)];
    const enrolled = await sendBatch(
      t,
      aco.submitter,
      'e.xlsx',
      await batchXlsx([
        batchRow(withA, aco, cpA, 'E', '2026-01-01'),
        batchRow(withB, aco, cpB, 'E', '2026-01-01'),
      ]),
    );
    expect(enrolled.batch.outcome).toBe('applied');
    const enroll = await sendBatch(
      t,
      cpA.client,
      'cp-e.csv',
      batchCsv([batchRow(withB, aco, cpA, 'E', '2026-03-01')]),
    );
    const other = await sendBatch(
      t,
      cpA.client,
      'cp-d-other.csv',
      batchCsv([
        batchRow({ ...withB, dateOfBirth: '1900-01-01' }, aco, cpA, 'D', '2026-03-31', {
          Disenrollment_Reason: 'MOVED',
        }),
      ]),
    );
    expect([...enroll.rows, ...other.rows].map((r) => [r.column, r.problem])).toEqual([
      [
        'Action',
        'A Community Partner sends only disenrollments (D) of members enrolled with it; enrollments and transfers are sent by the member’s ACO or MCO',
      ],
      ['Medicaid_ID', 'No member with this MassHealth ID is enrolled with you'],
    ]);
    const own = await sendBatch(
      t,
      cpA.client,
      'cp-d.csv',
      batchCsv([batchRow(withA, aco, cpA, 'D', '2026-03-31', { Disenrollment_Reason: 'DECLINED' })]),
    );
    expect(own.batch.outcome).toBe('applied');
    // The ACO's log says the Community Partner's batch read its member.
    const log = (await aco.admin.get(`/api/audit?entityType=enrollment_member`)).json();
    expect(JSON.stringify(log)).toContain('batch-check');
  });
});

describe('text in a batch', () => {
  it('that would hide letters or corrupt the files is refused, naming row and column', async () => {
    const cp = await communityPartner(t);
    const aco = await acoWith(t, [cp]);
    const m = await member(aco.admin);
    const sent = await sendBatch(
      t,
      aco.submitter,
      'hidden.csv',
      batchCsv([
        batchRow(m, aco, cp, 'E', '2026-02-01', {
          Member_Name_Last: 'Mem\u202Eber',
          Submitter_Notes: 'a\uFFFEb',
        }),
      ]),
    );
    expect(sent.rows[0]).toMatchObject({
      row: 2,
      outcome: 'Refused',
      column: 'Member_Name_Last\nSubmitter_Notes',
    });
    expect(sent.rows[0]!.problem).toMatch(
      /reorders the text on screen \(U\+202E\).*\n.*invisible character \(U\+FFFE\)/,
    );
  });
});
