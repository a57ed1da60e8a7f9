import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createScopes, sha256, writeTree } from './assets-fixtures.js';
import { startCliWorld, type CliWorld } from './harness.js';

/**
 * `model download` never writes outside its folder and never keeps bytes that do not match the
 * version's digests, even when the server (or what stands in for it) lies.
 */
describe('arca model download against a hostile or corrupting server', () => {
  let world: CliWorld;
  let liar: Server;
  let liarUrl: string;

  /** A version whose listed files the "server" below serves wrongly. */
  const versionWith = (files: { path: string; size: number; digest: string }[]) => ({
    id: 'v',
    reference: 'arca://workspaces/ws1/models/evil/versions/1',
    scope: { kind: 'workspace', name: 'ws1' },
    type: 'model',
    name: 'evil',
    version: '1',
    description: null,
    tags: {},
    properties: {},
    state: 'ready',
    total_size: 5,
    file_count: files.length,
    files,
    manifest_digest: null,
    aliases: [],
    created_at: '2025-01-01T00:00:00.000Z',
    created_by: 'x',
    updated_at: '2025-01-01T00:00:00.000Z',
    updated_by: 'x',
    committed_at: '2025-01-01T00:00:00.000Z',
  });
  const versions: Record<string, unknown> = {
    escape: versionWith([
      { path: 'fine.txt', size: 5, digest: sha256('hello') },
      { path: '../escape.txt', size: 5, digest: sha256('hello') },
    ]),
    absolute: versionWith([{ path: '/tmp/arca-absolute.txt', size: 5, digest: sha256('hello') }]),
    corrupt: versionWith([{ path: 'weights.bin', size: 5, digest: sha256('hello') }]),
  };

  before(async () => {
    world = await startCliWorld();
    await createScopes(world.server, ['/api/v1/workspaces/ws1']);
    liar = createServer((request, response) => {
      const [, name, , , file] =
        /^\/api\/v1\/workspaces\/ws1\/models\/(\w+)\/versions\/1(\/files\/(.*))?$/.exec(request.url ?? '') ?? [];
      if (name === undefined || versions[name] === undefined)
        return response
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"code":"NotFound","message":"no"}}');
      if (file === undefined)
        return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(versions[name]));
      // Same length, other bytes.
      return response
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '5' })
        .end('HELLO');
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    liarUrl = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
  });
  after(async () => {
    liar.close();
    await world.stop();
  });

  for (const name of ['escape', 'absolute']) {
    test(`a listed path that leaves the folder (${name}) fails the download (exit 1) before any file is written`, async () => {
      const parent = world.dir(`${name}-`);
      const target = join(parent, 'out');
      const result = await world.arca(['model', 'download', `${name}:1`, '--workspace', 'ws1', '--path', target], {
        ARCA_SERVER: liarUrl,
      });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^error FilePathInvalid: /);
      assert.deepEqual(readdirSync(parent), [], 'nothing was written, not even the folder');
    });
  }

  test('bytes that do not match the listed digest fail the download (exit 1, DigestMismatch) and leave no file', async () => {
    const target = world.dir('corrupt-');
    const result = await world.arca(['model', 'download', 'corrupt:1', '--workspace', 'ws1', '--path', target], {
      ARCA_SERVER: liarUrl,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error DigestMismatch: weights.bin: /);
    assert.deepEqual(readdirSync(target), [], 'neither the file nor a partial download remains');
  });

  test('a --path that is an existing file is a usage error naming it (exit 2), and the file is untouched', async () => {
    const source = writeTree(world.dir('onfile-src-'), { 'w.txt': 'weights\n' });
    assert.equal(
      (await world.arca(['model', 'create', '--name', 'onfile', '--path', source, '--workspace', 'ws1'])).status,
      0,
    );
    const existing = join(writeTree(world.dir('onfile-'), { 'taken.txt': 'mine\n' }), 'taken.txt');
    for (const target of [existing, join(existing, 'below')]) {
      const result = await world.arca(['model', 'download', 'onfile:1', '--workspace', 'ws1', '--path', target]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(
        result.stderr,
        /^error PathConflict: cannot download into --path .*taken\.txt.*: it, or a folder above it, exists and is not a folder/,
      );
      assert.doesNotMatch(result.stderr, /InternalError|a bug in arca/);
    }
    assert.equal(readFileSync(existing, 'utf8'), 'mine\n');
  });

  test('a symbolic link in the folder that leads outside is never written through', async () => {
    const source = writeTree(world.dir('linked-src-'), { 'sub/x.txt': 'inside\n' });
    assert.equal(
      (await world.arca(['model', 'create', '--name', 'linked', '--path', source, '--workspace', 'ws1'])).status,
      0,
    );
    const outside = world.dir('outside-');
    const target = world.dir('linked-out-');
    mkdirSync(target, { recursive: true });
    symlinkSync(outside, join(target, 'sub'));
    const result = await world.arca(['model', 'download', 'linked:1', '--workspace', 'ws1', '--path', target]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error FilePathInvalid: .*link that leads outside/);
    assert.deepEqual(readdirSync(outside), []);
  });
});
