import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import {
  fakeDigest,
  ociManifest,
  openTestStore,
  seedAsset,
  seedScope,
  seedTime,
  seedVersion,
} from '../../testing/metadata-seeds.js';
import { assetsWithManifests, repositoryManifestFacts } from './image-retention-repository.js';
import { assetUsesBlob } from './oci-repository.js';
import type { MetadataStore } from './metadata-store.js';
import { insertManifest, upsertTag } from './oci-repository.js';

for (const dialect of testDialects) {
  describe(`image retention repository on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });

    it('lists only the assets of the scope that hold pushed manifests, by type and name', async () => {
      const scopeId = await seedScope(store, 'pushed');
      const other = await seedScope(store, 'elsewhere');
      const env = await seedAsset(store, scopeId, 'base', 'environment');
      const model = await seedAsset(store, scopeId, 'detector', 'model');
      await seedAsset(store, scopeId, 'empty', 'environment');
      const foreign = await seedAsset(store, other, 'base', 'environment');
      for (const asset of [env, model, foreign]) await insertManifest(store.session, ociManifest(asset, 'a'), []);
      assert.deepEqual(
        (await assetsWithManifests(store.session, scopeId)).map((a) => [a.type, a.name, a.id]),
        [
          ['environment', 'base', env],
          ['model', 'detector', model],
        ],
      );
    });

    it('gives each manifest its tags, versions, children and subject, and the versions’ manifests', async () => {
      const scopeId = await seedScope(store, 'facts');
      const asset = await seedAsset(store, scopeId, 'base', 'environment');
      const later = '2026-02-01T00:00:00.000Z';
      await insertManifest(store.session, ociManifest(asset, 'c'), []);
      await insertManifest(store.session, ociManifest(asset, 'e', { createdAt: later }), [
        { digest: fakeDigest('c'), kind: 'manifest' },
        { digest: fakeDigest('b'), kind: 'blob' },
      ]);
      await insertManifest(store.session, ociManifest(asset, 'd', { subjectDigest: fakeDigest('c') }), []);
      await upsertTag(store.session, {
        assetId: asset,
        tag: 'multi',
        manifestDigest: fakeDigest('e'),
        updatedAt: seedTime,
        updatedBy: 'admin',
      });
      await seedVersion(store, asset, 'v1', { manifestDigest: fakeDigest('e') });
      await seedVersion(store, asset, 'api', { manifestDigest: fakeDigest('f') });
      await seedVersion(store, asset, 'pending', { state: 'pending' });
      const { manifests, versionDigests } = await repositoryManifestFacts(store.session, asset);
      assert.deepEqual(
        manifests.map((m) => [m.digest, m.pushedAt, m.tags, m.versions, m.children, m.subject]),
        [
          [fakeDigest('c'), seedTime, [], [], [], undefined],
          [fakeDigest('d'), seedTime, [], [], [], fakeDigest('c')],
          [fakeDigest('e'), later, ['multi'], ['v1'], [fakeDigest('c')], undefined],
        ],
        'oldest first, blobs are no children',
      );
      assert.deepEqual([...versionDigests].sort(), [fakeDigest('e'), fakeDigest('f')]);
    });

    it('tells whether a manifest or a version of the asset still uses a blob, and of that asset only', async () => {
      const scopeId = await seedScope(store, 'uses');
      const asset = await seedAsset(store, scopeId, 'base', 'environment');
      const other = await seedAsset(store, scopeId, 'other', 'environment');
      await insertManifest(store.session, ociManifest(asset, 'a'), [{ digest: fakeDigest('1'), kind: 'blob' }]);
      await insertManifest(store.session, ociManifest(asset, 'b'), [{ digest: fakeDigest('2'), kind: 'manifest' }]);
      await seedVersion(store, asset, 'pending', { state: 'pending', files: [fakeDigest('3')] });
      await seedVersion(store, other, 'v1', { files: [fakeDigest('4')] });
      const uses = async (hex: string) => assetUsesBlob(store.session, asset, fakeDigest(hex), { pending: true });
      assert.deepEqual(
        [await uses('1'), await uses('2'), await uses('3'), await uses('4')],
        [true, false, true, false],
        'a layer, not a child manifest; a pending version’s file; not another asset’s',
      );
    });
  });
}
