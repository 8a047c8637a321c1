import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { expectAccessiblePdf, expectReadInOrder } from '../support/pdf-tags.js';
import { plantCompletion, plantTopic } from '../support/planted-rows.js';

/**
 * A readiness review asks how things stood on 1 June 2026. Ana, a care coordinator at the plan, completed the
 * plan's model-of-care training on 10 February and it was recorded that day; Ben had nothing recorded by
 * 1 June. In November the training administrator records Ben's completion, dated March, and corrects Ana's
 * date to July. The pack as known on 1 June must read as it did when first made; as corrected since, it
 * shows what is known now about that day.
 */
let t: TestContext;
let officer: Client;
let trainer: Client;
const ids: Record<string, string> = {};
const DAY = '2026-06-01';

beforeAll(async () => {
  t = await createTestApp();
  const plan = await t.org({ kind: 'plan', name: 'Bay State One Care' });
  officer = await t.signIn((await t.user([{ orgId: plan.id, role: 'compliance_officer' }])).email);
  trainer = await t.signIn((await t.user([{ orgId: plan.id, role: 'training_admin' }])).email);
  const ana = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], {
    givenName: 'Ana',
    familyName: 'Lima',
  });
  const ben = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], {
    givenName: 'Ben',
    familyName: 'Okafor',
  });
  Object.assign(ids, { ana: ana.person.id, ben: ben.person.id });
  const db = t.database.system;
  const moc = await plantTopic(db, {
    orgId: plan.id,
    code: 'BSOC-MOC',
    title: 'Bay State model of care',
    shared: false,
  });
  ids.moc = moc;
  // Recorded on the day it happened, months before the review day.
  ids.anaCompletion = await plantCompletion(
    db,
    {
      orgId: plan.id,
      personId: ana.person.id,
      personName: 'Ana Lima',
      topicId: moc,
      completedOn: '2026-02-10',
    },
    { certificateCode: 'KNOWN-00001', createdAt: '2026-02-10 15:00:00-05' },
  );
  const created = await officer.post('/api/compliance/requirements', {
    code: 'BSOC-MOC',
    title: 'Bay State model of care',
    what: 'topics',
    topicIds: [moc],
    scope: 'organisation',
    roles: ['care_coordinator'],
    trigger: 'role_start',
    dueWithinDays: 30,
    recurrence: 'once',
    inForceFrom: '2024-01-01',
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterAll(() => t.close());

async function pack(body: Record<string, unknown>) {
  const started = await officer.post('/api/compliance/evidence-packs', { format: 'xlsx', ...body });
  expect(started.statusCode, started.body).toBe(202);
  await t.services.jobs.drain();
  const job = (await officer.get(`/api/jobs/${started.json().id}`)).json();
  expect(job.status, JSON.stringify(job)).toBe('succeeded');
  const file = await officer.get(`/api/jobs/${job.id}/result`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
  const cover = new Map<string, string>();
  workbook.getWorksheet('Summary')!.eachRow((row) => {
    cover.set(String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? ''));
  });
  const lines: unknown[][] = [];
  workbook.getWorksheet('BSOC-MOC')!.eachRow((row) => {
    lines.push((row.values as unknown[]).slice(1));
  });
  const line = (name: string) => lines.find((l) => String(l[0]).startsWith(name))!;
  return { job, cover, lines, line };
}

const status = async (query: string, name: string) =>
  (await officer.get(`/api/compliance/statuses?${query}&pageSize=100`))
    .json()
    .items.find((r: { name: string }) => r.name.startsWith(name))?.status;

describe('an evidence pack for a past day', () => {
  it('is unchanged as known on that day by records made since, and shows them as corrected since', async () => {
    const before = await pack({ asOf: DAY });
    expect(before.cover.get('As of')).toBe(DAY);
    expect(before.cover.get('Basis')).toMatch(/^As known on 2026-06-01: only what had been recorded/);
    expect(before.line('Ana')).toEqual(expect.arrayContaining(['Compliant', '2026-02-10']));
    expect(before.line('Ben')).toContain('Overdue');

    // Months later: Ben's completion is recorded with a March date, and Ana's date is corrected to July.
    const recorded = await trainer.post('/api/training/completions', {
      personId: ids.ben,
      topicId: ids.moc,
      completedOn: '2026-03-01',
      evidence: { note: 'Sign-in sheet found in a drawer' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const [ana] = (await trainer.get(`/api/training/completions?personId=${ids.ana}`)).json().items;
    const corrected = await trainer.patch(
      `/api/training/completions/${ids.anaCompletion}`,
      { completedOn: '2026-07-01', reason: 'The February session was cancelled; she attended in July' },
      { 'if-match': String(ana.version) },
    );
    expect(corrected.statusCode, corrected.body).toBe(204);

    const again = await pack({ asOf: DAY });
    expect(again.cover.get('Basis')).toBe(before.cover.get('Basis'));
    expect(again.lines, 'every line as first made').toEqual(before.lines);
    expect(again.job.result).toMatchObject({ asOf: DAY, basis: 'known' });
    // The dashboard and statuses it is built from say the same for that day.
    expect(await status(`asOf=${DAY}`, 'Ben')).toBe('overdue');
    expect(await status(`asOf=${DAY}`, 'Ana')).toBe('compliant');
    const known = (await officer.get(`/api/compliance/dashboard?asOf=${DAY}`)).json();
    expect(known).toMatchObject({ asOf: DAY, basis: 'known', total: { compliant: 1, overdue: 1 } });

    const now = await pack({ asOf: DAY, basis: 'corrected' });
    expect(now.cover.get('Basis')).toMatch(/^As corrected since 2026-06-01: everything known now/);
    expect(now.line('Ben')).toEqual(expect.arrayContaining(['Compliant', '2026-03-01']));
    expect(now.line('Ana')).toContain('Overdue');
    expect(now.job.result).toMatchObject({ asOf: DAY, basis: 'corrected' });
    expect(await status(`asOf=${DAY}&basis=corrected`, 'Ben')).toBe('compliant');
    const since = (await officer.get(`/api/compliance/dashboard?asOf=${DAY}&basis=corrected`)).json();
    expect(since).toMatchObject({ basis: 'corrected', total: { compliant: 1, overdue: 1 } });
    expect(
      (await officer.get(`/api/compliance/statuses?asOf=${DAY}&basis=corrected&pageSize=100`)).json().items,
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Ben Okafor', status: 'compliant' }),
        expect.objectContaining({ name: 'Ana Lima', status: 'overdue' }),
      ]),
    );
  });

  it('says on the PDF cover which it is', async () => {
    for (const basis of ['known', 'corrected'] as const) {
      const started = (
        await officer.post('/api/compliance/evidence-packs', { asOf: DAY, basis, format: 'pdf' })
      ).json();
      await t.services.jobs.drain();
      const file = await officer.get(`/api/jobs/${started.id}/result`);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const job = (await officer.get(`/api/jobs/${started.id}`)).json();
      expect(job.result.basis).toBe(basis);
      const pdf = await expectAccessiblePdf(file.rawPayload, /^Readiness review evidence — /);
      expect(pdf.headings).toEqual([{ level: 1, text: 'Readiness review evidence' }]);
      expect(pdf.tables[0]![0]!.map((c) => c.text)).toEqual([
        'Requirement',
        'People',
        'Compliant',
        'Due soon',
        'Overdue',
        'Expired',
        'Exempt',
        'On track',
      ]);
      // Which facts it counts is read before the numbers it counts.
      expectReadInOrder(pdf, [
        'Readiness review evidence',
        basis === 'known' ? 'As known on' : 'As corrected since',
        'Requirement',
      ]);
    }
  });

  it('is refused for a day still to come, naming the day', async () => {
    const res = await officer.post('/api/compliance/evidence-packs', { asOf: '2099-01-01', format: 'xlsx' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'PACK_DAY_IN_FUTURE',
      issues: [{ path: 'body.asOf', message: expect.stringContaining('2099-01-01') }],
    });
  });
});
