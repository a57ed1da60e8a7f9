import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { BlobStore, Digest } from './blob-store.js';
import {
  assertCode,
  hasCode,
  listAll,
  patternChunks,
  put,
  readAll,
  sha256,
  sortByDigest,
} from './blob-helpers.suite.js';
import { describeCapabilityContract } from './blob-capabilities.suite.js';
import { isBlobStoreError } from './blob-store-errors.js';
import { assertNoLeaks, trackUploads, type StagingProbe } from './blob-leaks.suite.js';
import { describeCrashContract, type RegionRecipe } from './blob-crash.suite.js';
import { describeIntegrityContract, type PlantObject } from './blob-integrity.suite.js';
import { describeWriterContract } from './blob-writer.suite.js';

/**
 * A fresh, empty store for one test, the function that removes it afterwards, one that writes raw
 * bytes under a digest's final name past the driver (for the integrity tests), how another process
 * builds the same store (for the crash tests), and what the store has staged, read past the driver
 * (for the leak check after each test).
 */
export type BlobStoreFactory = () => Promise<{
  store: BlobStore;
  cleanup: () => Promise<void>;
  plant: PlantObject;
  recipe: RegionRecipe;
  staging: StagingProbe;
}>;

/** Registers the behaviour every BlobStore driver must show; each test gets a fresh store from `makeStore`. */
export function runBlobStoreSuite(name: string, makeStore: BlobStoreFactory): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let cleanup: () => Promise<void>;
    let plant: PlantObject;
    let recipe: RegionRecipe;
    let staging: StagingProbe;
    let leftOpen: () => Set<string>;

    beforeEach(async () => {
      let driver: BlobStore;
      ({ store: driver, cleanup, plant, recipe, staging } = await makeStore());
      ({ store, leftOpen } = trackUploads(driver));
      await store.provision();
    });
    afterEach(async () => {
      try {
        // A driver that leaves parts, blocks or temporary files behind fails the test that made it do so.
        await assertNoLeaks(await staging(), leftOpen());
      } finally {
        await cleanup();
      }
    });

    describe('write and commit', () => {
      it('a committed blob stats and reads back byte for byte', async () => {
        const bytes = Buffer.from('weights of a small model');
        const info = await put(store, 'roundtrip', bytes);
        assert.deepEqual(info, { digest: sha256(bytes), size: bytes.length });
        assert.deepEqual(await store.stat(info.digest), info);
        assert.deepEqual(await readAll(await store.reader(info.digest)), bytes);
      });

      it('an empty blob commits and reads back as zero bytes', async () => {
        const info = await put(store, 'empty');
        assert.deepEqual(info, { digest: sha256(), size: 0 });
        assert.equal((await readAll(await store.reader(info.digest))).length, 0);
      });

      it('several writes concatenate in order and size counts every byte', async () => {
        const chunks = [
          Buffer.from('alpha-'),
          Buffer.alloc(0),
          Buffer.from('beta-'),
          Buffer.alloc(70_000, 7),
          Buffer.from('-gamma'),
        ];
        const writer = await store.writer('chunks');
        let written = 0;
        for (const chunk of chunks) {
          await writer.write(chunk);
          written += chunk.length;
          assert.equal(writer.size, written);
        }
        const whole = Buffer.concat(chunks);
        assert.deepEqual(await writer.commit(sha256(whole)), { digest: sha256(whole), size: whole.length });
        assert.deepEqual(await readAll(await store.reader(sha256(whole))), whole);
      });

      it('nothing is visible under the digest until commit', async () => {
        const bytes = Buffer.from('not yet');
        const writer = await store.writer('pending');
        await writer.write(bytes);
        assert.equal(await store.stat(sha256(bytes)), undefined);
        assert.deepEqual(await listAll(store), []);
        await writer.commit(sha256(bytes));
        assert.deepEqual(await listAll(store), [{ digest: sha256(bytes), size: bytes.length }]);
      });

      it('a wrong digest is DigestMismatch, naming both digests, and stores nothing', async () => {
        const bytes = Buffer.from('these bytes');
        const wrong = sha256(Buffer.from('other bytes'));
        const writer = await store.writer('mismatch');
        await writer.write(bytes);
        await assert.rejects(writer.commit(wrong), (err: unknown) => {
          assertCode(err, 'DigestMismatch');
          assert.match(err.message, new RegExp(`${wrong}.*${sha256(bytes)}`));
          return true;
        });
        assert.equal(await store.stat(wrong), undefined);
        assert.equal(await store.stat(sha256(bytes)), undefined);
        assert.deepEqual(await listAll(store), []);
        await writer.cancel();
        const again = await store.writer('mismatch');
        assert.equal(again.size, 0, 'the failed upload was discarded');
        await again.cancel();
      });

      it('committing the same content twice keeps one blob', async () => {
        const bytes = Buffer.from('deduplicated');
        const first = await put(store, 'same-1', bytes);
        const second = await put(store, 'same-2', bytes);
        assert.deepEqual(second, first);
        assert.deepEqual(await listAll(store), [first]);
        assert.deepEqual(await readAll(await store.reader(first.digest)), bytes);
      });

      it('provision is idempotent on an existing store', async () => {
        const info = await put(store, 'before', Buffer.from('kept'));
        await store.provision();
        assert.deepEqual(await store.stat(info.digest), info);
      });
    });

    describe('ranged reads', () => {
      const bytes = Buffer.from('0123456789abcdef');

      it('an offset reads from there to the end', async () => {
        const { digest } = await put(store, 'range', bytes);
        assert.equal((await readAll(await store.reader(digest, { offset: 10 }))).toString(), 'abcdef');
      });

      it('an offset and a length read exactly that slice', async () => {
        const { digest } = await put(store, 'range', bytes);
        assert.equal((await readAll(await store.reader(digest, { offset: 3, length: 4 }))).toString(), '3456');
        assert.equal((await readAll(await store.reader(digest, { length: 2 }))).toString(), '01');
        assert.equal((await readAll(await store.reader(digest, { offset: 15, length: 1 }))).toString(), 'f');
      });

      it('a zero length, or an offset at the end, reads no bytes', async () => {
        const { digest } = await put(store, 'range', bytes);
        assert.equal((await readAll(await store.reader(digest, { offset: 5, length: 0 }))).length, 0);
        assert.equal((await readAll(await store.reader(digest, { offset: bytes.length }))).length, 0);
      });

      it('a range past the end is RangeInvalid', async () => {
        const { digest } = await put(store, 'range', bytes);
        await assert.rejects(store.reader(digest, { offset: bytes.length + 1 }), hasCode('RangeInvalid'));
        await assert.rejects(store.reader(digest, { offset: 10, length: 7 }), hasCode('RangeInvalid'));
        await assert.rejects(store.reader(digest, { length: bytes.length + 1 }), hasCode('RangeInvalid'));
      });

      it('many ranged reads of one blob at once each get exactly their slice', async () => {
        // Slices that start and end at odd places, overlap, and reach the last byte, all read at once. None is
        // the first byte alone: s3rver answers `bytes=0-0` with the whole object (its bug, not the driver's).
        const large = Buffer.concat([...patternChunks(4, 64 * 1024)].map((chunk) => Buffer.from(chunk)));
        const { digest } = await put(store, 'concurrent-ranges', large);
        const slices = Array.from({ length: 16 }, (_, index) => {
          const offset = (index * 16_411) % large.length;
          return { offset, length: Math.min(large.length - offset, 8 + ((index * 40_009) % 70_000)) };
        });
        const read = await Promise.all(slices.map(async (range) => readAll(await store.reader(digest, range))));
        read.forEach((bytes, index) => {
          const { offset, length } = slices[index]!;
          assert.ok(bytes.equals(large.subarray(offset, offset + length)), `slice ${offset}+${length}`);
        });
      });

      it('a negative or fractional offset or length is RangeInvalid', async () => {
        const { digest } = await put(store, 'range', bytes);
        for (const range of [{ offset: -1 }, { length: -1 }, { offset: 1.5 }, { offset: 0, length: Number.NaN }]) {
          await assert.rejects(store.reader(digest, range), hasCode('RangeInvalid'), JSON.stringify(range));
        }
      });
    });

    describe('cancelled reads', () => {
      it('stat and reader given an aborted signal reject with its reason', async () => {
        const { digest } = await put(store, 'not-read', Buffer.from('never read'));
        const reason = new Error('the client went away');
        const signal = AbortSignal.abort(reason);
        await assert.rejects(store.stat(digest, signal), (err) => err === reason);
        await assert.rejects(store.reader(digest, {}, signal), (err) => err === reason);
        await assert.rejects(store.reader(digest, { offset: 2, length: 3 }, signal), (err) => err === reason);
        assert.deepEqual(await store.stat(digest), { digest, size: 10 }, 'the blob is untouched');
      });

      it('a stream already open fails once its signal aborts, before it has delivered the whole blob', async () => {
        const large = Buffer.concat([...patternChunks(8, 1024 * 1024)].map((chunk) => Buffer.from(chunk)));
        const { digest } = await put(store, 'abandoned-read', large);
        const controller = new AbortController();
        const stream = await store.reader(digest, {}, controller.signal);
        let received = 0;
        await assert.rejects(async () => {
          for await (const chunk of stream) {
            received += (chunk as Buffer).length;
            controller.abort(new Error('the client went away'));
          }
        });
        assert.ok(received < large.length, `stopped after ${received} of ${large.length} bytes`);
      });
    });

    describe('cancel and resume', () => {
      it('cancel leaves nothing, and the same id starts afresh at size 0', async () => {
        const writer = await store.writer('cancelled');
        await writer.write(Buffer.from('abandoned'));
        await writer.cancel();
        assert.deepEqual(await listAll(store), []);
        const again = await store.writer('cancelled');
        assert.equal(again.size, 0);
        const bytes = Buffer.from('fresh');
        await again.write(bytes);
        assert.deepEqual(await again.commit(sha256(bytes)), { digest: sha256(bytes), size: bytes.length });
      });

      it('cancel is safe to call twice', async () => {
        const writer = await store.writer('twice');
        await writer.write(Buffer.from('x'));
        await writer.cancel();
        await writer.cancel();
        const again = await store.writer('twice');
        assert.equal(again.size, 0);
        await again.cancel();
      });

      it('uploads with different ids do not share bytes', async () => {
        const a = await store.writer('upload-a');
        const b = await store.writer('upload-b');
        await a.write(Buffer.from('aaa'));
        await b.write(Buffer.from('b'));
        assert.deepEqual([a.size, b.size], [3, 1]);
        assert.deepEqual(await b.commit(sha256(Buffer.from('b'))), { digest: sha256(Buffer.from('b')), size: 1 });
        await a.cancel();
      });
    });

    describeWriterContract(() => store);
    describeIntegrityContract(
      () => store,
      () => plant,
    );
    describeCrashContract(
      () => store,
      () => recipe,
    );
    describeCapabilityContract(name, () => store, makeStore);

    describe('delete and list', () => {
      it('delete removes a blob and is idempotent', async () => {
        const { digest } = await put(store, 'doomed', Buffer.from('short-lived'));
        await store.delete(digest);
        assert.equal(await store.stat(digest), undefined);
        await assert.rejects(store.reader(digest), hasCode('BlobNotFound'));
        await store.delete(digest);
        await store.delete(sha256(Buffer.from('never stored')));
      });

      it('list yields exactly the committed blobs with their sizes', async () => {
        const committed = [
          await put(store, 'one', Buffer.from('1')),
          await put(store, 'two', Buffer.from('22')),
          await put(store, 'three', Buffer.alloc(300, 3)),
        ];
        const inProgress = await store.writer('in-progress');
        await inProgress.write(Buffer.from('unfinished'));
        await inProgress.close();
        const cancelled = await store.writer('cancelled');
        await cancelled.write(Buffer.from('gone'));
        await cancelled.cancel();
        const failed = await store.writer('failed');
        await failed.write(Buffer.from('wrong'));
        await assert.rejects(failed.commit(sha256(Buffer.from('right'))), hasCode('DigestMismatch'));
        assert.deepEqual(await listAll(store), sortByDigest(committed));
      });
    });

    describe('invalid input', () => {
      const malformed = [
        '',
        'sha256:',
        `sha256:${'A'.repeat(64)}`,
        `sha256:${'a'.repeat(63)}`,
        `sha512:${'a'.repeat(64)}`,
        `sha256:../../${'a'.repeat(58)}`,
      ];

      it('a malformed digest is DigestInvalid on stat, reader, delete and commit', async () => {
        const writer = await store.writer('digest-check');
        for (const value of malformed) {
          const digest = value as Digest;
          await assert.rejects(store.stat(digest), hasCode('DigestInvalid'), value);
          await assert.rejects(store.reader(digest), hasCode('DigestInvalid'), value);
          await assert.rejects(store.delete(digest), hasCode('DigestInvalid'), value);
          await assert.rejects(async () => writer.commit(digest), hasCode('DigestInvalid'), value);
        }
        await writer.cancel();
      });

      it('reading a blob the store does not hold is BlobNotFound, and stat is undefined', async () => {
        const missing = sha256(Buffer.from('absent'));
        await assert.rejects(store.reader(missing), hasCode('BlobNotFound'));
        assert.equal(await store.stat(missing), undefined);
      });

      it("the store's refusals are BlobStoreErrors whose kind says what went wrong in storage terms", async () => {
        const kindOf = (attempt: Promise<unknown>) =>
          attempt.then(
            () => 'no error',
            (err: unknown) => (isBlobStoreError(err) ? err.kind : String(err)),
          );
        const { digest } = await put(store, 'kinds', Buffer.from('kinds'));
        assert.equal(await kindOf(store.reader(sha256(Buffer.from('absent')))), 'notFound');
        assert.equal(await kindOf(store.reader(digest, { offset: 99 })), 'rangeOutside');
        assert.equal(await kindOf(store.writer('../x')), 'invalidArgument');
        const writer = await store.writer('kinds-mismatch');
        await writer.write(Buffer.from('other bytes'));
        assert.equal(await kindOf(writer.commit(digest)), 'digestMismatch');
      });

      it('an upload id outside [A-Za-z0-9_-]{1,128} is InvalidParameter', async () => {
        for (const id of ['../x', '..', '', 'a/b', 'a\\b', 'with space', 'x'.repeat(129), 'ünï']) {
          await assert.rejects(store.writer(id), hasCode('InvalidParameter'), JSON.stringify(id));
        }
        const longest = await store.writer('x'.repeat(128));
        assert.equal(longest.size, 0);
        await longest.cancel();
      });
    });

    describe('large blobs', () => {
      it('a 64 MiB blob streamed from a generator round-trips with its digest', async () => {
        const expected = createHash('sha256');
        const writer = await store.writer('large');
        for (const chunk of patternChunks(64, 1024 * 1024)) {
          expected.update(chunk);
          await writer.write(chunk);
        }
        const digest: Digest = `sha256:${expected.digest('hex')}`;
        assert.deepEqual(await writer.commit(digest), { digest, size: 64 * 1024 * 1024 });
        const actual = createHash('sha256');
        let size = 0;
        for await (const chunk of await store.reader(digest)) {
          actual.update(chunk as Buffer);
          size += (chunk as Buffer).length;
        }
        assert.equal(size, 64 * 1024 * 1024);
        assert.equal(`sha256:${actual.digest('hex')}`, digest);
      });
    });
  });
}
