import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createPostgresDatabase, testDialects } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, testAdminToken, type TestServer } from '../../src/testing/server.js';
import { bytesOf, digestOf, rawRequest } from '../../src/testing/uploads.js';
import { ensureCliBuilt, runArca } from '../cli/harness.js';

/**
 * Issue 12, item 9: with the metadata database's disk full, writes answered 500 InternalError, the CLI
 * printed "unexpected error", /readyz stayed ready and refused-request events were lost silently.
 * Real faults, no mocks: a small tmpfs filled for real, a remount read-only, a read-only PostgreSQL
 * database. Runs as root (tests and CI are).
 */

/** A tmpfs of `size` at a fresh directory; `unmount` removes it. */
async function tmpfs(size: string): Promise<{ path: string; unmount(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'arca-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', path]);
  return {
    path,
    async unmount() {
      execFileSync('umount', ['-l', path]);
      await rm(path, { recursive: true, force: true });
    },
  };
}

/** Writes a file until the file system refuses with ENOSPC: the disk is then full for real. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 4096, 512]) {
      const chunk = Buffer.alloc(size, 1);
      for (let i = 0; i < 1 << 16; i++) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as { code?: string }).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function metric(server: TestServer, name: string): Promise<number> {
  const text = await (
    await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.token}` } })
  ).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('a full metadata database (SQLite on a tmpfs filled up)', () => {
  let disk: Awaited<ReturnType<typeof tmpfs>>;
  let server: TestServer;
  const filler = () => join(disk.path, 'filler');

  before(async () => {
    await ensureCliBuilt();
    disk = await tmpfs('24m');
    server = await startTestServer({
      database: { database: join(disk.path, 'arca.db'), cleanup: async () => undefined },
    });
    assert.equal((await server.api('PUT', '/api/v1/users/before-full', {})).status < 300, true);
    // Empty the write-ahead log, so the next write must take new space on the disk.
    const direct = new SQLite(join(disk.path, 'arca.db'));
    direct.pragma('wal_checkpoint(TRUNCATE)');
    direct.close();
    fillUp(filler());
  });
  after(async () => {
    await server?.stop();
    await disk?.unmount();
  });

  it('answers a write with 507 StorageFull naming the metadata database, never 500', async () => {
    const put = await server.api('PUT', '/api/v1/users/while-full', {});
    assert.equal(put.status, 507, JSON.stringify(put.body));
    assert.equal(put.body.error.code, 'StorageFull');
    assert.match(put.body.error.message, /the metadata database has no space left/);
    // Nothing was half-written: reads still work and the user is not there.
    assert.equal((await server.api('GET', '/api/v1/users/while-full')).status, 404);
  });

  it('makes /readyz report not ready, with the reason', async () => {
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 503);
    const body = (await ready.json()) as { status: string; checks: Record<string, string> };
    assert.equal(body.status, 'not ready');
    assert.match(body.checks['database'] ?? '', /^failing: StorageFull/);
  });

  it('counts a refused request whose audit event could not be stored in /metrics', async () => {
    const before = await metric(server, 'arca_audit_events_unstored_total');
    const refused = await fetch(`${server.url}/api/v1/registries`, {
      headers: { authorization: 'Bearer arca_wrong_token_0000000000000000' },
    });
    assert.equal(refused.status, 401);
    await eventually('the unstored denied event to be counted', async () =>
      (await metric(server, 'arca_audit_events_unstored_total')) > before ? true : undefined,
    );
  });

  it('has the CLI print the code and a hint, not "unexpected error"', async () => {
    const home = await mkdtemp(join(tmpdir(), 'arca-cli-'));
    try {
      const result = await runArca(['group', 'create', '--name', 'ops'], {
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'),
        ARCA_SERVER: server.url,
        ARCA_TOKEN: testAdminToken,
      });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /^error StorageFull: the metadata database has no space left/m);
      assert.match(result.stderr, /^hint: the server is out of storage space/m);
      assert.doesNotMatch(result.stderr, /unexpected error|a bug in arca/);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('is ready and writes again once space is freed', async () => {
    await rm(filler());
    await eventually('/readyz to be ready again', async () =>
      (await fetch(`${server.url}/readyz`)).status === 200 ? true : undefined,
    );
    assert.equal((await server.api('PUT', '/api/v1/users/after-full', {})).status < 300, true);
  });
});

describe('a full or read-only blob region (fs region on a tmpfs)', () => {
  let disk: Awaited<ReturnType<typeof tmpfs>>;
  let server: TestServer;
  const base = '/api/v1/registries/tightreg/models/weights';

  before(async () => {
    disk = await tmpfs('2m');
    server = await startTestServer({ configYaml: `regions:\n  lab-tight:\n    driver: fs\n    path: ${disk.path}\n` });
    const put = await server.api('PUT', '/api/v1/registries/tightreg', { location: 'lab-tight' });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
  });
  after(async () => {
    await server?.stop();
    execFileSync('mount', ['-o', 'remount,rw', disk.path]);
    await disk?.unmount();
  });

  it('answers 507 StorageFull naming the region, and leaves no blob and no ready version', async () => {
    const bytes = bytesOf(3 << 20, 9);
    const begin = await server.api('POST', `${base}/versions`, {
      files: [{ path: 'w.bin', size: bytes.length, digest: digestOf(bytes) }],
    });
    assert.equal(begin.status, 201, JSON.stringify(begin.body));
    const start = await server.api('POST', begin.body.upload_url);
    assert.equal(start.status, 202);
    const location = start.headers.get('location') ?? '';
    const patch = await rawRequest(server, 'PATCH', location, bytes, { 'content-range': `0-${bytes.length - 1}` });
    assert.equal(patch.status, 507, patch.text);
    const error = JSON.parse(patch.text) as { error: { code: string; message: string } };
    assert.equal(error.error.code, 'StorageFull');
    assert.match(error.error.message, /^region lab-tight: .*has no space left/);

    const commit = await server.api(
      'POST',
      `${base}/versions/${encodeURIComponent(begin.body.version.version)}/commit`,
    );
    assert.notEqual(commit.status, 200);
    const version = await server.api('GET', `${base}/versions/${encodeURIComponent(begin.body.version.version)}`);
    assert.notEqual(version.body.state, 'ready');
    // Nothing is visible under the digest: only upload files, never a blob.
    const blobs = await readdir(join(disk.path, 'blobs'), { recursive: true }).catch(() => []);
    assert.deepEqual(
      blobs.filter((name) => String(name).includes(digestOf(bytes).slice(7, 20))),
      [],
    );
    assert.equal((await server.api('DELETE', location)).status, 204);
  });

  it('answers 503 StorageReadOnly naming the region once it is remounted read-only', async () => {
    const start = await server.api('POST', '/api/v1/registries/tightreg/uploads');
    assert.equal(start.status, 202);
    execFileSync('mount', ['-o', 'remount,ro', disk.path]);
    const patch = await rawRequest(server, 'PATCH', start.headers.get('location') ?? '', Buffer.from('some bytes'), {
      'content-range': '0-9',
    });
    assert.equal(patch.status, 503, patch.text);
    const error = JSON.parse(patch.text) as { error: { code: string; message: string } };
    assert.equal(error.error.code, 'StorageReadOnly');
    assert.match(error.error.message, /^region lab-tight: .*refuses writes/);
  });
});

const postgres = testDialects.find((d) => d.name === 'postgres');

describe(
  'a read-only metadata database (PostgreSQL, default_transaction_read_only)',
  { skip: postgres?.skip ?? 'no PostgreSQL' },
  () => {
    let database: { url: string; drop(): Promise<void> };
    let server: TestServer | undefined;

    const alter = async (readOnly: boolean): Promise<void> => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(
          `alter database ${new URL(database.url).pathname.slice(1)} set default_transaction_read_only = ${readOnly ? 'on' : 'off'}`,
        );
      } finally {
        await client.end();
      }
    };

    before(async () => {
      // A database of its own: other tests on the same server are not touched.
      database = await createPostgresDatabase(process.env['ARCA_TEST_POSTGRES_URL'] ?? '', 'arca_readonly');
      const writable = await startTestServer({ database: { database: database.url, cleanup: async () => undefined } });
      await writable.stop();
      await alter(true);
      server = await startTestServer({ database: { database: database.url, cleanup: async () => undefined } });
    });
    after(async () => {
      await server?.stop();
      await database?.drop();
    });

    it('answers a write with 503 StorageReadOnly naming the metadata database, reads still served', async () => {
      assert.ok(server);
      const put = await server.api('PUT', '/api/v1/users/while-readonly', {});
      assert.equal(put.status, 503, JSON.stringify(put.body));
      assert.equal(put.body.error.code, 'StorageReadOnly');
      assert.match(put.body.error.message, /the metadata database refuses writes/);
      assert.equal((await server.api('GET', '/api/v1/registries')).status, 200);
    });

    it('makes /readyz report not ready, with the reason', async () => {
      assert.ok(server);
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 503);
      const body = (await ready.json()) as { checks: Record<string, string> };
      assert.match(body.checks['database'] ?? '', /^failing: StorageReadOnly/);
    });
  },
);

describe(
  'a full metadata database (PostgreSQL, its tablespace on a tmpfs filled up)',
  { skip: postgres?.skip ?? 'no PostgreSQL' },
  () => {
    const admin = process.env['ARCA_TEST_POSTGRES_URL'] ?? '';
    const name = `arca_full_${Date.now().toString(36)}`;
    let disk: Awaited<ReturnType<typeof tmpfs>>;
    let server: TestServer | undefined;
    /** Why the tablespace could not be made (the PostgreSQL server runs on another host). */
    let unavailable: string | undefined;

    const run = async (statement: string): Promise<void> => {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };

    before(async () => {
      disk = await tmpfs('48m');
      try {
        execFileSync('chown', ['postgres:postgres', disk.path]);
        await run(`create tablespace ${name} location '${disk.path}'`);
      } catch (error) {
        unavailable = `the PostgreSQL server cannot use a tablespace on this host: ${(error as Error).message}`;
        return;
      }
      await run(`create database ${name} tablespace ${name}`);
      const url = new URL(admin);
      url.pathname = `/${name}`;
      server = await startTestServer({ database: { database: url.href, cleanup: async () => undefined } });
      fillUp(join(disk.path, 'filler'));
    });
    after(async () => {
      await server?.stop();
      if (unavailable === undefined) {
        await run(`drop database if exists ${name} with (force)`);
        await run(`drop tablespace if exists ${name}`);
      }
      await disk?.unmount();
    });

    it('answers writes with 507 StorageFull naming the metadata database once a table must grow, never 500', async (t) => {
      if (unavailable !== undefined || server === undefined) return t.skip(unavailable);
      // Rows fill the pages that still had room first; within a few hundred writes a table must grow.
      let refused: { status: number; body: any } | undefined;
      for (let i = 0; i < 400 && refused === undefined; i++) {
        const put = await server.api('PUT', `/api/v1/users/filler-${i}`, { display_name: 'x'.repeat(200) });
        if (put.status >= 300) refused = put;
      }
      assert.ok(refused, 'a write was refused');
      assert.equal(refused.status, 507, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'StorageFull');
      assert.match(refused.body.error.message, /the metadata database has no space left \(PostgreSQL 53100/);
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 503);
      assert.match(
        ((await ready.json()) as { checks: Record<string, string> }).checks['database'] ?? '',
        /^failing: StorageFull/,
      );
    });
  },
);
