import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npiFromBase } from '../../src/domains/people/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { IMPORT_HEADER, multipartFile } from '../support/files.js';
import { capturedLog } from '../support/log.js';
import { operations, requestGenerator } from '../support/openapi.js';

/**
 * Made-up people whose names, e-mail, NPI and MassHealth ID appear nowhere else, sent through every
 * route in the OpenAPI document, the sign-in, and each import (good rows and bad), with the log at debug
 * level. Afterwards the log must hold none of them: logs are kept and shipped with less care than the
 * database, and whoever reads them may not read health records.
 */
const CANARY = {
  given: 'Zelphinea',
  family: 'Quackenbosch',
  email: 'zelphinea.quackenbosch@canary.example',
  npi: npiFromBase('173958264'),
  massHealthId: '100294857361',
};
const TEXT = [
  CANARY.given,
  CANARY.family,
  `${CANARY.given} ${CANARY.family}`,
  CANARY.npi,
  CANARY.massHealthId,
  `MassHealth ${CANARY.massHealthId}`,
];

let t: TestContext;
let admin: Client;
let sessionId: string;
const log = capturedLog();

beforeAll(async () => {
  t = await createTestApp({ logger: log.log });
  const org = await t.org({ kind: 'plan' });
  const { email } = await t.user(
    [
      { orgId: org.id, role: 'org_admin' },
      { orgId: org.id, role: 'training_admin' },
      { orgId: org.id, role: 'compliance_officer' },
    ],
    { systemAdmin: true },
  );
  admin = await t.signIn(email);
  const created = await admin.post('/api/people', {
    givenName: CANARY.given,
    familyName: CANARY.family,
    email: CANARY.email,
    npi: CANARY.npi,
    title: `MassHealth ${CANARY.massHealthId}`,
    roles: [{ role: 'care_coordinator', startsOn: '2026-01-01' }],
  });
  expect(created.statusCode, created.body).toBe(201);
  const topic = await admin.post('/api/training/topics', { code: 'CANARY', title: 'Canary', shared: true });
  const session = await admin.post('/api/training/sessions', {
    topicId: topic.json().id,
    kind: 'live',
    title: 'Canary session',
    startsAt: '2026-11-10T15:00:00Z',
    endsAt: '2026-11-10T17:00:00Z',
  });
  sessionId = session.json().id;
  const personId = created.json().person?.id ?? created.json().id;
  const generate = requestGenerator({
    ids: [org.id, personId, topic.json().id, sessionId],
    text: TEXT,
    email: [CANARY.email, CANARY.email.toUpperCase()],
  });
  for (const { path, method, op } of await operations(t)) {
    if (path === '/api/auth/sign-out' || path === '/api/auth/switch-organisation') continue;
    for (const r of fc.sample(generate(path, method, op), { numRuns: 2, seed: 14 }))
      await t.app.inject({
        method: r.method as 'GET',
        url: r.url,
        cookies: { concord_session: admin.cookie },
        headers: { 'x-csrf-token': admin.csrf, 'if-match': '1' },
        ...(r.payload === undefined ? {} : { payload: r.payload as object }),
      });
  }
});
afterAll(() => t.close());

async function upload(url: string, name: string, content: string) {
  const file = multipartFile(name, content);
  const res = await admin.post(url, file.payload, file.headers);
  expect(res.statusCode, res.body).toBeLessThan(500);
}

describe('personal information in the log', () => {
  it('never appears, whatever route, sign-in or import carried it', async () => {
    for (const password of ['wrong password', 'correct horse battery staple'])
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: CANARY.email, password },
      });
    const personRow = [
      CANARY.given,
      CANARY.family,
      CANARY.email,
      CANARY.npi,
      '617-555-0100',
      CANARY.massHealthId,
    ];
    await upload(
      '/api/people/imports',
      'people.csv',
      [
        IMPORT_HEADER.join(','),
        [...personRow, 'Care coordinator', '', '2026-01-01', ''].join(','),
        [...personRow, 'Not a role', '', '2026-99-01', ''].join(','),
      ].join('\n'),
    );
    await upload(
      '/api/training/completions/imports',
      'completions.csv',
      `E-mail,NPI,Topic code,Completed on,Where earned,Evidence\n${CANARY.email},${CANARY.npi},CANARY,2026-05-01,${CANARY.family} clinic,\n${CANARY.email},${CANARY.npi},NOPE,2026-99-01,,\n`,
    );
    await upload(
      `/api/training/sessions/${sessionId}/attendance`,
      'participants.csv',
      `Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"812","Canary session","11/10/2026 10:00:03 AM","11/10/2026 12:01:47 PM","host@canary.example","122","1"\n\nName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room\n${CANARY.given} ${CANARY.family},${CANARY.email},11/10/2026 09:58:12 AM,11/10/2026 11:01:40 AM,64,No,Y,No\n"${CANARY.family}\u0000,broken,\n`,
    );
    const roster = [
      'MassHealth ID,Medicare ID (MBI),Last name,First name,Date of birth,Sex,Program,Effective date',
      `${CANARY.massHealthId},1EG4TE5MK73,${CANARY.family},${CANARY.given},1961-03-04,F,One Care,2026-01-01`,
    ];
    await upload('/api/care/enrollees/imports', 'roster.csv', roster.join('\n'));
    await t.services.jobs.drain();
    await upload(
      '/api/care/enrollees/imports',
      'roster.csv',
      [
        ...roster,
        `${CANARY.massHealthId},1SG4TE5MK73,${CANARY.family}\u0000,${CANARY.given},3/4/1961,F,One Care,2025-01-01`,
      ].join('\n'),
    );
    await t.services.jobs.drain();
    await t.services.audit.flush();

    const logged = log.text().toLowerCase();
    expect(logged.length).toBeGreaterThan(1_000);
    for (const canary of [CANARY.given, CANARY.family, CANARY.email, CANARY.npi, CANARY.massHealthId])
      expect({ canary, found: logged.includes(canary.toLowerCase()) }).toEqual({ canary, found: false });
  });
});
