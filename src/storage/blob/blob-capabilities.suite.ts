import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BlobStore } from './blob-store.js';
import { hasCode, put, readAll, sha256 } from './blob-helpers.suite.js';

/**
 * The optional methods of BlobStore, run for every driver that offers them and skipped, by name, for one
 * that does not. `peer` makes a second fresh store of the same driver (the source of a copy) and its cleanup.
 */
export function describeCapabilityContract(
  name: string,
  getStore: () => BlobStore,
  peer: () => Promise<{ store: BlobStore; cleanup: () => Promise<void> }>,
): void {
  describe('optional capabilities', () => {
    it('presignedUrl: the URL fetches the blob byte for byte; a non-positive lifetime is InvalidParameter', async (t) => {
      const store = getStore();
      if (store.presignedUrl === undefined) return t.skip(`${name} offers no presignedUrl`);
      const bytes = Buffer.from('fetched directly');
      const { digest } = await put(store, 'presigned', bytes);
      const response = await fetch(await store.presignedUrl(digest, 60));
      assert.equal(response.status, 200);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
      await assert.rejects(store.presignedUrl(digest, 0), hasCode('InvalidParameter'));
    });

    it('copyFrom: a blob of a peer store of the same driver arrives byte for byte, nothing staged left', async (t) => {
      const store = getStore();
      if (store.copyFrom === undefined) return t.skip(`${name} offers no copyFrom`);
      const source = await peer();
      try {
        await source.store.provision();
        const bytes = Buffer.from('copied between two stores of one driver');
        const { digest } = await put(source.store, 'source', bytes);
        assert.deepEqual(await store.copyFrom(source.store, digest, 'copy-1'), { digest, size: bytes.length });
        assert.deepEqual(await readAll(await store.reader(digest)), bytes);
        assert.equal(await store.uploadSize('copy-1'), 0);
        const missing = sha256(Buffer.from('never stored'));
        await assert.rejects(store.copyFrom(source.store, missing, 'copy-2'), hasCode('BlobNotFound'));
      } finally {
        await source.cleanup();
      }
    });
  });
}
