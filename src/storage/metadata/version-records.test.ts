import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import {
  fakeDigest as digest,
  openTestStore,
  seedAsset,
  seedScope,
  seedTime as t0,
  seedVersion,
} from '../../testing/metadata-seeds.js';
import { loadKv, mergeKv, patchKv } from './kv.js';
import { derivedVersions, insertLineage, lineageEdges, lineageNodes } from './lineage-repository.js';
import type { MetadataStore } from './metadata-store.js';
import {
  findRetiredLabel,
  largestRetiredNumber,
  retireLabel,
  retireScopeLabels,
  type LabelOwner,
} from './retired-labels-repository.js';

const t1 = '2026-01-02T00:00:00.000Z';

describe('mergeKv', () => {
  it('sets the keys a patch gives, removes those it nulls, and keeps the others, without changing its input', () => {
    const current = { team: 'vision', stage: 'dev', owner: 'ann' };
    assert.deepEqual(mergeKv(current, { stage: 'prod', owner: null, new: 'yes', absent: null }), {
      team: 'vision',
      stage: 'prod',
      new: 'yes',
    });
    assert.deepEqual(current, { team: 'vision', stage: 'dev', owner: 'ann' });
  });
});

for (const dialect of testDialects) {
  describe(`version records (tags, lineage, retired labels) on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;
    let scope: string;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      scope = await seedScope(store, 'Records', { kind: 'workspace' });
    });
    after(async () => {
      await close?.();
    });

    it('patches key/values of one owner key by key: sets, overwrites, removes, leaves the rest', async () => {
      const asset = await seedAsset(store, scope, 'kv-patch');
      const version = await seedVersion(store, asset, '1');
      const other = await seedVersion(store, asset, '2');
      await patchKv(store.session, 'version_tags', version, { stage: 'dev', team: 'vision', gone: 'soon' });
      await patchKv(store.session, 'version_tags', other, { stage: 'other' });
      await patchKv(store.session, 'version_tags', version, { stage: 'prod', gone: null, missing: null });
      const loaded = await loadKv(store.session, 'version_tags', [version, other]);
      assert.deepEqual(loaded.get(version), { stage: 'prod', team: 'vision' });
      assert.deepEqual(loaded.get(other), { stage: 'other' });
      assert.deepEqual(await loadKv(store.session, 'version_properties', [version]), new Map());
    });

    it('loads the key/values of many owners grouped by owner, keys bytewise, owners without any left out', async () => {
      const first = await seedAsset(store, scope, 'kv-load-1');
      const second = await seedAsset(store, scope, 'kv-load-2');
      const bare = await seedAsset(store, scope, 'kv-load-3');
      await patchKv(store.session, 'asset_tags', first, { b: '2', B: '1', a: '3' });
      await patchKv(store.session, 'asset_tags', second, { only: 'x' });
      const loaded = await loadKv(store.session, 'asset_tags', [first, second, bare]);
      assert.deepEqual([...loaded.keys()].sort(), [first, second].sort());
      assert.deepEqual(Object.entries(loaded.get(first) ?? {}), [
        ['B', '1'],
        ['a', '3'],
        ['b', '2'],
      ]);
      assert.deepEqual(loaded.get(second), { only: 'x' });
      assert.deepEqual(await loadKv(store.session, 'asset_tags', []), new Map());
    });

    it('keeps both of two concurrent patches of distinct keys of one owner', async () => {
      const asset = await seedAsset(store, scope, 'kv-concurrent');
      const version = await seedVersion(store, asset, '1');
      await patchKv(store.session, 'version_properties', version, { base: '0' });
      await Promise.all(
        ['left', 'right'].map((key) =>
          store.transaction((trx) => patchKv(trx, 'version_properties', version, { [key]: key })),
        ),
      );
      assert.deepEqual((await loadKv(store.session, 'version_properties', [version])).get(version), {
        base: '0',
        left: 'left',
        right: 'right',
      });
    });

    it('records lineage edges once each and reads them upstream and downstream', async () => {
      const asset = await seedAsset(store, scope, 'lineage-edges');
      const [data, parent, child] = [
        await seedVersion(store, asset, '1'),
        await seedVersion(store, asset, '2'),
        await seedVersion(store, asset, '3'),
      ] as [string, string, string];
      await insertLineage(store.session, child, [
        { relation: 'data', targetVersionId: data },
        { relation: 'model', targetVersionId: parent },
        { relation: 'data', targetVersionId: data },
      ]);
      await insertLineage(store.session, parent, []);
      const byTarget = (a: { to: string }, b: { to: string }) => a.to.localeCompare(b.to);
      assert.deepEqual(
        (await lineageEdges(store.session, [child], 'up')).sort(byTarget),
        [
          { from: child, to: data, relation: 'data' as const },
          { from: child, to: parent, relation: 'model' as const },
        ].sort(byTarget),
      );
      assert.deepEqual(await lineageEdges(store.session, [data], 'down'), [
        { from: child, to: data, relation: 'data' },
      ]);
      assert.deepEqual(await lineageEdges(store.session, [data], 'up'), []);
      assert.deepEqual(await lineageEdges(store.session, [], 'down'), []);
    });

    it('lists the versions derived from one, without itself, each once, at most `limit`', async () => {
      const asset = await seedAsset(store, scope, 'lineage-derived');
      const base = await seedVersion(store, asset, '1');
      const a = await seedVersion(store, asset, '2');
      const b = await seedVersion(store, asset, '3');
      await insertLineage(store.session, a, [
        { relation: 'data', targetVersionId: base },
        { relation: 'model', targetVersionId: base },
      ]);
      await insertLineage(store.session, b, [{ relation: 'model', targetVersionId: base }]);
      await insertLineage(store.session, base, [{ relation: 'model', targetVersionId: base }]);
      assert.deepEqual((await derivedVersions(store.session, base, 10)).sort(), [a, b].sort());
      assert.equal((await derivedVersions(store.session, base, 1)).length, 1);
      assert.deepEqual(await derivedVersions(store.session, a, 10), []);
    });

    it('describes lineage nodes by version label and state, asset type and name, and scope', async () => {
      const asset = await seedAsset(store, scope, 'Lineage-Node', 'data');
      const version = await seedVersion(store, asset, '7', { state: 'archived' });
      assert.deepEqual(await lineageNodes(store.session, [version, 'no-such-version']), [
        {
          id: version,
          label: '7',
          state: 'archived',
          assetType: 'data',
          assetName: 'Lineage-Node',
          scopeKind: 'workspace',
          scopeName: 'Records',
        },
      ]);
      assert.deepEqual(await lineageNodes(store.session, []), []);
    });

    const owner = (assetKey: string): LabelOwner => ({
      scopeKind: 'registry',
      scopeKey: 'retired',
      assetType: 'model',
      assetKey,
    });

    it('retires a label once: the first tombstone stays and is found by its owner names', async () => {
      const first = { label: '3', labelNumber: 3, manifestDigest: digest('a') };
      await retireLabel(store.session, { owner: owner('bert'), version: first, at: t0, by: 'ann' });
      await retireLabel(store.session, {
        owner: owner('bert'),
        version: { ...first, manifestDigest: digest('b') },
        at: t1,
        by: 'bob',
      });
      const tombstone = await findRetiredLabel(store.session, owner('bert'), '3');
      assert.equal(tombstone?.manifest_digest, digest('a'));
      assert.equal(tombstone?.retired_at, t0);
      assert.equal(tombstone?.retired_by, 'ann');
      assert.equal(await findRetiredLabel(store.session, owner('bert'), '4'), undefined);
      assert.equal(await findRetiredLabel(store.session, owner('other'), '3'), undefined);
      assert.equal(await findRetiredLabel(store.session, { ...owner('bert'), assetType: 'data' }, '3'), undefined);
    });

    it('gives the largest integer label an asset retired, 0 when it retired none', async () => {
      assert.equal(await largestRetiredNumber(store.session, owner('numbered')), 0);
      for (const [label, n] of [
        ['2', 2],
        ['12', 12],
        ['final', null],
      ] as const)
        await retireLabel(store.session, {
          owner: owner('numbered'),
          version: { label, labelNumber: n, manifestDigest: null },
          at: t0,
          by: 'a',
        });
      await retireLabel(store.session, {
        owner: owner('bigger'),
        version: { label: '99', labelNumber: 99, manifestDigest: null },
        at: t0,
        by: 'a',
      });
      assert.equal(await largestRetiredNumber(store.session, owner('numbered')), 12);
    });

    it("retires the labels of a scope's committed versions only, once, and counts them", async () => {
      const registry = await seedScope(store, 'Retiring');
      const elsewhere = await seedScope(store, 'Kept');
      const asset = await seedAsset(store, registry, 'Model-A');
      await seedVersion(store, asset, '1', { manifestDigest: digest('1') });
      await seedVersion(store, asset, 'v2', { state: 'archived' });
      await seedVersion(store, asset, '3', { state: 'pending' });
      await seedVersion(store, await seedAsset(store, elsewhere, 'model-b'), '1');
      const scopeRow = { id: registry, kind: 'registry', name_key: 'retiring' };
      assert.equal(await retireScopeLabels(store.session, scopeRow, t0, 'admin'), 2);
      const retired = { scopeKind: 'registry', scopeKey: 'retiring', assetType: 'model', assetKey: 'model-a' };
      const one = await findRetiredLabel(store.session, retired, '1');
      assert.equal(one?.label_number, 1);
      assert.equal(one?.manifest_digest, digest('1'));
      assert.equal(one?.retired_by, 'admin');
      assert.ok(await findRetiredLabel(store.session, retired, 'v2'));
      assert.equal(await findRetiredLabel(store.session, retired, '3'), undefined);
      assert.equal(await largestRetiredNumber(store.session, { ...retired, scopeKey: 'kept', assetKey: 'model-b' }), 0);
      assert.equal(await retireScopeLabels(store.session, scopeRow, t1, 'admin'), 0);
    });
  });
}
