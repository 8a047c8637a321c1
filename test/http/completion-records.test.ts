import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { topic } from '../support/factories.js';
import { multipartFile } from '../support/files.js';
import { plantAttendance, plantModule } from '../support/planted-rows.js';

/**
 * What the training team keeps by hand: a completion earned elsewhere, with its evidence file; a correction
 * that keeps what was there before and why it changed; and the participation counts per topic and module
 * ("261 care coordinators took part in live trainings").
 */
let t: TestContext;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A provider whose own training administrator keeps the records of Joe, Rosa and Kwame. */
async function world() {
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  const admin = await t.signIn((await t.user([{ orgId: provider.id, role: 'training_admin' }])).email);
  const named = (givenName: string) =>
    t.user([{ orgId: provider.id, role: 'care_coordinator' }], { givenName, familyName: 'Test' });
  const [j, r, k] = [await named('Joe'), await named('Rosa'), await named('Kwame')];
  const people = { joe: j.person.id, rosa: r.person.id, kwame: k.person.id };
  const joe = await t.signIn(j.email);
  const topics = {
    pcp: await topic(admin, { code: 'OC-PCP', title: 'Person-centered planning', shared: true }),
    cult: await topic(admin, { code: 'OC-CULT', title: 'Cultural competence', shared: true }),
  };
  const upload = (name: string, body: string, type: string) => {
    const file = multipartFile(name, body, type);
    return admin.post('/api/training/evidence', file.payload, file.headers);
  };
  return { provider, admin, joe, people, topics, upload };
}

/** Joe's completion of person-centered planning on 2 March, with a note and a sign-in sheet; its id. */
async function recordedWithEvidence({ admin, people, topics, upload }: Awaited<ReturnType<typeof world>>) {
  const file = await upload(
    'UMass sign-in sheet 2026-03-02.pdf',
    '%PDF-1.4 sign-in sheet',
    'application/pdf',
  );
  const res = await admin.post('/api/training/completions', {
    personId: people.joe,
    topicId: topics.pcp,
    completedOn: '2026-03-02',
    evidence: { note: 'Live session at UMass Chan', fileId: file.json().fileId },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('a completion earned elsewhere', () => {
  it('takes an evidence file of a known kind, and names a file it refuses', async () => {
    const { admin, people, topics, upload } = await world();
    const refused = await upload('macro.xlsm', 'PK', 'application/vnd.ms-excel.sheet.macroEnabled.12');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'EVIDENCE_FILE_TYPE',
      issues: [{ path: 'file', message: expect.stringContaining('"macro.xlsm" is not one of .pdf') }],
    });
    const unknown = await admin.post('/api/training/completions', {
      personId: people.joe,
      topicId: topics.pcp,
      completedOn: '2026-03-02',
      evidence: { fileId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.json().issues, unknown.body).toMatchObject([
      { path: 'body.evidence.fileId', message: 'Not an evidence file uploaded here' },
    ]);
  });

  it('names the person or the topic it cannot find, and records nothing then', async () => {
    const { admin, people, topics } = await world();
    const elsewhere = await t.org({ kind: 'provider', name: 'Worcester Care Partners' });
    const otherAdmin = await t.signIn(
      (await t.user([{ orgId: elsewhere.id, role: 'training_admin' }])).email,
    );
    const privateTopic = await topic(otherAdmin, {
      code: 'WCP-1',
      title: 'Our own onboarding',
      shared: false,
    });
    const stranger = (await t.user([{ orgId: elsewhere.id, role: 'care_coordinator' }])).person.id;
    const record = (personId: string, topicId: string) =>
      admin.post('/api/training/completions', { personId, topicId, completedOn: '2026-03-02' });
    for (const [res, what] of [
      [await record(people.joe, privateTopic), 'topic'],
      [await record(stranger, topics.pcp), 'person'],
      [await record(stranger, privateTopic), 'topic'],
    ] as const) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().message).toMatch(new RegExp(`^The ${what}`));
    }
    expect((await admin.get(`/api/training/completions?personId=${people.joe}`)).json().total).toBe(0);
    const created = await auditEntries(t.database.system, {
      entityType: 'training_completion',
      action: 'create',
    });
    expect(created.filter((e) => [people.joe, stranger].includes(e.details.personId))).toEqual([]);
  });

  it('is recorded with its evidence, which the person and the record keepers can download', async () => {
    const { admin, joe, people, topics, upload } = await world();
    const file = await upload(
      'UMass sign-in sheet 2026-03-02.pdf',
      '%PDF-1.4 sign-in sheet',
      'application/pdf',
    );
    expect(file.statusCode, file.body).toBe(201);
    expect(file.json()).toMatchObject({ name: 'UMass sign-in sheet 2026-03-02.pdf', size: 22 });
    const res = await admin.post('/api/training/completions', {
      personId: people.joe,
      topicId: topics.pcp,
      completedOn: '2026-03-02',
      evidence: { note: 'Live session at UMass Chan', fileId: file.json().fileId },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    for (const reader of [admin, joe]) {
      const download = await reader.get(`/api/training/completions/${id}/evidence`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toContain('UMass%20sign-in%20sheet%202026-03-02.pdf');
      expect(download.body).toBe('%PDF-1.4 sign-in sheet');
    }
    const [completion] = (await joe.get('/api/training/completions')).json().items;
    expect(completion.evidence).toEqual({
      note: 'Live session at UMass Chan',
      fileId: file.json().fileId,
      fileName: 'UMass sign-in sheet 2026-03-02.pdf',
    });
  });

  it('is corrected with a reason, keeping what it was; a stale version or a revoked one is refused', async () => {
    const w = await world();
    const { admin, joe, topics } = w;
    const id = await recordedWithEvidence(w);
    const correct = (body: object, version: string) =>
      admin.patch(`/api/training/completions/${id}`, body, { 'if-match': version });
    expect((await correct({ reason: 'Nothing to change' }, '"1"')).json().issues).toMatchObject([
      { path: 'body.completedOn', message: 'Change the date, the topic or the note' },
    ]);
    const res = await correct(
      {
        completedOn: '2026-03-03',
        topicId: topics.cult,
        reason: 'Sign-in sheet shows the 3rd, cultural competence',
      },
      '"1"',
    );
    expect(res.statusCode, res.body).toBe(204);
    expect((await correct({ note: 'x', reason: 'late' }, '"1"')).json().code).toBe('VERSION_CONFLICT');

    const [completion] = (await joe.get('/api/training/completions')).json().items;
    expect(completion).toMatchObject({
      completedOn: '2026-03-03',
      topicTitle: 'Cultural competence',
      version: 2,
      corrections: [
        {
          reason: 'Sign-in sheet shows the 3rd, cultural competence',
          changes: {
            completedOn: { from: '2026-03-02', to: '2026-03-03' },
            topicId: { from: topics.pcp, to: topics.cult },
          },
        },
      ],
    });
    expect(completion.evidence.note).toBe('Live session at UMass Chan');
    const [audit] = await auditEntries(t.database.system, { entityId: id, action: 'correct' });
    expect(audit?.details.reason).toContain('3rd');

    await admin.post(
      `/api/training/completions/${id}/revoke`,
      { reason: 'Wrong person' },
      { 'if-match': '"2"' },
    );
    expect((await correct({ note: 'after', reason: 'too late' }, '"3"')).json().code).toBe(
      'COMPLETION_REVOKED',
    );
  });
});

describe('participation counts', () => {
  it('counts distinct people per topic, per module and in all, by way of taking part and by dates', async () => {
    const { provider, admin, joe, people, topics } = await world();
    // A shared module, made here only: the counts take in every shared module there is.
    await plantModule(t.database.system, {
      orgId: provider.id,
      title: 'Module 1: Person-centered engagement',
      position: 1,
      topicIds: [topics.pcp, topics.cult],
      shared: true,
    });
    const live = (
      await admin.post('/api/training/sessions', {
        topicId: topics.pcp,
        kind: 'live',
        title: 'Person-centered planning, live',
        startsAt: '2026-05-04T16:00:00Z',
        endsAt: '2026-05-04T17:00:00Z',
      })
    ).json().id;
    await plantAttendance(
      t.database.system,
      live,
      [people.rosa, people.kwame, people.rosa],
      '2026-05-04T16:00:00Z',
    );
    for (const personId of [people.rosa, people.kwame])
      await admin.post('/api/training/completions', {
        personId,
        topicId: topics.pcp,
        completedOn: '2026-05-04',
      });

    const all = (await admin.get('/api/training/participation')).json();
    expect(all.topics).toEqual([
      expect.objectContaining({ title: 'Cultural competence', sessions: 0, attended: 0, completed: 0 }),
      expect.objectContaining({ title: 'Person-centered planning', sessions: 1, attended: 2, completed: 2 }),
    ]);
    expect(all.modules).toEqual([
      expect.objectContaining({ title: 'Module 1: Person-centered engagement', attended: 2, completed: 2 }),
    ]);
    expect(all.people).toEqual({ registered: 0, attended: 2, completed: 2 });

    const later = (await admin.get('/api/training/participation?from=2026-06-01')).json();
    expect(later.people).toEqual({ registered: 0, attended: 0, completed: 0 });
    const recorded = (await admin.get('/api/training/participation?kind=recorded')).json();
    expect(recorded.people.attended).toBe(0);
    expect(
      (await admin.get('/api/training/participation?from=2026-06-01&to=2026-05-01')).json().issues,
    ).toEqual([
      { code: 'custom', path: 'querystring.to', message: 'Choose an end date on or after the start date' },
    ]);

    const csv = await admin.get('/api/training/participation/export?format=csv');
    expect(
      csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toEqual([
      'Level,Curriculum,Title,Sessions,Registered,Attended,Completed',
      'Topic,,Cultural competence,0,0,0,0',
      'Topic,,Person-centered planning,1,0,2,2',
      'Module,,Module 1: Person-centered engagement,,0,2,2',
      'All topics (distinct people),,,,0,2,2',
    ]);
    expect((await joe.get('/api/training/participation')).statusCode).toBe(403);
  });
});
