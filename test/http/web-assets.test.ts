import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createServer, isServerPath } from '../../src/platform/http/server.js';

// A build as `npm run build` lays it out: index.html, and hashed assets with brotli and gzip copies beside.
const script = `export const greeting = ${JSON.stringify('hello from the app '.repeat(200))};\n`;
const html = '<!doctype html><html lang="en"><body><div id="root"></div></body></html>';
let app: App;

beforeAll(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'concord-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), html);
  writeFileSync(path.join(root, 'assets/index-AbC123.js'), script);
  writeFileSync(path.join(root, 'assets/index-AbC123.js.br'), brotliCompressSync(script));
  writeFileSync(path.join(root, 'assets/index-AbC123.js.gz'), gzipSync(script));
  app = await createServer({ logger: false, version: 'test', web: true, webRoot: root });
  await app.ready();
});
afterAll(() => app.close());

const asset = (acceptEncoding?: string) =>
  app.inject({
    method: 'GET',
    url: '/assets/index-AbC123.js',
    headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
  });

describe('the web app’s files', () => {
  it('sends a hashed script as its brotli copy to a browser that accepts brotli, cached for a year', async () => {
    const res = await asset('gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(script);
    expect(res.rawPayload.length).toBeLessThan(script.length / 10);
  });

  it('sends the gzip copy when only gzip is accepted', async () => {
    const res = await asset('gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends the script as it is to a client that accepts no compression', async () => {
    const res = await asset();
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(script);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('has the browser check index.html on every visit, at the root and at any page of the app', async () => {
    for (const url of ['/', '/people/0b7a6f1e-9d1c-4a55-8f3e-2f4a1c9d0e11']) {
      const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body, url).toBe(html);
    }
  });

  it('answers a script of an earlier release with 404, not with the page, so the app reloads itself', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/SessionPage-0ld0ne.js' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers an API, FHIR or reference address however it is spelled with the JSON 404, never the page', async () => {
    const id = '54202782-94c4-4e05-a276-0be1f5a85fc4';
    for (const url of [
      '/api/care/enrollees',
      '//api/care/enrollees',
      '/API/care/enrollees',
      '/Api//care/enrollees?q=x',
      '///api',
      '/%61pi/care/enrollees',
      `/fhir/r4/Patient/${id}`,
      `//fhir/R4/Patient/${id}`,
      '/FHIR/R4/metadata',
      '/fhir',
      '/DOCS/json',
      '//docs',
      '/scim/v2/Users',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expect(res.json(), url).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('No such address'),
      });
    }
    // A backslash, which browsers read as a slash (the test client reads it as a host, so asked directly).
    expect(isServerPath('/\\api/care/enrollees')).toBe(true);
    // The app's own pages, even those whose names begin like a server path, are still the page.
    for (const url of ['/apiary', '/documents/2026', '/people?fhir=1', '/care/enrollees/api']) {
      const res = await app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      expect(res.body, url).toBe(html);
    }
  });
});
