import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashFiles } from '../../src/cli/transfer/hash-files.js';
import { pushVersion } from '../../src/cli/transfer/push-version.js';
import { UploadState } from '../../src/cli/transfer/upload-state.js';
import { listLocalFiles } from '../../src/cli/transfer/walk-files.js';
import { createArcaClient, type AssetLocator } from '../../src/sdk/client.js';
import { nodeHttpFetch } from '../../src/sdk/node-http-fetch.js';
import { createScopes, sha256, writeTree } from './assets-fixtures.js';
import { json, startCliWorld, testAdminToken, type CliWorld } from './harness.js';

/** Transfers given bad inputs: files that change under an upload, lying servers, unwritable folders and caches. */
describe('client transfers with bad inputs', () => {
  let world: CliWorld;
  let liar: Server;
  let liarUrl: string;

  before(async () => {
    world = await startCliWorld();
    await createScopes(world.server, ['/api/v1/workspaces/ws1']);
    // Lists one 5-byte file and serves other bytes of that length.
    liar = createServer((request, response) => {
      if (!/\/files\//.test(request.url ?? ''))
        return response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            reference: 'arca://workspaces/ws1/models/m/versions/1',
            scope: { kind: 'workspace', name: 'ws1' },
            type: 'model',
            name: 'm',
            version: '1',
            state: 'ready',
            total_size: 5,
            file_count: 1,
            files: [{ path: 'weights.bin', size: 5, digest: sha256('hello') }],
          }),
        );
      return response.writeHead(200, { 'content-length': '5' }).end('HELLO');
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    liarUrl = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
  });
  after(async () => {
    liar.close();
    await world.stop();
  });

  /** Hashes a fresh folder, lets `change` alter it at `when`, and pushes it in-process against the test server. */
  const pushChanged = async (name: string, when: 'before-upload' | 'during-upload', change: (file: string) => void) => {
    const dir = writeTree(world.dir(`${name}-`), { 'weights.bin': 'x'.repeat(1 << 20) });
    const client = createArcaClient({ server: world.server.url, token: testAdminToken, fetch: nodeHttpFetch });
    const asset: AssetLocator = { scopeKind: 'workspace', scope: 'ws1', type: 'model', name };
    const files = await hashFiles((await listLocalFiles(dir, dir)).files);
    const absolute = join(dir, 'weights.bin');
    if (when === 'before-upload') change(absolute);
    const state = UploadState.open(
      { XDG_STATE_HOME: world.dir('state-') },
      { ...asset, server: client.server, path: dir },
    );
    const error = await pushVersion({
      client,
      asset,
      files,
      metadata: {},
      state,
      chunkBytes: 256 << 10,
      blobConcurrency: 1,
      onUploadStart: async () => {
        if (when === 'during-upload') change(absolute);
        return { add() {}, stop() {} };
      },
    }).catch((e: unknown) => e);
    const versions = await client.assets.listVersions(asset);
    return { error, committed: versions.value.filter((v) => v.state === 'ready') };
  };

  for (const when of ['before-upload', 'during-upload'] as const) {
    test(`a file that grows ${when.replace('-', ' ')} fails with FileChanged and nothing is committed`, async () => {
      const { error, committed } = await pushChanged(`grow-${when}`, when, (file) =>
        writeFileSync(file, 'more', { flag: 'a' }),
      );
      assert.equal((error as { code?: string }).code, 'FileChanged', String(error));
      assert.match(String((error as Error).message), /weights\.bin changed .*nothing was committed/);
      assert.deepEqual(committed, []);
    });
  }

  test('a file rewritten with other bytes of the same size before the upload fails with FileChanged', async () => {
    const { error, committed } = await pushChanged('same-size', 'during-upload', (file) =>
      writeFileSync(file, 'y'.repeat(1 << 20)),
    );
    assert.equal((error as { code?: string }).code, 'FileChanged', String(error));
    assert.deepEqual(committed, []);
  });

  test('a download whose bytes do not match leaves the file already at the target untouched (exit 1)', async () => {
    const target = writeTree(world.dir('keep-'), { 'weights.bin': 'mine!' });
    const result = await world.arca(['model', 'download', 'm:1', '--workspace', 'ws1', '--path', target], {
      ARCA_SERVER: liarUrl,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /^error DigestMismatch: weights\.bin: /);
    assert.equal(readFileSync(join(target, 'weights.bin'), 'utf8'), 'mine!');
    assert.deepEqual(readdirSync(target), ['weights.bin'], 'no partial download remains beside it');
  });

  test(
    'a download into a folder that cannot be written is a usage error naming it (exit 2)',
    { skip: existsSync('/sys/kernel') ? false : 'needs a read-only folder (sysfs)' },
    async () => {
      const source = writeTree(world.dir('ro-src-'), { 'w.txt': 'weights\n' });
      const created = await world.arca(['model', 'create', '--name', 'ro', '--path', source, '--workspace', 'ws1']);
      assert.equal(created.status, 0, created.stderr);
      // sysfs refuses new files even to root.
      const result = await world.arca(['model', 'download', 'ro:1', '--workspace', 'ws1', '--path', '/sys/kernel']);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /^error PathConflict: cannot download into --path \/sys\/kernel: /);
      assert.doesNotMatch(result.stderr, /InternalError|a bug in arca/);
    },
  );

  test('a cache folder that cannot be written warns once and `create` goes on', async () => {
    const source = writeTree(world.dir('nocache-src-'), { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const blocker = join(world.dir('nocache-'), 'file');
    writeFileSync(blocker, 'not a folder');
    const result = await world.arca(
      ['model', 'create', '--name', 'nocache', '--path', source, '--workspace', 'ws1', '-o', 'json'],
      { XDG_CACHE_HOME: blocker },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(json(result).uploadedBytes, 4);
    assert.equal(result.stderr.match(/digest cache .* cannot be written/g)?.length, 1, result.stderr);
  });

  test('an unchanged re-register reads its digests from the cache; --no-cache hashes again and leaves the cache as it was', async () => {
    const source = writeTree(world.dir('cached-src-'), { 'w.bin': 'weights' });
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(source, 'w.bin'), anHourAgo, anHourAgo);
    const cacheHome = world.dir('cache-');
    const create = (extra: string[] = []) =>
      world.arca(
        ['model', 'create', '--name', 'cached', '--path', source, '--workspace', 'ws1', '-o', 'json', ...extra],
        {
          XDG_CACHE_HOME: cacheHome,
        },
      );
    assert.equal((await create(['--no-cache'])).status, 0);
    assert.equal(existsSync(join(cacheHome, 'arca', 'digests.json')), false, '--no-cache writes no cache');
    assert.equal((await create()).status, 0);
    const cache = JSON.parse(readFileSync(join(cacheHome, 'arca', 'digests.json'), 'utf8'));
    assert.equal(cache.entries[join(source, 'w.bin')].digest, sha256('weights'));
    const again = await create();
    assert.equal(again.status, 0, again.stderr);
    assert.equal(json(again).uploadedBytes, 0);
  });
});
