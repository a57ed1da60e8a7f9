import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPostgresDatabase } from '../../src/testing/databases.js';
import { arcaBin, ensureCliBuilt, root, runArca } from './harness.js';

const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];

/** Starts `arca serve` on a free port with these flags and resolves with its output up to the start-up line. */
async function startUpLine(args: string[], home: string): Promise<string> {
  const child = spawn(process.execPath, [arcaBin, 'serve', '--port', '0', '--log-level', 'info', ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: home, ARCA_ADMIN_TOKEN: 'arca_serve_test_token_0123456789abcdef' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    return await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('arca is serving')) resolve(output);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code} before serving:\n${output}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

describe('arca serve', () => {
  let dataDir: string;
  before(async () => {
    await ensureCliBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'arca-serve-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('an invalid flag value exits 2 with ConfigInvalid naming the key', async () => {
    const result = await runArca(['serve', '--port', 'eighty', '--data-dir', dataDir], { HOME: dataDir });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error ConfigInvalid: config key 'port': .*eighty.*--port/);
  });

  test('a port already in use exits 1 with ServeFailed naming the address', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const result = await runArca(['serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'silent'], {
        HOME: dataDir,
        ARCA_ADMIN_TOKEN: 'arca_serve_test_token_0123456789abcdef',
      });
      assert.equal(result.status, 1);
      assert.match(result.stderr, new RegExp(`^error ServeFailed: .*EADDRINUSE.*${port}`));
    } finally {
      blocker.close();
    }
  });

  test('the start-up line names its SQLite database file', async () => {
    const output = await startUpLine(['--data-dir', dataDir], dataDir);
    const line = JSON.parse(output.split('\n').find((l) => l.includes('arca is serving')) ?? '{}');
    assert.equal(line.database, `sqlite ${join(dataDir, 'arca.db')}`);
    assert.match(line.msg, /\(database: sqlite .*arca\.db\)$/);
  });

  test(
    'the start-up line names its PostgreSQL host, port and database, never the password',
    { skip: postgresUrl === undefined && 'ARCA_TEST_POSTGRES_URL is not set' },
    async () => {
      const database = await createPostgresDatabase(postgresUrl ?? '', 'arca_startup');
      try {
        const url = new URL(database.url);
        url.password = 'pg-s3cret-pw';
        url.search = '?application_name=arca&password=pg-s3cret-pw';
        const output = await startUpLine(['--data-dir', dataDir, '--database', url.href], dataDir);
        const line = JSON.parse(output.split('\n').find((l) => l.includes('arca is serving')) ?? '{}');
        assert.equal(line.database, `postgresql ${url.hostname}:${url.port || '5432'}${url.pathname}`);
        assert.doesNotMatch(output, /pg-s3cret-pw/, 'the password appears nowhere in the log');
      } finally {
        await database.drop();
      }
    },
  );

  test('serves until SIGTERM, answering /readyz, then exits 0', async () => {
    const child = spawn(
      process.execPath,
      [arcaBin, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'],
      {
        cwd: root,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: dataDir,
          ARCA_ADMIN_TOKEN: 'arca_serve_test_token_0123456789abcdef',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const found = /"url":"(http:\/\/[^"]+)"/.exec(output);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code} before serving:\n${output}`)));
    });
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
