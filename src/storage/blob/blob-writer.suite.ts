import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BlobStore, BlobWriter } from './blob-store.js';
import { assertCode, hasCode, listAll, readAll, sha256 } from './blob-helpers.suite.js';

/**
 * The writer lifecycle every driver must show: close and resume by id, safe repeated endings, and one
 * live writer per upload. Registered by `runBlobStoreSuite`; `currentStore` is the fresh store of the test.
 */
export function describeWriterContract(currentStore: () => BlobStore): void {
  describe('close and resume', () => {
    it('an upload closed after each chunk and reopened by id commits the digest of all its chunks', async () => {
      const store = currentStore();
      // The chunked-upload pattern: one writer per chunk, each ended with close.
      const chunks = [Buffer.from('first chunk, '), Buffer.alloc(100_000, 5), Buffer.from(', last chunk')];
      let written = 0;
      for (const chunk of chunks.slice(0, -1)) {
        const writer = await store.writer('chunked');
        assert.equal(writer.size, written);
        await writer.write(chunk);
        written += chunk.length;
        await writer.close();
      }
      const last = await store.writer('chunked');
      assert.equal(last.size, written);
      await last.write(chunks[2] ?? Buffer.alloc(0));
      const whole = Buffer.concat(chunks);
      assert.deepEqual(await last.commit(sha256(whole)), { digest: sha256(whole), size: whole.length });
      assert.deepEqual(await readAll(await store.reader(sha256(whole))), whole);
    });

    it('close keeps the upload invisible under its digest', async () => {
      const store = currentStore();
      const bytes = Buffer.from('closed, not committed');
      const writer = await store.writer('closed');
      await writer.write(bytes);
      await writer.close();
      assert.equal(await store.stat(sha256(bytes)), undefined);
      assert.deepEqual(await listAll(store), []);
    });

    it('close is safe to call twice, and after commit, cancel or a failed commit', async () => {
      const store = currentStore();
      const closedTwice = await store.writer('closed-twice');
      await closedTwice.write(Buffer.from('kept'));
      await closedTwice.close();
      await closedTwice.close();
      const reopened = await store.writer('closed-twice');
      assert.equal(reopened.size, 4);
      await reopened.cancel();
      await reopened.close();
      const committed = await store.writer('committed');
      await committed.commit(sha256());
      await committed.close();
      const failed = await store.writer('failed');
      await failed.write(Buffer.from('wrong'));
      await assert.rejects(failed.commit(sha256(Buffer.from('right'))), hasCode('DigestMismatch'));
      await failed.close();
      assert.deepEqual(await listAll(store), [{ digest: sha256(), size: 0 }]);
    });

    it('cancel after close leaves nothing, and the id starts afresh at size 0', async () => {
      const store = currentStore();
      const bytes = Buffer.from('closed then cancelled');
      const writer = await store.writer('close-cancel');
      await writer.write(bytes);
      await writer.close();
      await writer.cancel();
      await writer.cancel();
      assert.deepEqual(await listAll(store), []);
      const again = await store.writer('close-cancel');
      assert.equal(again.size, 0);
      await again.cancel();
      assert.equal(await store.stat(sha256(bytes)), undefined);
    });

    it('writing or committing through a closed writer fails and leaves the upload as it was', async () => {
      const store = currentStore();
      const bytes = Buffer.from('before close');
      const writer = await store.writer('closed-then-used');
      await writer.write(bytes);
      await writer.close();
      await assert.rejects(writer.write(Buffer.from('after close')));
      await assert.rejects(writer.commit(sha256(bytes)));
      assert.equal(await store.stat(sha256(bytes)), undefined);
      const resumed = await store.writer('closed-then-used');
      assert.equal(resumed.size, bytes.length);
      assert.deepEqual(await resumed.commit(sha256(bytes)), { digest: sha256(bytes), size: bytes.length });
    });
  });

  describe('one writer per upload', () => {
    it('a second writer for an upload that is open is UploadInUse, and the first keeps working', async () => {
      const store = currentStore();
      const first = await store.writer('contended');
      await first.write(Buffer.from('one '));
      await assert.rejects(store.writer('contended'), hasCode('UploadInUse'));
      await first.write(Buffer.from('two'));
      const digest = sha256(Buffer.from('one two'));
      assert.deepEqual(await first.commit(digest), { digest, size: 7 });
    });

    it('two writers requested at once for one upload: exactly one gets it', async () => {
      const store = currentStore();
      const outcomes = await Promise.allSettled([store.writer('raced'), store.writer('raced')]);
      const opened = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      assert.equal(opened.length, 1);
      assert.equal(refused.length, 1);
      assertCode(refused[0]?.reason, 'UploadInUse');
      await opened[0]?.value.cancel();
    });

    it('commit, cancel and close each free the upload id for the next writer', async () => {
      const store = currentStore();
      const endings = {
        commit: (writer: BlobWriter) => writer.commit(sha256(Buffer.from('end'))).then(() => undefined),
        cancel: (writer: BlobWriter) => writer.cancel(),
        close: (writer: BlobWriter) => writer.close(),
      };
      for (const [name, end] of Object.entries(endings)) {
        const writer = await store.writer(`freed-by-${name}`);
        await writer.write(Buffer.from('end'));
        await end(writer);
        const next = await store.writer(`freed-by-${name}`);
        assert.equal(next.size, name === 'close' ? 3 : 0, name);
        await next.cancel();
      }
    });

    it('a failed commit frees the upload id too', async () => {
      const store = currentStore();
      const writer = await store.writer('failed-commit');
      await writer.write(Buffer.from('wrong'));
      await assert.rejects(writer.commit(sha256(Buffer.from('right'))), hasCode('DigestMismatch'));
      const next = await store.writer('failed-commit');
      assert.equal(next.size, 0);
      await next.cancel();
    });

    it('cancel through a closed writer is UploadInUse while another writer holds the upload, and removes nothing', async () => {
      const store = currentStore();
      const stale = await store.writer('reopened');
      await stale.write(Buffer.from('kept'));
      await stale.close();
      const current = await store.writer('reopened');
      await assert.rejects(stale.cancel(), hasCode('UploadInUse'));
      await current.write(Buffer.from(' safe'));
      const digest = sha256(Buffer.from('kept safe'));
      assert.deepEqual(await current.commit(digest), { digest, size: 9 });
    });
  });
}
