import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertOrganisation } from '../../src/domains/organisations/index.js';
import { openDatabase } from '../../src/platform/db/client.js';
import { concordHere } from '../support/cli.js';
import { everyEmail } from '../support/database-facts.js';

/**
 * `concord user create` writes an identity and a sign-in: an address with an invisible character is
 * refused, naming the option; one in full-width letters is the person already recorded.
 */
let env: Record<string, string | undefined>;
const concord = (...args: string[]) => concordHere(env, ...args);
const create = (email: string) =>
  concord(
    'user',
    'create',
    '--email',
    email,
    '--given-name',
    'Lan',
    '--family-name',
    'Nguyen',
    '--org',
    'NSBHH',
  );

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-cli-user-'));
  env = {
    DATABASE_URL: undefined,
    CONCORD_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    CONCORD_PASSWORD: 'a long enough password',
  };
  const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  await database.migrate();
  await insertOrganisation(database.system, { kind: 'cp_bh', code: 'NSBHH', name: 'North Shore BHH' });
  await database.close();
}, 120_000);

describe('concord user create', () => {
  it('refuses an e-mail with an invisible character, and takes full-width letters as the same address', async () => {
    const hidden = await create('lan.ngu\u200Byen@northshorebhh.example');
    expect(hidden.code).toBe(2); // a mistake in the command line
    expect(hidden.err).toMatch(/--email: The e-mail address contains an invisible character \(U\+200B\)/);
    const plain = await create('Lan.Nguyen@NorthShoreBHH.example');
    expect(plain.out).toMatch(/Created lan\.nguyen@northshorebhh\.example/);
    const wide = await create('ｌａｎ.ｎｇｕｙｅｎ@northshorebhh.example');
    expect(wide.code).toBe(1);
    expect(wide.err).toMatch(/An account with this e-mail address already exists/);
    const database = await openDatabase({ dataDir: path.join(env.CONCORD_DATA_DIR!, 'pglite') });
    const people = await everyEmail(database.system);
    await database.close();
    expect(people).toEqual([{ email: 'lan.nguyen@northshorebhh.example' }]);
  }, 180_000);
});
