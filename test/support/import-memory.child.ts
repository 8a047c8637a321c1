// Run by test/db/import-memory.db.test.ts as `node --expose-gc --import tsx`: imports a zip bomb and real
// files on a fresh embedded database, and prints the memory in use (after collecting garbage) before and
// after, and the most the process held while the bomb was read.
import { createReadStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePeopleWorkbook } from '../../bench/generate.js';
import { openRuntime } from '../../src/cli/runtime.js';
import { loadConfig } from '../../src/config.js';
import { insertOrganisation } from '../../src/domains/organisations/index.js';
import { PEOPLE_IMPORT_JOB } from '../../src/domains/people/index.js';
import type { Db } from '../../src/platform/db/client.js';
import { find } from '../../src/platform/jobs/queue.js';
import { sharedStringsBomb } from './zip.js';

const gc = (globalThis as { gc?: () => void }).gc!;
const dir = mkdtempSync(path.join(os.tmpdir(), 'concord-memory-'));
const rt = await openRuntime({ ...loadConfig({ CONCORD_DATA_DIR: dir }), logLevel: 'silent' });
const org = await insertOrganisation(rt.database.system, {
  kind: 'provider',
  code: 'MEMORY',
  name: 'Memory',
});
const actor = {
  userId: '00000000-0000-0000-0000-000000000001',
  name: 'Memory test',
  ip: null,
  userAgent: null,
  orgId: org.id,
};

async function runImport(file: string, name: string) {
  const job = await rt.database.system.transaction(async (tx) => {
    const stored = await rt.services.files.save(
      tx as unknown as Db,
      {
        orgId: org.id,
        name,
        contentType: 'application/octet-stream',
        purpose: 'people-import',
        createdBy: null,
      },
      createReadStream(file),
    );
    return rt.services.jobs.enqueue(tx as unknown as Db, {
      orgId: org.id,
      kind: PEOPLE_IMPORT_JOB,
      payload: { fileId: stored.id, fileName: name, actor },
    });
  });
  await rt.services.jobs.drain();
  const done = (await find(rt.database.system, org.id, job.id))!;
  return { status: done.status, ...(done.result as { outcome: string; rows: number; message: string }) };
}

/** Memory in use once garbage is collected: the JavaScript heap and the buffers outside it. */
function inUse() {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external, rss: m.rss };
}

const workbook = path.join(dir, 'people.xlsx');
await writePeopleWorkbook(workbook, 20_000);
const bomb = sharedStringsBomb(path.join(dir, 'bomb.xlsx'));
await runImport(workbook, 'warm-up.xlsx'); // code loaded, caches and pools filled
const before = inUse();
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);
const bombed = await runImport(bomb, 'bomb.xlsx');
peakRss = Math.max(peakRss, process.memoryUsage().rss);
clearInterval(sampler);
const afterBomb = inUse();
const imported = await runImport(workbook, 'people-again.xlsx');
const afterImport = inUse();
await rt.close();
process.stdout.write(`${JSON.stringify({ bombed, imported, before, afterBomb, afterImport, peakRss })}\n`);
