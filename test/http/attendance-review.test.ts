import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { uploadAndImport } from '../support/files.js';
import { moveSession } from '../support/planted-rows.js';

/**
 * After a live webinar, the vendor's training team imports the platform's report, matches what it could not
 * and reviews attestations. Maria (a provider's staff) attests before the report is in; the team imports the
 * wrong week's report by mistake; Jo, the vendor's own coordinator, joined from a shared phone.
 */
let t: TestContext;
let vendor: Client;
let maria: Client;
let ana: Client;
let topicId: string;
let ids: { maria: string; ana: string; jo: string };

const TITLE = 'One Care: Cultural Competence (live webinar)';
const HEADER = 'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)';

/** A platform report: its meeting block (title and start) and join rows on the given day (M/D/YYYY). */
const report = (day: string, rows: string[], title = TITLE) =>
  [
    'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants',
    `"812 3456 7890","${title}","${day} 10:00:03 AM","${day} 12:01:47 PM","host@vendor.example","122","3"`,
    '',
    HEADER,
    ...rows,
  ].join('\n');
const mariaRow = (day: string) =>
  `Maria Santos,maria.santos@review.example,${day} 09:58:12 AM,${day} 12:00:58 PM,123`;
const anaRow = (day: string) =>
  `Ana Ferreira,ana.ferreira@review.example,${day} 10:00:00 AM,${day} 10:45:00 AM,45`;
const phoneRow = (day: string) => `Coordinators iPhone,,${day} 10:01:00 AM,${day} 11:59:00 AM,118`;

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const provider = await t.org({ kind: 'provider', name: 'Boston Community Health' });
  const admin = await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }]);
  const m = await t.user([{ orgId: provider.id, role: 'provider_staff' }], {
    email: 'maria.santos@review.example',
    givenName: 'Maria',
    familyName: 'Santos',
  });
  const a = await t.user([{ orgId: provider.id, role: 'provider_staff' }], {
    email: 'ana.ferreira@review.example',
    givenName: 'Ana',
    familyName: 'Ferreira',
  });
  const jo = await t.user([{ orgId: vendorOrg.id, role: 'care_coordinator' }], {
    email: 'jo.lee@vendor.example',
    givenName: 'Jo',
    familyName: 'Lee',
  });
  vendor = await t.signIn(admin.email);
  maria = await t.signIn(m.email);
  ana = await t.signIn(a.email);
  const topic = await vendor.post('/api/training/topics', {
    code: 'CC',
    title: 'Cultural competence',
    shared: true,
  });
  topicId = topic.json().id;
  ids = { maria: m.person.id, ana: a.person.id, jo: jo.person.id };
});
afterAll(() => t.close());

/**
 * A live session of two hours at 10 AM Boston time on a day (YYYY-MM-DD), which Maria and Ana register for
 * while it is still to come (registration closes at its end); then it takes place on that day.
 */
async function liveSession(day: string, title = TITLE) {
  const res = await vendor.post('/api/training/sessions', {
    topicId,
    kind: 'live',
    title,
    startsAt: '2099-01-01T15:00:00Z',
    endsAt: '2099-01-01T17:00:00Z',
    joinUrl: 'https://webinar.example/j/1',
    attestationClosesAt: '2099-01-01T00:00:00Z',
  });
  expect(res.statusCode, res.body).toBe(201);
  const id: string = res.json().id;
  for (const who of [maria, ana]) await who.post(`/api/training/sessions/${id}/registrations`);
  await moveSession(t.database.system, id, `${day}T15:00:00Z`, `${day}T17:00:00Z`);
  const token: string = (await vendor.get(`/api/training/sessions/${id}`))
    .json()
    .attestationUrl.split('/')
    .pop();
  return { id, token };
}

const importInto = (id: string, content: string, confirm = false) =>
  uploadAndImport(
    t,
    vendor,
    `/api/training/sessions/${id}/attendance${confirm ? '?confirm=true' : ''}`,
    'participants.csv',
    content,
  );
const attestations = async (id: string) =>
  (await vendor.get(`/api/training/sessions/${id}/attestations`)).json() as {
    id: string;
    personId: string;
    status: string;
    reason: string;
  }[];
const attendance = async (id: string) =>
  (await vendor.get(`/api/training/sessions/${id}/attendance`)).json() as {
    unmatched: number;
    items: { id: string; name: string; personId: string | null; matchedBy: string | null }[];
  };

describe('held attestations and the attendance that comes after them', () => {
  it('accepts an attestation held for want of attendance once the report shows enough minutes, saying why', async () => {
    const session = await liveSession('2026-11-10');
    // Maria attests before the report is imported: no attendance yet, so it is held.
    const held = await maria.post(`/api/training/attest/${session.token}`, { agree: true });
    expect(held.json()).toMatchObject({ status: 'held', completionId: null });

    const { job } = await importInto(
      session.id,
      report('11/10/2026', [mariaRow('11/10/2026'), anaRow('11/10/2026')]),
    );
    expect(job.result).toMatchObject({ outcome: 'imported', attestationsAccepted: 1 });
    expect(job.result.message).toMatch(/1 held attestation accepted: the attendance now meets the rule/);
    const [mine] = await attestations(session.id);
    expect(mine).toMatchObject({ personId: ids.maria, status: 'accepted' });
    expect(mine!.reason).toBe(
      'Accepted automatically when the attendance report was imported: Attended 123 minutes (at least 90 required). Held at attestation: No attendance is recorded for this person (at least 90 minutes required)',
    );
    const completions = (await maria.get('/api/training/completions')).json().items;
    expect(completions.filter((c: { sessionId: string }) => c.sessionId === session.id)).toHaveLength(1);
  });

  it('leaves an attestation still short held: Ana attended 45 of the 90 minutes', async () => {
    const session = await liveSession('2026-11-11');
    await ana.post(`/api/training/attest/${session.token}`, { agree: true });
    const { job } = await importInto(session.id, report('11/11/2026', [anaRow('11/11/2026')]));
    expect(job.result).toMatchObject({ outcome: 'imported', attestationsAccepted: 0 });
    expect((await attestations(session.id))[0]).toMatchObject({ status: 'held' });
  });

  it('accepts a held attestation when the row that makes up the minutes is matched by hand', async () => {
    const session = await liveSession('2026-11-12');
    await importInto(session.id, report('11/12/2026', [phoneRow('11/12/2026')]));
    await ana.post(`/api/training/attest/${session.token}`, { agree: true });
    expect((await attestations(session.id))[0]).toMatchObject({ status: 'held' });
    const phone = (await attendance(session.id)).items[0]!;
    const put = await vendor.put(`/api/training/sessions/${session.id}/attendance/${phone.id}`, {
      personId: ids.ana,
    });
    expect(put.statusCode, put.body).toBe(204);
    const [hers] = await attestations(session.id);
    expect(hers).toMatchObject({ status: 'accepted' });
    expect(hers!.reason).toMatch(
      /^Accepted automatically when an attendance row was matched by hand: Attended 118 minutes/,
    );
  });

  it('accepts or rejects several held attestations at once with one reason, naming those no longer held', async () => {
    const session = await liveSession('2026-11-13');
    await maria.post(`/api/training/attest/${session.token}`, { agree: true });
    await ana.post(`/api/training/attest/${session.token}`, { agree: true });
    const [first, second] = await attestations(session.id);
    const res = await vendor.post(`/api/training/sessions/${session.id}/attestations/decisions`, {
      attestationIds: [first!.id, second!.id],
      decision: 'accept',
      reason: 'Both signed the paper register in the room',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().decided.map((d: { status: string }) => d.status)).toEqual(['accepted', 'accepted']);
    expect((await attestations(session.id)).map((a) => [a.status, a.reason])).toEqual([
      ['accepted', 'Both signed the paper register in the room'],
      ['accepted', 'Both signed the paper register in the room'],
    ]);
    const again = await vendor.post(`/api/training/sessions/${session.id}/attestations/decisions`, {
      attestationIds: [first!.id],
      decision: 'reject',
      reason: 'Too late',
    });
    expect(again.json()).toEqual({ decided: [], notHeld: [first!.id] });
  });
});

describe('a report imported into the session it is for', () => {
  it('refuses a report of another day, naming both days, and imports it when the importer confirms', async () => {
    const session = await liveSession('2026-11-17');
    const wrongWeek = report('11/10/2026', [mariaRow('11/10/2026')]);
    const refused = await importInto(session.id, wrongWeek);
    expect(refused.job.result).toMatchObject({ outcome: 'rejected' });
    expect(refused.job.result.message).toBe(
      'Nothing was imported: The report is for 10 November 2026; this session is on 17 November 2026. If it is this session’s report all the same, import it again and confirm so.',
    );
    expect(refused.lines).toContainEqual(
      expect.stringMatching(
        /^2 \| Start Time \| The report is for 10 November 2026; this session is on 17 November 2026/,
      ),
    );
    expect((await attendance(session.id)).items).toEqual([]);

    const confirmed = await importInto(session.id, wrongWeek, true);
    expect(confirmed.job.result).toMatchObject({ outcome: 'imported', rows: 1 });
  });

  it('refuses a report of another webinar the same day, naming both titles', async () => {
    const session = await liveSession('2026-11-18');
    const other = report('11/18/2026', [mariaRow('11/18/2026')], 'Wellness principles');
    const { job } = await importInto(session.id, other);
    expect(job.result.message).toContain(
      `The report is for “Wellness principles”; this session is “${TITLE}”`,
    );
  });

  it('takes the day from the first join when the report has no meeting block', async () => {
    const session = await liveSession('2026-11-19');
    const { job } = await importInto(session.id, `${HEADER}\n${mariaRow('11/12/2026')}\n`);
    expect(job.result.message).toContain(
      'The report is for 12 November 2026; this session is on 19 November 2026',
    );
  });

  it('refuses outright a report for a session that has not happened yet, confirmed or not', async () => {
    const session = await liveSession('2099-03-19');
    for (const confirm of [false, true]) {
      const { started } = await importInto(
        session.id,
        report('11/10/2026', [mariaRow('11/10/2026')]),
        confirm,
      );
      expect(started.statusCode).toBe(409);
      expect(started.json().message).toBe(
        'This session has not happened yet. Import its participant report after it.',
      );
    }
  });
});

describe('matching rows by hand', () => {
  it('keeps rows matched (and unmatched) by hand when the report is imported again', async () => {
    const session = await liveSession('2026-11-20');
    const day = '11/20/2026';
    const content = report(day, [mariaRow(day), phoneRow(day), anaRow(day)]);
    await importInto(session.id, content);
    const before = await attendance(session.id);
    const phone = before.items.find((i) => i.name === 'Coordinators iPhone')!;
    const anas = before.items.find((i) => i.name === 'Ana Ferreira')!;
    await vendor.put(`/api/training/sessions/${session.id}/attendance/${phone.id}`, { personId: ids.jo });
    // Ana's address is her manager's shared inbox at this clinic: the team clears the e-mail match.
    await vendor.put(`/api/training/sessions/${session.id}/attendance/${anas.id}`, { personId: null });

    const { job } = await importInto(session.id, content);
    expect(job.result).toMatchObject({ outcome: 'imported', keptByHand: 2, matched: 2, unmatched: 1 });
    const after = await attendance(session.id);
    expect(after.items.map((i) => [i.name, i.personId, i.matchedBy]).sort()).toEqual(
      [
        ['Ana Ferreira', null, 'manual'],
        ['Coordinators iPhone', ids.jo, 'manual'],
        ['Maria Santos', ids.maria, 'email'],
      ].sort(),
    );
  });

  it('offers registrants and anyone the organisation can see, and matches a row to its own staff', async () => {
    const session = await liveSession('2026-11-24');
    await importInto(session.id, report('11/24/2026', [phoneRow('11/24/2026')]));
    const found = (
      await vendor.get(`/api/training/sessions/${session.id}/attendance/candidates?q=lee`)
    ).json();
    expect(found).toEqual({
      registrants: 2,
      items: [{ personId: ids.jo, name: 'Jo Lee', email: 'jo.lee@vendor.example', registered: false }],
    });
    const all = (await vendor.get(`/api/training/sessions/${session.id}/attendance/candidates`)).json();
    expect(all.items.slice(0, 2).map((i: { registered: boolean }) => i.registered)).toEqual([true, true]);
    // Someone at another organisation the vendor has no tie to is not offered, and cannot be matched.
    const stranger = await t.user([{ orgId: (await t.org()).id, role: 'provider_staff' }], {
      email: 'lee.stranger@elsewhere.example',
    });
    expect(all.items.map((i: { personId: string }) => i.personId)).not.toContain(stranger.person.id);
    const phone = (await attendance(session.id)).items[0]!;
    const refused = await vendor.put(`/api/training/sessions/${session.id}/attendance/${phone.id}`, {
      personId: stranger.person.id,
    });
    expect(refused.statusCode).toBe(400);
    const put = await vendor.put(`/api/training/sessions/${session.id}/attendance/${phone.id}`, {
      personId: ids.jo,
    });
    expect(put.statusCode, put.body).toBe(204);
    expect((await attendance(session.id)).unmatched).toBe(0);
  });

  it('says how many registered, so the page can say when no one did', async () => {
    const res = await vendor.post('/api/training/sessions', {
      topicId,
      kind: 'live',
      title: 'Unannounced drop-in',
      startsAt: '2026-11-25T15:00:00Z',
      endsAt: '2026-11-25T16:00:00Z',
      joinUrl: 'https://webinar.example/j/2',
    });
    const candidates = (
      await vendor.get(`/api/training/sessions/${res.json().id}/attendance/candidates?q=jo`)
    ).json();
    expect(candidates.registrants).toBe(0);
    expect(candidates.items.map((i: { name: string }) => i.name)).toEqual(['Jo Lee']);
  });
});

describe('what a report and a session’s times can reach', () => {
  it('matches by e-mail only registrants and people of organisations the running one works with', async () => {
    const elsewhere = await t.user([{ orgId: (await t.org({ name: 'Unrelated Health' })).id, role: 'rn' }], {
      email: 'kim.ode@unrelated.example',
      givenName: 'Kim',
      familyName: 'Ode',
    });
    const { id } = await liveSession('2026-10-06');
    const stranger = `Kim Ode,kim.ode@unrelated.example,10/6/2026 10:00:00 AM,10/6/2026 12:00:00 PM,120`;
    const { job } = await importInto(id, report('10/6/2026', [mariaRow('10/6/2026'), stranger]));
    expect(job.result).toMatchObject({ outcome: 'imported' });
    const rows = (await vendor.get(`/api/training/sessions/${id}/attendance`)).json().items as {
      email: string;
      personId: string | null;
    }[];
    expect(rows.find((r) => r.email === 'maria.santos@review.example')?.personId).toBe(ids.maria);
    expect(rows.find((r) => r.email === 'kim.ode@unrelated.example')?.personId).toBeNull();
    expect(JSON.stringify(rows)).not.toContain(elsewhere.person.id);
  });

  it('keeps a session’s times once attendance is recorded against them', async () => {
    const { id } = await liveSession('2026-10-13');
    await importInto(id, report('10/13/2026', [mariaRow('10/13/2026')]));
    const session = (await vendor.get(`/api/training/sessions/${id}`)).json();
    const moved = await vendor.put(
      `/api/training/sessions/${id}`,
      {
        title: session.title,
        startsAt: '2027-04-01T15:00:00Z',
        endsAt: '2027-04-01T17:00:00Z',
        timeZone: session.timeZone,
        joinUrl: session.joinUrl,
      },
      { 'if-match': `"${session.version}"` },
    );
    expect(moved.statusCode, moved.body).toBe(409);
    expect(moved.json().code).toBe('SESSION_TIMES_FIXED');
    const renamed = await vendor.put(
      `/api/training/sessions/${id}`,
      {
        title: `${session.title} (recording follows)`,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        timeZone: session.timeZone,
        joinUrl: session.joinUrl,
      },
      { 'if-match': `"${session.version}"` },
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
  });

  it('never dates a completion after today: a held attestation is not accepted before its session ends', async () => {
    const { id, token } = await liveSession('2026-10-20');
    await maria.post(`/api/training/attest/${token}`, { agree: true }); // held: no report yet
    await moveSession(t.database.system, id, '2099-03-01T15:00:00Z', '2099-03-01T17:00:00Z');
    const [held] = await attestations(id);
    const decided = await vendor.post(`/api/training/sessions/${id}/attestations/decisions`, {
      decision: 'accept',
      reason: 'Seen on the call',
      attestationIds: [held!.id],
    });
    expect(decided.statusCode, decided.body).toBe(409);
    expect(decided.json().code).toBe('SESSION_NOT_ENDED');
  });

  it('refuses a decision whose reason a reader cannot see', async () => {
    const { id, token } = await liveSession('2026-10-27');
    await ana.post(`/api/training/attest/${token}`, { agree: true });
    const [held] = await attestations(id);
    for (const reason of ['\u200b', '\u200b\u2060', 'ok \u202e kO'])
      expect(
        (
          await vendor.post(`/api/training/sessions/${id}/attestations/decisions`, {
            decision: 'accept',
            reason,
            attestationIds: [held!.id],
          })
        ).statusCode,
      ).toBe(400);
  });
});
