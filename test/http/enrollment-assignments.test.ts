import { massachusettsToday } from '@contract/massachusetts-day.js';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { acoWith, batchRow, batchXlsx, communityPartner, member, sendBatch } from '../support/enrollment.js';
import { identify, nextMonth, propose } from '../support/enrollment-assignment.js';
import { pdfText } from '../support/files.js';

/**
 * Monthly assignment over HTTP: Concord proposes a CP that is partnered, serves the member's county, is of
 * the type needed and has room; a person confirms all or none, never past capacity even when two confirm at
 * once; withdrawal; the CP's outreach; enrollment taking over the assignment's place; who sees what.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('proposing and confirming assignments', () => {
  it('proposes a serving CP with room, explains who is left out, and confirms with the letter’s language', async () => {
    const near = await communityPartner(t, { confirmed: 5, counties: ['Plymouth'] });
    const ltss = await communityPartner(t, { kind: 'cp_ltss', confirmed: 5, counties: ['Plymouth'] });
    const aco = await acoWith(t, [near, ltss]);
    const plymouth = await member(aco.admin, 'Plymouth');
    const needsLtss = await member(aco.admin, 'Plymouth');
    const far = await member(aco.admin, 'Berkshire');
    const declined = await member(aco.admin, 'Plymouth');
    await identify(t, aco, [plymouth, { ...needsLtss, cpType: 'LTSS' }, far, declined]);
    const choice = await aco.submitter.post(`/api/enrollment/members/${declined.id}/choices`, {
      choice: 'decline',
      receivedOn: '2026-01-15',
    });
    expect(choice.statusCode, choice.body).toBe(201);

    const { result, proposed } = await propose(aco.submitter);
    expect(result.proposed).toBe(2);
    expect(proposed.find((p) => p.enrolleeId === plymouth.id)?.cpOrgId).toBe(near.org.id);
    expect(proposed.find((p) => p.enrolleeId === needsLtss.id)?.cpOrgId).toBe(ltss.org.id);
    expect(
      result.unplaced.map((u: { masshealthId: string; why: string }) => [u.masshealthId, u.why]),
    ).toEqual(
      expect.arrayContaining([
        [far.masshealthId, 'No BH Community Partner you have a partnership with serves Berkshire County'],
        [declined.masshealthId, 'The member declined Community Partner support'],
      ]),
    );
    expect(result.unplaced).toHaveLength(2);
    // The list's text filter finds a member by name words, MassHealth ID or CP name.
    const find = async (q: string) =>
      (await aco.submitter.get(`/api/enrollment/assignments?q=${encodeURIComponent(q)}`)).json().total;
    expect(await find(plymouth.masshealthId)).toBe(1);
    expect(await find(ltss.org.name.toUpperCase())).toBe(1);
    expect(await find('ana MEMBER')).toBe(2);
    expect(await find('no such member anywhere')).toBe(0);
    // Proposing again proposes nobody twice, and says so.
    expect((await propose(aco.submitter)).result).toMatchObject({
      proposed: 0,
      alreadyProposed: 2,
      alreadyEnrolled: 0,
    });

    // A CP sees nothing proposed to it until a person confirms.
    expect((await near.client.get('/api/enrollment/assignments')).json().total).toBe(0);
    const confirmed = await aco.submitter.post('/api/enrollment/assignments/confirmations', {
      ids: proposed.map((p) => p.id),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().confirmed).toBe(2);
    const again = await aco.submitter.post('/api/enrollment/assignments/confirmations', {
      ids: [proposed[0]!.id],
    });
    expect(again.statusCode).toBe(409);

    const seen = (await near.client.get('/api/enrollment/assignments')).json();
    expect(seen.items).toHaveLength(1);
    expect(seen.items[0]).toMatchObject({
      enrolleeId: plymouth.id,
      masshealthId: plymouth.masshealthId,
      memberName: 'Ana Member',
      status: 'confirmed',
      stage: 'assigned',
      letterFormat: 'standard',
    });
    const directory = (await aco.submitter.get('/api/enrollment/community-partners')).json().items;
    expect(directory.find((c: { orgId: string }) => c.orgId === near.org.id)).toMatchObject({
      used: 1,
      free: 4,
    });
  });

  it('never confirms past a CP’s capacity, even when two ACOs confirm at the same moment', async () => {
    const cp = await communityPartner(t, { confirmed: 2 });
    const one = await acoWith(t, [cp]);
    const two = await acoWith(t, [cp]);
    const a = await member(one.admin);
    const b = await member(two.admin);
    await identify(t, one, [a]);
    await identify(t, two, [b]);
    const first = await propose(one.submitter);
    const second = await propose(two.submitter);
    expect(first.proposed).toHaveLength(1);
    expect(second.proposed).toHaveLength(1);
    // The CP confirms fewer places after both were proposed.
    expect(
      (await cp.client.put('/api/enrollment/directory', { ids: [{ pid: cp.pid, sl: 'A' }], confirmed: 1 }))
        .statusCode,
    ).toBe(204);

    const results = await Promise.all([
      one.submitter.post('/api/enrollment/assignments/confirmations', { ids: [first.proposed[0]!.id] }),
      two.submitter.post('/api/enrollment/assignments/confirmations', { ids: [second.proposed[0]!.id] }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = results.find((r) => r.statusCode === 409)!.json();
    expect(refused.issues[0].message).toMatch(/has 0 free places \(1 confirmed, 1 used\); 1 selected/);
    expect((await cp.client.get('/api/enrollment/assignments')).json().total).toBe(1);
  });

  it('hands the place to the enrollment when the member enrolls with the CP, and counts it once', async () => {
    const cp = await communityPartner(t, { confirmed: 1 });
    const aco = await acoWith(t, [cp]);
    const m = await member(aco.admin);
    await identify(t, aco, [m]);
    const { proposed } = await propose(aco.submitter);
    await aco.submitter.post('/api/enrollment/assignments/confirmations', { ids: [proposed[0]!.id] });
    const sent = await sendBatch(
      t,
      aco.submitter,
      'enrol.xlsx',
      await batchXlsx([batchRow(m, aco, cp, 'E', '2026-02-01')]),
    );
    expect(sent.batch.outcome, JSON.stringify(sent.rows)).toBe('applied');
    const seen = (await aco.submitter.get(`/api/enrollment/assignments/${proposed[0]!.id}`)).json();
    expect(seen.stage).toBe('enrolled');
    const directory = (await aco.submitter.get('/api/enrollment/community-partners')).json().items;
    expect(directory.find((c: { orgId: string }) => c.orgId === cp.org.id)).toMatchObject({
      used: 1,
      free: 0,
    });
  });

  it('withdraws an assignment, freeing the member to be proposed again', async () => {
    const cp = await communityPartner(t, { confirmed: 3 });
    const aco = await acoWith(t, [cp]);
    const m = await member(aco.admin);
    await identify(t, aco, [m]);
    const { proposed } = await propose(aco.submitter);
    const id = proposed[0]!.id;
    expect(
      (await aco.submitter.post(`/api/enrollment/assignments/${id}/withdrawal`, { reason: '' })).statusCode,
    ).toBe(400);
    expect(
      (await aco.submitter.post(`/api/enrollment/assignments/${id}/withdrawal`, { reason: 'Moving' }))
        .statusCode,
    ).toBe(204);
    expect(
      (await aco.submitter.post(`/api/enrollment/assignments/${id}/withdrawal`, { reason: 'Moving' }))
        .statusCode,
    ).toBe(409);
    expect((await propose(aco.submitter)).proposed).toHaveLength(1);
  });

  it('refuses a past month, naming the field', async () => {
    const cp = await communityPartner(t);
    const aco = await acoWith(t, [cp]);
    const res = await aco.submitter.post('/api/enrollment/assignments/proposals', { month: '2020-01' });
    expect(res.statusCode).toBe(422);
    expect(res.json().issues[0].path).toBe('month');
    const bad = await aco.submitter.post('/api/enrollment/assignments/proposals', { month: '2027-13' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('the Community Partner’s outreach and who sees what', () => {
  it('lets only the assigned CP record outreach, moving the member to outreach; others see nothing', async () => {
    const cp = await communityPartner(t, { confirmed: 3 });
    const otherCp = await communityPartner(t, { confirmed: 3 });
    const aco = await acoWith(t, [cp, otherCp]);
    const m = await member(aco.admin);
    await identify(t, aco, [{ ...m, cpPid: cp.pid }]);
    const { proposed } = await propose(aco.submitter);
    expect(proposed[0]).toMatchObject({ cpOrgId: cp.org.id, why: 'Named on the identification list' });
    const id = proposed[0]!.id;
    const today = massachusettsToday();
    const attempt = { attemptedOn: today, mode: 'phone', reached: false, note: 'Left a message' };
    // Not yet confirmed: the CP cannot see it at all.
    expect((await cp.client.post(`/api/enrollment/assignments/${id}/outreach`, attempt)).statusCode).toBe(
      404,
    );
    await aco.submitter.post('/api/enrollment/assignments/confirmations', { ids: [id] });

    expect(
      (await otherCp.client.post(`/api/enrollment/assignments/${id}/outreach`, attempt)).statusCode,
    ).toBe(404);
    expect((await aco.submitter.post(`/api/enrollment/assignments/${id}/outreach`, attempt)).statusCode).toBe(
      403,
    );
    const future = await cp.client.post(`/api/enrollment/assignments/${id}/outreach`, {
      ...attempt,
      attemptedOn: '2099-01-01',
    });
    expect(future.statusCode).toBe(422);
    const made = await cp.client.post(`/api/enrollment/assignments/${id}/outreach`, attempt);
    expect(made.statusCode, made.body).toBe(201);

    const detail = (await aco.submitter.get(`/api/enrollment/assignments/${id}`)).json();
    expect(detail).toMatchObject({ stage: 'outreach', outreachAttempts: 1, lastOutreachOn: today });
    expect(detail.outreach[0]).toMatchObject({ mode: 'phone', reached: false, note: 'Left a message' });

    const stranger = await acoWith(t, [cp]);
    expect((await stranger.submitter.get(`/api/enrollment/assignments/${id}`)).statusCode).toBe(404);
    expect((await stranger.submitter.get('/api/enrollment/assignments')).json().total).toBe(0);
    expect(
      (await stranger.submitter.post('/api/enrollment/assignments/confirmations', { ids: [id] })).statusCode,
    ).toBe(404);
    expect(
      (await stranger.submitter.post(`/api/enrollment/assignments/${id}/withdrawal`, { reason: 'x' }))
        .statusCode,
    ).toBe(404);

    const state = await t.org({ kind: 'state_agency' });
    const auditor = await t.user([{ orgId: state.id, role: 'auditor' }]);
    const stateClient = await t.signIn(auditor.email);
    expect((await stateClient.get(`/api/enrollment/assignments/${id}`)).statusCode).toBe(200);
    expect(
      (await stateClient.post('/api/enrollment/assignments/proposals', { month: nextMonth() })).statusCode,
    ).toBe(403);

    // The member, identified and assigned but not yet enrolled, is found by the CP it was confirmed to and by
    // the state agency; not by the other CP.
    const history = (client: typeof cp.client) =>
      client.get(`/api/enrollment/members?masshealthId=${m.masshealthId}`);
    expect((await history(cp.client)).statusCode).toBe(200);
    expect((await history(stateClient)).statusCode).toBe(200);
    expect((await history(otherCp.client)).statusCode).toBe(404);
  });
});

describe('assignment letters', () => {
  it('writes a confirmed member’s letter in Spanish and large print, and the month’s print run', async () => {
    const cp = await communityPartner(t, { confirmed: 5 });
    const aco = await acoWith(t, [cp]);
    const m = await member(aco.admin);
    const other = await member(aco.admin);
    const change = await aco.admin.patch(
      `/api/care/enrollees/${m.id}`,
      {
        preferredLanguage: 'Spanish',
        accessibleFormats: ['large_print'],
        addressLine1: '12 Elm St',
        town: 'Brockton',
        postalCode: '02301',
      },
      { 'if-match': '"1"' },
    );
    expect(change.statusCode, change.body).toBe(200);
    await identify(t, aco, [m, other]);
    const month = nextMonth();
    const { proposed } = await propose(aco.submitter, month);
    const mine = proposed.find((p) => p.enrolleeId === m.id)!;
    expect((await aco.submitter.get(`/api/enrollment/assignments/${mine.id}/letter`)).statusCode).toBe(404);
    expect((await aco.submitter.get(`/api/enrollment/assignments/letters?month=${month}`)).statusCode).toBe(
      404,
    );
    await aco.submitter.post('/api/enrollment/assignments/confirmations', { ids: proposed.map((p) => p.id) });

    const one = await aco.submitter.get(`/api/enrollment/assignments/${mine.id}/letter`);
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toBe('application/pdf');
    const { text } = await pdfText(one.rawPayload);
    expect(text).toContain('Ana Member');
    expect(text).toContain('12 Elm St');
    expect(text).toMatch(/Socio Comunitario|Community Partner/);
    expect(text).toContain('MassHealth');
    const detail = (await aco.submitter.get(`/api/enrollment/assignments/${mine.id}`)).json();
    expect(detail).toMatchObject({ letterLanguage: 'Spanish', letterFormat: 'large_print' });

    const run = await aco.submitter.get(`/api/enrollment/assignments/letters?month=${month}`);
    expect(run.statusCode).toBe(200);
    const doc = await PDFDocument.load(run.rawPayload);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);

    // The CP reads the assignment, not the letter; another ACO finds neither.
    expect((await cp.client.get(`/api/enrollment/assignments/${mine.id}/letter`)).statusCode).toBe(403);
    const stranger = await acoWith(t, [cp]);
    expect((await stranger.submitter.get(`/api/enrollment/assignments/${mine.id}/letter`)).statusCode).toBe(
      404,
    );
  });
});

describe('proposals that no longer hold', () => {
  it('refuses to confirm after the partnership ended, the member enrolled or the identification ended', async () => {
    const cp = await communityPartner(t, { confirmed: 9 });
    const aco = await acoWith(t, [cp]);
    const [a, b] = [await member(aco.admin), await member(aco.admin)];
    await identify(t, aco, [a, b]);
    const { proposed } = await propose(aco.submitter);
    const ofA = proposed.find((p) => p.enrolleeId === a.id)!;
    const ofB = proposed.find((p) => p.enrolleeId === b.id)!;

    const sent = await sendBatch(
      t,
      aco.submitter,
      'a.xlsx',
      await batchXlsx([batchRow(a, aco, cp, 'E', '2026-02-01')]),
    );
    expect(sent.batch.outcome).toBe('applied');
    const enrolled = await aco.submitter.post('/api/enrollment/assignments/confirmations', {
      ids: [ofA.id, ofB.id],
    });
    expect(enrolled.statusCode).toBe(409);
    expect(enrolled.json().issues.map((i: { message: string }) => i.message)).toEqual([
      'Ana Member: already enrolled with a Community Partner',
    ]);

    // A proposal withdrawn before confirmation never reaches the CP.
    expect(
      (await aco.submitter.post(`/api/enrollment/assignments/${ofA.id}/withdrawal`, { reason: 'Enrolled' }))
        .statusCode,
    ).toBe(204);
    expect((await cp.client.get(`/api/enrollment/assignments/${ofA.id}`)).statusCode).toBe(404);
    expect((await cp.client.get('/api/enrollment/assignments?status=withdrawn')).json().total).toBe(0);

    const links = (await aco.admin.get(`/api/organisations/${aco.org.id}/relationships`)).json();
    const link = (links.items ?? links).find((r: { kind: string }) => r.kind === 'cp_partnership');
    const ended = await aco.admin.patch(
      `/api/organisations/${aco.org.id}/relationships/${link.id}`,
      { endsOn: '2026-01-31' },
      { 'if-match': `"${link.version}"` },
    );
    expect(ended.statusCode, ended.body).toBe(200);
    const unpartnered = await aco.submitter.post('/api/enrollment/assignments/confirmations', {
      ids: [ofB.id],
    });
    expect(unpartnered.statusCode).toBe(409);
    expect(unpartnered.json().issues[0].message).toMatch(/partnership with .* is not in force/);
  });

  it('ends a member’s confirmed assignment when a list ends their identification, freeing the place', async () => {
    const cp = await communityPartner(t, { confirmed: 1 });
    const aco = await acoWith(t, [cp]);
    const m = await member(aco.admin);
    await identify(t, aco, [m]);
    const { proposed } = await propose(aco.submitter);
    await aco.submitter.post('/api/enrollment/assignments/confirmations', { ids: [proposed[0]!.id] });
    await identify(t, aco, [m], { status: 'I', updatedOn: '20260201' });
    const ended = (await aco.submitter.get(`/api/enrollment/assignments/${proposed[0]!.id}`)).json();
    expect(ended).toMatchObject({ status: 'ended', stage: 'ended' });
    const directory = (await aco.submitter.get('/api/enrollment/community-partners')).json().items;
    expect(directory.find((c: { orgId: string }) => c.orgId === cp.org.id)).toMatchObject({ used: 0 });
  });

  it('ends a BH assignment when a later list says the member needs an LTSS CP, and proposes an LTSS one', async () => {
    const bh = await communityPartner(t, { confirmed: 1 });
    const ltss = await communityPartner(t, { kind: 'cp_ltss', confirmed: 1 });
    const aco = await acoWith(t, [bh, ltss]);
    const m = await member(aco.admin);
    await identify(t, aco, [m]);
    const { proposed } = await propose(aco.submitter);
    await aco.submitter.post('/api/enrollment/assignments/confirmations', { ids: [proposed[0]!.id] });
    // The same type again changes nothing.
    await identify(t, aco, [m], { updatedOn: '20260201' });
    expect((await aco.submitter.get(`/api/enrollment/assignments/${proposed[0]!.id}`)).json().status).toBe(
      'confirmed',
    );
    await identify(t, aco, [{ ...m, cpType: 'LTSS' }], { updatedOn: '20260301' });
    const ended = (await aco.submitter.get(`/api/enrollment/assignments/${proposed[0]!.id}`)).json();
    expect(ended).toMatchObject({
      status: 'ended',
      endReason: 'The member now needs a Community Partner of type LTSS',
    });
    const again = await propose(aco.submitter);
    expect(again.proposed.map((p) => p.cpOrgId)).toEqual([ltss.org.id]);
  });
});
