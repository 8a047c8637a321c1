import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { Outbox } from '../mail/outbox.js';
import { type ChainBreak, findBreak, GENESIS_HASH, PLATFORM_ORG_ID } from './audit.chain.js';
import { auditOrgIds } from './audit.repository.js';
import {
  type Checkpoint,
  checkSignature,
  fingerprint,
  publicPem,
  signCheckpoint,
} from './audit-checkpoint.js';
import { hashesAt, readSegment } from './audit-checkpoint.repository.js';
import { checkpointStore } from './audit-checkpoint.store.js';

export interface CheckpointRun {
  written: Checkpoint[];
  /** Chains that could not be vouched for: broken since their last checkpoint. */
  problems: ChainBreak[];
}

export type CheckpointCheck =
  | { ok: true; checkpoints: number; latestAt: string | null; keys: string[] }
  | { ok: false; checkpoints: number; problem: string; break?: ChainBreak };

/**
 * Signs each organisation's chain head into an append-only file outside the database (decision 018), and
 * checks the chains against what was signed. A checkpoint is written only after the rows since the
 * organisation's previous checkpoint were found to continue it, so each one vouches for the whole chain.
 */
export function createAuditCheckpoints(deps: {
  database: Database;
  dataDir: string;
  /** `CONCORD_AUDIT_KEY`: an Ed25519 private key in PEM, or the path of one. */
  keySetting?: string | undefined;
  /** `CONCORD_AUDIT_EMAIL`: where each batch of checkpoints is also sent. */
  auditorEmail?: string | undefined;
  outbox?: Outbox;
  log?: Logger | undefined;
}) {
  const { database, log } = deps;
  const db = database.system;
  const store = checkpointStore(deps.dataDir, deps.keySetting);
  let latest: Map<string, Checkpoint> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  /**
   * The last checkpoint of each organisation signed with the current key (read once, then kept up to date);
   * a chain with none is checked from its start.
   */
  async function latestByOrg() {
    if (latest) return latest;
    const key = await store.signingKey();
    const mine = fingerprint(key);
    const found = new Map<string, Checkpoint>();
    for await (const { checkpoint: c } of store.read())
      if (c?.key === mine && (found.get(c.org)?.seq ?? 0) <= c.seq && checkSignature(key, c))
        found.set(c.org, c);
    latest = found;
    return found;
  }

  async function checkpoint(at = new Date()): Promise<CheckpointRun> {
    const key = await store.signingKey();
    const last = await latestByOrg();
    const written: Checkpoint[] = [];
    const problems: ChainBreak[] = [];
    for (const head of await auditOrgIds(db)) {
      const before = last.get(head.orgId);
      if (head.seq === 0 || (before?.seq === head.seq && before.hash === head.hash)) continue;
      const from = before && before.seq <= head.seq ? before : { seq: 0, hash: GENESIS_HASH };
      const result = await findBreak(head.orgId, readSegment(db, head.orgId, from.seq, head.seq), from);
      if ('break' in result) problems.push(result.break);
      else if (before && before.seq > head.seq)
        problems.push({
          orgId: head.orgId,
          seq: head.seq + 1,
          reason: `the chain now ends at row ${head.seq}, before its last checkpoint (row ${before.seq})`,
        });
      else if (result.last.seq !== head.seq || result.last.hash !== head.hash)
        problems.push({
          orgId: head.orgId,
          seq: result.last.seq + 1,
          reason: 'rows at the end of the chain are missing or do not lead to its recorded head',
        });
      else written.push(signCheckpoint(key, { org: head.orgId, seq: head.seq, hash: head.hash }, at));
    }
    await store.append(written);
    for (const c of written) last.set(c.org, c);
    for (const p of problems)
      log?.error({ orgId: p.orgId, seq: p.seq }, `audit chain not checkpointed: row ${p.seq}: ${p.reason}`);
    if (written.length && deps.auditorEmail && deps.outbox) await mailAuditor(written, publicPem(key));
    return { written, problems };
  }

  async function mailAuditor(written: Checkpoint[], publicKey: string) {
    const body = [
      `Concord signed ${written.length} audit checkpoint${written.length === 1 ? '' : 's'} at ${written[0]!.at}.`,
      'Keep this message: `concord audit verify` compares the audit trail with these lines, and a chain rewritten',
      'in the database after they were signed will not match them. Each line is signed with this key:',
      '',
      publicKey.trim(),
      '',
      ...written.map((c) => JSON.stringify(c)),
    ].join('\n');
    await db.transaction((tx) =>
      deps.outbox!.queue(
        tx as unknown as Parameters<Outbox['queue']>[0],
        PLATFORM_ORG_ID,
        [
          {
            key: `audit-checkpoint:${written[0]!.sig.slice(0, 32)}`,
            to: deps.auditorEmail!,
            subject: `Concord audit checkpoints, ${written[0]!.at.slice(0, 16).replace('T', ' ')} UTC`,
            body,
            entityType: 'audit_checkpoint',
          },
        ],
        null,
      ),
    );
  }

  /** Checks every signed checkpoint: a trusted signature, and the row it names still has its hash. */
  async function verify(options: { publicKeyFile?: string | undefined } = {}): Promise<CheckpointCheck> {
    const keys = await store.trustedKeys(options.publicKeyFile);
    const byOrg = new Map<string, Checkpoint[]>();
    let count = 0;
    let latestAt: string | null = null;
    for await (const { line, checkpoint: c } of store.read()) {
      if (!c)
        return {
          ok: false,
          checkpoints: count,
          problem: `line ${line} of ${store.file} is not a checkpoint`,
        };
      const key = keys.get(c.key);
      if (!key) {
        const known = [...keys.keys()].join(', ') || 'none';
        return {
          ok: false,
          checkpoints: count,
          problem: `line ${line} of ${store.file} was signed by key ${c.key}, which is not trusted here (trusted: ${known}); give that key's public key with --public-key FILE`,
        };
      }
      if (!checkSignature(key, c))
        return {
          ok: false,
          checkpoints: count,
          problem: `the signature on line ${line} of ${store.file} does not match: the line was altered, or it was not signed with key ${c.key}`,
        };
      count++;
      if (!latestAt || c.at > latestAt) latestAt = c.at;
      byOrg.set(c.org, [...(byOrg.get(c.org) ?? []), c]);
    }
    if (count === 0)
      return {
        ok: false,
        checkpoints: 0,
        problem: `there are no signed checkpoints in ${store.file}, so a chain rewritten by the database owner would not show; run concord audit checkpoint (the server writes them every hour)`,
      };
    for (const [orgId, list] of byOrg) {
      list.sort((a, b) => a.seq - b.seq);
      const hashes = await hashesAt(db, orgId, [...new Set(list.map((c) => c.seq))]);
      let good = 0;
      for (const c of list) {
        const hash = hashes.get(c.seq);
        if (hash === c.hash) {
          good = c.seq;
          continue;
        }
        const what = `row ${c.seq}, signed in the checkpoint of ${c.at}, ${hash ? 'no longer has the hash signed' : 'is missing'}`;
        const reason = good
          ? `${what}, so the chain was rewritten after row ${good} (the last row a checkpoint still vouches for)`
          : `${what}, and no earlier checkpoint still matches`;
        return {
          ok: false,
          checkpoints: count,
          problem: `organisation ${orgId}: ${reason}; the first row not to trust is ${good + 1}`,
          break: { orgId, seq: good + 1, reason },
        };
      }
    }
    return { ok: true, checkpoints: count, latestAt, keys: [...keys.keys()] };
  }

  return {
    file: store.file,
    checkpoint,
    verify,
    publicKey: async () => publicPem(await store.signingKey()),
    fingerprint: async () => fingerprint(await store.signingKey()),

    /** Writes a checkpoint now and then every `everyMs` (the server). Key problems are thrown now. */
    async start(everyMs: number) {
      await checkpoint();
      timer = setInterval(() => {
        running = checkpoint().catch((err: unknown) => log?.error({ err }, 'audit checkpoint failed'));
      }, everyMs);
      timer.unref();
    },

    /** Stops the timer and writes a last checkpoint (at shutdown). */
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      await checkpoint();
    },
  };
}

export type AuditCheckpoints = ReturnType<typeof createAuditCheckpoints>;
