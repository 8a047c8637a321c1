import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

let t: TestContext;
let sysadmin: Client;
beforeAll(async () => {
  t = await createTestApp();
  const state = await t.org({ kind: 'state_agency', name: 'MassHealth test office' });
  const { email } = await t.user([{ orgId: state.id, role: 'org_admin' }], { systemAdmin: true });
  sysadmin = await t.signIn(email);
  await sysadmin.switchTo(state.id);
});
afterAll(() => t.close());

describe('organisations', () => {
  it('lets a system administrator add an organisation, and names a bad field', async () => {
    const created = await sysadmin.post('/api/organisations', {
      kind: 'cp_ltss',
      code: 'springfield-ltss',
      name: 'Springfield LTSS Partners',
      city: 'Springfield',
      postalCode: '01103',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'SPRINGFIELD-LTSS', version: 1 });
    const duplicate = await sysadmin.post('/api/organisations', {
      kind: 'provider',
      code: 'Springfield-LTSS',
      name: 'Another',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().issues[0].path).toBe('body.code');
    const badZip = await sysadmin.post('/api/organisations', {
      kind: 'provider',
      code: 'OK-CODE',
      name: 'Fine name',
      postalCode: 'ABCDE',
    });
    expect(badZip.statusCode).toBe(400);
    expect(badZip.json().message).toBe('Use a ZIP code such as 02108 or 02108-1234.');
    expect(badZip.json().issues[0]).toMatchObject({ path: 'body.postalCode' });
  });

  it("changes only with the version the client saw (If-Match), and only by that organisation's administrator", async () => {
    const org = await t.org({ name: 'Worcester Family Medicine' });
    const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }]);
    const admin = await t.signIn(email);
    expect((await admin.patch(`/api/organisations/${org.id}`, { phone: '508-555-0100' })).statusCode).toBe(
      428,
    );
    const ok = await admin.patch(
      `/api/organisations/${org.id}`,
      { phone: '508-555-0100' },
      { 'if-match': '"1"' },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await admin.patch(
      `/api/organisations/${org.id}`,
      { phone: '508-555-0199' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('VERSION_CONFLICT');

    const other = await t.org();
    const { email: otherEmail } = await t.user([{ orgId: other.id, role: 'org_admin' }]);
    const outsider = await t.signIn(otherEmail);
    expect(
      (await outsider.patch(`/api/organisations/${org.id}`, { phone: '1' }, { 'if-match': '"2"' }))
        .statusCode,
    ).toBe(403);
  });

  it('filters, sorts, pages and exports the list', async () => {
    for (const name of ['Zeta Recovery', 'Alpha Recovery', 'Mu Recovery'])
      await t.org({ name, city: 'Recoveryville' });
    const page = await sysadmin.get('/api/organisations?q=recovery&sort=name&dir=desc&pageSize=2');
    expect(page.json()).toMatchObject({ total: 3, pageSize: 2 });
    expect(page.json().items.map((o: { name: string }) => o.name)).toEqual(['Zeta Recovery', 'Mu Recovery']);

    const xlsx = await sysadmin.get('/api/organisations/export?q=recovery&sort=name&format=xlsx');
    expect(xlsx.headers['content-disposition']).toMatch(/organisations-\d{4}-\d{2}-\d{2}\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Name');
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(2).value)).toEqual([
      'Alpha Recovery',
      'Mu Recovery',
      'Zeta Recovery',
    ]);

    const csv = await sysadmin.get('/api/organisations/export?q=recovery&format=csv');
    expect(csv.body.replace(/^\uFEFF/, '').split('\n')[0]).toBe(
      'Code,Name,Kind,Address,City,State,ZIP,Phone',
    );
  });
});

describe('relationships and service areas', () => {
  it('records a network contract that both parties see and nobody else does', async () => {
    const plan = await t.org({ kind: 'plan', name: 'Harbor Health One Care' });
    const provider = await t.org({ kind: 'provider', name: 'Brockton Family Practice' });
    const stranger = await t.org({ kind: 'provider' });
    const planAdmin = await t.signIn((await t.user([{ orgId: plan.id, role: 'org_admin' }])).email);
    const providerStaff = await t.signIn(
      (await t.user([{ orgId: provider.id, role: 'provider_staff' }])).email,
    );
    const strangerStaff = await t.signIn(
      (await t.user([{ orgId: stranger.id, role: 'provider_staff' }])).email,
    );

    const res = await planAdmin.post(`/api/organisations/${plan.id}/relationships`, {
      kind: 'network_contract',
      otherOrgId: provider.id,
      startsOn: '2026-01-01',
    });
    expect(res.statusCode).toBe(201);
    expect((await providerStaff.get(`/api/organisations/${provider.id}/relationships`)).json()).toMatchObject(
      [{ orgName: 'Harbor Health One Care', kind: 'network_contract' }],
    );
    expect((await strangerStaff.get(`/api/organisations/${provider.id}/relationships`)).json()).toEqual([]);

    const overlap = await planAdmin.post(`/api/organisations/${plan.id}/relationships`, {
      kind: 'network_contract',
      otherOrgId: provider.id,
      startsOn: '2026-06-01',
      endsOn: '2026-12-31',
    });
    expect(overlap.statusCode).toBe(409);
    const wrongKinds = await planAdmin.post(`/api/organisations/${plan.id}/relationships`, {
      kind: 'cp_partnership',
      otherOrgId: provider.id,
      startsOn: '2026-01-01',
    });
    expect(wrongKinds.json().code).toBe('RELATIONSHIP_KINDS_MISMATCH');
    const reversed = await planAdmin.post(`/api/organisations/${plan.id}/relationships`, {
      kind: 'network_contract',
      otherOrgId: stranger.id,
      startsOn: '2026-01-01',
      endsOn: '2025-01-01',
    });
    expect(reversed.json().code).toBe('DATES_REVERSED');
  });

  it('knows the 14 Massachusetts counties and refuses others', async () => {
    const plan = await t.org({ kind: 'plan' });
    const admin = await t.signIn((await t.user([{ orgId: plan.id, role: 'org_admin' }])).email);
    expect((await admin.get('/api/counties')).json()).toHaveLength(14);
    expect(
      (
        await admin.post(`/api/organisations/${plan.id}/service-areas`, {
          county: 'Berkshire',
          startsOn: '2021-01-01',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await admin.post(`/api/organisations/${plan.id}/service-areas`, {
          county: 'Berkshire',
          startsOn: '2022-01-01',
        })
      ).statusCode,
    ).toBe(409);
    const bad = await admin.post(`/api/organisations/${plan.id}/service-areas`, {
      county: 'Kings',
      startsOn: '2021-01-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('body.county');
  });
});
