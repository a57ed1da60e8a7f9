import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { bytesOf } from '../../src/testing/uploads.js';
import { createScopes, sha256, writeTree } from './assets-fixtures.js';
import { json, startCliWorld, type CliWorld } from './harness.js';
import { startUploadProxy, type UploadProxy } from './upload-proxy.js';

const kib = 1024;
const chunk = 128 * kib;

/** An interrupted and resumed `model create`, observed from the server's side of the wire. */
describe('arca model create resumes an interrupted upload without sending acknowledged bytes again', () => {
  let world: CliWorld;
  let proxy: UploadProxy;
  let stateDir: string;
  /** Two files of bytes the server has never seen (each test needs its own: the server deduplicates). */
  const freshFiles = (seed: number) => ({
    'a.bin': bytesOf(3 * 1024 * kib, seed),
    'b.bin': bytesOf(1024 * kib, seed + 1),
  });
  const total = 4 * 1024 * kib;

  /** `model create` through the proxy, with small chunks. */
  const createArgs = (name: string, folder: string) => [
    'model',
    'create',
    '--name',
    name,
    '--path',
    folder,
    '--workspace',
    'ws1',
  ];
  const through = () => ({ ARCA_SERVER: proxy.url, ARCA_UPLOAD_CHUNK_BYTES: String(chunk) });

  /** The sessions of the one state file, once one of them holds bytes. */
  async function waitForSessionWithBytes(): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      for (const file of existsSync(stateDir) ? readdirSync(stateDir).filter((f) => f.endsWith('.json')) : []) {
        try {
          const state = JSON.parse(readFileSync(join(stateDir, file), 'utf8'));
          if (Object.values(state.sessions as Record<string, { offset: number }>).some((s) => s.offset > 0)) return;
        } catch {
          /* being replaced: read it again */
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('no upload session received bytes within 15 s');
  }

  /** Starts `create` on a slow network and SIGKILLs it once a session holds bytes; answers the state it left. */
  async function interruptedCreate(
    name: string,
    folder: string,
  ): Promise<{ sessions: Record<string, { location: string }> }> {
    proxy.delayMs = 40;
    const running = world.startArca(createArgs(name, folder), through());
    await waitForSessionWithBytes();
    running.child.kill('SIGKILL');
    await running.result;
    await proxy.settled();
    proxy.delayMs = 0;
    const [file] = readdirSync(stateDir).filter((f) => f.endsWith('.json'));
    return JSON.parse(readFileSync(join(stateDir, file ?? ''), 'utf8'));
  }

  /**
   * What the server holds for each session (`GET` on the session), read until two reads agree: a
   * chunk the killed client was sending when it died is still being wound up by the server.
   */
  async function heldBytes(sessions: Record<string, { location: string }>): Promise<Map<string, number>> {
    const read = async (): Promise<Map<string, number>> => {
      const held = new Map<string, number>();
      for (const { location } of Object.values(sessions)) {
        const status = await world.server.api('GET', location);
        assert.equal(status.status, 200, JSON.stringify(status.body));
        held.set(location, status.body.offset);
      }
      return held;
    };
    let previous = await read();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = await read();
      if ([...now].every(([location, offset]) => previous.get(location) === offset)) return now;
      previous = now;
    }
  }

  before(async () => {
    world = await startCliWorld();
    await createScopes(world.server, ['/api/v1/workspaces/ws1']);
    proxy = await startUploadProxy(world.server.url);
    stateDir = join(world.env['HOME'] ?? '', '.local', 'state', 'arca', 'uploads');
  });
  after(async () => {
    await proxy.close();
    await world.stop();
  });
  beforeEach(() => {
    proxy.patches.length = 0;
  });

  test('after SIGKILL mid-upload, running create again resumes each session where the server stands and sends only the rest', async () => {
    const files = freshFiles(21);
    const folder = writeTree(world.dir('resume-'), files);
    const state = await interruptedCreate('resumed', folder);
    const held = await heldBytes(state.sessions);
    const heldTotal = [...held.values()].reduce((a, b) => a + b, 0);
    assert.ok(heldTotal > 0, 'the first run got bytes to the server before it was killed');

    proxy.patches.length = 0;
    const result = await world.arca(createArgs('resumed', folder), through());
    assert.equal(result.status, 0, result.stderr);
    const version = json(result);
    assert.deepEqual(
      {
        version: version.version,
        state: version.state,
        resumedBytes: version.resumedBytes,
        uploadedBytes: version.uploadedBytes,
      },
      { version: '1', state: 'ready', resumedBytes: heldTotal, uploadedBytes: total - heldTotal },
    );
    assert.match(result.stderr, /resuming the interrupted upload/);
    // The wire says the same: every byte the server held was not sent again.
    assert.equal(
      proxy.patches.reduce((sum, p) => sum + p.bytes, 0),
      total - heldTotal,
    );
    for (const [location, offset] of held) {
      assert.equal(
        proxy.patches.find((p) => p.path === location)?.start,
        offset,
        `the session ${location} resumed at the ${offset} bytes the server held`,
      );
    }
    assert.deepEqual(version.files.map((f: any) => f.digest).sort(), Object.values(files).map(sha256).sort());
    assert.deepEqual(readdirSync(stateDir), [], 'the state file is removed after the commit');
  });

  test('a recorded session the server no longer has (cancelled) is started again and the version still completes', async () => {
    const folder = writeTree(world.dir('cancelled-'), freshFiles(31));
    const state = await interruptedCreate('restarted', folder);
    for (const { location } of Object.values(state.sessions))
      assert.equal((await world.server.api('DELETE', location)).status, 204);
    const result = await world.arca(createArgs('restarted', folder), through());
    assert.equal(result.status, 0, result.stderr);
    const version = json(result);
    assert.deepEqual(
      { state: version.state, resumedBytes: version.resumedBytes, uploadedBytes: version.uploadedBytes },
      { state: 'ready', resumedBytes: 0, uploadedBytes: total },
    );
  });

  test('a connection dropped mid-chunk is retried in the same run, from where the server stands, and the version completes intact', async () => {
    const only = bytesOf(1024 * kib, 41);
    const folder = writeTree(world.dir('dropped-'), { 'only.bin': only });
    proxy.dropNextPatchAfter = 40 * kib;
    const result = await world.arca(createArgs('dropped', folder), through());
    assert.equal(result.status, 0, result.stderr);
    const version = json(result);
    assert.deepEqual(
      { state: version.state, uploadedBytes: version.uploadedBytes, digest: version.files[0].digest },
      { state: 'ready', uploadedBytes: only.length, digest: sha256(only) },
    );
    const [cut, ...rest] = proxy.patches;
    assert.equal(cut?.bytes, 40 * kib, 'the first chunk was cut');
    assert.ok(
      rest.some((p) => p.path === cut?.path),
      'the same session went on after the drop',
    );
  });
});
