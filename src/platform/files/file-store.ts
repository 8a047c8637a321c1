import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { hiddenCharacter } from '@contract/text/readable.js';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { notFound } from '../http/errors.js';
import { storedFiles } from './files.tables.js';

export type StoredFile = typeof storedFiles.$inferSelect;

/**
 * A file arriving in a request: its name as the sender gave it, its declared type, its bytes, and whether
 * they were cut off at the upload limit (known once the stream has ended).
 */
export type Upload = { fileName: string; contentType: string; stream: Readable; truncated?: () => boolean };

/**
 * An uploaded file's name as Concord keeps it: the last part of whatever path the sender gave, without
 * control characters or half surrogate pairs (which cannot be stored and would be written back into
 * download headers and result files), nor the characters no text may hold (`ro\u202Eetsv.csv` shows as
 * "rovst.csv"), at most 200 characters, `upload` when nothing is left.
 */
export function uploadFileName(given: string | undefined): string {
  const base = (given ?? '').split(/[\\/]/).pop() ?? '';
  const kept = Array.from(base, (ch) => {
    const c = ch.codePointAt(0)!;
    const control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
    const halfPair = ch.length === 1 && c >= 0xd800 && c <= 0xdfff;
    return control || halfPair || hiddenCharacter(ch) ? '' : ch;
  })
    .join('')
    .trim();
  if (kept.length <= 200) return kept || 'upload';
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(kept)?.[0] ?? '';
  return kept.slice(0, 200 - ext.length) + ext;
}

/** Files on disk under the data folder, one folder per organisation, described by `stored_files` rows. */
export function createFileStore(dataDir: string) {
  const root = path.join(dataDir, 'files');
  const pathOf = (orgId: string, id: string) => path.join(root, orgId, id);

  return {
    pathOf,

    /** Streams `source` to disk, then records it. The bytes never sit in memory whole. */
    async save(
      db: Db,
      meta: { orgId: string; name: string; contentType: string; purpose: string; createdBy: string | null },
      source: Readable,
    ): Promise<StoredFile> {
      const id = crypto.randomUUID();
      const file = pathOf(meta.orgId, id);
      await mkdir(path.dirname(file), { recursive: true });
      await pipeline(source, createWriteStream(file));
      const { size } = await stat(file);
      const [row] = await db
        .insert(storedFiles)
        .values({ ...meta, id, size })
        .returning();
      return row!;
    },

    /** Records a file already written at `pathOf(orgId, id)` (generated results). */
    async register(
      db: Db,
      meta: {
        orgId: string;
        id: string;
        name: string;
        contentType: string;
        purpose: string;
        createdBy: string | null;
      },
    ) {
      const { size } = await stat(pathOf(meta.orgId, meta.id));
      const [row] = await db
        .insert(storedFiles)
        .values({ ...meta, size })
        .returning();
      return row!;
    },

    async find(db: Db, orgId: string, id: string): Promise<StoredFile> {
      const [row] = await db
        .select()
        .from(storedFiles)
        .where(and(eq(storedFiles.orgId, orgId), eq(storedFiles.id, id)));
      if (!row) throw notFound('The file');
      return row;
    },

    open(orgId: string, id: string): Readable {
      return createReadStream(pathOf(orgId, id));
    },

    /** Whether the stored bytes begin with one of `signatures` (a file's magic number, whatever its name says). */
    async startsWith(orgId: string, id: string, signatures: readonly Buffer[]) {
      const longest = Math.max(...signatures.map((s) => s.length));
      const handle = await open(pathOf(orgId, id), 'r');
      try {
        const head = Buffer.alloc(longest);
        const { bytesRead } = await handle.read(head, 0, longest, 0);
        return signatures.some((s) => bytesRead >= s.length && head.subarray(0, s.length).equals(s));
      } finally {
        await handle.close();
      }
    },

    async remove(orgId: string, id: string) {
      await rm(pathOf(orgId, id), { force: true });
    },

    /** Forgets the records of files already removed. */
    async forget(db: Db, orgId: string, ids: string[]) {
      if (ids.length)
        await db.delete(storedFiles).where(and(eq(storedFiles.orgId, orgId), inArray(storedFiles.id, ids)));
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
