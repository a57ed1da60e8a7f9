import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { RegionStoreConfig } from '../../config/region-store-config.js';
import type { BlobStore } from './blob-store.js';
import { patternChunks, readAll, sha256 } from './blob-helpers.suite.js';

/** How another process builds the same store: a region's configuration and the environment holding its credentials. */
export interface RegionRecipe {
  config: RegionStoreConfig;
  env: Record<string, string>;
}

const abandonedWriter = fileURLToPath(new URL('../../testing/abandoned-writer.ts', import.meta.url));
const MiB = 1024 * 1024;
/** 20 MiB: past one S3 part (16 MiB) and two Azure blocks (8 MiB) of the default sizes, so some bytes are stored and some only buffered. */
const written = { count: 20, size: MiB };

/** Runs abandoned-writer.ts on `recipe`'s store, waits until it has written, and SIGKILLs it: its writer never closes. */
async function writeAndDie(recipe: RegionRecipe, uploadId: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', abandonedWriter, JSON.stringify({ config: recipe.config, uploadId, ...written })],
    {
      env: { ...process.env, ...recipe.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const ready = new Promise<boolean>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('written')) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  const wrote = await ready;
  child.kill('SIGKILL');
  await exited;
  assert.ok(wrote, `the writing process ended before it had written: ${err}`);
}

/**
 * What a crash leaves: a writer abandoned mid-way (its process killed, no close) has stored some prefix of
 * its bytes, and `uploadSize` and a reopened writer agree on it from any process. Registered by `runBlobStoreSuite`.
 */
export function describeCrashContract(currentStore: () => BlobStore, currentRecipe: () => RegionRecipe): void {
  describe('upload size after a crash', () => {
    it('uploadSize is 0 for an upload never written and the writer size once a writer is closed', async () => {
      const store = currentStore();
      assert.equal(await store.uploadSize('never-written'), 0);
      const writer = await store.writer('closed-size');
      await writer.write(Buffer.alloc(70_000, 7));
      assert.ok(
        (await store.uploadSize('closed-size')) <= 70_000,
        'while the writer is open, at most what it accepted',
      );
      await writer.close();
      assert.equal(await store.uploadSize('closed-size'), 70_000);
      const reopened = await store.writer('closed-size');
      assert.equal(reopened.size, 70_000);
      await reopened.cancel();
      assert.equal(await store.uploadSize('closed-size'), 0);
    });

    it('after a process dies with its writer open, uploadSize reports the bytes stored, a writer resumes there, and the blob commits whole', async () => {
      const store = currentStore();
      const uploadId = `crashed-${randomUUID()}`;
      await writeAndDie(currentRecipe(), uploadId);
      const total = written.count * written.size;
      const stored = await store.uploadSize(uploadId);
      assert.ok(stored > 0 && stored <= total, `${stored} of ${total} bytes stored`);
      const resumed = await store.writer(uploadId);
      assert.equal(resumed.size, stored, 'a writer reopened by id starts where uploadSize said');
      // patternChunks reuses its buffer: each chunk is copied before the next is made.
      const chunks: Buffer[] = [];
      for (const chunk of patternChunks(written.count, written.size)) chunks.push(Buffer.from(chunk));
      const whole = Buffer.concat(chunks);
      await resumed.write(whole.subarray(stored));
      assert.deepEqual(await resumed.commit(sha256(whole)), { digest: sha256(whole), size: total });
      assert.ok((await readAll(await store.reader(sha256(whole)))).equals(whole));
      assert.equal(await store.uploadSize(uploadId), 0, 'the committed upload is gone');
    });
  });
}
