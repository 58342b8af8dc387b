import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebConsole } from '../../../src/platform/http/web-console.ts';

// The console's JavaScript is served compressed: the web build writes <file>.br and <file>.gz
// next to each asset (packages/web/scripts/precompress.ts) and the server picks the variant the
// browser accepts. Here a built console is laid out the same way in a temporary directory.

let root = '';
let app: FastifyInstance;
const script = `export const rows = [${Array.from({ length: 2000 }, (_, i) => `{id:${i},title:"案件 ${i}"}`).join(',')}];\n`;
const page = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>'.padEnd(2048, ' ');

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'docket-web-console-'));
  await mkdir(path.join(root, 'assets'));
  const asset = path.join(root, 'assets', 'index-abc123.js');
  await writeFile(asset, script);
  await writeFile(`${asset}.br`, brotliCompressSync(script));
  await writeFile(`${asset}.gz`, gzipSync(script));
  // Too small to be worth compressing: the build writes no variants for it.
  await writeFile(path.join(root, 'assets', 'tiny-abc123.js'), 'export {};\n');
  await writeFile(path.join(root, 'index.html'), page);
  await writeFile(path.join(root, 'index.html.br'), brotliCompressSync(page));
  await writeFile(path.join(root, 'index.html.gz'), gzipSync(page));
  app = Fastify();
  await registerWebConsole(app, root);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) => app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
const varies = (vary: unknown) =>
  String(vary ?? '')
    .toLowerCase()
    .split(/\s*,\s*/)
    .includes('accept-encoding');

describe('the console served compressed', () => {
  it('sends a JavaScript asset brotli-compressed to a browser that accepts br, and says so', async () => {
    const res = await get('/assets/index-abc123.js', 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(varies(res.headers.vary)).toBe(true);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.rawPayload.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends gzip to a client that accepts only gzip', async () => {
    const res = await get('/assets/index-abc123.js', 'gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(varies(res.headers.vary)).toBe(true);
    expect(gunzipSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends the file itself to a client that accepts no compression, still varying on Accept-Encoding', async () => {
    for (const accept of [undefined, 'identity']) {
      const res = await get('/assets/index-abc123.js', accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(varies(res.headers.vary)).toBe(true);
      expect(res.body).toBe(script);
    }
  });

  it('sends a small asset without variants as it is', async () => {
    const res = await get('/assets/tiny-abc123.js', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe('export {};\n');
  });

  it('compresses index.html at / and at a client-side route, which is never cached', async () => {
    for (const url of ['/', '/cases/3f1e0000-0000-4000-8000-000000000001']) {
      const res = await get(url, 'gzip, deflate, br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(page);
    }
  });
});
