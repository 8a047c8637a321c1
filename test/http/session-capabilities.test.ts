import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../../src/capabilities.js';
import type { RoleKind } from '../../src/domains/people/index.js';
import { createTestApp, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A read that each capability opens: the page the web app shows for it asks this first. */
const PROBES: Partial<Record<Capability, string>> = {
  'person.list': '/api/people',
  'qualification.list': '/api/qualifications',
  'catalog.read': '/api/training/sessions',
  'participation.read': '/api/training/participation',
  'compliance.read': '/api/compliance/dashboard',
  'compliance.own': '/api/compliance/me',
  'surveys.manage': '/api/surveys',
  'surveys.respond': '/api/surveys/mine',
  'audit.read': '/api/audit',
  'audit.readPlatform': '/api/audit?platform=true',
  'outbox.read': '/api/outbox',
};

async function sessionOf(role: RoleKind, options: { systemAdmin?: boolean } = {}) {
  const org = await t.org({ kind: 'provider' });
  const { email } = await t.user([{ orgId: org.id, role }], options);
  const client = await t.signIn(email);
  const session = (await client.get('/api/auth/session')).json() as { can: Capability[] };
  return { client, can: session.can, org };
}

describe('what the session says a person may do', () => {
  it.each<RoleKind>(['care_coordinator', 'org_admin', 'compliance_officer', 'training_admin', 'auditor'])(
    'matches what the routes answer for a %s',
    async (role) => {
      const { client, can } = await sessionOf(role);
      for (const [capability, url] of Object.entries(PROBES)) {
        const status = (await client.get(url)).statusCode;
        // Held: the page opens. Not held: the server refuses, so the web app must not offer it.
        if (can.includes(capability as Capability)) expect([capability, status]).toEqual([capability, 200]);
        else expect([capability, status]).toEqual([capability, 403]);
      }
    },
  );

  it('gives a care coordinator their own training, obligations and surveys, and no one else’s records', async () => {
    const { can } = await sessionOf('care_coordinator');
    expect(can).toEqual(
      expect.arrayContaining(['catalog.read', 'session.register', 'compliance.own', 'surveys.respond']),
    );
    for (const c of ['person.list', 'compliance.read', 'audit.read', 'outbox.read', 'catalog.offer'])
      expect(can).not.toContain(c);
  });

  it('lets a compliance officer offer private training but not shared training, nor build surveys', async () => {
    const { can } = await sessionOf('compliance_officer');
    expect(can).toEqual(
      expect.arrayContaining(['catalog.offer', 'compliance.flag.clear', 'surveys.results']),
    );
    expect(can).not.toContain('catalog.offerShared');
    expect(can).not.toContain('surveys.manage');
  });

  it('changes with the organisation a system administrator acts for', async () => {
    const { client, can, org } = await sessionOf('care_coordinator', { systemAdmin: true });
    // A system administrator acts as each organisation's administrator, and alone sees sign-in events.
    expect(can).toEqual(expect.arrayContaining(['person.list', 'audit.readPlatform', 'organisation.create']));
    const other = await t.org({ kind: 'plan' });
    await client.switchTo(other.id);
    const after = (await client.get('/api/auth/session')).json() as { orgId: string; can: Capability[] };
    expect(after.orgId).toBe(other.id);
    expect(after.can).toEqual(expect.arrayContaining(['organisation.update', 'people.import']));
    expect(org.id).not.toBe(other.id);
  });
});
