import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { consent, ids, type Part2World, part2World } from '../support/care-part2.js';
import { REQUEST } from '../support/care-requests.js';

// 42 CFR Part 2, as a property (issue 20): for random records (contacts and service requests, tagged or not, by
// each organisation on the team), random consents (each program's, of either scope, naming random recipients,
// current, not yet started, ended, or revoked) and every reader, a tagged record appears in a list, the queue or
// a FHIR search exactly when its program is the reader or a treatment consent in force names the reader.

let t: TestContext;
let w: Part2World;
beforeAll(async () => {
  t = await createTestApp();
  w = await part2World(t);
});
afterAll(() => t.close());

type Org = 'plan' | 'cp' | 'provider';
const ORGS: Org[] = ['plan', 'cp', 'provider'];
const record = fc.record({
  kind: fc.constantFrom('contact', 'request'),
  by: fc.constantFrom<Org>(...ORGS),
  tagged: fc.boolean(),
});
const consentArb = fc.record({
  program: fc.constantFrom<Org>(...ORGS),
  scope: fc.constantFrom('tpo', 'counseling_notes'),
  recipients: fc.subarray(ORGS, { minLength: 1 }),
  window: fc.constantFrom('current', 'open', 'future', 'ended'),
  revoked: fc.boolean(),
});
const WINDOWS = {
  current: { startsOn: '2026-01-02', endsOn: '2099-12-31' },
  open: { startsOn: '2026-01-02' },
  future: { startsOn: '2099-01-01' },
  ended: { startsOn: '2026-01-02', endsOn: '2026-01-31' },
};

describe('a tagged record never reaches a reader its consents do not cover', () => {
  it('holds for random records, consents and readers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 1, maxLength: 4 }),
        fc.array(consentArb, { maxLength: 3 }),
        async (records, consents) => {
          const id = await w.enrolleeFor();
          const made: { id: string; kind: string; by: Org; tagged: boolean }[] = [];
          for (const r of records) {
            // Providers record contacts, not service requests: theirs become contacts.
            const kind = r.by === 'provider' ? 'contact' : r.kind;
            const res =
              kind === 'contact'
                ? await w.clients[r.by].post(`/api/care/enrollees/${id}/contacts`, {
                    mode: 'phone',
                    reached: true,
                    occurredAt: '2026-01-05T15:00:00Z',
                    part2: r.tagged,
                  })
                : await w.clients[r.by].post(`/api/care/enrollees/${id}/requests`, {
                    ...REQUEST,
                    receivedAt: '2026-11-20T15:00:00Z',
                    requestedBy: 'care_team',
                    part2: r.tagged,
                  });
            expect(res.statusCode, res.body).toBe(201);
            made.push({ id: res.json().id, kind, by: r.by, tagged: r.tagged });
          }
          const inForce: { program: Org; recipients: Org[] }[] = [];
          for (const c of consents) {
            const recipients = c.recipients.filter((o) => o !== c.program);
            if (!recipients.length) continue;
            const given = await consent(w.clients[c.program], id, {
              scope: c.scope,
              recipientOrgIds: recipients.map((o) => w.orgs[o].id),
              ...WINDOWS[c.window],
            });
            if (c.revoked) {
              const res = await w.clients[c.program].post(
                `/api/care/enrollees/${id}/part2-consents/${given.id}/revoke`,
                { receivedOn: '2026-11-01', channel: 'signed_form' },
                { 'if-match': `"${given.version}"` },
              );
              expect(res.statusCode, res.body).toBe(200);
            }
            if (c.scope === 'tpo' && !c.revoked && (c.window === 'current' || c.window === 'open'))
              inForce.push({ program: c.program, recipients });
          }
          const covers = (reader: Org, program: Org) =>
            reader === program || inForce.some((c) => c.program === program && c.recipients.includes(reader));

          for (const reader of ORGS) {
            const client = w.clients[reader];
            const expected = (kind: string) =>
              made
                .filter((m) => m.kind === kind && (!m.tagged || covers(reader, m.by)))
                .map((m) => m.id)
                .sort();
            const contacts = (await ids(client, `/api/care/enrollees/${id}/contacts`)).sort();
            expect(contacts, `${reader}'s contacts`).toEqual(expected('contact'));
            const requests = (await ids(client, `/api/care/enrollees/${id}/requests`)).sort();
            expect(requests, `${reader}'s requests`).toEqual(expected('request'));
            const fhir = (await ids(client, `/fhir/R4/ServiceRequest?patient=Patient/${id}`)).sort();
            expect(fhir, `${reader}'s FHIR search`).toEqual(expected('request'));
            const queue = await client.get(
              `/api/care/requests/queue?q=${encodeURIComponent(REQUEST.service)}&limit=200`,
            );
            const queued = (queue.json().items as { requestId: string; enrolleeId: string }[])
              .filter((i) => i.enrolleeId === id)
              .map((i) => i.requestId)
              .sort();
            expect(queued, `${reader}'s queue`).toEqual(expected('request'));
            const hidden = made.some((m) => m.tagged && !covers(reader, m.by));
            expect(
              (await client.get(`/api/care/enrollees/${id}/part2`)).json().hidden,
              `${reader} told`,
            ).toBe(hidden);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
