import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { ociEmptyConfig } from '../../core/oci/oci-artifacts.js';
import { testDialects } from '../../testing/databases.js';
import {
  fakeDigest as digest,
  ociManifest,
  openTestStore,
  seedAsset,
  seedScope,
  seedTime,
  seedVersion,
} from '../../testing/metadata-seeds.js';
import { recordBlob } from './blobs-repository.js';
import type { MetadataStore } from './metadata-store.js';
import { insertManifest } from './oci-repository.js';
import {
  claimBlobCopy,
  committedVersionIdsAfter,
  regionHoldings,
  releaseBlobCopy,
  renewBlobCopy,
  scopeManifestSubjects,
  scopeOfSubject,
  subjectDigests,
} from './replication-repository.js';
import type { OciManifestRefsTable } from './tables.js';

for (const dialect of testDialects) {
  describe(`replication reads on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });

    async function push(assetId: string, hex: string, refs: [string, OciManifestRefsTable['kind']][]): Promise<void> {
      await insertManifest(
        store.session,
        ociManifest(assetId, hex),
        refs.map(([ref, kind]) => ({ digest: digest(ref), kind })),
      );
    }

    it('finds the scope of a version or of a pushed manifest, and none once it is gone', async () => {
      const scope = await seedScope(store, 'rep-scope', { location: 'northeurope' });
      const asset = await seedAsset(store, scope, 'subject');
      const version = await seedVersion(store, asset, '1');
      const expected = { id: scope, location: 'northeurope' };
      assert.deepEqual(await scopeOfSubject(store.session, { versionId: version }), expected);
      assert.deepEqual(await scopeOfSubject(store.session, { assetId: asset, manifestDigest: digest('a') }), expected);
      assert.equal(await scopeOfSubject(store.session, { versionId: 'no-such-version' }), undefined);
      assert.equal(await scopeOfSubject(store.session, { assetId: 'gone', manifestDigest: digest('a') }), undefined);
    });

    it('a version made through the API needs its files, its manifest and the empty config', async () => {
      const scope = await seedScope(store, 'rep-api');
      const asset = await seedAsset(store, scope, 'api');
      const version = await seedVersion(store, asset, '1', {
        files: [digest('1'), digest('2')],
        manifestDigest: digest('m'),
      });
      const bare = await seedVersion(store, asset, '2', { state: 'pending', files: [digest('3')] });
      assert.deepEqual(
        (await subjectDigests(store.session, { versionId: version })).sort(),
        [digest('1'), digest('2'), digest('m'), ociEmptyConfig.digest].sort(),
      );
      assert.deepEqual(await subjectDigests(store.session, { versionId: bare }), [digest('3')]);
      assert.deepEqual(await subjectDigests(store.session, { versionId: 'no-such-version' }), []);
    });

    it('a pushed index needs itself, its child manifests and every blob they reference, each once', async () => {
      const scope = await seedScope(store, 'rep-push');
      const asset = await seedAsset(store, scope, 'image', 'environment');
      await push(asset, 'a', [
        ['1', 'blob'],
        ['2', 'blob'],
      ]);
      await push(asset, 'b', [
        ['2', 'blob'],
        ['3', 'blob'],
      ]);
      await push(asset, 'c', [
        ['a', 'manifest'],
        ['b', 'manifest'],
      ]);
      const needed = await subjectDigests(store.session, { assetId: asset, manifestDigest: digest('c') });
      assert.deepEqual(needed.sort(), [digest('1'), digest('2'), digest('3'), digest('a'), digest('b'), digest('c')]);
      const version = await seedVersion(store, asset, 'v1', { files: [digest('4')], manifestDigest: digest('a') });
      assert.deepEqual(
        (await subjectDigests(store.session, { versionId: version })).sort(),
        [digest('1'), digest('2'), digest('4'), digest('a')],
        'a pushed version: no empty config, its manifest has references',
      );
    });

    it("pages through a scope's committed version ids in id order", async () => {
      const scope = await seedScope(store, 'rep-pages');
      const other = await seedScope(store, 'rep-pages-other');
      const asset = await seedAsset(store, scope, 'paged');
      const ids = ['v-01', 'v-02', 'v-03', 'v-04'];
      await seedVersion(store, asset, '1', { id: ids[2] });
      await seedVersion(store, asset, '2', { id: ids[0], state: 'archived' });
      await seedVersion(store, asset, '3', { id: ids[3] });
      await seedVersion(store, asset, '4', { id: ids[1], state: 'pending' });
      await seedVersion(store, await seedAsset(store, other, 'elsewhere'), '1', { id: 'v-00' });
      assert.deepEqual(await committedVersionIdsAfter(store.session, scope, '', 2), ['v-01', 'v-03']);
      assert.deepEqual(await committedVersionIdsAfter(store.session, scope, 'v-03', 2), ['v-04']);
      assert.deepEqual(await committedVersionIdsAfter(store.session, scope, 'v-04', 2), []);
    });

    it("counts what a region holds of a scope's committed versions: versions complete, the oldest missing, files and bytes", async () => {
      const scope = await seedScope(store, 'rep-holdings');
      const asset = await seedAsset(store, scope, 'held');
      await seedVersion(store, asset, '1', { files: [digest('h1'), digest('h2')] });
      await seedVersion(store, asset, '2', { files: [digest('h2'), digest('h3')], state: 'archived' });
      await seedVersion(store, asset, '3', { files: [digest('h4')], state: 'pending' });
      await seedVersion(store, await seedAsset(store, await seedScope(store, 'rep-holdings-other'), 'x'), '1', {
        files: [digest('hx')],
      });
      for (const [hex, size] of [
        ['h1', 10],
        ['h2', 20],
        ['h4', 40],
        ['hx', 80],
      ] as const)
        await recordBlob(store.session, { region: 'holdings-west', digest: digest(hex), size, at: seedTime });
      assert.deepEqual(await regionHoldings(store.session, scope, 'holdings-west'), {
        versions: 2,
        replicatedVersions: 1,
        oldestPendingAt: seedTime,
        blobs: 2,
        bytes: 30,
      });
      assert.deepEqual(await regionHoldings(store.session, scope, 'holdings-none'), {
        versions: 2,
        replicatedVersions: 0,
        oldestPendingAt: seedTime,
        blobs: 0,
        bytes: 0,
      });
    });

    it("lists the manifests pushed to a scope's repositories as subjects, at most `limit`", async () => {
      const scope = await seedScope(store, 'rep-manifests');
      const other = await seedScope(store, 'rep-manifests-other');
      const first = await seedAsset(store, scope, 'one');
      const second = await seedAsset(store, scope, 'two');
      await push(first, 'd', []);
      await push(second, 'e', []);
      await push(await seedAsset(store, other, 'three'), 'f', []);
      const subjects = await scopeManifestSubjects(store.session, scope, 10);
      const byDigest = (a: { manifestDigest: string }, b: { manifestDigest: string }) =>
        a.manifestDigest.localeCompare(b.manifestDigest);
      assert.deepEqual(subjects.sort(byDigest), [
        { assetId: first, manifestDigest: digest('d') },
        { assetId: second, manifestDigest: digest('e') },
      ]);
      assert.equal((await scopeManifestSubjects(store.session, scope, 1)).length, 1);
    });

    it('gives a blob copy into a region to one claimant at a time, until it is released or its lease lapses', async () => {
      const copy = { region: 'westus', digest: digest('c1') };
      const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
      const first = { ...copy, owner: 'first', now: at(0), leaseUntil: at(30) };
      assert.equal(await claimBlobCopy(store.session, first), true, 'nobody held it');
      const second = { ...copy, owner: 'second', now: at(10), leaseUntil: at(40) };
      assert.equal(await claimBlobCopy(store.session, second), false, 'held by first until 00:30');
      assert.equal(
        await claimBlobCopy(store.session, {
          ...copy,
          digest: digest('c2'),
          owner: 'second',
          now: at(10),
          leaseUntil: at(40),
        }),
        true,
        'another blob is another claim',
      );
      assert.equal(await claimBlobCopy(store.session, { ...second, region: 'eastus' }), true, 'another region too');
      assert.equal(await renewBlobCopy(store.session, { ...first, leaseUntil: at(50) }), true, 'the holder renews');
      assert.equal(await claimBlobCopy(store.session, { ...second, now: at(45) }), false, 'renewed until 00:50');
      const takeover = { ...second, now: at(51), leaseUntil: at(58) };
      assert.equal(await claimBlobCopy(store.session, takeover), true, 'lapsed: taken over');
      assert.equal(await renewBlobCopy(store.session, { ...first, leaseUntil: at(59) }), false, 'first lost it');
      await releaseBlobCopy(store.session, first);
      assert.equal(
        await claimBlobCopy(store.session, { ...first, now: at(52) }),
        false,
        "first's release left second's claim",
      );
      await releaseBlobCopy(store.session, takeover);
      assert.equal(await claimBlobCopy(store.session, { ...first, now: at(52) }), true, 'released: free again');
    });
  });
}
