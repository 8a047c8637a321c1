import { createReadStream } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operatorAt } from '../../src/cli/commands.js';
import { checkedRow, checkedRows, type Database } from '../../src/platform/db/client.js';
import { find } from '../../src/platform/jobs/queue.js';
import { auditEntries } from '../support/database-facts.js';
import { peopleCsv, personRow } from '../support/files.js';
import { crash, freshPlace, nextProcess } from '../support/import-crash.js';

/**
 * `kill -9` in the middle of a people import, in a real process (test/support/job-child.ts kills itself with
 * SIGKILL at a chosen point), then the next process to look: the job is settled honestly — failed, tried
 * again or kept — never left running; the data is all there or none of it; and running the import again
 * ends where a clean import does. On PostgreSQL the child shares the test database; on PGlite it opens a
 * data folder that this file then opens after it (the folder's lock, left by a killed process, is stale).
 */
const ROWS = 400;

let n = 0;
/** A people file with its own e-mail domain, and the rows a clean import of it must leave. */
function peopleFile() {
  const tag = `${process.pid.toString(36)}${(n++).toString(36)}${Date.now().toString(36)}`;
  const people = Array.from({ length: ROWS }, (_, i) => ({
    given: `Given${i}`,
    family: `Family${i}`,
    email: `p${i}@crash-${tag}.example`,
  }));
  return {
    orgCode: `CRASH-${tag}`.toUpperCase(),
    file: peopleCsv(people.map((p) => personRow(p.given, p.family, p.email))),
    expected: people.map((p) => `${p.email}|${p.given}|${p.family}|care_coordinator`).sort(),
  };
}

const imported = async (database: Database, orgId: string) =>
  (
    await checkedRows(
      database.system,
      z.object({ line: z.string() }),
      sql`select p.email || '|' || p.given_name || '|' || p.family_name || '|' || r.role as line
        from person_roles r join people p on p.id = r.person_id where r.org_id = ${orgId}`,
    )
  )
    .map((r) => r.line)
    .sort();

const stagedRows = async (database: Database, jobId: string) =>
  (await checkedRow(
    database.system,
    z.object({ n: z.number() }),
    sql`select count(*)::int as n from people_import_rows where job_id = ${jobId}`,
  ))!.n;

describe('an import whose process is killed', () => {
  it('killed while reading, with its one attempt (as the CLI runs it): failed, nothing applied, never run again; a re-run imports it all', {
    timeout: 120_000,
  }, async () => {
    const { orgCode, file, expected } = peopleFile();
    const place = await freshPlace();
    const { orgId, jobId } = await crash(place, { orgCode, file, maxAttempts: 1, dieAt: 'reading' });
    await nextProcess(place, async (database, services) => {
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'running', attempts: 1 });
      expect(await imported(database, orgId)).toEqual([]);

      // The next process to run the queue settles it, and does not run it: it had no attempt left.
      expect(await services.jobs.drain()).toBe(0);
      const job = await find(database.system, orgId, jobId);
      expect(job?.status).toBe('failed');
      expect(job?.message).toMatch(
        // Killed at its first progress report, which may be at 0% (then no share is named).
        /^The process running this import stopped( at \d+%)?; nothing was applied\. Run the import again\.$/,
      );
      expect(job?.finishedAt).not.toBeNull();
      expect(await stagedRows(database, jobId)).toBe(0);

      // Nor does anyone later.
      await services.jobs.settleStopped();
      await services.jobs.drain();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'failed', attempts: 1 });
      expect(await imported(database, orgId)).toEqual([]);

      // Running the import again ends where a clean import does.
      const upload = { fileName: 'people.csv', contentType: 'text/csv', stream: createReadStream(file) };
      const again = await services.peopleImport.startImport(operatorAt({ id: orgId }), upload, 1);
      await services.jobs.drain();
      expect(await find(database.system, orgId, again.id)).toMatchObject({ status: 'succeeded' });
      expect(await imported(database, orgId)).toEqual(expected);
    });
  });

  it('killed while checking and applying, with attempts left (as the web app starts it): tried again, and imports it all once', {
    timeout: 120_000,
  }, async () => {
    const { orgCode, file, expected } = peopleFile();
    const place = await freshPlace();
    const { orgId, jobId } = await crash(place, { orgCode, file, maxAttempts: 2, dieAt: 'checking' });
    await nextProcess(place, async (database, services) => {
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'running' });
      expect(await imported(database, orgId)).toEqual([]);

      await services.jobs.settleStopped();
      const job = await find(database.system, orgId, jobId);
      expect(job?.status).toBe('queued');
      expect(job?.message).toMatch(
        /^The process running this import stopped( at \d+%)?; nothing was applied\. It will be tried again \(attempt 2 of 2\)\.$/,
      );

      await services.jobs.drain();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(await imported(database, orgId)).toEqual(expected);
    });
  });

  it('killed after its changes committed: kept as done, all rows there, and not run again', {
    timeout: 120_000,
  }, async () => {
    const { orgCode, file, expected } = peopleFile();
    const place = await freshPlace();
    const { orgId, jobId } = await crash(place, { orgCode, file, maxAttempts: 2, dieAt: 'applied' });
    await nextProcess(place, async (database, services) => {
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'running' });
      expect(await imported(database, orgId)).toEqual(expected);

      await services.jobs.settleStopped();
      const job = await find(database.system, orgId, jobId);
      expect(job?.status).toBe('succeeded');
      expect(job?.message).toMatch(/stopped at \d+%, after its changes were saved: they are kept/);

      await services.jobs.drain();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(await imported(database, orgId)).toEqual(expected);
      const audited = await auditEntries(database.system, { entityId: jobId, action: 'import' });
      expect(audited).toHaveLength(1);
    });
  });
});
