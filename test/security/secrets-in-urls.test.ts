import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { eventually } from '../../src/testing/eventually.js';
import { testDialects, type TestDatabase, type TestDialect } from '../../src/testing/databases.js';

/**
 * Issue 12, item 12: a secret that reaches the server in a URL — a `?token=` a client or a person
 * added, a token pasted where a token id belongs — is never taken as a credential, never written to
 * the server log and never echoed in an answer; the files that hold the server's secrets are the
 * owner's alone. A real server logs through pino into a stream the test reads.
 */

/** A pino logger at `info` (the default level) whose every line lands in `lines`. */
function capturedLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), text: () => lines.join('') };
}

interface LoggedServer {
  server: RunningServer;
  dataDir: string;
  adminToken: string;
  log: () => string;
  stop(): Promise<void>;
}

/** A real server whose data directory does not exist before it starts, and whose admin token it generates itself. */
async function startLoggedServer(dialect: TestDialect, database: TestDatabase, dataDir: string): Promise<LoggedServer> {
  const { logger, text } = capturedLogger();
  const config = loadConfig({
    // Repeated refusals from one source are counted and written when the interval ends: keep it short.
    env: { ARCA_AUDIT_DENIED_INTERVAL_SECONDS: '1' },
    flags: {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      ...(dialect.name === 'postgres' ? { database: database.database } : {}),
    },
  });
  const server = await startServer({
    config,
    logger,
    announce: () => {},
    ...(database.schema ? { databaseSchema: database.schema } : {}),
  });
  const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  return { server, dataDir, adminToken, log: text, stop: () => server.close() };
}

async function call(
  server: LoggedServer,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; text: string; json: any }> {
  const response = await fetch(`${server.server.url}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

for (const dialect of testDialects) {
  describe(`secrets in URLs and the server's files on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let home: string;
    let server: LoggedServer;
    let userSecret: string;

    before(async () => {
      database = await dialect.create();
      home = mkdtempSync(join(tmpdir(), 'arca-secrets-'));
      // Under the usual umask 022 a careless server would create everything world-readable.
      process.umask(0o022);
      server = await startLoggedServer(dialect, database, join(home, 'data'));
      assert.equal((await call(server, 'PUT', '/api/v1/users/alice', server.adminToken, {})).status < 300, true);
      userSecret = (await call(server, 'POST', '/api/v1/users/alice/tokens', server.adminToken, { name: 'laptop' }))
        .json.token;
      assert.match(userSecret, /^arca_/);
    });
    after(async () => {
      await server?.stop();
      rmSync(home, { recursive: true, force: true });
      await database?.cleanup();
    });

    it('does not take ?token= or ?access_token= as a credential, on /api/v1 or /v2/', async () => {
      for (const path of [
        `/api/v1/registries?token=${userSecret}`,
        `/api/v1/registries?access_token=${userSecret}`,
        `/v2/?token=${userSecret}`,
        `/v2/somews/models/m/tags/list?access_token=${userSecret}`,
      ]) {
        const res = await call(server, 'GET', path);
        assert.equal(res.status, 401, path);
        assert.ok(!res.text.includes(userSecret), `${path} echoes the secret`);
      }
    });

    it('never writes a query string secret to the server log, refused or served', async () => {
      const served = await call(server, 'GET', `/v2/?token=${userSecret}`, server.adminToken);
      assert.equal(served.status, 200);
      const unknownParameter = await call(server, 'GET', `/api/v1/registries?token=${userSecret}`, server.adminToken);
      assert.equal(unknownParameter.status, 400);
      assert.ok(!unknownParameter.text.includes(userSecret), unknownParameter.text);
      await call(server, 'GET', `/api/v1/registries?token=${userSecret}`);
      const log = server.log();
      assert.match(log, /"url":"\/api\/v1\/registries"/, 'requests are still logged, by path');
      assert.match(log, /"url":"\/v2\/"/);
      assert.ok(!log.includes(userSecret), 'the log holds the secret');
      assert.ok(!log.includes('token='), 'the log holds the query string');
    });

    it('neither logs nor echoes a secret pasted into DELETE /api/v1/tokens/<secret>, and the token keeps working', async () => {
      const res = await call(server, 'DELETE', `/api/v1/tokens/${userSecret}`, server.adminToken);
      assert.equal(res.status, 404);
      assert.equal(res.json.error.code, 'TokenNotFound');
      assert.match(res.json.error.message, /token ids are UUIDs/);
      assert.ok(!res.text.includes(userSecret), 'the answer echoes the secret');
      const refused = await call(server, 'DELETE', `/api/v1/tokens/${encodeURIComponent(userSecret)}`);
      assert.equal(refused.status, 401);
      assert.ok(!refused.text.includes(userSecret));
      const log = server.log();
      assert.ok(!log.includes(userSecret), 'the log holds the secret');
      assert.match(log, /"url":"\/api\/v1\/tokens\/\[redacted\]"/);
      assert.equal(
        (await call(server, 'GET', '/api/v1/registries', userSecret)).status,
        200,
        'the token was not revoked',
      );
      // The refusal is recorded after its answer has gone: wait for it.
      const audit = await eventually('the refused DELETE in the audit log', async () => {
        const exported = await call(server, 'GET', '/api/v1/audit/export', server.adminToken);
        return /DELETE \/api\/v1\/tokens\/\[redacted\]/.test(exported.text) ? exported : undefined;
      });
      assert.ok(!audit.text.includes(userSecret), 'the audit log holds the secret');
    });

    it('still names a well-formed token id it cannot find', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      const res = await call(server, 'DELETE', `/api/v1/tokens/${id}`, server.adminToken);
      assert.equal(res.status, 404);
      assert.equal(res.json.error.code, 'TokenNotFound');
      assert.match(res.json.error.message, new RegExp(id));
    });

    it('does not echo a token pasted into an unknown route or in place of a name, nor log it', async () => {
      const res = await call(server, 'GET', `/api/v1/secrets/${userSecret}/x?token=${userSecret}`, server.adminToken);
      assert.equal(res.status, 404);
      assert.ok(!res.text.includes(userSecret), res.text);
      for (const path of [
        `/api/v1/users/${userSecret}/tokens`,
        `/api/v1/groups/${userSecret}`,
        `/api/v1/workspaces/${userSecret}`,
      ]) {
        const named = await call(server, 'GET', path, server.adminToken);
        assert.ok(named.status >= 400 && named.status < 500, `${path}: ${named.status}`);
        assert.ok(named.json?.error?.code !== undefined, named.text);
        assert.ok(!named.text.includes(userSecret), `${path} echoes the secret: ${named.text}`);
      }
      assert.ok(!server.log().includes(userSecret));
    });

    it('creates the data directory 0700 and the admin token 0600', () => {
      assert.equal(modeOf(server.dataDir).toString(8), '700');
      assert.equal(modeOf(join(server.dataDir, 'admin-token')).toString(8), '600');
    });

    if (dialect.name === 'sqlite') {
      it('creates the SQLite database and its -wal and -shm files 0600', () => {
        const file = join(server.dataDir, 'arca.db');
        for (const path of [file, `${file}-wal`, `${file}-shm`]) assert.equal(modeOf(path).toString(8), '600', path);
      });

      it('tightens a data directory and database left world-readable by an older version', async () => {
        const dataDir = join(home, 'old');
        mkdirSync(dataDir, { mode: 0o755 });
        chmodSync(dataDir, 0o755);
        writeFileSync(join(dataDir, 'arca.db'), '');
        chmodSync(join(dataDir, 'arca.db'), 0o644);
        const old = await startLoggedServer(dialect, database, dataDir);
        try {
          assert.equal(modeOf(dataDir).toString(8), '700');
          for (const path of ['arca.db', 'arca.db-wal', 'arca.db-shm', 'admin-token'])
            assert.equal(modeOf(join(dataDir, path)).toString(8), '600', path);
        } finally {
          await old.stop();
        }
      });
    }
  });
}
