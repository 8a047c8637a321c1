import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { uploadAndImport } from '../support/files.js';
import { invisibleInserts, propertyRuns, withInvisible } from '../support/invisible.js';

/**
 * An e-mail address or NPI that looks like one already recorded is either refused, naming the field and
 * the character, or is the one recorded: never a second, visually identical identity. Every way in is
 * tried: adding and changing a person, a sign-in account, signing in, a program year's mailbox list.
 */
let t: TestContext;
let admin: Client;
let orgId: string;
let mariaId: string;
const MARIA = 'maria.santos@bch.example';

beforeAll(async () => {
  t = await createTestApp();
  orgId = (await t.org({ name: 'Boston Community Health Center', kind: 'training_vendor' })).id;
  admin = await t.signIn(
    (
      await t.user([
        { orgId, role: 'org_admin' },
        { orgId, role: 'training_admin' },
      ])
    ).email,
  );
  const created = await admin.post('/api/people', {
    givenName: 'Maria',
    familyName: 'Santos',
    email: MARIA,
    npi: '1234567893',
    roles: [{ role: 'care_coordinator', startsOn: '2024-02-01' }],
  });
  mariaId = created.json().id;
});
afterAll(() => t.close());

let added = 0;
/** A person to add, each time with a role from another day, so that adding the same person again is not a duplicate role. */
const person = (email: string, extra: Record<string, unknown> = {}) => ({
  givenName: 'Maria',
  familyName: 'Santos',
  email,
  roles: [{ role: 'rn', startsOn: new Date(Date.UTC(2010, 0, 1 + added++)).toISOString().slice(0, 10) }],
  ...extra,
});

describe('adding a person', () => {
  it('refuses an e-mail with a zero-width character, naming the field and the character', async () => {
    const res = await admin.post('/api/people', person('maria.san\u200Btos@bch.example'));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toMatchObject([
      {
        path: 'body.email',
        message: expect.stringMatching(/^The e-mail address contains an invisible character \(U\+200B\)/),
      },
    ]);
  });

  it('takes full-width letters as the same address, and so the same person', async () => {
    const res = await admin.post('/api/people', person('ＭＡＲＩＡ.ｓａｎｔｏｓ@ｂｃｈ.example'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().id).toBe(mariaId);
  });

  it('refuses an NPI with an invisible character, and reads full-width digits', async () => {
    const spoofed = await admin.post(
      '/api/people',
      person('npi.spoof@bch.example', { npi: '12345\u206067893' }),
    );
    expect(spoofed.json().issues).toMatchObject([
      {
        path: 'body.npi',
        message: expect.stringMatching(/^The NPI contains an invisible character \(U\+2060\)/),
      },
    ]);
    const wide = await admin.post(
      '/api/people',
      person('npi.wide@bch.example', { npi: '１２３４５６７８９３' }),
    );
    expect(wide.json()).toMatchObject({ code: 'PERSON_NPI_TAKEN' });
  });

  it('with any invisible characters inserted in the e-mail is refused, or is the same person', async () => {
    await fc.assert(
      fc.asyncProperty(invisibleInserts, async (inserts) => {
        const res = await admin.post('/api/people', person(withInvisible(MARIA, inserts)));
        if (res.statusCode === 201) expect(res.json().id).toBe(mariaId);
        else expect(res.statusCode).toBe(400);
      }),
      propertyRuns(25),
    );
    expect((await admin.get('/api/people?q=santos')).json().total).toBe(1);
  });
});

describe('text that looks right but is not', () => {
  it('refuses an address with a Cyrillic look-alike letter and a name with a right-to-left override, naming each field', async () => {
    const res = await admin.post(
      '/api/people',
      person('m\u0430ria.santos@bch.example', { givenName: 'Ma\u202Eria', familyName: 'San\u200Btos' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toMatchObject([
      { path: 'body.givenName', message: expect.stringMatching(/invisible character \(U\+202E\)/) },
      { path: 'body.familyName', message: expect.stringMatching(/invisible character \(U\+200B\)/) },
      { path: 'body.email', message: expect.stringMatching(/\(Latin and Cyrillic\)/) },
    ]);
  });

  it('refuses the same in a people import, naming the row and column', async () => {
    const csv = [
      'Given name,Family name,E-mail,Role,Role start date',
      'Ana,Pereira,ana.pereira@bch.example,RN,2024-01-01',
      'J\u200Fo,Silva,jo.silva@bch.example,RN,2024-01-01',
      'Paulo,Costa,p\u0430ulo.costa@bch.example,RN,2024-01-01',
    ].join('\n');
    const { job, lines } = await uploadAndImport(t, admin, '/api/people/imports', 'staff.csv', csv);
    expect(job.result).toMatchObject({ outcome: 'rejected' });
    expect(lines.join('\n')).toMatch(/3.*Given name.*invisible character \(U\+200F\)/);
    expect(lines.join('\n')).toMatch(/4.*E-mail.*Latin and Cyrillic/);
  });
});

describe('changing a person', () => {
  it('refuses an e-mail or NPI with invisible characters', async () => {
    const seen = await admin.get(`/api/people/${mariaId}`);
    const res = await admin.patch(
      `/api/people/${mariaId}`,
      { email: `\u200D${MARIA}`, npi: '1234567893\u00AD' },
      { 'if-match': seen.headers.etag as string },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(['body.email', 'body.npi']);
  });
});

describe('sign-in accounts', () => {
  it('are refused with invisible characters, and found by the address however it is spelled', async () => {
    const created = await t.user([{ orgId, role: 'rn' }], { email: 'lee.chen@bch.example' });
    await expect(
      t.services.auth.createUser({
        personId: created.person.id,
        email: 'l\u200Bee@bch.example',
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      t.services.auth.createUser({ personId: mariaId, email: 'ＬＥＥ.chen@bch.example', password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'AUTH_EMAIL_TAKEN' });
  });

  it('are never a second account, whatever invisible characters the address carries', async () => {
    const { person } = await t.user([{ orgId, role: 'rn' }], { email: 'dara.kim@bch.example' });
    await fc.assert(
      fc.asyncProperty(invisibleInserts, async (inserts) => {
        const email = withInvisible('dara.kim@bch.example', inserts);
        await expect(
          t.services.auth.createUser({ personId: person.id, email, password: PASSWORD }),
        ).rejects.toMatchObject({ code: expect.stringMatching(/^(VALIDATION_FAILED|AUTH_EMAIL_TAKEN)$/) });
      }),
      propertyRuns(25),
    );
  });

  it('never sign in as someone else, whatever invisible characters the address carries', async () => {
    await t.user([{ orgId, role: 'rn' }], { email: 'kwame.mensah@bch.example' });
    await fc.assert(
      fc.asyncProperty(invisibleInserts, async (inserts) => {
        const email = withInvisible('kwame.mensah@bch.example', inserts);
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { email, password: PASSWORD },
        });
        if (res.statusCode !== 204) {
          expect([400, 401]).toContain(res.statusCode);
          return;
        }
        const cookie = res.cookies.find((c) => c.name === 'concord_session')!.value;
        const session = await t.app.inject({
          method: 'GET',
          url: '/api/auth/session',
          cookies: { concord_session: cookie },
        });
        expect(session.json().email).toBe('kwame.mensah@bch.example');
      }),
      propertyRuns(10),
    );
  });
});

describe('a program year’s mailbox list', () => {
  it('with any invisible characters inserted in an address is refused, or is the address', async () => {
    const topicId = (
      await admin.post('/api/training/topics', { code: 'OC-ACC', title: 'Accessibility' })
    ).json().id;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(invisibleInserts, async (inserts) => {
        const res = await admin.post('/api/training/program-years', {
          title: `Performance year ${2100 + n++}`,
          startsOn: '2027-01-01',
          endsOn: '2027-12-31',
          topicIds: [topicId],
          mailbox: [withInvisible('cc.south@bay-state.example', inserts)],
        });
        if (res.statusCode !== 201) {
          expect(res.json().issues[0].path).toBe('body.mailbox.0');
          return;
        }
        const year = (await admin.get(`/api/training/program-years/${res.json().id}`)).json();
        expect(year.mailbox).toEqual(['cc.south@bay-state.example']);
      }),
      propertyRuns(15),
    );
  });

  it('refuses an address with an invisible character, naming which one', async () => {
    const topicId = (
      await admin.post('/api/training/topics', { code: 'OC-CULT', title: 'Cultural competence' })
    ).json().id;
    const res = await admin.post('/api/training/program-years', {
      title: 'Performance year 2027',
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      topicIds: [topicId],
      mailbox: [
        'cc.north@lowell-chc.example',
        'cc.north@lowell-chc.exam\u200Bple',
        'ＣＣ.ＮＯＲＴＨ@lowell-chc.example',
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toMatchObject([
      { path: 'body.mailbox.1', message: expect.stringMatching(/invisible character \(U\+200B\)/) },
      { path: 'body.mailbox.2', message: 'cc.north@lowell-chc.example is listed twice' },
    ]);
  });
});
