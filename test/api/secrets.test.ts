import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { startServer } from '../../src/server.js';

describe('secrets stay secret', () => {
  it('never writes a token to the log or the audit log, whatever the request does with it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'arca-secrets-'));
    let log = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        log += String(chunk);
        done();
      },
    });
    const adminToken = 'arca_admin_secret_for_the_log_test_0123456789';
    const server = await startServer({
      config: loadConfig({ env: {}, flags: { host: '127.0.0.1', port: 0, dataDir } }),
      adminToken,
      logger: pino({ level: 'trace' }, sink),
      announce: () => {},
    });
    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
    };
    try {
      assert.equal((await call('PUT', '/api/v1/users/alice', adminToken, { email: 'alice@example.test' })).status, 200);
      const created = await call('POST', '/api/v1/users/alice/tokens', adminToken, { name: 'laptop' });
      assert.equal(created.status, 201);
      const secret: string = created.body.token;
      assert.match(secret, /^arca_/);
      assert.equal((await call('GET', '/api/v1/whoami', secret)).status, 200);
      assert.equal((await call('GET', '/api/v1/registries', `${secret}x`)).status, 401);
      assert.equal((await call('PUT', '/api/v1/registries/forbidden1', secret, { location: 'eastus' })).status, 403);
      const exported = await fetch(`${server.url}/api/v1/audit/export`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      const auditText = await exported.text();
      assert.equal(exported.status, 200);
      assert.ok(auditText.includes('"denied"'), 'the denied requests were audited');
      assert.ok(auditText.includes('tokens/create'), 'the token creation was audited');
      for (const leaked of [secret, adminToken])
        assert.equal(auditText.includes(leaked), false, 'the audit log holds no token');
    } finally {
      await server.close();
    }
    try {
      // One access-log line per request, as it ends: method, redacted path, status and time together.
      const lines = log
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      const exportLine = lines.filter(
        (line) => line.msg === 'request completed' && line.req?.url === '/api/v1/audit/export',
      );
      assert.equal(exportLine.length, 1, 'the export request was logged once');
      assert.equal(exportLine[0].req.method, 'GET');
      assert.equal(exportLine[0].res.statusCode, 200);
      assert.equal(typeof exportLine[0].responseTime, 'number');
      assert.equal(typeof exportLine[0].reqId, 'string');
      const database = await readFile(join(dataDir, 'arca.db'));
      for (const secret of [adminToken, 'Bearer ']) {
        assert.equal(log.includes(secret), false, `the log contains ${secret.slice(0, 12)}…`);
      }
      const tokens = [...log.matchAll(/arca_[A-Za-z0-9_-]{20,}/g)].map((m) => m[0]);
      assert.deepEqual(tokens, [], 'no token-shaped string is logged');
      assert.equal(database.includes(Buffer.from(adminToken)), false, 'the database holds no plain token');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
