import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
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
 * Community Partner enrollment batch files over HTTP: the template; a batch with one bad row refused whole,
 * naming row and column, then applied once corrected; the same file again refused naming the earlier
 * batch; check-only applying nothing; transfers and disenrollments by the rules; capacity; the member's
 * history; the portal file; and who may do what.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function world() {
  const cpA = await communityPartner(t, { confirmed: 100 });
  const cpB = await communityPartner(t, { confirmed: 100 });
  const aco = await acoWith(t, [cpA, cpB]);
  return { cpA, cpB, aco };
}

const history = async (client: Client, masshealthId: string) => {
  const res = await client.get(`/api/enrollment/members?masshealthId=${masshealthId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0];
};

describe('the batch template', () => {
  it('has instructions, the header row, three examples, drop-downs and date checks', async () => {
    const { aco } = await world();
    const res = await aco.submitter.get('/api/enrollment/batches/template');
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Instructions', 'Batch', 'Lists']);
    const sheet = workbook.getWorksheet('Batch')!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([
      'Medicaid_ID',
      'Member_Name_Last',
      'Member_Name_First',
      'Member_Date_of_Birth',
      'Member_Sex',
      'ACO_MCO_PID',
      'ACO_MCO_SL',
      'CP_PID',
      'CP_SL',
      'Action',
      'Effective_Date',
      'Disenrollment_Reason',
      'Transfer_To_CP_PID',
      'Transfer_To_CP_SL',
      'Submitter_Notes',
    ]);
    expect(sheet.rowCount).toBe(4);
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string }> } })
      .dataValidations.model;
    const kinds = Object.entries(validations).map(([range, v]) => `${range.split(':')[0]}:${v.type}`);
    expect(kinds).toEqual(expect.arrayContaining(['J2:list', 'L2:list', 'D2:date', 'K2:date']));
  });
});

describe('a batch file', () => {
  it('is refused whole for one bad row, naming row and column; applied once corrected; refused when sent again', async () => {
    const { cpA, aco } = await world();
    const m1 = await member(aco.admin);
    const m2 = await member(aco.admin);
    const good = batchRow(m1, aco, cpA, 'E', '2026-02-01');
    const bad = batchRow(m2, aco, cpA, 'D', '2026-02-14', { Disenrollment_Reason: 'MOVED' });
    const first = await sendBatch(t, aco.submitter, 'february.xlsx', await batchXlsx([good, bad]));
    expect(first.batch).toMatchObject({ outcome: 'rejected', rows: 2, refusedRows: 1 });
    expect(first.rows).toEqual([
      { row: 2, outcome: 'No problem (not applied)', column: '', problem: '' },
      {
        row: 3,
        outcome: 'Refused',
        column: 'Action',
        problem: 'The member is not enrolled with a Community Partner',
      },
    ]);
    expect((await history(aco.submitter, m1.masshealthId)).spans).toEqual([]);
    const problems = await aco.submitter.get(`/api/enrollment/batches/${first.id}/problems`);
    expect(problems.json().items).toEqual([
      {
        rowNumber: 3,
        problems: [{ column: 'Action', message: 'The member is not enrolled with a Community Partner' }],
      },
    ]);

    const fixed = batchRow(m2, aco, cpA, 'E', '2026-02-01');
    const file = await batchXlsx([good, fixed]);
    const second = await sendBatch(t, aco.submitter, 'february-fixed.xlsx', file);
    expect(second.batch).toMatchObject({
      outcome: 'applied',
      rows: 2,
      refusedRows: 0,
      counts: { enroll: 2 },
    });
    expect(second.rows.map((r) => r.outcome)).toEqual(['Accepted', 'Accepted']);
    const h = await history(aco.submitter, m2.masshealthId);
    expect(h).toMatchObject({
      status: 'enrolled',
      spans: [{ cpOrgId: cpA.org.id, startsOn: '2026-02-01', endsOn: null }],
    });

    const again = await sendBatch(t, aco.submitter, 'february-copy.xlsx', file);
    expect(again.batch.outcome).toBe('refused');
    expect(again.batch.message).toMatch(
      /^This file was already applied: "february-fixed.xlsx", uploaded .* Nothing was applied again\.$/,
    );
    // The same rows saved as CSV are the same batch too.
    const csv = await sendBatch(
      t,
      aco.submitter,
      'february.csv',
      batchCsv([good, fixed].map((r) => ({ ...r }))),
    );
    expect(csv.batch.outcome).toBe('refused');
  });

  it('checks only, applying nothing, when asked', async () => {
    const { cpA, aco } = await world();
    const m = await member(aco.admin);
    const content = await batchXlsx([batchRow(m, aco, cpA, 'E', '2026-03-01')]);
    const checked = await sendBatch(t, aco.submitter, 'check.xlsx', content, { checkOnly: true });
    expect(checked.batch).toMatchObject({ outcome: 'checked', checkOnly: true, refusedRows: 0 });
    expect(checked.batch.message).toMatch(/^Every row passed/);
    expect((await history(aco.submitter, m.masshealthId)).spans).toEqual([]);
    // Only an applied batch gives a file for the state's portal.
    expect((await aco.submitter.get(`/api/enrollment/batches/${checked.id}/portal-file`)).statusCode).toBe(
      409,
    );
    const applied = await sendBatch(t, aco.submitter, 'check.xlsx', content);
    expect(applied.batch.outcome).toBe('applied');
  });

  it('transfers and disenrolls by the rules, keeping one enrollment across a transfer', async () => {
    const { cpA, cpB, aco } = await world();
    const m = await member(aco.admin);
    await sendBatch(t, aco.submitter, 'e.xlsx', await batchXlsx([batchRow(m, aco, cpA, 'E', '2026-01-01')]));
    const transfer = await sendBatch(
      t,
      aco.submitter,
      't.xlsx',
      await batchXlsx([
        batchRow(m, aco, cpA, 'T', '2026-03-01', { Transfer_To_CP_PID: cpB.pid, Transfer_To_CP_SL: 'a' }),
      ]),
    );
    expect(transfer.batch.outcome).toBe('applied');
    const disenroll = await sendBatch(
      t,
      aco.submitter,
      'd.xlsx',
      await batchXlsx([
        batchRow(m, aco, cpB, 'D', '2026-05-31', {
          Disenrollment_Reason: 'GRADUATED - Graduated: goals met',
        }),
      ]),
    );
    expect(disenroll.batch.outcome).toBe('applied');
    const h = await history(aco.submitter, m.masshealthId);
    expect(h.spans).toMatchObject([
      {
        cpOrgId: cpA.org.id,
        startsOn: '2026-01-01',
        endsOn: '2026-02-28',
        endReason: 'TRANSFERRED',
        episodeStartsOn: '2026-01-01',
      },
      {
        cpOrgId: cpB.org.id,
        startsOn: '2026-03-01',
        endsOn: '2026-05-31',
        endReason: 'GRADUATED',
        episodeStartsOn: '2026-01-01',
      },
    ]);
    // Too soon to enroll again: 30 days after the disenrollment.
    const soon = await sendBatch(
      t,
      aco.submitter,
      'e2.xlsx',
      await batchXlsx([batchRow(m, aco, cpA, 'E', '2026-06-15')]),
    );
    expect(soon.rows[0]).toMatchObject({
      column: 'Effective_Date',
      problem: expect.stringMatching(/can be enrolled again from 1 July 2026/),
    });
  });

  it('names every problem of a row and across rows: format, member, CP, partnership, county, duplicates', async () => {
    const { cpA, aco } = await world();
    const elsewhere = await communityPartner(t, { counties: ['Berkshire'] });
    const unpartnered = await communityPartner(t);
    const m1 = await member(aco.admin);
    const m2 = await member(aco.admin);
    const m3 = await member(aco.admin, 'Plymouth', '1970-01-01');
    const m4 = await member(aco.admin);
    const m5 = await member(aco.admin);
    const rows = [
      batchRow(m1, aco, cpA, 'E', '2026-02-01', { Medicaid_ID: '12345', Member_Sex: 'Q' }),
      batchRow(m2, aco, elsewhere, 'E', '2026-02-01'),
      batchRow(m3, aco, unpartnered, 'E', '2026-02-01', { Member_Date_of_Birth: '19700102' }),
      batchRow(m4, aco, cpA, 'E', '2026-02-01'),
      batchRow(m4, aco, cpA, 'E', '2026-02-01'),
      batchRow(m1, aco, cpA, 'X' as 'E', '2026-02-30', { Disenrollment_Reason: 'MOVED' }),
      batchRow(m5, aco, cpA, 'E', '2026-02-01', { ACO_MCO_PID: '999999999' }),
    ];
    const sent = await sendBatch(t, aco.submitter, 'mixed.csv', batchCsv(rows));
    expect(sent.batch).toMatchObject({ outcome: 'rejected', refusedRows: 7 });
    const byRow = new Map(sent.rows.map((r) => [r.row, r]));
    expect(byRow.get(2)).toMatchObject({ column: 'Medicaid_ID\nMember_Sex' });
    expect(byRow.get(2)!.problem).toMatch(/12 digits; this has 5\n"Q" is not M, F, X or U/);
    expect(byRow.get(3)).toMatchObject({
      column: 'CP_PID\nCP_PID',
      problem: expect.stringMatching(
        /has no partnership with .*\n.* does not serve Plymouth County on 1 February 2026$/,
      ),
    });
    expect(byRow.get(4)!.column.split('\n')).toEqual(['Member_Date_of_Birth', 'CP_PID']);
    expect(byRow.get(4)!.problem).toMatch(
      /^This is not the member's recorded date of birth: check the member's record\n.* has no partnership with .* in force on 1 February 2026/,
    );
    expect(byRow.get(5)).toMatchObject({
      column: 'Medicaid_ID',
      problem: 'The same row for this member is also on row 6: keep one',
    });
    // Row 2's ID was cut short, so row 7 is the only row read for that member.
    expect(byRow.get(7)!.column.split('\n')).toEqual(['Action', 'Effective_Date']);
    expect(byRow.get(8)).toMatchObject({
      column: 'ACO_MCO_PID',
      problem: 'No ACO or MCO has PID 999999999 and service location A in the directory',
    });
  });

  it('never takes a Community Partner past its capacity', async () => {
    const small = await communityPartner(t, { confirmed: 2 });
    const aco = await acoWith(t, [small]);
    const members = [await member(aco.admin), await member(aco.admin), await member(aco.admin)];
    const sent = await sendBatch(
      t,
      aco.submitter,
      'cap.xlsx',
      await batchXlsx(members.map((m) => batchRow(m, aco, small, 'E', '2026-02-01'))),
    );
    expect(sent.batch.outcome).toBe('rejected');
    expect(sent.rows[2]).toMatchObject({
      column: 'CP_PID',
      problem: expect.stringMatching(/has no free place: 2 confirmed, 0 used, 2 earlier in this file$/),
    });
    const two = await sendBatch(
      t,
      aco.submitter,
      'cap2.xlsx',
      await batchXlsx(members.slice(0, 2).map((m) => batchRow(m, aco, small, 'E', '2026-02-01'))),
    );
    expect(two.batch.outcome).toBe('applied');
    const dir = (await aco.submitter.get('/api/enrollment/community-partners')).json().items;
    expect(dir.find((c: { orgId: string }) => c.orgId === small.org.id)).toMatchObject({
      confirmed: 2,
      used: 2,
      free: 0,
    });
  });

  it('gives the accepted rows in the template’s layout for the portal, with their count', async () => {
    const { cpA, aco } = await world();
    const m = await member(aco.admin);
    const sent = await sendBatch(
      t,
      aco.submitter,
      'portal.xlsx',
      await batchXlsx([batchRow(m, aco, cpA, 'E', '2026-02-01')]),
    );
    const res = await aco.submitter.get(`/api/enrollment/batches/${sent.id}/portal-file`);
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Batch')!;
    expect((sheet.getRow(2).values as string[])[1]).toBe(m.masshealthId);
    expect((sheet.getRow(2).values as string[])[10]).toBe('E');
    expect((workbook.getWorksheet('Summary')!.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Rows in this file',
      1,
    ]);
  });
});

describe('who may', () => {
  it('sees batches and members only where they may; a CP its own spans; a state agency everything, read-only', async () => {
    const { cpA, cpB, aco } = await world();
    const m = await member(aco.admin);
    const sent = await sendBatch(
      t,
      aco.submitter,
      'tenancy.xlsx',
      await batchXlsx([batchRow(m, aco, cpA, 'E', '2026-02-01')]),
    );
    const other = await acoWith(t, [cpA]);
    expect((await other.submitter.get(`/api/enrollment/batches/${sent.id}`)).statusCode).toBe(404);
    expect((await other.submitter.get(`/api/enrollment/batches/${sent.id}/result`)).statusCode).toBe(404);
    expect(
      (await other.submitter.get(`/api/enrollment/members?masshealthId=${m.masshealthId}`)).statusCode,
    ).toBe(404);
    expect(
      (await cpA.client.get(`/api/enrollment/members?masshealthId=${m.masshealthId}`)).json().items[0].spans,
    ).toHaveLength(1);
    expect((await cpB.client.get(`/api/enrollment/members?masshealthId=${m.masshealthId}`)).statusCode).toBe(
      404,
    );

    const state = await t.org({ kind: 'state_agency' });
    const auditor = await t.user([{ orgId: state.id, role: 'auditor' }]);
    const stateClient = await t.signIn(auditor.email);
    expect((await stateClient.get(`/api/enrollment/batches/${sent.id}`)).statusCode).toBe(200);
    expect(
      (await stateClient.get(`/api/enrollment/members?masshealthId=${m.masshealthId}`)).json().items[0].spans,
    ).toHaveLength(1);
    expect((await stateClient.post('/api/enrollment/batches')).statusCode).toBe(403);

    const coordinator = await t.user([{ orgId: aco.org.id, role: 'rn' }]);
    const rn = await t.signIn(coordinator.email);
    expect((await rn.get('/api/enrollment/batches')).statusCode).toBe(403);
  });
});

describe('the Community Partner directory', () => {
  it('tells a submitter their own organisation’s PID, and no one another’s', async () => {
    const aco = await acoWith(t, []);
    const own = await aco.submitter.get('/api/enrollment/directory');
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ ids: [{ pid: aco.pid, sl: 'A' }] });
    const other = await acoWith(t, []);
    expect((await other.submitter.get('/api/enrollment/directory')).json()).toEqual({
      ids: [{ pid: other.pid, sl: 'A' }],
    });
  });

  it('lists an ACO’s county with fewer than two LTSS CPs under agreement, until it has two', async () => {
    const one = await communityPartner(t, { kind: 'cp_ltss', counties: ['Hampshire'] });
    const two = await communityPartner(t, { kind: 'cp_ltss', counties: ['Hampshire'] });
    const aco = await acoWith(t, [one]);
    const area = await aco.admin.post(`/api/organisations/${aco.org.id}/service-areas`, {
      county: 'Hampshire',
      startsOn: '2020-01-01',
    });
    expect(area.statusCode, area.body).toBe(201);
    const gapsOf = async () =>
      (await aco.submitter.get('/api/enrollment/ltss-gaps'))
        .json()
        .items.filter((g: { orgId: string }) => g.orgId === aco.org.id);
    expect(await gapsOf()).toEqual([
      { orgId: aco.org.id, orgName: aco.org.name, county: 'Hampshire', ltssCps: [one.org.name] },
    ]);
    const link = await aco.admin.post(`/api/organisations/${aco.org.id}/relationships`, {
      kind: 'cp_partnership',
      otherOrgId: two.org.id,
      startsOn: '2020-01-01',
    });
    expect(link.statusCode, link.body).toBe(201);
    expect(await gapsOf()).toEqual([]);
  });
});
