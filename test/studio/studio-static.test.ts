import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

/** Issue 17: the built studio served at `/`, beside an API that answers as before. */

const page = '<!doctype html><html><head><script type="module" src="/assets/app-0a1b2c.js"></script></head></html>';
const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;

async function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('the studio served at /', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arca-studio-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), page);
    await writeFile(join(dir, 'assets', 'app-0a1b2c.js'), script);
    await writeFile(join(dir, 'assets', 'app-0a1b2c.js.br'), brotliCompressSync(script));
    await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    server = await startTestServer({ studioDir: dir });
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers / and every deep link with index.html, never cached without asking, under a strict CSP', async () => {
    for (const path of ['/', '/registries/reg1', '/workspaces/ws1/models/m/versions/3?tab=files', '/docs']) {
      const res = await get(server, path);
      assert.equal(res.status, 200, path);
      assert.equal(res.text, page);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
      assert.match(csp, /worker-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    }
  });

  it('serves hashed assets immutable for a year, brotli-compressed to a client that accepts it', async () => {
    const plain = await get(server, '/assets/app-0a1b2c.js', { 'accept-encoding': 'identity' });
    assert.equal(plain.status, 200);
    assert.equal(plain.text, script);
    assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const response = await fetch(`${server.url}/assets/app-0a1b2c.js`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(response.headers.get('content-encoding'), 'br');
    assert.equal(await response.text(), script, 'fetch decodes the brotli body back to the script');
    const other = await get(server, '/favicon.svg');
    assert.equal(other.headers.get('cache-control'), 'no-cache');
  });

  it('answers 404 for a missing asset rather than the page, and never leaves the directory', async () => {
    assert.equal((await get(server, '/assets/gone-123.js')).status, 404);
    for (const path of [
      '/..%2f..%2fetc%2fpasswd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const res = await get(server, path);
      assert.ok(!res.text.includes('root:'), path);
    }
  });

  it('leaves /api, /v2, /healthz and /metrics answering as before', async () => {
    const api = await get(server, '/api/v1/no-such-route');
    assert.equal(api.status, 404);
    assert.equal(JSON.parse(api.text).error.code, 'NotFound');
    assert.equal(api.headers.get('content-security-policy'), null);
    const v2 = await get(server, '/v2/nope/models/x/tags/list');
    assert.equal(v2.status, 401);
    assert.equal((await get(server, '/healthz')).status, 200);
    assert.equal((await get(server, '/api/v1/registries')).status, 401);
  });
});

describe('a checkout whose studio is not built', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ studioDir: join(tmpdir(), 'arca-no-studio-here') });
  });
  after(async () => server?.stop());

  it('answers / with a message saying how to build it, and the API still works', async () => {
    const res = await get(server, '/');
    assert.equal(res.status, 503);
    assert.match(res.text, /npm run build/);
    assert.equal((await server.api('GET', '/api/v1/registries')).status, 200);
  });
});
