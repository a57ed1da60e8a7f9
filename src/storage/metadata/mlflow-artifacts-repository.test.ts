import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import { fakeDigest as digest, openTestStore, seedScope, seedTime as t0 } from '../../testing/metadata-seeds.js';
import type { MetadataStore } from './metadata-store.js';
import {
  deleteMlflowArtifactUpload,
  deleteMlflowArtifacts,
  expiredMlflowArtifactUploads,
  findMlflowArtifact,
  findMlflowArtifactAbove,
  findMlflowArtifactUpload,
  insertMlflowArtifactUpload,
  listMlflowArtifactUploadParts,
  listMlflowArtifactsUnder,
  putMlflowArtifact,
  recordMlflowArtifactUploadPart,
} from './mlflow-artifacts-repository.js';
import { blobReferenced } from './oci-repository.js';

const t1 = '2026-01-02T00:00:00.000Z';

for (const dialect of testDialects) {
  describe(`MLflow artifact rows on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;
    let scope: string;
    let other: string;
    const put = (scopeId: string, path: string, hex: string, at = t0) =>
      putMlflowArtifact(store.session, scopeId, { path, digest: digest(hex), size: 3, at, by: 'ann' });

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      scope = await seedScope(store, 'art-ws', { kind: 'workspace' });
      other = await seedScope(store, 'art-other', { kind: 'workspace' });
      for (const [path, hex] of [
        ['1/r/artifacts/a.txt', '1'],
        ['1/r/artifacts/dir/b.txt', '2'],
        ['1/r/artifacts/dir/sub/c.txt', '3'],
        ['1/r/artifacts0', '4'],
        ['1/r/artifacts-x/d.txt', '5'],
      ] as const)
        await put(scope, path, hex);
      await put(other, '1/r/artifacts/a.txt', '6');
    });
    after(async () => {
      await close?.();
    });

    it('finds an artifact by scope and path', async () => {
      const found = await findMlflowArtifact(store.session, scope, '1/r/artifacts/a.txt');
      assert.deepEqual(found, {
        path: '1/r/artifacts/a.txt',
        digest: digest('1'),
        size: 3,
        createdAt: t0,
        createdBy: 'ann',
      });
      assert.equal((await findMlflowArtifact(store.session, other, '1/r/artifacts/a.txt'))?.digest, digest('6'));
      assert.equal(await findMlflowArtifact(store.session, scope, '1/r/artifacts'), undefined);
    });

    it('lists exactly the files under a directory, in path order, not its namesakes', async () => {
      const under = await listMlflowArtifactsUnder(store.session, scope, '1/r/artifacts', 100);
      assert.deepEqual(
        under.map((a) => a.path),
        ['1/r/artifacts/a.txt', '1/r/artifacts/dir/b.txt', '1/r/artifacts/dir/sub/c.txt'],
      );
      assert.equal((await listMlflowArtifactsUnder(store.session, scope, '', 100)).length, 5);
      assert.equal((await listMlflowArtifactsUnder(store.session, scope, '1/r/artifacts', 1)).length, 1);
    });

    it('replaces the row of a path put again', async () => {
      await put(scope, '1/r/over.txt', '7');
      await put(scope, '1/r/over.txt', '8', t1);
      const found = await findMlflowArtifact(store.session, scope, '1/r/over.txt');
      assert.equal(found?.digest, digest('8'));
      assert.equal(found?.createdAt, t1);
    });

    it('names the file that stands where a directory of a path would be', async () => {
      assert.equal(
        await findMlflowArtifactAbove(store.session, scope, '1/r/artifacts/a.txt/inside'),
        '1/r/artifacts/a.txt',
      );
      assert.equal(await findMlflowArtifactAbove(store.session, scope, '1/r/artifacts/new.txt'), undefined);
      assert.equal(await findMlflowArtifactAbove(store.session, scope, 'top'), undefined);
    });

    it('deletes a file, or a directory with everything under it, and says what went', async () => {
      await put(scope, '2/x/one', '9');
      await put(scope, '2/x/sub/two', 'a');
      await put(scope, '2/xy', 'b');
      assert.deepEqual(
        (await deleteMlflowArtifacts(store.session, scope, '2/x/one')).map((a) => a.path),
        ['2/x/one'],
      );
      assert.deepEqual(
        (await deleteMlflowArtifacts(store.session, scope, '2/x')).map((a) => a.path),
        ['2/x/sub/two'],
      );
      assert.equal((await findMlflowArtifact(store.session, scope, '2/xy'))?.digest, digest('b'));
      assert.deepEqual(await deleteMlflowArtifacts(store.session, scope, '2/none'), []);
    });

    it('counts an artifact row and an open upload part as references to their blob', async () => {
      assert.equal(await blobReferenced(store.session, 'eastus', digest('1')), true);
      assert.equal(await blobReferenced(store.session, 'eastus', digest('f')), false);
      await insertMlflowArtifactUpload(store.session, {
        id: 'gc-up',
        scopeId: scope,
        path: '1/r/big',
        numParts: 1,
        principalId: 'p',
        createdAt: t0,
        createdBy: 'ann',
        expiresAt: t1,
      });
      await recordMlflowArtifactUploadPart(store.session, {
        uploadId: 'gc-up',
        partNumber: 1,
        digest: digest('f'),
        size: 1,
      });
      assert.equal(await blobReferenced(store.session, 'eastus', digest('f')), true);
      await deleteMlflowArtifactUpload(store.session, 'gc-up');
      assert.equal(await blobReferenced(store.session, 'eastus', digest('f')), false);
    });

    it('keeps a multipart upload with its parts by number until it is ended', async () => {
      const upload = {
        id: 'up-1',
        scopeId: scope,
        path: '1/r/artifacts/big.bin',
        numParts: 3,
        principalId: 'p-ann',
        createdAt: t0,
        createdBy: 'ann',
        expiresAt: t1,
      };
      await insertMlflowArtifactUpload(store.session, upload);
      assert.deepEqual(await findMlflowArtifactUpload(store.session, 'up-1'), upload);
      await recordMlflowArtifactUploadPart(store.session, {
        uploadId: 'up-1',
        partNumber: 2,
        digest: digest('c'),
        size: 5,
      });
      await recordMlflowArtifactUploadPart(store.session, {
        uploadId: 'up-1',
        partNumber: 1,
        digest: digest('d'),
        size: 4,
      });
      await recordMlflowArtifactUploadPart(store.session, {
        uploadId: 'up-1',
        partNumber: 2,
        digest: digest('e'),
        size: 6,
      });
      assert.deepEqual(await listMlflowArtifactUploadParts(store.session, 'up-1'), [
        { partNumber: 1, digest: digest('d'), size: 4 },
        { partNumber: 2, digest: digest('e'), size: 6 },
      ]);
      assert.deepEqual(await expiredMlflowArtifactUploads(store.session, '2026-01-03T00:00:00.000Z', 10), ['up-1']);
      assert.deepEqual(await expiredMlflowArtifactUploads(store.session, t0, 10), []);
      assert.equal(await deleteMlflowArtifactUpload(store.session, 'up-1'), true);
      assert.equal(await findMlflowArtifactUpload(store.session, 'up-1'), undefined);
      assert.deepEqual(await listMlflowArtifactUploadParts(store.session, 'up-1'), []);
      assert.equal(await deleteMlflowArtifactUpload(store.session, 'up-1'), false);
    });
  });
}
