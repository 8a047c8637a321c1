import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Confirmations are the app's own dialogs (web/src/confirm.tsx), never the browser's confirm, prompt or
 * alert boxes: those cannot be styled, read poorly with a screen reader and are blocked in some browsers.
 */
const root = path.resolve(import.meta.dirname, '../../web/src');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );

describe('the web app asks with its own dialogs', () => {
  it('never calls window.confirm, prompt or alert', () => {
    const found = sources(root).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${path.relative(root, file)}:${i + 1}` }))
        .filter(({ line }) => /(^|[^\w.])(window\.)?(confirm|prompt|alert)\s*\(/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('finds such a call when there is one', () => {
    const pattern = /(^|[^\w.])(window\.)?(confirm|prompt|alert)\s*\(/;
    expect(pattern.test("if (!window.confirm('Leave?')) return;")).toBe(true);
    expect(pattern.test("const why = prompt('Reason');")).toBe(true);
    expect(pattern.test('await confirmAction({ title })')).toBe(false);
  });
});
