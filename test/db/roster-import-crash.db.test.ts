import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRows, type Database } from '../../src/platform/db/client.js';
import { find } from '../../src/platform/jobs/queue.js';
import { enrolleeAt } from '../../src/seed/enrollees.js';
import { auditEntries } from '../support/database-facts.js';
import { crash, freshPlace, nextProcess } from '../support/import-crash.js';
import { rosterCsv, rosterRow } from '../support/roster-files.js';

/**
 * `kill -9` in the middle of an enrollee roster import (the people import's runner, so the same guarantees):
 * killed while checking and applying with an attempt left, the job is tried again and imports every
 * enrollee once; killed after its transaction committed, it is kept as done and not run again.
 */
const ROWS = 400;
const OPTIONS = { seed: 7, today: '2026-03-15' };

let n = 0;
function rosterFile() {
  const tag = `${process.pid.toString(36)}${(n++).toString(36)}${Date.now().toString(36)}`;
  const enrollees = Array.from({ length: ROWS }, (_, i) => enrolleeAt(700_000 + i, OPTIONS));
  return {
    orgCode: `ROSTER-${tag}`.toUpperCase(),
    file: rosterCsv(enrollees.map(rosterRow)),
    expected: enrollees.map((e) => `${e.massHealthId}|${e.familyName}|${e.program}|${e.effectiveOn}`).sort(),
  };
}

const imported = async (database: Database, orgId: string) =>
  (
    await checkedRows(
      database.system,
      z.object({ line: z.string() }),
      sql`select e.masshealth_id || '|' || e.family_name || '|' || r.program || '|' || r.effective_on as line
        from care_enrollees e join care_enrollments r on r.org_id = e.org_id and r.enrollee_id = e.id
        where e.org_id = ${orgId}`,
    )
  )
    .map((r) => r.line)
    .sort();

describe('a roster import whose process is killed', () => {
  it('killed while checking and applying, with attempts left: tried again, and imports every enrollee once', {
    timeout: 120_000,
  }, async () => {
    const { orgCode, file, expected } = rosterFile();
    const place = await freshPlace();
    const { orgId, jobId } = await crash(place, {
      orgCode,
      file,
      maxAttempts: 2,
      dieAt: 'checking',
      kind: 'roster',
    });
    await nextProcess(place, async (database, services) => {
      expect(await imported(database, orgId)).toEqual([]);
      await services.jobs.settleStopped();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'queued' });
      await services.jobs.drain();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(await imported(database, orgId)).toEqual(expected);
    });
  });

  it('killed after its changes committed: kept as done, every enrollee there, and not run again', {
    timeout: 120_000,
  }, async () => {
    const { orgCode, file, expected } = rosterFile();
    const place = await freshPlace();
    const { orgId, jobId } = await crash(place, {
      orgCode,
      file,
      maxAttempts: 2,
      dieAt: 'applied',
      kind: 'roster',
    });
    await nextProcess(place, async (database, services) => {
      expect(await imported(database, orgId)).toEqual(expected);
      await services.jobs.settleStopped();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded' });
      await services.jobs.drain();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(await auditEntries(database.system, { entityId: jobId, action: 'import' })).toHaveLength(1);
    });
  });
});
