import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { arcaBin, ensureCliBuilt, root, runArca } from './harness.js';

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
      const result = await runArca(['serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'silent'], { HOME: dataDir, ARCA_ADMIN_TOKEN: 'arca_serve_test_token_0123456789abcdef' });
      assert.equal(result.status, 1);
      assert.match(result.stderr, new RegExp(`^error ServeFailed: .*EADDRINUSE.*${port}`));
    } finally {
      blocker.close();
    }
  });

  test('serves until SIGTERM, answering /readyz, then exits 0', async () => {
    const child = spawn(process.execPath, [arcaBin, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'], {
      cwd: root, env: { PATH: process.env['PATH'] ?? '', HOME: dataDir, ARCA_ADMIN_TOKEN: 'arca_serve_test_token_0123456789abcdef' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
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
