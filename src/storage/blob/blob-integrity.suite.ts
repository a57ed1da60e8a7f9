import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BlobStore, Digest } from './blob-store.js';
import { assertCode, hasCode, listAll, put, readAll, sha256 } from './blob-helpers.suite.js';

/** Writes `bytes` under the final name of `digest` past the driver: what a crash, a bad tool or an attacker with store access leaves. */
export type PlantObject = (digest: Digest, bytes: Uint8Array) => Promise<void>;

/**
 * Blob integrity, the invariant every driver must keep: a blob is visible under its digest only once its
 * bytes were hashed and counted; an object already there is trusted only when its size matches, and is
 * otherwise replaced; no failure leaves anything under a digest. Registered by `runBlobStoreSuite`.
 */
export function describeIntegrityContract(currentStore: () => BlobStore, currentPlant: () => PlantObject): void {
  describe('integrity', () => {
    const honest = Buffer.from('the honest bytes of a model file, as its owner uploads them');
    const digest = sha256(honest);

    it('an empty object planted under a digest is replaced by an honest commit, which reports what it replaced', async () => {
      const store = currentStore();
      await currentPlant()(digest, Buffer.alloc(0));
      assert.deepEqual(
        await store.stat(digest),
        { digest, size: 0 },
        'the planted object is what the store holds before the commit',
      );
      assert.deepEqual(await put(store, 'over-empty', honest), { digest, size: honest.length, replaced: { size: 0 } });
      assert.deepEqual(await store.stat(digest), { digest, size: honest.length });
      assert.deepEqual(await readAll(await store.reader(digest)), honest);
    });

    it('a truncated object under a digest is replaced by an honest commit in chunks', async () => {
      const store = currentStore();
      await currentPlant()(digest, honest.subarray(0, 10));
      const first = await store.writer('over-truncated');
      await first.write(honest.subarray(0, 20));
      await first.close();
      const last = await store.writer('over-truncated');
      await last.write(honest.subarray(20));
      assert.deepEqual(await last.commit(digest), { digest, size: honest.length, replaced: { size: 10 } });
      assert.deepEqual(await readAll(await store.reader(digest)), honest);
      assert.deepEqual(await listAll(store), [{ digest, size: honest.length }]);
    });

    it('an object of the right size under a digest is kept, and the commit reports no replacement', async () => {
      const store = currentStore();
      await currentPlant()(digest, honest);
      assert.deepEqual(await put(store, 'over-good', honest), { digest, size: honest.length });
      assert.deepEqual(await readAll(await store.reader(digest)), honest);
    });

    it('a string written as a chunk is refused with InvalidParameter and taken into neither the hash nor the upload', async () => {
      const store = currentStore();
      const text = honest.toString('utf8');
      const writer = await store.writer('string-chunk');
      // What a body parser hands on when it decoded a JSON string body: text, whose byteLength is undefined.
      await assert.rejects(writer.write(text as unknown as Uint8Array), hasCode('InvalidParameter'));
      assert.equal(writer.size, 0);
      await assert.rejects(writer.commit(digest), (err: unknown) => {
        assertCode(err, 'DigestMismatch');
        return true;
      });
      assert.equal(await store.stat(digest), undefined, 'nothing is visible under the digest of the text');
      assert.deepEqual(await listAll(store), []);
      assert.deepEqual(await put(store, 'after-string', honest), { digest, size: honest.length });
    });

    it('a body that does not hash to the digest leaves nothing under it, and leaves a good blob there untouched', async () => {
      const store = currentStore();
      const forged = Buffer.from('other bytes that claim the honest digest');
      const first = await store.writer('forged-first');
      await first.write(forged);
      await assert.rejects(first.commit(digest), hasCode('DigestMismatch'));
      assert.equal(await store.stat(digest), undefined);
      await put(store, 'honest', honest);
      const second = await store.writer('forged-second');
      await second.write(forged);
      await assert.rejects(second.commit(digest), hasCode('DigestMismatch'));
      assert.deepEqual(await readAll(await store.reader(digest)), honest);
    });

    it('a cancelled or closed writer leaves nothing under the digest of its bytes', async () => {
      const store = currentStore();
      const cancelled = await store.writer('cancelled-integrity');
      await cancelled.write(honest);
      await cancelled.cancel();
      const closed = await store.writer('closed-integrity');
      await closed.write(honest);
      await closed.close();
      assert.equal(await store.stat(digest), undefined);
      await assert.rejects(store.reader(digest), hasCode('BlobNotFound'));
      assert.deepEqual(await listAll(store), []);
    });
  });
}
