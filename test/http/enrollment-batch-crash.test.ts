import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { find } from '../../src/platform/jobs/queue.js';
import {
  actorAt,
  batchRecord,
  crashBatch,
  crashWorld,
  runBatch,
  spanLines,
} from '../support/enrollment-crash.js';
import { sheetRecords } from '../support/enrollment-files.js';
import { freshPlace, nextProcess } from '../support/import-crash.js';

/**
 * `kill -9` at any point of an enrollment batch, in a real process (test/support/enrollment-batch-child.ts
 * kills itself with SIGKILL at a chosen progress report, inside the batch's transaction before it commits, or
 * just after it committed),
 * then the next process to look: the members' spans are the batch applied whole or not at all, never part
 * of it; the job is settled honestly; and running the batch again ends where a clean run does, once.
 */
const MEMBERS = 200;

/** A fresh database with the crash world, and its batch run in a child killed at `dieAt`. */
async function killedBatch(maxAttempts: number, dieAt: Parameters<typeof crashBatch>[1]['dieAt']) {
  const place = await freshPlace();
  const world = await crashWorld(place, MEMBERS);
  const { jobId } = await crashBatch(place, { orgId: world.aco.id, file: world.file, maxAttempts, dieAt });
  return { place, world, jobId };
}

const POINTS = [
  { dieAt: 0, where: 'before the batch is recorded' },
  { dieAt: 1, where: 'while its rows are read and staged' },
  { dieAt: 55, where: 'with its rows staged, before its transaction' },
  { dieAt: 'applying', where: 'inside its transaction, every span written' },
  { dieAt: 'marked', where: 'inside its transaction, marked applied, before the commit' },
] as const;

describe('an enrollment batch whose process is killed', () => {
  it.each(POINTS.map((p) => [p.where, p.dieAt] as const))(
    'killed %s, with an attempt left: none of it applied, then tried again and applied whole once',
    {
      timeout: 180_000,
    },
    async (_where, dieAt) => {
      const { place, world, jobId } = await killedBatch(2, dieAt);
      await nextProcess(place, async (database, services) => {
        const orgId = world.aco.id;
        expect(await spanLines(database, orgId, world.name)).toEqual(world.expected.before);
        await services.jobs.settleStopped();
        expect(await find(database.system, orgId, jobId)).toMatchObject({
          status: 'queued',
          message: expect.stringMatching(/stopped( at \d+%)?; nothing was applied\. It will be tried again/),
        });
        await services.jobs.drain();
        expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded', attempts: 2 });
        expect(await batchRecord(database, jobId)).toMatchObject({ outcome: 'applied', stagedRows: MEMBERS });
        expect(await spanLines(database, orgId, world.name)).toEqual(world.expected.after);
      });
    },
  );

  it('killed while staging with its one attempt: failed, its rows gone and nothing applied; sent again, applied whole', {
    timeout: 180_000,
  }, async () => {
    const { place, world, jobId } = await killedBatch(1, 1);
    await nextProcess(place, async (database, services) => {
      const orgId = world.aco.id;
      await services.jobs.settleStopped();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'failed' });
      expect(await batchRecord(database, jobId)).toMatchObject({ outcome: 'stopped', stagedRows: 0 });
      expect(await spanLines(database, orgId, world.name)).toEqual(world.expected.before);

      const again = await runBatch(services, world.aco, world.file);
      expect(await batchRecord(database, again)).toMatchObject({ outcome: 'applied', stagedRows: MEMBERS });
      expect(await spanLines(database, orgId, world.name)).toEqual(world.expected.after);
    });
  });

  it('killed just after its transaction committed: kept whole as applied, its rows kept, and not applied again', {
    timeout: 180_000,
  }, async () => {
    const { place, world, jobId } = await killedBatch(2, 'applied');
    await nextProcess(place, async (database, services) => {
      const orgId = world.aco.id;
      expect(await spanLines(database, orgId, world.name)).toEqual(world.expected.after);
      await services.jobs.settleStopped();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded', attempts: 1 });
      await services.jobs.drain();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded', attempts: 1 });
      // Its result and portal files are made from its rows: they are kept.
      expect(await batchRecord(database, jobId)).toMatchObject({ outcome: 'applied', stagedRows: MEMBERS });
      const portal = await services.enrollment.portalFile(actorAt(world.aco, 'enrollment_submitter'), jobId);
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await portal.write(out);
      expect(await sheetRecords(Buffer.concat(chunks), 'Batch')).toHaveLength(MEMBERS);

      // The same file again is refused, naming the batch applied: the spans stay as they are.
      const again = await runBatch(services, world.aco, world.file);
      expect(await batchRecord(database, again)).toMatchObject({
        outcome: 'refused',
        message: expect.stringMatching(/^This file was already applied: /),
      });
      expect(await spanLines(database, orgId, world.name)).toEqual(world.expected.after);
    });
  });
});
