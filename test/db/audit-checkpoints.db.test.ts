import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEvent } from '../../src/platform/audit/audit.chain.js';
import { readSegment } from '../../src/platform/audit/audit-checkpoint.repository.js';
import { createAuditCheckpoints } from '../../src/platform/audit/audit-checkpoints.service.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { outboxMessages } from '../support/database-facts.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function record(orgId: string, n: number) {
  const actor = { userId: null, name: 'Dana Whitfield', ip: '10.0.0.1', userAgent: 'test', orgId };
  for (let i = 0; i < n; i++)
    await t.services.audit.recordNow(actor, { action: 'update', entityType: 'person', entityId: `p${i}` });
}

/**
 * What a database superuser can do: switch the trigger off, change a row, and re-hash it and every row
 * after it so that the chain holds together again, head included.
 */
async function rewrite(orgId: string, seq: number) {
  const db = t.database.system;
  const chain = [];
  for await (const row of readSegment(db, orgId, 0, Number.MAX_SAFE_INTEGER)) chain.push(row);
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_change`);
  let prev = chain[seq - 2]?.hash ?? '0'.repeat(64);
  for (const row of chain.slice(seq - 1)) {
    const changed = row.seq === seq ? { ...row, actorName: 'Someone else' } : row;
    const hash = hashEvent(prev, changed);
    await db.execute(
      sql`update audit_log set actor_name = ${changed.actorName}, prev_hash = ${prev}, hash = ${hash}
        where org_id = ${orgId} and seq = ${row.seq}`,
    );
    prev = hash;
  }
  await db.execute(sql`alter table audit_log enable trigger audit_log_no_change`);
  await db.execute(sql`update audit_heads set hash = ${prev} where org_id = ${orgId}`);
}

describe('signed audit checkpoints', () => {
  it('catch a chain the database owner rewrote and re-hashed, naming the first row after the last good one', async () => {
    const org = await t.org();
    const checkpoints = t.services.auditCheckpoints;
    await record(org.id, 5);
    await checkpoints.checkpoint();
    await record(org.id, 3);
    expect((await checkpoints.checkpoint()).written.find((c) => c.org === org.id)?.seq).toBe(8);
    await record(org.id, 2);
    expect(await checkpoints.verify()).toMatchObject({ ok: true });

    await rewrite(org.id, 7);
    // On its own the chain is consistent again: this is what the checkpoints are for.
    expect(await t.services.audit.verify()).toMatchObject({ ok: true });
    const result = await checkpoints.verify();
    expect(result).toMatchObject({ ok: false, break: { orgId: org.id, seq: 6 } });
    expect(!result.ok && result.problem).toMatch(
      /row 8, signed in the checkpoint of .*, no longer has the hash signed, so the chain was rewritten after row 5 .*the first row not to trust is 6/,
    );
    // Nor is the rewritten chain signed again.
    const again = await checkpoints.checkpoint();
    expect(again.written.map((c) => c.org)).not.toContain(org.id);
    expect(again.problems).toMatchObject([{ orgId: org.id, seq: 9 }]);
  });

  it('catch a chain cut back below its checkpoint, and do not sign it again', async () => {
    // A database of its own, so that no other test's chains are in the way.
    const own = await createTestApp();
    try {
      const org = await own.org();
      const actor = { userId: null, name: 'tester', ip: null, userAgent: null, orgId: org.id };
      for (let i = 0; i < 4; i++)
        await own.services.audit.recordNow(actor, { action: 'test', entityType: 'database' });
      await own.services.auditCheckpoints.checkpoint();
      // The owner deletes the last two rows and moves the head back to match.
      const db = own.database.system;
      await db.execute(sql`alter table audit_log disable trigger audit_log_no_change`);
      await db.execute(sql`delete from audit_log where org_id = ${org.id} and seq > 2`);
      await db.execute(sql`alter table audit_log enable trigger audit_log_no_change`);
      await db.execute(
        sql`update audit_heads set seq = 2, hash = (select hash from audit_log where org_id = ${org.id} and seq = 2)
          where org_id = ${org.id}`,
      );
      expect(await own.services.audit.verify()).toMatchObject({ ok: true });
      const result = await own.services.auditCheckpoints.verify();
      expect(!result.ok && result.problem).toMatch(
        /row 4, signed in the checkpoint of .*, is missing, and no earlier checkpoint still matches/,
      );
      const again = await own.services.auditCheckpoints.checkpoint();
      expect(again.problems).toContainEqual({
        orgId: org.id,
        seq: 3,
        reason: 'the chain now ends at row 2, before its last checkpoint (row 4)',
      });
    } finally {
      await own.close();
    }
  });

  it('says plainly when there are no checkpoints, when a line was altered, and when the key is not the one that signed', async () => {
    const other = await createTestApp();
    try {
      const checkpoints = other.services.auditCheckpoints;
      await other.services.audit.recordNow(
        { userId: null, name: 'tester', ip: null, userAgent: null, orgId: (await other.org()).id },
        { action: 'test', entityType: 'database' },
      );
      expect(await checkpoints.verify()).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/^there are no signed checkpoints in .*checkpoints\.jsonl/),
      });

      await checkpoints.checkpoint();
      expect(await checkpoints.verify()).toMatchObject({ ok: true, checkpoints: 1 });
      // The key is the server's alone.
      expect(statSync(path.join(other.config.dataDir, 'audit', 'signing-key.pem')).mode & 0o777).toBe(0o600);

      // An auditor holding another public key.
      const stranger = path.join(other.config.dataDir, 'stranger.pem');
      writeFileSync(
        stranger,
        generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      );
      expect(await checkpoints.verify({ publicKeyFile: stranger })).toMatchObject({
        ok: false,
        problem: expect.stringMatching(
          /line 1 of .* was signed by key [0-9a-f]{16}, which is not trusted here/,
        ),
      });
      // The auditor holding the right one.
      const pinned = path.join(other.config.dataDir, 'pinned.pem');
      writeFileSync(pinned, await checkpoints.publicKey());
      expect(await checkpoints.verify({ publicKeyFile: pinned })).toMatchObject({ ok: true });

      // A line edited in the file.
      const text = readFileSync(checkpoints.file, 'utf8');
      writeFileSync(checkpoints.file, text.replace(/"seq":1,/, '"seq":2,'));
      expect(await checkpoints.verify()).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/the signature on line 1 of .* does not match/),
      });
    } finally {
      await other.close();
    }
  });

  it('also sends each batch of checkpoints to the auditor, with the public key', async () => {
    const org = await t.org();
    await record(org.id, 1);
    const mailing = createAuditCheckpoints({
      database: t.database,
      dataDir: t.config.dataDir,
      auditorEmail: 'auditor@plan.example',
      outbox: t.services.outbox,
    });
    const { written } = await mailing.checkpoint();
    const line = JSON.stringify(written.find((c) => c.org === org.id));
    const [mail] = await outboxMessages(t.database.system, { to: 'auditor@plan.example' });
    expect(mail?.subject).toMatch(/^Concord audit checkpoints, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(mail?.body).toContain(line);
    expect(mail?.body).toContain(await mailing.publicKey());
  });
});
