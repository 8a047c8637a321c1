// The enrollment batch crash tests' world, the child that kills itself mid-batch
// (test/support/enrollment-batch-child.ts), and what the next process reads: spans and the batch's record.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { z } from 'zod';
import type { Services } from '../../src/app.js';
import { operatorAt } from '../../src/cli/commands.js';
import { CARE_COLUMNS, careMembersView, copyCareRows } from '../../src/domains/care/index.js';
import {
  insertOrganisation,
  insertRelationship,
  insertServiceArea,
} from '../../src/domains/organisations/index.js';
import type { Actor } from '../../src/platform/auth/actor.js';
import { checkedRow, checkedRows, type Database } from '../../src/platform/db/client.js';
import type { CopyValue } from '../../src/platform/db/copy.js';
import { type BatchRow, batchCsv, batchRow, newMasshealthId, newPid } from './enrollment.js';
import type { EnrollmentChildOrder } from './enrollment-batch-child.js';
import { tmpFile } from './files.js';
import { nextProcess, type Place } from './import-crash.js';

type Org = Awaited<ReturnType<typeof insertOrganisation>>;

/** Someone acting at `org` with `role`, as the routes would see them. */
export function actorAt(org: Org, role: 'org_admin' | 'enrollment_submitter'): Actor {
  return {
    ...operatorAt(org),
    roles: [role],
    memberships: [{ orgId: org.id, orgName: org.name, orgCode: org.code, orgKind: org.kind, roles: [role] }],
  };
}

/** Stores a batch file at the ACO and runs its job in this process; the job's id. */
export async function runBatch(services: Services, aco: Org, file: string) {
  const job = await services.enrollment.importer.startImport(
    actorAt(aco, 'enrollment_submitter'),
    { fileName: path.basename(file), contentType: 'text/csv', stream: createReadStream(file) },
    1,
    { checkOnly: 'no', submitterKind: aco.kind },
  );
  await services.jobs.drain();
  return job.id;
}

/**
 * Two Community Partners and an ACO partnered with both, `members` members of the ACO, and the first half of
 * them enrolled with the first CP from 1 January 2026 by a batch applied here. Returns the batch the crash
 * tests send: the first half transferred to the second CP, the second half enrolled with the first, from
 * 1 March 2026.
 */
export function crashWorld(place: Place, members: number) {
  return nextProcess(place, async (database, services) => {
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const org = (kind: 'cp_bh' | 'aco', n: number) =>
      insertOrganisation(database.system, {
        kind,
        code: `${kind}-${n}-${tag}`,
        name: `Crash ${kind} ${n} ${tag}`,
      });
    const [cpA, cpB, aco] = [await org('cp_bh', 1), await org('cp_bh', 2), await org('aco', 1)];
    const pids = new Map<string, string>();
    for (const o of [cpA, cpB, aco]) {
      pids.set(o.id, newPid());
      const confirmed = o.kind === 'aco' ? null : members;
      await services.enrollment.setDirectoryEntry(actorAt(o, 'org_admin'), {
        ids: [{ pid: pids.get(o.id)!, sl: 'A' }],
        confirmed,
      });
    }
    for (const cp of [cpA, cpB]) {
      await insertServiceArea(database.system, { orgId: cp.id, county: 'Plymouth', startsOn: '2018-01-01' });
      await insertRelationship(database.system, {
        orgId: aco.id,
        kind: 'cp_partnership',
        otherOrgId: cp.id,
        startsOn: '2018-07-01',
      });
    }
    const people = Array.from({ length: members }, () => ({
      masshealthId: newMasshealthId(),
      dateOfBirth: '1961-03-14',
    }));
    const enrollee = (masshealthId: string): Record<string, CopyValue> => ({
      org_id: aco.id,
      id: randomUUID(),
      masshealth_id: masshealthId,
      given_name: 'Ana',
      family_name: 'Member',
      date_of_birth: '1961-03-14',
      sex: 'unknown',
      county: 'Plymouth',
      accessible_formats: '{}',
    });
    await copyCareRows(database, {
      enrollees: people.map((p) => CARE_COLUMNS.enrollees.map((c) => enrollee(p.masshealthId)[c] ?? null)),
      enrollments: [],
      team: [],
      contacts: [],
      assessments: [],
      majorChanges: [],
    });
    const pid = (o: Org) => ({ pid: pids.get(o.id)! });
    const half = Math.floor(members / 2);
    const csv = (name: string, rows: BatchRow[]) => {
      const file = tmpFile(name);
      writeFileSync(file, batchCsv(rows));
      return file;
    };
    const first = csv(
      'january.csv',
      people.slice(0, half).map((p) => batchRow(p, pid(aco), pid(cpA), 'E', '2026-01-01')),
    );
    const january = await runBatch(services, aco, first);
    expect(await batchRecord(database, january)).toMatchObject({ outcome: 'applied' });
    const march = csv('march.csv', [
      ...people.slice(0, half).map((p) =>
        batchRow(p, pid(aco), pid(cpA), 'T', '2026-03-01', {
          Transfer_To_CP_PID: pid(cpB).pid,
          Transfer_To_CP_SL: 'A',
        }),
      ),
      ...people.slice(half).map((p) => batchRow(p, pid(aco), pid(cpA), 'E', '2026-03-01')),
    ]);
    const name = (id: string) => (id === cpA.id ? 'A' : 'B');
    const expected = {
      before: people
        .slice(0, half)
        .map((p) => `${p.masshealthId}|A|2026-01-01|open`)
        .sort(),
      after: [
        ...people
          .slice(0, half)
          .flatMap((p) => [
            `${p.masshealthId}|A|2026-01-01|2026-02-28 TRANSFERRED`,
            `${p.masshealthId}|B|2026-03-01|open`,
          ]),
        ...people.slice(half).map((p) => `${p.masshealthId}|A|2026-03-01|open`),
      ].sort(),
    };
    return { aco, file: march, name, expected };
  });
}

const spanLine = z.object({ masshealthId: z.string(), cpOrgId: z.string(), span: z.string() });

/** The ACO's spans, one line each: member, CP (named by `name`), first day and last day or "open". */
export async function spanLines(database: Database, acoId: string, name: (cpOrgId: string) => string) {
  const rows = await checkedRows(
    database.system,
    spanLine,
    sql`select e.masshealth_id as "masshealthId", s.cp_org_id as "cpOrgId",
        s.starts_on::text || '|' || coalesce(s.ends_on::text || ' ' || s.end_reason, 'open') as span
      from enrollment_spans s join ${careMembersView} e on e.id = s.enrollee_id where s.org_id = ${acoId}`,
  );
  return rows.map((r) => `${r.masshealthId}|${name(r.cpOrgId)}|${r.span}`).sort();
}

const batchLine = z.object({ outcome: z.string(), message: z.string().nullable(), stagedRows: z.number() });

/** A batch's outcome and message, and how many of its rows are kept (for its result and portal files). */
export async function batchRecord(database: Database, batchId: string) {
  return checkedRow(
    database.system,
    batchLine,
    sql`select b.outcome, b.message,
        (select count(*)::int from enrollment_batch_rows r where r.batch_id = b.id) as "stagedRows"
      from enrollment_batches b where b.id = ${batchId}`,
  );
}

/** Runs the child until it dies; it must die by its own SIGKILL, having queued its job. */
export async function crashBatch(place: Place, order: Omit<EnrollmentChildOrder, 'dataDir' | 'databaseUrl'>) {
  const full: EnrollmentChildOrder = {
    ...order,
    dataDir: place.dataDir,
    ...(place.pg ? { databaseUrl: place.pg.url } : {}),
  };
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/enrollment-batch-child.ts', JSON.stringify(full)],
    { env: { ...env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  // A child that never reaches its point (a run that hangs) is stopped, by a signal the test then refuses.
  const timer = setTimeout(() => child.kill('SIGTERM'), 150_000);
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_c, s) => resolve(s)),
  );
  clearTimeout(timer);
  expect(out).not.toMatch(/finished/);
  expect(signal).toBe('SIGKILL');
  return JSON.parse(out.trim().split('\n')[0]!) as { jobId: string };
}
