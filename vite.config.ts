import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
const COMPRESSIBLE = /^assets\/.+\.(js|mjs|css|svg|json|txt|map)$/;

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside each hashed script and style sheet, once per build: the server sends the one the browser accepts (decision 035) and never compresses
 * on the fly.
 */
function precompress(): Plugin {
  return {
    name: 'concord-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir!;
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(dir, name);
          const data = await readFile(file);
          if (data.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(data, {
              params: {
                // 10, not 11: 2 % more bytes in less than half the time (decision 035).
                [constants.BROTLI_PARAM_QUALITY]: 10,
                [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            }),
            gzipped(data, { level: constants.Z_BEST_COMPRESSION }),
          ]);
          if (br.length < data.length) await writeFile(`${file}.br`, br);
          if (gz.length < data.length) await writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/** A chunk group's test: a script (not a style sheet, which goes with whoever imports it) of these packages. */
const lib = (...names: string[]) => {
  const pattern = new RegExp(`/node_modules/(${names.join('|')})/`);
  return (id: string) => pattern.test(id) && !id.endsWith('.css');
};

export default defineConfig({
  root: 'web',
  // The contract the server and the web app share (decision 041).
  resolve: { alias: { '@contract': path.resolve(import.meta.dirname, 'src/contract') } },
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // The precompression takes seconds by design (brotli at level 10): no warning about it.
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: {
          groups: [
            // React, the router and the query cache change least often: their chunk stays cached across releases.
            {
              name: 'react',
              test: lib('react', 'react-dom', 'scheduler', 'react-router', 'react-router-dom', '@tanstack'),
              priority: 40,
            },
            // Mantine's components and what they use: the same on every page, kept whole across releases.
            {
              name: 'mantine',
              test: lib(
                '@mantine/(core|hooks|notifications|store)',
                '@floating-ui',
                'react-(transition-group|remove-scroll|remove-scroll-bar|style-singleton|number-format|textarea-autosize)',
                'clsx',
                'tslib',
              ),
              priority: 30,
            },
            // Only the pages with charts (the compliance dashboard, survey results) and uploads fetch these.
            {
              name: 'charts',
              test: lib('@mantine/charts', 'recharts', 'd3-[a-z-]+', 'victory-vendor'),
              priority: 20,
            },
            { name: 'dropzone', test: lib('@mantine/dropzone', 'react-dropzone'), priority: 20 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});
