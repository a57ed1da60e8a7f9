import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { ociEmptyConfig } from '../../core/oci/oci-artifacts.js';
import { testDialects } from '../../testing/databases.js';
import {
  fakeDigest as digest,
  ociManifest as manifest,
  openTestStore,
  seedAlias,
  seedAsset,
  seedScope,
  seedTime as t0,
  seedVersion,
} from '../../testing/metadata-seeds.js';
import type { MetadataStore } from './metadata-store.js';
import {
  blobReferenced,
  childManifestBlobs,
  deleteManifest,
  deleteTag,
  findManifest,
  findTag,
  insertManifest,
  linkRepositoryBlob,
  listReachableScopes,
  listReferrers,
  listScopeAssetKeys,
  listTags,
  queueForGc,
  repositoryHoldsBlob,
  unlinkRepositoryBlob,
  unreferencedDigests,
  upsertTag,
} from './oci-repository.js';
import { aliasIsProtected, findVersionIdByManifest, versionsByManifest } from './oci-versions-repository.js';

const t1 = '2026-01-02T00:00:00.000Z';

for (const dialect of testDialects) {
  describe(`OCI repositories on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });

    it('links a blob to one repository of a scope, idempotently, until it is unlinked', async () => {
      const scope = await seedScope(store, 'link-reg');
      await linkRepositoryBlob(store.session, { scopeId: scope, repository: 'models/a', digest: digest('1'), at: t0 });
      await linkRepositoryBlob(store.session, { scopeId: scope, repository: 'models/a', digest: digest('1'), at: t1 });
      assert.equal(
        await repositoryHoldsBlob(store.session, {
          scopeId: scope,
          repository: 'models/a',
          assetId: undefined,
          digest: digest('1'),
        }),
        true,
      );
      assert.equal(
        await repositoryHoldsBlob(store.session, {
          scopeId: scope,
          repository: 'models/b',
          assetId: undefined,
          digest: digest('1'),
        }),
        false,
      );
      assert.equal(await unlinkRepositoryBlob(store.session, scope, 'models/a', digest('1')), true);
      assert.equal(await unlinkRepositoryBlob(store.session, scope, 'models/a', digest('1')), false);
      assert.equal(
        await repositoryHoldsBlob(store.session, {
          scopeId: scope,
          repository: 'models/a',
          assetId: undefined,
          digest: digest('1'),
        }),
        false,
      );
    });

    it('a repository holds the blobs its manifests reference and the files of its committed versions only', async () => {
      const scope = await seedScope(store, 'holds-reg');
      const asset = await seedAsset(store, scope, 'held');
      await insertManifest(store.session, manifest(asset, 'a'), [
        { digest: digest('1'), kind: 'blob' },
        { digest: digest('2'), kind: 'manifest' },
      ]);
      await seedVersion(store, asset, '1', { files: [digest('3')] });
      await seedVersion(store, asset, '2', { state: 'pending', files: [digest('4')] });
      const holds = (hex: string) =>
        repositoryHoldsBlob(store.session, {
          scopeId: scope,
          repository: 'models/held',
          assetId: asset,
          digest: digest(hex),
        });
      assert.equal(await holds('1'), true, 'a blob a manifest references');
      assert.equal(await holds('2'), false, 'a child manifest is no blob of the repository');
      assert.equal(await holds('3'), true, 'a file of a ready version');
      assert.equal(await holds('4'), false, 'a file of a pending version');
      assert.equal(
        await repositoryHoldsBlob(store.session, {
          scopeId: scope,
          repository: 'models/held',
          assetId: undefined,
          digest: digest('1'),
        }),
        false,
        'no asset: only linked blobs count',
      );
    });

    it('stores a manifest once and finds it as pushed, per asset', async () => {
      const scope = await seedScope(store, 'manifest-reg');
      const asset = await seedAsset(store, scope, 'pushed');
      const other = await seedAsset(store, scope, 'other');
      const pushed = manifest(asset, 'b', {
        artifactType: 'application/vnd.example+json',
        subjectDigest: digest('c'),
        annotations: { 'org.opencontainers.image.title': 'x' },
        size: 321,
        region: 'westus',
      });
      const refs = [
        { digest: digest('1'), kind: 'blob' as const },
        { digest: digest('1'), kind: 'blob' as const },
      ];
      assert.equal(await insertManifest(store.session, pushed, refs), true);
      assert.equal(await insertManifest(store.session, { ...pushed, size: 1 }, refs), false);
      assert.deepEqual(await findManifest(store.session, asset, digest('b')), pushed);
      assert.equal(await findManifest(store.session, other, digest('b')), undefined);
      assert.deepEqual(await childManifestBlobs(store.session, asset, [digest('b')]), [digest('1')]);
    });

    it('lists the blobs of the given child manifests only, and none for no manifest', async () => {
      const scope = await seedScope(store, 'children-reg');
      const asset = await seedAsset(store, scope, 'index');
      await insertManifest(store.session, manifest(asset, 'd'), [{ digest: digest('1'), kind: 'blob' }]);
      await insertManifest(store.session, manifest(asset, 'e'), [{ digest: digest('2'), kind: 'blob' }]);
      await insertManifest(store.session, manifest(asset, 'f'), [
        { digest: digest('d'), kind: 'manifest' },
        { digest: digest('3'), kind: 'blob' },
      ]);
      assert.deepEqual((await childManifestBlobs(store.session, asset, [digest('d'), digest('f')])).sort(), [
        digest('1'),
        digest('3'),
      ]);
      assert.deepEqual(await childManifestBlobs(store.session, asset, []), []);
    });

    it('deletes a manifest with its references and tags, returning the blobs it referenced', async () => {
      const scope = await seedScope(store, 'delete-reg');
      const asset = await seedAsset(store, scope, 'gone');
      await insertManifest(store.session, manifest(asset, 'a'), [
        { digest: digest('1'), kind: 'blob' },
        { digest: digest('2'), kind: 'blob' },
        { digest: digest('b'), kind: 'manifest' },
      ]);
      await insertManifest(store.session, manifest(asset, 'c'), [{ digest: digest('3'), kind: 'blob' }]);
      await upsertTag(store.session, {
        assetId: asset,
        tag: 'v1',
        manifestDigest: digest('a'),
        updatedAt: t0,
        updatedBy: 'a',
      });
      await upsertTag(store.session, {
        assetId: asset,
        tag: 'v2',
        manifestDigest: digest('c'),
        updatedAt: t0,
        updatedBy: 'a',
      });
      assert.deepEqual((await deleteManifest(store.session, asset, digest('a'))).sort(), [digest('1'), digest('2')]);
      assert.equal(await findManifest(store.session, asset, digest('a')), undefined);
      assert.equal(await findTag(store.session, asset, 'v1'), undefined);
      assert.deepEqual(await childManifestBlobs(store.session, asset, [digest('a')]), []);
      assert.equal((await findTag(store.session, asset, 'v2'))?.manifestDigest, digest('c'));
      assert.ok(await findManifest(store.session, asset, digest('c')));
    });

    it('creates a tag, moves it to another manifest, and deletes it once', async () => {
      const scope = await seedScope(store, 'tag-reg');
      const asset = await seedAsset(store, scope, 'tagged');
      await upsertTag(store.session, {
        assetId: asset,
        tag: 'stable',
        manifestDigest: digest('a'),
        updatedAt: t0,
        updatedBy: 'ann',
      });
      assert.deepEqual(await findTag(store.session, asset, 'stable'), {
        assetId: asset,
        tag: 'stable',
        manifestDigest: digest('a'),
        updatedAt: t0,
        updatedBy: 'ann',
      });
      await upsertTag(store.session, {
        assetId: asset,
        tag: 'stable',
        manifestDigest: digest('b'),
        updatedAt: t1,
        updatedBy: 'bob',
      });
      assert.deepEqual(await findTag(store.session, asset, 'stable'), {
        assetId: asset,
        tag: 'stable',
        manifestDigest: digest('b'),
        updatedAt: t1,
        updatedBy: 'bob',
      });
      assert.equal(await deleteTag(store.session, asset, 'stable'), true);
      assert.equal(await deleteTag(store.session, asset, 'stable'), false);
      assert.equal(await findTag(store.session, asset, 'stable'), undefined);
    });

    it('lists tags and committed version labels with manifests, bytewise, a page after `last`', async () => {
      const scope = await seedScope(store, 'list-tags-reg');
      const asset = await seedAsset(store, scope, 'listed');
      for (const tag of ['beta', 'Zeta', 'alpha'])
        await upsertTag(store.session, {
          assetId: asset,
          tag,
          manifestDigest: digest('a'),
          updatedAt: t0,
          updatedBy: 'a',
        });
      await seedVersion(store, asset, '1', { manifestDigest: digest('1') });
      await seedVersion(store, asset, '2', { state: 'archived', manifestDigest: digest('2') });
      await seedVersion(store, asset, '3', { state: 'pending', manifestDigest: digest('3') });
      await seedVersion(store, asset, '4');
      assert.deepEqual(await listTags(store.session, asset, 100, undefined), ['1', '2', 'Zeta', 'alpha', 'beta']);
      assert.deepEqual(await listTags(store.session, asset, 2, '2'), ['Zeta', 'alpha']);
      assert.deepEqual(await listTags(store.session, asset, 2, 'alpha'), ['beta']);
    });

    it('lists the referrers of a manifest, optionally of one artifact type, oldest first', async () => {
      const scope = await seedScope(store, 'referrers-reg');
      const asset = await seedAsset(store, scope, 'referred');
      const other = await seedAsset(store, scope, 'elsewhere');
      const sbom = 'application/spdx+json';
      const signature = 'application/vnd.dev.cosign+json';
      await insertManifest(
        store.session,
        manifest(asset, 'c', { subjectDigest: digest('s'), artifactType: sbom, createdAt: t1 }),
        [],
      );
      await insertManifest(
        store.session,
        manifest(asset, 'b', { subjectDigest: digest('s'), artifactType: signature }),
        [],
      );
      await insertManifest(store.session, manifest(asset, 'd', { subjectDigest: digest('e'), artifactType: sbom }), []);
      await insertManifest(store.session, manifest(other, 'a', { subjectDigest: digest('s'), artifactType: sbom }), []);
      const referrers = await listReferrers(store.session, asset, digest('s'), undefined);
      assert.deepEqual(
        referrers.map((m) => m.digest),
        [digest('b'), digest('c')],
      );
      assert.deepEqual(
        (await listReferrers(store.session, asset, digest('s'), sbom)).map((m) => m.digest),
        [digest('c')],
      );
    });

    it('counts a blob referenced in a region by every kind of holder of a scope kept there, and by nothing elsewhere', async () => {
      const scope = await seedScope(store, 'gc-reg', { location: 'gc-east', replicas: ['gc-west'] });
      const asset = await seedAsset(store, scope, 'kept');
      await seedVersion(store, asset, '1', { state: 'pending', files: [digest('1')], manifestDigest: digest('2') });
      await insertManifest(store.session, manifest(asset, '3'), [{ digest: digest('4'), kind: 'blob' }]);
      await linkRepositoryBlob(store.session, {
        scopeId: scope,
        repository: 'models/kept',
        digest: digest('5'),
        at: t0,
      });
      for (const hex of ['1', '2', '3', '4', '5']) {
        assert.equal(await blobReferenced(store.session, 'gc-east', digest(hex)), true, `${hex} in the primary`);
        assert.equal(await blobReferenced(store.session, 'gc-west', digest(hex)), true, `${hex} in the replica`);
        assert.equal(await blobReferenced(store.session, 'gc-north', digest(hex)), false, `${hex} elsewhere`);
      }
      assert.equal(await blobReferenced(store.session, 'gc-east', digest('6')), false);
      assert.equal(await blobReferenced(store.session, 'gc-north', ociEmptyConfig.digest), true);
      assert.deepEqual(
        await unreferencedDigests(store.session, 'gc-east', [digest('6'), digest('1'), digest('6'), digest('7')]),
        [digest('6'), digest('7')],
      );
    });

    it('queues blobs for garbage collection once per region, a repeat refreshing the time', async () => {
      await queueForGc(store.session, 'q-east', [digest('1'), digest('2')], t0);
      await queueForGc(store.session, 'q-east', [digest('1')], t1);
      await queueForGc(store.session, 'q-west', [digest('1')], t0);
      const rows = await store.kysely
        .selectFrom('gc_candidates')
        .select(['region', 'digest', 'queued_at'])
        .where('region', 'in', ['q-east', 'q-west'])
        .orderBy('region')
        .orderBy('digest')
        .execute();
      assert.deepEqual(rows, [
        { region: 'q-east', digest: digest('1'), queued_at: t1 },
        { region: 'q-east', digest: digest('2'), queued_at: t0 },
        { region: 'q-west', digest: digest('1'), queued_at: t0 },
      ]);
    });

    it('reaches every registry and workspace but those being created or deleted', async () => {
      const ready = await seedScope(store, 'Reach-Ready', { kind: 'workspace' });
      const updating = await seedScope(store, 'reach-updating', { provisioningState: 'Updating' });
      const creating = await seedScope(store, 'reach-creating', { provisioningState: 'Creating' });
      const deleting = await seedScope(store, 'reach-deleting', { provisioningState: 'Deleting' });
      const reachable = await listReachableScopes(store.session);
      const ids = reachable.map((s) => s.id);
      assert.ok(ids.includes(ready) && ids.includes(updating));
      assert.ok(!ids.includes(creating) && !ids.includes(deleting));
      assert.deepEqual(
        reachable.find((s) => s.id === ready),
        { id: ready, kind: 'workspace', name: 'Reach-Ready', name_key: 'reach-ready' },
      );
    });

    it("lists the type and name key of a scope's assets only", async () => {
      const scope = await seedScope(store, 'keys-reg');
      const elsewhere = await seedScope(store, 'keys-other');
      await seedAsset(store, scope, 'PyTorch', 'environment');
      await seedAsset(store, scope, 'bert', 'model');
      await seedAsset(store, elsewhere, 'other', 'model');
      const keys = await listScopeAssetKeys(store.session, scope);
      assert.deepEqual(
        keys.sort((a, b) => a.name_key.localeCompare(b.name_key)),
        [
          { type: 'model', name_key: 'bert' },
          { type: 'environment', name_key: 'pytorch' },
        ],
      );
    });

    it('finds the version a manifest names, committed ones only when asked', async () => {
      const scope = await seedScope(store, 'by-manifest-reg');
      const asset = await seedAsset(store, scope, 'image');
      const other = await seedAsset(store, scope, 'image2');
      const pending = await seedVersion(store, asset, '1', { state: 'pending', manifestDigest: digest('p') });
      const ready = await seedVersion(store, asset, '2', { manifestDigest: digest('r') });
      await seedVersion(store, other, '1', { manifestDigest: digest('p') });
      const find = (hex: string, committed: boolean) =>
        findVersionIdByManifest(store.session, asset, digest(hex), { committed });
      assert.equal(await find('p', false), pending);
      assert.equal(await find('p', true), undefined);
      assert.equal(await find('r', true), ready);
      assert.equal(await find('x', false), undefined);
    });

    it('lists every version of an asset a manifest names, pending ones included', async () => {
      const scope = await seedScope(store, 'versions-by-manifest-reg');
      const asset = await seedAsset(store, scope, 'image');
      const pending = await seedVersion(store, asset, '1', { state: 'pending', manifestDigest: digest('m') });
      const ready = await seedVersion(store, asset, '2', { manifestDigest: digest('m') });
      await seedVersion(store, asset, '3', { manifestDigest: digest('n') });
      const ids = (await versionsByManifest(store.session, asset, digest('m'))).map((v) => v.id);
      assert.deepEqual(ids.sort(), [pending, ready].sort());
      assert.deepEqual(await versionsByManifest(store.session, asset, digest('x')), []);
    });

    it('tells whether an alias of the asset is protected (false when there is none)', async () => {
      const scope = await seedScope(store, 'protected-reg');
      const asset = await seedAsset(store, scope, 'guarded');
      const other = await seedAsset(store, scope, 'unguarded');
      const version = await seedVersion(store, asset, '1');
      await seedAlias(store, asset, 'production', version, true);
      await seedAlias(store, asset, 'staging', version, false);
      assert.equal(await aliasIsProtected(store.session, asset, 'production'), true);
      assert.equal(await aliasIsProtected(store.session, asset, 'staging'), false);
      assert.equal(await aliasIsProtected(store.session, asset, 'missing'), false);
      assert.equal(await aliasIsProtected(store.session, other, 'production'), false);
    });
  });
}
