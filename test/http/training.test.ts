import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { checkedRow } from '../../src/platform/db/client.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { uploadAndImport } from '../support/files.js';
import { expectAccessiblePdf, expectReadInOrder } from '../support/pdf-tags.js';
import { addRole } from '../support/planted-rows.js';

const SAMPLE = readFileSync(new URL('../fixtures/webinar-participants.csv', import.meta.url));

/**
 * The One Care story: a training vendor runs a shared topic as a live webinar. Maria, staff at a provider
 * contracted with two plans, registers, attends (the webinar platform's report is imported), attests through
 * the link and gets a certificate; the second plan sees the topic as done without asking again.
 */
let t: TestContext;
let vendor: Client;
let maria: Client;
let ana: Client;
let planTwo: Client;
let ids: { maria: string; ana: string; topic: string; session: string };

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const plan1 = await t.org({ kind: 'plan', name: 'Plan One' });
  const plan2 = await t.org({ kind: 'plan', name: 'Plan Two' });
  const provider = await t.org({ kind: 'provider', name: 'Boston Community Health' });
  for (const plan of [plan1, plan2]) {
    await insertRelationship(t.database.system, {
      orgId: plan.id,
      otherOrgId: provider.id,
      kind: 'network_contract',
      startsOn: '2024-01-01',
    });
  }
  const admin = await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }]);
  const m = await t.user([{ orgId: provider.id, role: 'provider_staff' }], {
    email: 'maria.santos@bostoncommunityhealth.example',
    givenName: 'Maria',
    familyName: 'Santos',
  });
  // Maria also works a shift at Plan Two's clinic, so Plan Two's records include her.
  await addRole(t.database.system, {
    orgId: plan2.id,
    personId: m.person.id,
    role: 'care_coordinator',
    startsOn: '2024-01-01',
  });
  const a = await t.user([{ orgId: provider.id, role: 'provider_staff' }], {
    email: 'ana.ferreira@lowellcp.example',
    givenName: 'Ana Lúcia',
    familyName: 'Ferreira',
  });
  const p2 = await t.user([{ orgId: plan2.id, role: 'compliance_officer' }]);
  vendor = await t.signIn(admin.email);
  maria = await t.signIn(m.email);
  ana = await t.signIn(a.email);
  planTwo = await t.signIn(p2.email);
  const topic = await vendor.post('/api/training/topics', {
    code: 'CULT-COMP',
    title: 'Cultural competence',
    shared: true,
    objectives: ['Recognise unconscious bias'],
  });
  expect(topic.statusCode, topic.body).toBe(201);
  const session = await vendor.post('/api/training/sessions', {
    topicId: topic.json().id,
    kind: 'live',
    title: 'One Care: Cultural Competence (live webinar)',
    // Offered ahead: registration closes when it ends. It takes place on the participant report's day (below).
    startsAt: '2099-11-10T15:00:00Z',
    endsAt: '2099-11-10T17:00:00Z',
    speaker: 'Dr. R. Alvarez',
    capacity: 2,
    joinUrl: 'https://webinar.example/j/81234567890',
    attestationClosesAt: '2099-01-01T00:00:00Z',
  });
  expect(session.statusCode, session.body).toBe(201);
  ids = { maria: m.person.id, ana: a.person.id, topic: topic.json().id, session: session.json().id };
});
afterAll(() => t.close());

/** Uploads a participant report, runs the queued job, and returns the job and its result workbook's lines. */
async function importReport(client: Client, name: string, content: string | Buffer, session = ids.session) {
  return uploadAndImport(t, client, `/api/training/sessions/${session}/attendance`, name, content);
}

describe('a live webinar, from registration to certificate', () => {
  it('lets provider staff see the shared session, register, and download a calendar file; the third is waitlisted', async () => {
    const open = (await maria.get('/api/training/sessions')).json();
    expect(open.items.map((s: { id: string }) => s.id)).toContain(ids.session);
    expect(open.items[0].attestationUrl).toBeNull(); // only the organisation running it sees the link
    expect((await maria.post(`/api/training/sessions/${ids.session}/registrations`)).json()).toEqual({
      status: 'registered',
    });
    const again = await maria.post(`/api/training/sessions/${ids.session}/registrations`);
    expect(again.statusCode).toBe(409);
    expect((await ana.post(`/api/training/sessions/${ids.session}/registrations`)).json().status).toBe(
      'registered',
    );
    expect((await planTwo.post(`/api/training/sessions/${ids.session}/registrations`)).json().status).toBe(
      'waitlisted',
    );
    const ics = await maria.get(`/api/training/sessions/${ids.session}/calendar.ics`);
    expect(ics.headers['content-type']).toMatch(/text\/calendar/);
    expect(ics.body).toMatch(/BEGIN:VEVENT\r\n/);
    expect(ics.body).toContain('DTSTART:20991110T150000Z');
    // The webinar then takes place, on the day of the participant report.
    await t.database.system.execute(
      sql`update training_sessions set starts_at = '2026-11-10T15:00:00Z', ends_at = '2026-11-10T17:00:00Z'
        where id = ${ids.session}`,
    );
  });

  it('rejects a participant report with unreadable rows, naming row and column in its result file, and keeps nothing', async () => {
    const { job, lines } = await importReport(
      vendor,
      'report.csv',
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\nMaria Santos,maria.santos@bostoncommunityhealth.example,11/10/2026 10:00 AM,11/10/2026 11:00 AM,lots\n',
    );
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ outcome: 'rejected', rows: 1, problems: 1 });
    expect(lines).toContain('2 | Duration (Minutes) | "lots" is not a number of minutes');
    expect((await vendor.get(`/api/training/sessions/${ids.session}/attendance`)).json().rows).toBe(0);
  });

  it('imports the platform report as a job: e-mails in any case match, rejoins are summed, the rest wait for a person', async () => {
    const { started, job } = await importReport(vendor, 'participants.csv', SAMPLE);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ kind: 'training.attendance.import', status: 'queued' });
    const dataRows = SAMPLE.toString().trim().split('\n').length - 4; // meeting block, blank line, header
    expect(job.result).toMatchObject({ outcome: 'imported', rows: dataRows, people: 2 });
    expect(job.progressDone).toBe(100);
    const list = (await vendor.get(`/api/training/sessions/${ids.session}/attendance`)).json();
    expect(list.unmatched).toBe(dataRows - 3); // Maria's two joins and Ana's one are matched
    expect(
      list.items.filter((i: { personId: string | null }) => !i.personId).map((i: { name: string }) => i.name),
    ).toContain('DOE-CARE-COORD iPhone');
    // A person matches a guest row by hand.
    const guest = list.items.find((i: { name: string }) => i.name === 'DOE-CARE-COORD iPhone');
    // Only to a registrant: a row matched to anyone else would let them attest to a session they never joined.
    const stranger = await t.user([{ orgId: (await t.org()).id, role: 'provider_staff' }]);
    const refused = await vendor.put(`/api/training/sessions/${ids.session}/attendance/${guest.id}`, {
      personId: stranger.person.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues[0].path).toBe('body.personId');
    const put = await vendor.put(`/api/training/sessions/${ids.session}/attendance/${guest.id}`, {
      personId: ids.ana,
    });
    expect(put.statusCode).toBe(204);
    const session = (await vendor.get(`/api/training/sessions/${ids.session}`)).json();
    expect(session.counts).toMatchObject({ registered: 2, waitlisted: 1, attended: 2 });
    expect(session.attestationUrl).toMatch(/\/attest\/[\w-]{20,}$/);
  });

  it('completes the topic when Maria attests with enough minutes, once; her certificate verifies publicly', async () => {
    const token = (await vendor.get(`/api/training/sessions/${ids.session}`))
      .json()
      .attestationUrl.split('/')
      .pop();
    // Two joins, 09:58:12–11:01:40 and 11:03:05–12:00:58: 121 minutes, at least 90 (¾ of two hours) needed.
    const page = (await maria.get(`/api/training/attest/${token}`)).json();
    expect(page).toMatchObject({ ruleMet: true, evidence: { minutes: 121, minimum: 90 }, attested: null });
    const attest = await maria.post(`/api/training/attest/${token}`, { agree: true });
    expect(attest.statusCode, attest.body).toBe(201);
    expect(attest.json().status).toBe('accepted');
    const replay = await maria.post(`/api/training/attest/${token}`, { agree: true });
    expect(replay.statusCode).toBe(409);

    const mine = (await maria.get('/api/training/completions')).json();
    expect(mine.items).toHaveLength(1);
    const completion = mine.items[0];
    expect(completion).toMatchObject({
      topicTitle: 'Cultural competence',
      method: 'live',
      completedOn: '2026-11-10',
    });
    const pdf = await maria.get(`/api/training/completions/${completion.id}/certificate.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const doc = await PDFDocument.load(pdf.rawPayload);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getSubject()).toContain(completion.certificateCode);
    // Tagged, and read as it is printed: who, what, when, by whom, the code, then the QR code by its address.
    const tagged = await expectAccessiblePdf(
      pdf.rawPayload,
      'Certificate of completion — Cultural competence',
    );
    expect(tagged.headings).toEqual([{ level: 1, text: 'Certificate of Completion' }]);
    expectReadInOrder(tagged, [
      'This certifies that',
      'Maria Santos',
      'completed the training',
      'Cultural competence',
      'on November 10, 2026',
      'Issued by One Care Learning',
      `Verification code: ${completion.certificateCode}`,
      `[Figure] QR code: opens `,
      `/verify/${completion.certificateCode} to check this certificate`,
    ]);

    const check = await t.app.inject({
      method: 'GET',
      url: `/api/certificates/${completion.certificateCode}`,
    });
    expect(check.json()).toEqual({
      code: completion.certificateCode,
      status: 'valid',
      name: 'Maria Santos',
      topic: 'Cultural competence',
      completedOn: '2026-11-10',
      issuer: 'One Care Learning',
      revokedOn: null,
    });
  });

  it('holds an attestation whose evidence falls short, for the training team to review', async () => {
    const token = (await vendor.get(`/api/training/sessions/${ids.session}`))
      .json()
      .attestationUrl.split('/')
      .pop();
    const res = await ana.post(`/api/training/attest/${token}`, { agree: true });
    expect(res.json()).toMatchObject({ status: 'held', completionId: null });
    expect(res.json().reason).toMatch(/Attended \d+ minutes; at least 90 are required/);
  });

  it('counts the shared topic for every plan: Plan Two sees it done without asking again', async () => {
    const seen = (await planTwo.get(`/api/training/completions?personId=${ids.maria}`)).json();
    expect(seen.items.map((c: { topicTitle: string; issuer: string }) => [c.topicTitle, c.issuer])).toEqual([
      ['Cultural competence', 'One Care Learning'],
    ]);
    const topics = (await maria.get('/api/training/topics')).json();
    expect(topics.items.find((x: { id: string }) => x.id === ids.topic).completedByMe).toBe(true);
  });

  it('lets the issuer revoke with a reason; the public check then says revoked', async () => {
    const c = await checkedRow(
      t.database.system,
      z.object({ id: z.string(), code: z.string() }),
      sql`select id, certificate_code as code from training_completions where person_id = ${ids.maria}`,
    );
    const stale = await vendor.post(
      `/api/training/completions/${c!.id}/revoke`,
      { reason: 'x' },
      { 'if-match': '"7"' },
    );
    expect(stale.statusCode).toBe(412);
    const res = await vendor.post(
      `/api/training/completions/${c!.id}/revoke`,
      { reason: 'Attendance was another person' },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode, res.body).toBe(204);
    const check = await t.app.inject({ method: 'GET', url: `/api/certificates/${c!.code.toLowerCase()}` });
    expect(check.json()).toMatchObject({ status: 'revoked' });
    // Plan Two, which did not issue it, cannot revoke it.
    expect(
      (
        await planTwo.post(
          `/api/training/completions/${c!.id}/revoke`,
          { reason: 'x' },
          { 'if-match': '"2"' },
        )
      ).statusCode,
    ).toBe(403);
  });

  it('refuses an expired attestation link, and slows down anyone guessing certificate codes', async () => {
    await t.database.system.execute(
      sql`update training_sessions set attestation_closes_at = now() - interval '1 day' where id = ${ids.session}`,
    );
    const token = (await vendor.get(`/api/training/sessions/${ids.session}`))
      .json()
      .attestationUrl.split('/')
      .pop();
    const late = await planTwo.post(`/api/training/attest/${token}`, { agree: true });
    expect(late.statusCode).toBe(410);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push(
        (await t.app.inject({ method: 'GET', url: `/api/certificates/ZZZZZ-${i}0000` })).statusCode,
      );
    }
    expect(statuses).toContain(404);
    expect(statuses.at(-1)).toBe(429);
  });
});
