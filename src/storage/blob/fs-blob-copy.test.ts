import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fsBlobFile, hasCode, put, readAll, sha256 } from './blob-helpers.suite.js';
import type { BlobStore } from './blob-store.js';
import { wrapsStore } from './blob-wrappers.js';
import { FsBlobStore } from './fs-blob-store.js';

const MiB = 1 << 20;

/** A real directory store seen only through the streaming methods, as an object-store driver is. */
function streamOnly(store: FsBlobStore): BlobStore {
  return {
    description: store.description,
    provision: () => store.provision(),
    stat: (digest) => store.stat(digest),
    reader: (digest, range) => store.reader(digest, range),
    writer: (uploadId) => store.writer(uploadId),
    uploadSize: (uploadId) => store.uploadSize(uploadId),
    delete: (digest) => store.delete(digest),
    list: () => store.list(),
  };
}

for (const directIo of [true, false])
  describe(`FsBlobStore.copyFrom (a directory store copying from another, ${directIo ? 'whole blocks with direct I/O' : 'through the page cache'})`, () => {
    let root: string;
    let source: FsBlobStore;
    let target: FsBlobStore;
    // Not a multiple of the copy's 1 MiB chunk nor of a disk block: the last chunk is a partial one.
    const bytes = randomBytes(3 * MiB + 12_345);
    const digest = sha256(bytes);
    const eastRoot = () => join(root, 'eastus');
    const westRoot = () => join(root, 'westus');

    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), 'arca-fs-copy-'));
      source = new FsBlobStore(join(root, 'eastus'));
      target = new FsBlobStore(join(root, 'westus'), { directIo });
      await source.provision();
      await target.provision();
      await put(source, 'up', bytes);
    });
    afterEach(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('copies a blob byte for byte, makes it visible under its digest and leaves nothing staged', async () => {
      assert.deepEqual(await target.copyFrom(source, digest, 'replicate-1'), { digest, size: bytes.length });
      assert.deepEqual(await readAll(await target.reader(digest)), bytes);
      assert.deepEqual(await target.stat(digest), { digest, size: bytes.length });
      assert.deepEqual(await readdir(join(root, 'westus', 'uploads')), []);
    });

    it('replaces a truncated file planted under the digest in the target, and reports what it replaced', async () => {
      await mkdir(dirname(fsBlobFile(westRoot(), digest)), { recursive: true });
      await writeFile(fsBlobFile(westRoot(), digest), bytes.subarray(0, 100));
      assert.deepEqual(await target.copyFrom(source, digest, 'replicate-1'), {
        digest,
        size: bytes.length,
        replaced: { size: 100 },
      });
      assert.deepEqual(await readAll(await target.reader(digest)), bytes);
    });

    it('resumes after the bytes an interrupted copy staged, appending to that very file', async () => {
      const writer = await target.writer('replicate-1');
      await writer.write(bytes.subarray(0, MiB + 7));
      await writer.close();
      const staged = await stat(join(root, 'westus', 'uploads', 'replicate-1'));
      assert.deepEqual(await target.copyFrom(source, digest, 'replicate-1'), { digest, size: bytes.length });
      assert.equal((await stat(fsBlobFile(westRoot(), digest))).ino, staged.ino, 'the staged file became the blob');
      assert.deepEqual(await readFile(fsBlobFile(westRoot(), digest)), bytes);
    });

    it('refuses a source blob whose bytes no longer hash to its digest, with DigestMismatch, and keeps nothing', async () => {
      const corrupt = Buffer.from(bytes);
      corrupt[MiB] = (corrupt[MiB] ?? 0) ^ 0xff;
      await writeFile(fsBlobFile(eastRoot(), digest), corrupt);
      await assert.rejects(target.copyFrom(source, digest, 'replicate-1'), hasCode('DigestMismatch'));
      assert.equal(await target.stat(digest), undefined);
      assert.deepEqual(
        await readdir(join(root, 'westus', 'uploads')),
        [],
        'the bad copy is discarded, so a retry starts afresh',
      );
    });

    it('discards staged bytes that do not match the source, so the next attempt copies it whole', async () => {
      await writeFile(join(root, 'westus', 'uploads', 'replicate-1'), Buffer.alloc(MiB, 1));
      await assert.rejects(target.copyFrom(source, digest, 'replicate-1'), hasCode('DigestMismatch'));
      assert.deepEqual(await target.copyFrom(source, digest, 'replicate-1'), { digest, size: bytes.length });
    });

    it('answers BlobNotFound when the source does not hold the blob', async () => {
      const missing = sha256(Buffer.from('never stored'));
      await assert.rejects(target.copyFrom(source, missing, 'replicate-2'), hasCode('BlobNotFound'));
      assert.equal(await target.stat(missing), undefined);
    });

    it("answers UploadInUse while a writer holds the upload, and leaves that writer's bytes alone", async () => {
      const writer = await target.writer('replicate-1');
      await writer.write(Buffer.from('held'));
      await assert.rejects(target.copyFrom(source, digest, 'replicate-1'), hasCode('UploadInUse'));
      await writer.close();
      assert.equal(await readFile(join(root, 'westus', 'uploads', 'replicate-1'), 'utf8'), 'held');
    });

    it('stops when its signal aborts, keeping the bytes copied so far for the next attempt', async () => {
      // Large enough (a hundred 1 MiB chunks) that the copy is still running when its first bytes show.
      const large = randomBytes(100 * MiB + 7);
      const info = await put(source, 'large', large);
      const controller = new AbortController();
      const reason = new Error('job stopped');
      const copy = target.copyFrom(source, info.digest, 'replicate-1', { signal: controller.signal });
      const upload = join(root, 'westus', 'uploads', 'replicate-1');
      const started = Date.now();
      while (((await stat(upload).catch(() => undefined))?.size ?? 0) === 0 && Date.now() - started < 10_000)
        await new Promise((r) => setImmediate(r));
      controller.abort(reason);
      await assert.rejects(copy, (err) => err === reason);
      const kept = (await stat(upload)).size;
      assert.ok(kept > 0 && kept < large.length, `stopped part-way: ${kept} of ${large.length} bytes staged`);
      assert.deepEqual(await target.copyFrom(source, info.digest, 'replicate-1'), info);
      assert.ok((await readFile(fsBlobFile(westRoot(), info.digest))).equals(large));
    });

    it('does not start when its signal has already aborted', async () => {
      const reason = new Error('already stopped');
      await assert.rejects(
        target.copyFrom(source, digest, 'replicate-1', { signal: AbortSignal.abort(reason) }),
        (err) => err === reason,
      );
      assert.equal(await target.stat(digest), undefined);
    });

    it("leaves a source that keeps no local files to the caller's stream (resolves undefined)", async () => {
      assert.equal(await target.copyFrom(streamOnly(source), digest, 'replicate-1'), undefined);
      assert.equal(await target.stat(digest), undefined);
    });

    it('copies the files of a directory store seen through wrappers that say what they wrap (metrics, test faults)', async () => {
      const wrapped = wrapsStore(streamOnly(source), source);
      assert.deepEqual(await target.copyFrom(wrapsStore(streamOnly(source), wrapped), digest, 'replicate-1'), {
        digest,
        size: bytes.length,
      });
      assert.deepEqual(await readFile(fsBlobFile(westRoot(), digest)), bytes);
    });

    it('answers StorageUnavailable naming the target store when it cannot write the upload', async () => {
      await rm(join(root, 'westus', 'uploads'), { recursive: true });
      await writeFile(join(root, 'westus', 'uploads'), 'not a directory');
      await assert.rejects(
        target.copyFrom(source, digest, 'replicate-1'),
        (err) => hasCode('StorageUnavailable')(err) && (err as Error).message.includes(target.description),
      );
    });

    it('refuses a malformed upload id (InvalidParameter) or digest (DigestInvalid) before touching the disk', async () => {
      await assert.rejects(target.copyFrom(source, digest, '../escape'), hasCode('InvalidParameter'));
      await assert.rejects(
        target.copyFrom(source, 'sha256:nothex' as typeof digest, 'replicate-1'),
        hasCode('DigestInvalid'),
      );
      assert.deepEqual(await readdir(join(root, 'westus', 'uploads')), []);
    });

    it('copies an empty blob and one that ends exactly on a chunk boundary', async () => {
      for (const content of [Buffer.alloc(0), randomBytes(2 * MiB)]) {
        const info = await put(source, 'up', content);
        assert.deepEqual(await target.copyFrom(source, info.digest, 'replicate-x'), info);
        assert.deepEqual(await readFile(fsBlobFile(westRoot(), info.digest)), content);
      }
    });

    it(
      'copies between stores on tmpfs (which refused direct I/O before Linux 6.6: then through the page cache)',
      { skip: !existsSync('/dev/shm') && 'needs /dev/shm' },
      async () => {
        const shm = await mkdtemp('/dev/shm/arca-fs-copy-');
        try {
          const east = new FsBlobStore(join(shm, 'eastus'));
          const west = new FsBlobStore(join(shm, 'westus'), { directIo });
          await east.provision();
          await put(east, 'up', bytes);
          // Resumed mid-block too: the head that aligns and the whole blocks take the same buffered path.
          const writer = await west.writer('replicate-1');
          await writer.write(bytes.subarray(0, 5_000));
          await writer.close();
          assert.deepEqual(await west.copyFrom(east, digest, 'replicate-1'), { digest, size: bytes.length });
          assert.deepEqual(await readFile(fsBlobFile(join(shm, 'westus'), digest)), bytes);
        } finally {
          await rm(shm, { recursive: true, force: true });
        }
      },
    );

    it('copies a blob larger than the 32 MiB after which writeback starts, byte for byte', async () => {
      const large = randomBytes(40 * MiB + 3);
      const info = await put(source, 'large', large);
      assert.deepEqual(await target.copyFrom(source, info.digest, 'replicate-large'), info);
      assert.ok((await readFile(fsBlobFile(westRoot(), info.digest))).equals(large));
    });

    it('refuses a source blob truncated on disk with DigestMismatch', async () => {
      await truncate(fsBlobFile(eastRoot(), digest), MiB);
      await assert.rejects(target.copyFrom(source, digest, 'replicate-1'), hasCode('DigestMismatch'));
      assert.equal(await target.stat(digest), undefined);
    });
  });
