import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { daysFromNow, liveSession, signedIn, topic } from '../support/factories.js';

/**
 * Seed 002's performance year: a plan of topics, curriculum and core skills; its live events announced on
 * the public events page, in a newsletter block and to the mailbox list through the outbox; the recording
 * published to the catalog once the event is over.
 */
let t: TestContext;
const at = daysFromNow;
/** The message as a mail reader shows it: quoted-printable soft breaks and escapes undone. */
const decodeQuotedPrintable = (raw: string) =>
  Buffer.from(
    raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
const MAILBOX = ['cc.north@lowell-chc.example', 'cc.south@bay-state.example'];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A training vendor with a shared topic, and a plan's training administrator elsewhere. */
async function world(vendorCode?: string) {
  const { client: vendor } = await signedIn(t, 'training_admin', {
    kind: 'training_vendor',
    name: 'One Care Learning',
    ...(vendorCode ? { code: vendorCode } : {}),
  });
  const { client: other } = await signedIn(t, 'training_admin', { kind: 'plan', name: 'Other Plan' });
  const topicId = await topic(vendor, {
    code: 'OC-CULT',
    title: 'Cultural competence',
    description: 'Working with people across cultures, languages and abilities.',
    shared: true,
  });
  const yearBody = (extra: Record<string, unknown> = {}) => ({
    title: 'Performance year 2027',
    startsOn: '2027-01-01',
    endsOn: '2027-12-31',
    assessment: 'Network feedback asked for more on transitions of care.',
    focus: 'Transitions of care; cultural competence.',
    topicIds: [topicId],
    mailbox: MAILBOX,
    ...extra,
  });
  return { vendor, other, topicId, yearBody };
}

/** The vendor's year with an event to come (in 20 days) and one over (3 days ago). */
async function yearWithEvents(w: Awaited<ReturnType<typeof world>>, extra: Record<string, unknown> = {}) {
  const created = await w.vendor.post('/api/training/program-years', w.yearBody(extra));
  expect(created.statusCode, created.body).toBe(201);
  const yearId = created.json().id as string;
  const upcomingId = await liveSession(w.vendor, w.topicId, {
    programYearId: yearId,
    title: 'Cultural competence in care coordination',
    inDays: 20,
    speaker: 'Dana Whitfield, LICSW',
  });
  const pastId = await liveSession(w.vendor, w.topicId, {
    programYearId: yearId,
    title: 'Interpreters and accessibility',
    inDays: -3,
    speaker: 'Luis Ortega',
  });
  return { yearId, upcomingId, pastId };
}

describe('the plan', () => {
  it('names each field that is wrong', async () => {
    const { vendor, topicId, yearBody } = await world();
    const res = await vendor.post(
      '/api/training/program-years',
      yearBody({
        endsOn: '2026-12-31',
        mailbox: ['a@x.example', 'not an address', 'A@x.example'],
        topicIds: [topicId, '00000000-0000-4000-8000-000000000000'],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual(
      expect.arrayContaining([
        { code: 'custom', path: 'body.endsOn', message: 'Choose an end date on or after the start date' },
        { code: 'custom', path: 'body.mailbox.1', message: 'Enter an e-mail address like name@example.org' },
        { code: 'custom', path: 'body.mailbox.2', message: 'a@x.example is listed twice' },
      ]),
    );
    const unknown = await vendor.post(
      '/api/training/program-years',
      yearBody({ topicIds: [topicId, '00000000-0000-4000-8000-000000000000'] }),
    );
    expect(unknown.json().issues).toMatchObject([
      { path: 'body.topicIds.1', message: 'Not a topic of your catalog or the shared catalog' },
    ]);
  });

  it('holds topics, curriculum, core skills and mailbox; the year’s events give the dates and speakers', async () => {
    const { vendor, other, topicId, yearBody } = await world();
    const frameworks = (await vendor.get('/api/training/frameworks')).json();
    const cmbok = frameworks.find((f: { builtIn: boolean }) => f.builtIn);
    const skills = cmbok.competencies.filter((c: { code: string }) => ['c', 'h'].includes(c.code));
    const created = await vendor.post(
      '/api/training/program-years',
      yearBody({ competencyIds: skills.map((c: { id: string }) => c.id) }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const yearId = created.json().id;
    expect((await vendor.post('/api/training/program-years', yearBody())).json().code).toBe(
      'PROGRAM_YEAR_TITLE_TAKEN',
    );

    const session = (body: Record<string, unknown>) =>
      vendor.post('/api/training/sessions', { topicId, kind: 'live', programYearId: yearId, ...body });
    await session({
      title: 'Cultural competence in care coordination',
      startsAt: at(20, 17),
      endsAt: at(20, 18),
      speaker: 'Dana Whitfield, LICSW',
    });
    await session({
      title: 'Interpreters and accessibility',
      startsAt: at(-3, 17),
      endsAt: at(-3, 18),
      speaker: 'Luis Ortega',
    });
    const elsewhere = await other.post('/api/training/sessions', {
      topicId,
      kind: 'live',
      title: 'Not theirs',
      startsAt: at(5, 17),
      endsAt: at(5, 18),
      programYearId: yearId,
    });
    expect(elsewhere.json().issues).toMatchObject([
      { path: 'body.programYearId', message: 'Not a program year of your organisation' },
    ]);

    const year = (await vendor.get(`/api/training/program-years/${yearId}`)).json();
    expect(year).toMatchObject({
      title: 'Performance year 2027',
      focus: 'Transitions of care; cultural competence.',
      topics: [{ id: topicId, code: 'OC-CULT', title: 'Cultural competence', shared: true }],
      coreSkills: [
        { code: 'c', text: 'Helping with transitions of care' },
        { code: 'h', text: 'Linking to community resources' },
      ],
      mailbox: MAILBOX,
      speakers: ['Dana Whitfield, LICSW', 'Luis Ortega'],
    });
    expect(year.events.map((e: { title: string }) => e.title)).toEqual([
      'Interpreters and accessibility',
      'Cultural competence in care coordination',
    ]);
    expect((await other.get(`/api/training/program-years/${yearId}`)).statusCode).toBe(404);
  });

  it('is changed with its version, and a stale version is refused', async () => {
    const w = await world();
    const { vendor, yearBody } = w;
    const { yearId } = await yearWithEvents(w);
    const put = (version: string, body = yearBody()) =>
      vendor.put(`/api/training/program-years/${yearId}`, body, { 'if-match': version });
    expect(
      (await put('"1"', yearBody({ mailbox: [...MAILBOX, 'cc.west@springfield.example'] }))).statusCode,
    ).toBe(204);
    expect((await put('"1"')).json().code).toBe('VERSION_CONFLICT');
    const list = (await vendor.get('/api/training/program-years')).json();
    expect(list.items).toEqual([
      expect.objectContaining({ title: 'Performance year 2027', events: 2, version: 2 }),
    ]);
  });
});

describe('announcing a live event', () => {
  it('gives the newsletter block in the event’s own time zone', async () => {
    const w = await world();
    const { vendor } = w;
    const { upcomingId } = await yearWithEvents(w);
    const text = (await vendor.get(`/api/training/sessions/${upcomingId}/announcement`)).json();
    expect(text.subject).toMatch(/^Live training: Cultural competence in care coordination \(\w+day, /);
    expect(text.text).toContain('Speaker: Dana Whitfield, LICSW');
    expect(text.text).toContain('Working with people across cultures, languages and abilities.');
    expect(text.text).toContain(`Register: http://127.0.0.1:3000/training/sessions/${upcomingId}`);
    expect(text.text).toMatch(/12:00 PM – 1:00 PM E[SD]T/);
  });

  it('posts it to the public events page and e-mails each mailbox address once', async () => {
    // The year's mailbox has three addresses; the events page names the vendor by its code.
    const w = await world('OCL');
    const { vendor } = w;
    const { upcomingId } = await yearWithEvents(w, { mailbox: [...MAILBOX, 'cc.west@springfield.example'] });
    expect((await t.app.inject({ url: '/api/events' })).json().items).toEqual([]);
    const first = await vendor.post(`/api/training/sessions/${upcomingId}/announce`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().emails).toEqual({ queued: 3, alreadySent: 0, mailbox: 3 });
    const again = (await vendor.post(`/api/training/sessions/${upcomingId}/announce`)).json();
    expect(again.emails).toEqual({ queued: 0, alreadySent: 3, mailbox: 3 });
    expect(again.announcedAt).toBe(first.json().announcedAt);

    await t.services.jobs.drain();
    const files = await readdir(t.services.outbox.folder);
    expect(files).toHaveLength(3);
    const message = decodeQuotedPrintable(await readFile(`${t.services.outbox.folder}/${files[0]}`, 'utf8'));
    expect(message).toMatch(/^Subject: Live training: Cultural competence in care coordination/m);
    expect(message).toContain('Speaker: Dana Whitfield, LICSW');
    expect(message).toContain('training mailbox list for Performance year 2027');

    const outbox = (await vendor.get(`/api/outbox?entityId=${upcomingId}`)).json();
    expect(outbox.total).toBe(3);
    expect(outbox.items.every((m: { status: string }) => m.status === 'sent')).toBe(true);

    const events = (await t.app.inject({ url: '/api/events' })).json().items;
    expect(events).toEqual([
      expect.objectContaining({
        id: upcomingId,
        title: 'Cultural competence in care coordination',
        ownerName: 'One Care Learning',
        speaker: 'Dana Whitfield, LICSW',
      }),
    ]);
    expect((await t.app.inject({ url: '/api/events?org=OCL' })).json().items).toHaveLength(1);
    expect((await t.app.inject({ url: '/api/events?org=NOPE' })).json().items).toHaveLength(0);
  });

  it('refuses an event that is over, and another organisation’s event', async () => {
    const w = await world();
    const { vendor, other } = w;
    const { upcomingId, pastId } = await yearWithEvents(w);
    expect((await vendor.post(`/api/training/sessions/${pastId}/announce`)).json().code).toBe('EVENT_OVER');
    expect((await other.post(`/api/training/sessions/${upcomingId}/announce`)).statusCode).toBe(403);
  });
});

describe('publishing the recording', () => {
  const recording = { videoUrl: 'https://video.example/cultural-2027', durationMinutes: 58 };

  it('waits for the event to end', async () => {
    const w = await world();
    const { upcomingId } = await yearWithEvents(w);
    const early = await w.vendor.post(`/api/training/sessions/${upcomingId}/recording`, recording);
    expect(early.json().code).toBe('EVENT_NOT_OVER');
  });

  it('adds a recorded webinar of the same topic to the catalog, once', async () => {
    const w = await world();
    const { vendor, other, topicId } = w;
    const { yearId, pastId } = await yearWithEvents(w);
    const res = await vendor.post(`/api/training/sessions/${pastId}/recording`, recording);
    expect(res.statusCode, res.body).toBe(201);
    const published = (await vendor.get(`/api/training/sessions/${res.json().id}`)).json();
    expect(published).toMatchObject({
      kind: 'recorded',
      title: 'Interpreters and accessibility (recording)',
      topicId,
      videoUrl: recording.videoUrl,
      durationMinutes: 58,
      sourceSessionId: pastId,
      programYearId: yearId,
      speaker: 'Luis Ortega',
    });
    expect((await vendor.get(`/api/training/sessions/${pastId}`)).json().recordingId).toBe(res.json().id);
    expect((await other.get(`/api/training/sessions/${res.json().id}`)).statusCode, 'shared topic').toBe(200);
    expect((await vendor.post(`/api/training/sessions/${pastId}/recording`, recording)).json().code).toBe(
      'RECORDING_PUBLISHED',
    );
    const year = (await vendor.get(`/api/training/program-years/${yearId}`)).json();
    expect(year.events.find((e: { id: string }) => e.id === pastId).recordingId).toBe(res.json().id);
  });
});
