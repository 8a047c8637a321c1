import type { KeyObject } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  type Checkpoint,
  fingerprint,
  newSigningKey,
  parseCheckpoint,
  publicPem,
  readPrivateKey,
  readPublicKey,
} from './audit-checkpoint.js';

/**
 * Where checkpoints live, outside the database: `<data>/audit/checkpoints.jsonl` (one JSON line each,
 * only ever appended), the signing key (from `CONCORD_AUDIT_KEY`, or `<data>/audit/signing-key.pem`
 * made at first use, readable by its owner only) and the public key of every key that has signed, under
 * `<data>/audit/keys/`, so that checkpoints signed before a key was replaced still verify.
 */
export function checkpointStore(dataDir: string, keySetting: string | undefined) {
  const dir = path.join(dataDir, 'audit');
  const file = path.join(dir, 'checkpoints.jsonl');
  const keyFile = path.join(dir, 'signing-key.pem');
  const keysDir = path.join(dir, 'keys');
  let signingKey: KeyObject | undefined;

  async function loadSigningKey(): Promise<KeyObject> {
    if (keySetting?.includes('PRIVATE KEY')) return readPrivateKey(keySetting, 'CONCORD_AUDIT_KEY');
    if (keySetting) {
      const pem = await readFile(keySetting, 'utf8').catch(() => {
        throw new Error(`CONCORD_AUDIT_KEY names ${keySetting}, which cannot be read.`);
      });
      return readPrivateKey(pem, keySetting);
    }
    await mkdir(dir, { recursive: true });
    // 'wx' fails if another process made the key first; then that key is the one.
    await writeFile(keyFile, newSigningKey(), { flag: 'wx', mode: 0o600 }).catch((err: { code?: string }) => {
      if (err.code !== 'EEXIST') throw err;
    });
    return readPrivateKey(await readFile(keyFile, 'utf8'), keyFile);
  }

  return {
    file,
    keyFile,

    /** The key checkpoints are signed with; its public key is kept under keys/. */
    async signingKey(): Promise<KeyObject> {
      if (signingKey) return signingKey;
      const key = await loadSigningKey();
      await mkdir(keysDir, { recursive: true });
      const pub = path.join(keysDir, `${fingerprint(key)}.pem`);
      if (!existsSync(pub)) await writeFile(pub, publicPem(key));
      signingKey = key;
      return key;
    },

    /**
     * The keys a checkpoint may be signed with, by fingerprint: the one given (an auditor's copy), or
     * else every key that has signed here.
     */
    async trustedKeys(publicKeyFile?: string): Promise<Map<string, KeyObject>> {
      const keys = new Map<string, KeyObject>();
      const add = async (f: string) => {
        const key = readPublicKey(await readFile(f, 'utf8'), f);
        keys.set(fingerprint(key), key);
      };
      if (publicKeyFile) {
        await add(publicKeyFile);
        return keys;
      }
      if (!keySetting && !existsSync(keyFile) && !existsSync(keysDir)) return keys;
      const key = await this.signingKey();
      keys.set(fingerprint(key), key);
      for (const f of await readdir(keysDir).catch(() => []))
        if (f.endsWith('.pem')) await add(path.join(keysDir, f));
      return keys;
    },

    /** Appends checkpoints as lines and waits until they are on disk. */
    async append(checkpoints: Checkpoint[]) {
      if (checkpoints.length === 0) return;
      await mkdir(dir, { recursive: true });
      const handle = await open(file, 'a', 0o644);
      try {
        await handle.write(checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''));
        await handle.datasync();
      } finally {
        await handle.close();
      }
    },

    /** Every line of the file with its number; `checkpoint` is null for a line that is not one. */
    async *read(): AsyncGenerator<{ line: number; checkpoint: Checkpoint | null }> {
      if (!existsSync(file)) return;
      const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
      let line = 0;
      for await (const text of lines) {
        line++;
        if (text.trim()) yield { line, checkpoint: parseCheckpoint(text) };
      }
    },
  };
}

export type CheckpointStore = ReturnType<typeof checkpointStore>;
