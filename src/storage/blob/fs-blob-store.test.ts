import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assertCode, hasCode, listAll, put, runBlobStoreSuite, sha256 } from './blob-store.suite.js';
import { FsBlobStore } from './fs-blob-store.js';

async function freshRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'arca-fs-blob-'));
}

runBlobStoreSuite('fs', async () => {
  const root = await freshRoot();
  return { store: new FsBlobStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('FsBlobStore', () => {
  let root: string;
  let store: FsBlobStore;

  beforeEach(async () => {
    root = await freshRoot();
    store = new FsBlobStore(root);
    await store.provision();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('describes itself as fs:<root>', () => {
    assert.equal(store.description, `fs:${root}`);
  });

  it('stores a committed blob at blobs/sha256/<first two hex>/<hex> and empties uploads/', async () => {
    const bytes = Buffer.from('laid out by digest');
    const { digest } = await put(store, 'layout', bytes);
    const hex = digest.slice('sha256:'.length);
    assert.deepEqual(await readFile(join(root, 'blobs', 'sha256', hex.slice(0, 2), hex)), bytes);
    assert.deepEqual(await readdir(join(root, 'uploads')), []);
  });

  it('keeps an upload in progress at uploads/<uploadId>', async () => {
    const writer = await store.writer('in-progress');
    await writer.write(Buffer.from('partial'));
    assert.equal(await readFile(join(root, 'uploads', 'in-progress'), 'utf8'), 'partial');
  });

  it('a failed commit leaves no files under uploads/', async () => {
    const writer = await store.writer('doomed');
    await writer.write(Buffer.from('bytes'));
    await assert.rejects(writer.commit(sha256(Buffer.from('other'))), hasCode('DigestMismatch'));
    assert.deepEqual(await readdir(join(root, 'uploads')), []);
  });

  it('an upload resumes through a new store on the same root, as after a restart', async () => {
    const head = Buffer.from('before restart / ');
    await (await store.writer('restart')).write(head);
    const restarted = new FsBlobStore(root);
    const writer = await restarted.writer('restart');
    assert.equal(writer.size, head.length);
    const tail = Buffer.from('after restart');
    await writer.write(tail);
    const digest = sha256(head, tail);
    assert.deepEqual(await writer.commit(digest), { digest, size: head.length + tail.length });
  });

  it('writes issued without awaiting each other land in call order', async () => {
    const writer = await store.writer('unawaited');
    const chunks = Array.from({ length: 20 }, (_, index) => Buffer.from(`chunk-${index};`));
    await Promise.all(chunks.map((chunk) => writer.write(chunk)));
    const digest = sha256(...chunks);
    assert.deepEqual(await writer.commit(digest), { digest, size: Buffer.concat(chunks).length });
  });

  it('writing to an upload cancelled through another writer fails instead of reviving it', async () => {
    const first = await store.writer('raced');
    const second = await store.writer('raced');
    await second.cancel();
    await assert.rejects(first.write(Buffer.from('late')), hasCode('InvalidParameter'));
    assert.deepEqual(await readdir(join(root, 'uploads')), []);
  });

  it('list ignores stray files and directories in the blob tree', async () => {
    const info = await put(store, 'real', Buffer.from('real blob'));
    const hex = info.digest.slice('sha256:'.length);
    await writeFile(join(root, 'blobs', 'sha256', hex.slice(0, 2), `${hex}.tmp`), 'stray');
    await mkdir(join(root, 'blobs', 'sha256', 'not-a-prefix'));
    await writeFile(join(root, 'blobs', 'sha256', 'not-a-prefix', hex), 'misplaced');
    // A well-formed name under the wrong prefix is not a blob this store would ever read.
    const misplaced = sha256(Buffer.from('misplaced'));
    const other = hex.startsWith('00') ? '01' : '00';
    await mkdir(join(root, 'blobs', 'sha256', other), { recursive: true });
    await writeFile(join(root, 'blobs', 'sha256', other, misplaced.slice('sha256:'.length)), 'misplaced');
    assert.deepEqual(await listAll(store), [info]);
  });

  it('list on a store that was never provisioned is empty', async () => {
    assert.deepEqual(await listAll(new FsBlobStore(join(root, 'nowhere'))), []);
  });

  it('provision under a regular file is StorageUnavailable naming the path', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a directory');
    const blocked = new FsBlobStore(join(file, 'store'));
    await assert.rejects(blocked.provision(), (err: unknown) => {
      assertCode(err, 'StorageUnavailable');
      assert.ok(err.message.includes(join(file, 'store')), err.message);
      return true;
    });
  });
});
