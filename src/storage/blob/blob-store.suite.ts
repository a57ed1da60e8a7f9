import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ArcaError, type ErrorCode } from '../../core/errors.js';
import type { BlobInfo, BlobStore, Digest } from './blob-store.js';

/** A fresh, empty store for one test and the function that removes it afterwards. */
export type BlobStoreFactory = () => Promise<{ store: BlobStore; cleanup: () => Promise<void> }>;

/** Registers the behaviour every BlobStore driver must show; each test gets a fresh store from `makeStore`. */
export function runBlobStoreSuite(name: string, makeStore: BlobStoreFactory): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
      await store.provision();
    });
    afterEach(async () => {
      await cleanup();
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
        const chunks = [Buffer.from('alpha-'), Buffer.alloc(0), Buffer.from('beta-'), Buffer.alloc(70_000, 7), Buffer.from('-gamma')];
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
        assert.equal((await store.writer('mismatch')).size, 0, 'the failed upload was discarded');
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

      it('a negative or fractional offset or length is RangeInvalid', async () => {
        const { digest } = await put(store, 'range', bytes);
        for (const range of [{ offset: -1 }, { length: -1 }, { offset: 1.5 }, { offset: 0, length: Number.NaN }]) {
          await assert.rejects(store.reader(digest, range), hasCode('RangeInvalid'), JSON.stringify(range));
        }
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
        assert.equal((await store.writer('twice')).size, 0);
      });

      it('a writer reopened by id resumes with the bytes written before', async () => {
        const head = Buffer.from('first half, ');
        const tail = Buffer.from('second half');
        const first = await store.writer('resumable');
        await first.write(head);
        // The first writer is dropped without commit or cancel, as when a client disconnects or the server restarts.
        const resumed = await store.writer('resumable');
        assert.equal(resumed.size, head.length);
        await resumed.write(tail);
        const whole = Buffer.concat([head, tail]);
        assert.deepEqual(await resumed.commit(sha256(whole)), { digest: sha256(whole), size: whole.length });
        assert.deepEqual(await readAll(await store.reader(sha256(whole))), whole);
      });

      it('uploads with different ids do not share bytes', async () => {
        const a = await store.writer('upload-a');
        const b = await store.writer('upload-b');
        await a.write(Buffer.from('aaa'));
        await b.write(Buffer.from('b'));
        assert.deepEqual([a.size, b.size], [3, 1]);
        assert.deepEqual(await b.commit(sha256(Buffer.from('b'))), { digest: sha256(Buffer.from('b')), size: 1 });
      });
    });

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
        const committed = [await put(store, 'one', Buffer.from('1')), await put(store, 'two', Buffer.from('22')), await put(store, 'three', Buffer.alloc(300, 3))];
        await (await store.writer('in-progress')).write(Buffer.from('unfinished'));
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
      const malformed = ['', 'sha256:', `sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `sha512:${'a'.repeat(64)}`, `sha256:../../${'a'.repeat(58)}`];

      it('a malformed digest is DigestInvalid on stat, reader, delete and commit', async () => {
        const writer = await store.writer('digest-check');
        for (const value of malformed) {
          const digest = value as Digest;
          await assert.rejects(store.stat(digest), hasCode('DigestInvalid'), value);
          await assert.rejects(store.reader(digest), hasCode('DigestInvalid'), value);
          await assert.rejects(store.delete(digest), hasCode('DigestInvalid'), value);
          await assert.rejects(async () => writer.commit(digest), hasCode('DigestInvalid'), value);
        }
      });

      it('reading a blob the store does not hold is BlobNotFound, and stat is undefined', async () => {
        const missing = sha256(Buffer.from('absent'));
        await assert.rejects(store.reader(missing), hasCode('BlobNotFound'));
        assert.equal(await store.stat(missing), undefined);
      });

      it('an upload id outside [A-Za-z0-9_-]{1,128} is InvalidParameter', async () => {
        for (const id of ['../x', '..', '', 'a/b', 'a\\b', 'with space', 'x'.repeat(129), 'ünï']) {
          await assert.rejects(store.writer(id), hasCode('InvalidParameter'), JSON.stringify(id));
        }
        assert.equal((await store.writer('x'.repeat(128))).size, 0);
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

/** The digest of the concatenated bytes. */
export function sha256(...chunks: Uint8Array[]): Digest {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return `sha256:${hash.digest('hex')}`;
}

/** Uploads `chunks` under `uploadId` and commits them under their digest. */
export async function put(store: BlobStore, uploadId: string, ...chunks: Uint8Array[]): Promise<BlobInfo> {
  const writer = await store.writer(uploadId);
  for (const chunk of chunks) await writer.write(chunk);
  return writer.commit(sha256(...chunks));
}

/** Collects a (small) stream into one buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every blob `list()` yields, sorted so that comparisons do not depend on listing order. */
export async function listAll(store: BlobStore): Promise<BlobInfo[]> {
  const blobs: BlobInfo[] = [];
  for await (const blob of store.list()) blobs.push(blob);
  return sortByDigest(blobs);
}

function sortByDigest(blobs: BlobInfo[]): BlobInfo[] {
  return [...blobs].sort((a, b) => a.digest.localeCompare(b.digest));
}

/** Asserts that `err` is an ArcaError with `code`. */
export function assertCode(err: unknown, code: ErrorCode): asserts err is ArcaError {
  assert.ok(err instanceof ArcaError, `expected ArcaError ${code}, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
}

/** An `assert.rejects` predicate for an ArcaError with `code`. */
export function hasCode(code: ErrorCode): (err: unknown) => true {
  return (err) => {
    assertCode(err, code);
    return true;
  };
}

/** `count` chunks of `size` bytes whose content differs per chunk; one buffer is reused so memory stays flat. */
function* patternChunks(count: number, size: number): Generator<Uint8Array> {
  const chunk = Buffer.alloc(size);
  for (let index = 0; index < count; index++) {
    for (let at = 0; at < size; at += 4) chunk.writeUInt32LE((index * 2654435761 + at) >>> 0, at);
    yield chunk;
  }
}
