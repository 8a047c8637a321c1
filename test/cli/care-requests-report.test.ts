import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/cli/runtime.js';
import { loadConfig } from '../../src/config.js';
import { insertOrganisation } from '../../src/domains/organisations/index.js';
import { concordHere } from '../support/cli.js';
import { workbookLines } from '../support/files.js';

/**
 * `concord care requests report --org CODE --month YYYY-MM --out FILE.xlsx|csv`: a plan's month of service
 * request decisions, written as CSV (the summary) and XLSX (with each decision), with progress on stderr.
 */
let env: Record<string, string | undefined>;
let dir: string;
const concord = (...args: string[]) => concordHere(env, ...args);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'concord-cli-requests-'));
  env = { DATABASE_URL: undefined, CONCORD_DATA_DIR: dir, LOG_LEVEL: 'warn' };
  const rt = await openRuntime(loadConfig(env as NodeJS.ProcessEnv));
  try {
    const org = await insertOrganisation(rt.database.system, {
      kind: 'plan',
      code: 'REQ-PLAN',
      name: 'Request Plan',
    });
    const actor = {
      userId: '00000000-0000-0000-0000-000000000000',
      personId: '00000000-0000-0000-0000-000000000000',
      name: 'test',
      email: '',
      isSystemAdmin: false,
      orgId: org.id,
      roles: ['org_admin' as const],
      memberships: [
        {
          orgId: org.id,
          orgName: org.name,
          orgCode: org.code,
          orgKind: 'plan',
          roles: ['org_admin' as const],
        },
      ],
      ip: null,
      userAgent: null,
      sessionId: '00000000-0000-0000-0000-000000000000',
      csrfToken: '',
    };
    // A person to record and decide as (the requests name who did).
    const person = await rt.database.system.transaction(async (tx) => {
      const { insertPerson } = await import('../../src/domains/people/index.js');
      return insertPerson(tx as never, {
        homeOrgId: org.id,
        givenName: 'Kofi',
        familyName: 'Okafor',
        email: 'k@plan.example',
      });
    });
    const as = { ...actor, personId: person.id };
    const enrollee = await rt.services.care.createEnrollee({
      actor: as,
      input: {
        masshealthId: '100000000077',
        givenName: 'Rosa',
        familyName: 'Lima',
        dateOfBirth: '1958-04-12',
      } as never,
    });
    await rt.services.care.addEnrollment({
      actor: as,
      enrolleeId: enrollee.id,
      input: { program: 'one_care', effectiveOn: '2025-01-01' } as never,
    });
    const r = await rt.services.careRequests.recordRequest({
      actor: as,
      enrolleeId: enrollee.id,
      input: {
        service: 'Home health aide',
        priority: 'standard',
        receivedAt: '2026-01-05T15:00:00Z',
        receivedVia: 'phone',
        requestedBy: 'enrollee',
        part2: false,
      },
    });
    await rt.services.careRequests.decide({
      actor: as,
      id: r.id,
      version: r.version,
      input: {
        decision: 'denied',
        denialReason: 'not_covered',
        explanation: 'Not a benefit of the plan.',
        decidedAt: '2026-01-07T15:00:00Z',
      },
    });
  } finally {
    await rt.close();
  }
}, 240_000);

describe('concord care requests report', () => {
  it('writes the month as CSV and XLSX, with progress on stderr', async () => {
    const csv = path.join(dir, 'report.csv');
    const res = await concord(
      'care',
      'requests',
      'report',
      '--org',
      'REQ-PLAN',
      '--month',
      '2026-01',
      '--out',
      csv,
    );
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(
      /Request Plan, 2026-01: 1 request received, 1 decision \(100% on time\)\. Written to /,
    );
    expect(res.err).toMatch(/Service request report for Request Plan, 2026-01: 100%/);
    const text = readFileSync(csv, 'utf8');
    expect(text).toContain('Requests,Median hours to decision,48');
    expect(text).toContain('Denial reasons,Not a covered benefit,1');

    const xlsx = path.join(dir, 'report.xlsx');
    expect(
      (await concord('care', 'requests', 'report', '--org', 'REQ-PLAN', '--month', '2026-01', '--out', xlsx))
        .code,
    ).toBe(0);
    const lines = await workbookLines(xlsx);
    expect(lines).toContain('Requests | Decided | 1');

    const bad = await concord(
      'care',
      'requests',
      'report',
      '--org',
      'REQ-PLAN',
      '--month',
      '2026-1',
      '--out',
      csv,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.err + bad.out).toContain('--month takes a month as YYYY-MM');
  });
});
