import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { auditEntries, outboxMessages } from '../support/database-facts.js';
import { pdfText } from '../support/files.js';
import { expectAccessiblePdf, expectReadInOrder } from '../support/pdf-tags.js';

/**
 * A live session's roster (decision 032): the printable sign-in sheet names the session, its date and
 * speaker and gives each registered person a row with a line to sign; e-mails to the registrants (and, if
 * asked, the waitlist) go through the outbox, audited, at most five per session in 24 hours.
 */
let t: TestContext;
let vendor: Client;
let vendorOrg: string;
let providerOrg: string;
let topicId: string;

beforeAll(async () => {
  t = await createTestApp();
  vendorOrg = (await t.org({ kind: 'training_vendor', name: 'One Care Learning' })).id;
  providerOrg = (await t.org({ kind: 'provider', name: 'Lowell Community Health' })).id;
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg, role: 'training_admin' }])).email);
  topicId = (
    await vendor.post('/api/training/topics', { code: 'OC-CC', title: 'Cultural competence', shared: true })
  ).json().id;
});
afterAll(() => t.close());

/** A live webinar with `seats`, and the people who registered in turn (past the seats, the waitlist). */
async function webinar(people: [string, string][], seats = 10) {
  const id = (
    await vendor.post('/api/training/sessions', {
      topicId,
      kind: 'live',
      title: 'Cultural competence in care coordination',
      startsAt: '2027-01-12T17:00:00Z',
      endsAt: '2027-01-12T18:00:00Z',
      speaker: 'Dr. Ana Reyes',
      capacity: seats,
    })
  ).json().id as string;
  for (const [givenName, familyName] of people) {
    const u = await t.user([{ orgId: providerOrg, role: 'care_coordinator' }], { givenName, familyName });
    const res = await (await t.signIn(u.email)).post(`/api/training/sessions/${id}/registrations`);
    expect(res.statusCode, res.body).toBe(201);
  }
  return id;
}

const outboxOf = async (sessionId: string) =>
  (await outboxMessages(t.database.system, { entityType: 'training_session_message', entityId: sessionId }))
    .sort((a, b) => (a.toName ?? '').localeCompare(b.toName ?? ''))
    .map(({ to, subject, body, personId }) => ({ to, subject, body, personId }));

describe('the sign-in sheet', () => {
  it('names the session, its date and speaker, and gives each registered person a row, by name', async () => {
    const id = await webinar(
      [
        ['Zoe', 'Young'],
        ['Amir', 'Haddad'],
        ['Wendy', 'Waitlisted'],
      ],
      2,
    );
    const res = await vendor.get(`/api/training/sessions/${id}/sign-in-sheet.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('sign-in-sheet.pdf');
    const { text } = await pdfText(res.rawPayload);
    expect(text).toContain('Cultural competence in care coordination');
    expect(text).toContain('Date: Tuesday, January 12, 2027, 12:00 PM – 1:00 PM EST');
    expect(text).toContain('Speaker: Dr. Ana Reyes');
    expect(text).toContain('Signature');
    expect(text.indexOf('Amir Haddad')).toBeGreaterThan(-1);
    expect(text.indexOf('Amir Haddad')).toBeLessThan(text.indexOf('Zoe Young'));
    expect(text).not.toContain('Wendy Waitlisted');
    // Tagged: one table, a row per registered person and five blank rows; the lines to sign on are artifacts.
    const pdf = await expectAccessiblePdf(res.rawPayload, 'Sign-in sheet: ');
    expect(pdf.headings).toEqual([{ level: 1, text: 'Sign-in sheet' }]);
    const [header, ...people] = pdf.tables[0]!;
    expect(header!.map((c) => c.text)).toEqual(['#', 'Name', 'E-mail', 'Signature']);
    expect(people.map((row) => row.map((c) => c.text).slice(0, 2))).toEqual([
      ['1', 'Amir Haddad'],
      ['2', 'Zoe Young'],
      ...[3, 4, 5, 6, 7].map((n) => [String(n), '']),
    ]);
    expectReadInOrder(pdf, [
      'Sign-in sheet',
      'Date: Tuesday, January 12, 2027',
      'Speaker: Dr. Ana Reyes',
      'Amir Haddad',
    ]);
  });

  it('is the running organisation’s, and only for a live session', async () => {
    const id = await webinar([]);
    const other = await t.signIn((await t.user([{ orgId: providerOrg, role: 'training_admin' }])).email);
    expect((await other.get(`/api/training/sessions/${id}/sign-in-sheet.pdf`)).statusCode).toBe(403);
    const recording = (
      await vendor.post('/api/training/sessions', {
        topicId,
        kind: 'recorded',
        title: 'Replay',
        videoUrl: 'https://learning.example/replay',
        durationMinutes: 60,
      })
    ).json().id;
    const res = await vendor.get(`/api/training/sessions/${recording}/sign-in-sheet.pdf`);
    expect(res.statusCode).toBe(409);
  });
});

describe('e-mailing the registrants', () => {
  const MESSAGE = { subject: 'Room change', message: 'We now meet in room 2 on the first floor.' };

  it('writes one e-mail per registered person to the outbox, saying why they receive it, audited', async () => {
    const id = await webinar(
      [
        ['Rosa', 'Diaz'],
        ['Amir', 'Haddad'],
        ['Wendy', 'Waitlisted'],
      ],
      2,
    );
    const res = await vendor.post(`/api/training/sessions/${id}/messages`, MESSAGE);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ queued: 2, registered: 2, waitlisted: 0 });
    const sent = await outboxOf(id);
    expect(sent.map((m) => m.subject)).toEqual(['Room change', 'Room change']);
    expect(sent.every((m) => m.personId)).toBe(true);
    expect(sent[0]!.body).toMatch(/^We now meet in room 2 on the first floor\./);
    expect(sent[0]!.body).toContain(
      'You receive this because you are registered for “Cultural competence in care coordination”',
    );
    const [audited] = await auditEntries(t.database.system, { entityId: id, action: 'message_registrants' });
    expect(audited?.details).toMatchObject({ subject: 'Room change', registered: 2, waitlisted: 0 });
    const history = (await vendor.get(`/api/training/sessions/${id}/messages`)).json();
    expect(history).toMatchObject({
      items: [{ subject: 'Room change', recipients: 2 }],
      remaining: 4,
      nextAllowedAt: null,
    });
  });

  it('reaches the waitlist too when asked', async () => {
    const id = await webinar(
      [
        ['Rosa', 'Diaz'],
        ['Wendy', 'Waitlisted'],
      ],
      1,
    );
    const res = await vendor.post(`/api/training/sessions/${id}/messages`, {
      ...MESSAGE,
      includeWaitlisted: true,
    });
    expect(res.json()).toEqual({ queued: 2, registered: 1, waitlisted: 1 });
    const sent = await outboxOf(id);
    expect(sent.find((m) => m.body.includes('on the waitlist for'))).toBeDefined();
  });

  it('refuses a sixth e-mail within 24 hours, saying when the next may go', async () => {
    const id = await webinar([['Rosa', 'Diaz']]);
    for (let i = 1; i <= 5; i++) {
      const res = await vendor.post(`/api/training/sessions/${id}/messages`, {
        ...MESSAGE,
        subject: `Note ${i}`,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const sixth = await vendor.post(`/api/training/sessions/${id}/messages`, MESSAGE);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().message).toMatch(
      /^This session’s registrants have had 5 e-mails in the last 24 hours\. The next can be sent after .+ Eastern\.$/,
    );
    expect((await outboxOf(id)).length).toBe(5);
    const history = (await vendor.get(`/api/training/sessions/${id}/messages`)).json();
    expect(history.remaining).toBe(0);
    expect(history.nextAllowedAt).toEqual(expect.any(String));
  });

  it('names the field of a subject or message left empty, and refuses a session with no one to write to', async () => {
    const id = await webinar([]);
    const empty = await vendor.post(`/api/training/sessions/${id}/messages`, { subject: ' ', message: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().issues).toMatchObject([
      { path: 'body.subject', message: 'Write a subject' },
      { path: 'body.message', message: 'Write the message' },
    ]);
    const twoLines = await vendor.post(`/api/training/sessions/${id}/messages`, {
      subject: 'One\nTwo',
      message: 'x',
    });
    expect(twoLines.json().issues).toMatchObject([
      { path: 'body.subject', message: 'Keep the subject on one line' },
    ]);
    const nobody = await vendor.post(`/api/training/sessions/${id}/messages`, MESSAGE);
    expect(nobody.statusCode).toBe(409);
    expect(nobody.json().code).toBe('NO_ONE_TO_WRITE_TO');
  });
});
