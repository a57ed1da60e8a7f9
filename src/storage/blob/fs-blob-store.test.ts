import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Staging } from './blob-leaks.suite.js';
import { runBlobStoreSuite } from './blob-store.suite.js';
import { assertCode, fsBlobFile, hasCode, listAll, put, sha256 } from './blob-helpers.suite.js';
import type { BlobWriter, Digest } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { stageBytes } from './fs-staged-appender.js';

/** What an fs store holds besides committed blobs: the files in `uploads/`, and anything else out of place. */
async function fsStaging(root: string): Promise<Staging> {
  const names = (dir: string) => readdir(join(root, dir)).catch(() => [] as string[]);
  const strays = (await names('.')).filter((name) => name !== 'blobs' && name !== 'uploads');
  strays.push(...(await names('blobs')).filter((name) => name !== 'sha256').map((name) => `blobs/${name}`));
  for (const prefix of await names('blobs/sha256')) {
    const dir = `blobs/sha256/${prefix}`;
    for (const name of await names(dir))
      if (!/^[0-9a-f]{64}$/.test(name) || !name.startsWith(prefix)) strays.push(`${dir}/${name}`);
  }
  return { uploads: await names('uploads'), strays };
}

async function freshRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'arca-fs-blob-'));
}

runBlobStoreSuite('fs', async () => {
  const root = await freshRoot();
  const store = new FsBlobStore(root);
  const plant = async (digest: Digest, bytes: Uint8Array) => {
    await mkdir(dirname(fsBlobFile(root, digest)), { recursive: true });
    await writeFile(fsBlobFile(root, digest), bytes);
  };
  return {
    store,
    cleanup: () => rm(root, { recursive: true, force: true }),
    plant,
    recipe: { config: { driver: 'fs', path: root }, env: {} },
    staging: () => fsStaging(root),
  };
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

  it('keeps an upload in progress at uploads/<uploadId>, holding every byte written once the writer is closed', async () => {
    const writer = await store.writer('in-progress');
    await writer.write(Buffer.from('partial'));
    await writer.close();
    assert.equal(await readFile(join(root, 'uploads', 'in-progress'), 'utf8'), 'partial');
  });

  it('writes several times the stage size through small chunks, and the file holds them in order after close', async () => {
    // Chunks that do not divide the stage size exercise a stage filling part-way through a chunk.
    const chunks = Array.from({ length: Math.ceil((5 * stageBytes) / 10_007) }, (_, index) =>
      Buffer.alloc(10_007, index % 251),
    );
    const writer = await store.writer('staged');
    // Not awaited one by one: the stages then fill while earlier ones are still being written.
    await Promise.all(chunks.map((chunk) => writer.write(chunk)));
    await writer.close();
    assert.deepEqual(await readFile(join(root, 'uploads', 'staged')), Buffer.concat(chunks));
    const resumed = await store.writer('staged');
    const digest = sha256(...chunks);
    assert.deepEqual(await resumed.commit(digest), { digest, size: Buffer.concat(chunks).length });
  });

  it('mixes chunks larger than a stage with small ones, awaited or not, and the blob holds them in order', async () => {
    // Large chunks go to the file as they are when nothing is staged, else through the stages.
    const sizes = [3 * stageBytes + 5, 10_007, 2 * stageBytes, stageBytes, 1, stageBytes + 1, 4_096, 2 * stageBytes];
    const chunks = sizes.map((size, index) => Buffer.alloc(size, (index * 37) % 251));
    const writer = await store.writer('large-and-small');
    for (const chunk of chunks.slice(0, 4)) await writer.write(chunk);
    await Promise.all(chunks.slice(4).map((chunk) => writer.write(chunk)));
    const digest = sha256(...chunks);
    const whole = Buffer.concat(chunks);
    assert.deepEqual(await writer.commit(digest), { digest, size: whole.length });
    const hex = digest.slice('sha256:'.length);
    assert.deepEqual(await readFile(join(root, 'blobs', 'sha256', hex.slice(0, 2), hex)), whole);
  });

  it('a failed commit leaves no files under uploads/', async () => {
    const writer = await store.writer('doomed');
    await writer.write(Buffer.from('bytes'));
    await assert.rejects(writer.commit(sha256(Buffer.from('other'))), hasCode('DigestMismatch'));
    assert.deepEqual(await readdir(join(root, 'uploads')), []);
  });

  it('an upload resumes through a new store on the same root, its hash rebuilt from the file as after a restart', async () => {
    const head = Buffer.from('before restart / ');
    const before = await store.writer('restart');
    await before.write(head);
    await before.close();
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

  it('an upload open through one store is UploadInUse through another store on the same root', async () => {
    const writer = await store.writer('shared-root');
    await assert.rejects(new FsBlobStore(root).writer('shared-root'), hasCode('UploadInUse'));
    await writer.close();
    const other = await new FsBlobStore(root).writer('shared-root');
    await other.cancel();
  });

  it('an upload file changed after close is re-read on resume, not trusted from memory', async () => {
    const head = Buffer.from('written by the writer / ');
    const writer = await store.writer('changed');
    await writer.write(head);
    await writer.close();
    const extra = Buffer.from('appended behind its back / ');
    await appendFile(join(root, 'uploads', 'changed'), extra);
    const resumed = await store.writer('changed');
    assert.equal(resumed.size, head.length + extra.length);
    const tail = Buffer.from('tail');
    await resumed.write(tail);
    const digest = sha256(head, extra, tail);
    assert.deepEqual(await resumed.commit(digest), { digest, size: head.length + extra.length + tail.length });
  });

  it('an upload file removed while its writer is open fails commit with InvalidParameter and stores nothing', async () => {
    const bytes = Buffer.from('into a removed file');
    const writer = await store.writer('removed');
    await writer.write(bytes);
    await rm(join(root, 'uploads', 'removed'));
    await assert.rejects(writer.commit(sha256(bytes)), hasCode('InvalidParameter'));
    assert.deepEqual(await listAll(store), []);
    assert.equal(
      await store.writer('removed').then(async (next) => {
        await next.cancel();
        return next.size;
      }),
      0,
    );
  });

  it(
    'a writer keeps one descriptor open until it ends, whichever way it ends',
    { skip: process.platform !== 'linux' && 'needs /proc/self/fd' },
    async () => {
      const openDescriptors = async () => (await readdir('/proc/self/fd')).length;
      const baseline = await openDescriptors();
      const endings = {
        close: (writer: BlobWriter) => writer.close(),
        cancel: (writer: BlobWriter) => writer.cancel(),
        commit: (writer: BlobWriter) => writer.commit(sha256(Buffer.alloc(3 * 65_536, 1))).then(() => undefined),
        'failed commit': (writer: BlobWriter) =>
          writer.commit(sha256()).then(
            () => undefined,
            () => undefined,
          ),
      };
      for (const [name, end] of Object.entries(endings)) {
        const writer = await store.writer(`descriptors-${name.replace(' ', '-')}`);
        for (let chunk = 0; chunk < 3; chunk++) await writer.write(Buffer.alloc(65_536, 1));
        assert.equal(await openDescriptors(), baseline + 1, `${name}: while writing`);
        await end(writer);
        assert.equal(await openDescriptors(), baseline, `${name}: after it ended`);
      }
    },
  );

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
