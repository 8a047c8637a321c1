#!/usr/bin/env node
// The `concord` command: runs the compiled bundle in dist/server, built first when it is missing or older
// than the sources (decision 042), so that no TypeScript is compiled on a run.
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build.js';

await ensureBuilt(fileURLToPath(new URL('..', import.meta.url)), 'server');
if (['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '')) process.setSourceMapsEnabled(true);
await import('../dist/server/main.js');
