import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import {
  fakeDigest as digest,
  openTestStore,
  seedAlias,
  seedAsset,
  seedScope,
  seedTime as t0,
  seedVersion,
} from '../../testing/metadata-seeds.js';
import {
  createAsset,
  deleteAsset,
  deleteExpiredPendingVersion,
  deleteVersion,
  describeVersion,
  expiredPendingVersions,
  findAlias,
  findAsset,
  findScopedAsset,
  findVersionById,
  findVersionFile,
  markAllowDuplicate,
  nextVersionNumber,
  updateAsset,
  versionAllowsDuplicate,
} from './assets-repository.js';
import { loadKv, patchKv } from './kv.js';
import { isUniqueViolation, type MetadataStore } from './metadata-store.js';
import { findScopeRowByName } from './scopes-repository.js';

const t1 = '2026-01-02T00:00:00.000Z';
const t2 = '2026-01-03T00:00:00.000Z';

for (const dialect of testDialects) {
  describe(`asset and version writes services call on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });

    /** Gives a seeded pending version a deadline (seeds leave it null). */
    async function expiresAt(versionId: string, at: string): Promise<void> {
      await store.kysely.updateTable('versions').set({ pending_expires_at: at }).where('id', '=', versionId).execute();
    }

    it('finds an asset with its scope in one lookup by scope kind, scope key, type and asset key', async () => {
      const scope = await seedScope(store, 'scoped-reg');
      const asset = await seedAsset(store, scope, 'Scoped-Model');
      const found = await findScopedAsset(store.session, {
        scopeKind: 'registry',
        scopeNameKey: 'scoped-reg',
        type: 'model',
        nameKey: 'scoped-model',
      });
      assert.deepEqual(found, {
        scope: await findScopeRowByName(store.session, 'registry', 'scoped-reg'),
        asset: await findAsset(store.session, scope, 'model', 'scoped-model'),
      });
      assert.equal(found?.asset.id, asset);
      const names = {
        scopeKind: 'registry',
        scopeNameKey: 'scoped-reg',
        type: 'model',
        nameKey: 'scoped-model',
      } as const;
      for (const [what, miss] of [
        ['another scope kind', { scopeKind: 'workspace' }],
        ['another scope', { scopeNameKey: 'scoped-other' }],
        ['another type', { type: 'data' }],
        ['another asset', { nameKey: 'scoped-missing' }],
      ] as const)
        assert.equal(await findScopedAsset(store.session, { ...names, ...miss }), undefined, what);
    });

    it('creates an asset with a folded name key and no description, and finds it by scope, type and key', async () => {
      const scope = await seedScope(store, 'create-reg');
      const id = randomUUID();
      const created = await createAsset(store.session, {
        id,
        scopeId: scope,
        type: 'model',
        name: 'Bert-Base',
        at: t0,
        by: 'alice',
      });
      assert.deepEqual(created, {
        id,
        scopeId: scope,
        type: 'model',
        name: 'Bert-Base',
        nameKey: 'bert-base',
        description: null,
        createdAt: t0,
        createdBy: 'alice',
        updatedAt: t0,
        updatedBy: 'alice',
      });
      assert.deepEqual(await findAsset(store.session, scope, 'model', 'bert-base'), created);
      assert.equal(await findAsset(store.session, scope, 'data', 'bert-base'), undefined, 'another type');
      assert.equal(await findAsset(store.session, scope, 'model', 'Bert-Base'), undefined, 'looked up by key only');
      const other = await seedScope(store, 'create-other');
      assert.equal(await findAsset(store.session, other, 'model', 'bert-base'), undefined, 'another scope');
    });

    it('refuses a second asset whose name differs only in case in the same scope and type', async () => {
      const scope = await seedScope(store, 'dup-reg');
      await createAsset(store.session, { id: randomUUID(), scopeId: scope, type: 'model', name: 'm', at: t0, by: 'a' });
      await assert.rejects(
        createAsset(store.session, { id: randomUUID(), scopeId: scope, type: 'model', name: 'M', at: t0, by: 'a' }),
        (error) => isUniqueViolation(error),
      );
      const found = await findAsset(store.session, scope, 'model', 'm');
      assert.equal(found?.name, 'm', 'the first one stays');
    });

    it('deletes an asset by id, its tags with it, leaving the scope’s other assets', async () => {
      const scope = await seedScope(store, 'asset-delete-reg');
      const doomed = await seedAsset(store, scope, 'doomed');
      const kept = await seedAsset(store, scope, 'kept');
      await patchKv(store.session, 'asset_tags', doomed, { team: 'risk' });
      await deleteAsset(store.session, doomed);
      assert.equal(await findAsset(store.session, scope, 'model', 'doomed'), undefined);
      assert.equal((await loadKv(store.session, 'asset_tags', [doomed])).get(doomed), undefined);
      assert.equal((await findAsset(store.session, scope, 'model', 'kept'))?.id, kept);
    });

    it('updates an asset description and stamp, keeps the description when none is given, false when gone', async () => {
      const scope = await seedScope(store, 'update-reg');
      const asset = await seedAsset(store, scope, 'upd');
      assert.equal(await updateAsset(store.session, asset, { description: 'first', at: t1, by: 'bob' }), true);
      let found = await findAsset(store.session, scope, 'model', 'upd');
      assert.equal(found?.description, 'first');
      assert.equal(found?.updatedAt, t1);
      assert.equal(found?.updatedBy, 'bob');
      assert.equal(found?.createdAt, t0, 'creation stamp untouched');

      assert.equal(await updateAsset(store.session, asset, { at: t2, by: 'carol' }), true);
      found = await findAsset(store.session, scope, 'model', 'upd');
      assert.equal(found?.description, 'first', 'no description given: kept');
      assert.equal(found?.updatedAt, t2);
      assert.equal(found?.updatedBy, 'carol');

      assert.equal(await updateAsset(store.session, asset, { description: null, at: t2, by: 'carol' }), true);
      found = await findAsset(store.session, scope, 'model', 'upd');
      assert.equal(found?.description, null, 'null clears it');

      assert.equal(await updateAsset(store.session, randomUUID(), { description: 'x', at: t2, by: 'carol' }), false);
    });

    it('describes a version (description and stamp), keeps the description when none is given, false when gone', async () => {
      const scope = await seedScope(store, 'describe-reg');
      const asset = await seedAsset(store, scope, 'desc');
      const version = await seedVersion(store, asset, '1');
      assert.equal(await describeVersion(store.session, version, { description: 'v1', at: t1, by: 'bob' }), true);
      let found = await findVersionById(store.session, version);
      assert.equal(found?.description, 'v1');
      assert.equal(found?.updatedAt, t1);
      assert.equal(found?.updatedBy, 'bob');
      assert.equal(found?.state, 'ready', 'state untouched');

      assert.equal(await describeVersion(store.session, version, { at: t2, by: 'carol' }), true);
      found = await findVersionById(store.session, version);
      assert.equal(found?.description, 'v1', 'no description given: kept');
      assert.equal(found?.updatedAt, t2);

      assert.equal(await describeVersion(store.session, version, { description: null, at: t2, by: 'carol' }), true);
      assert.equal((await findVersionById(store.session, version))?.description, null, 'null clears it');

      assert.equal(await describeVersion(store.session, randomUUID(), { description: 'x', at: t2, by: 'c' }), false);
    });

    it('marks only a pending version as allowed to repeat the latest', async () => {
      const scope = await seedScope(store, 'allow-reg');
      const asset = await seedAsset(store, scope, 'allow');
      const pending = await seedVersion(store, asset, '1', { state: 'pending' });
      const ready = await seedVersion(store, asset, '2');
      assert.equal(await versionAllowsDuplicate(store.session, pending), false);
      await markAllowDuplicate(store.session, pending);
      assert.equal(await versionAllowsDuplicate(store.session, pending), true);
      await markAllowDuplicate(store.session, ready);
      assert.equal(await versionAllowsDuplicate(store.session, ready), false, 'a ready version is left as it is');
      await markAllowDuplicate(store.session, randomUUID());
    });

    it('deletes a version with its files and leaves the asset’s other versions', async () => {
      const scope = await seedScope(store, 'delete-reg');
      const asset = await seedAsset(store, scope, 'del');
      const gone = await seedVersion(store, asset, '1', { files: [digest('a')] });
      const kept = await seedVersion(store, asset, '2', { files: [digest('b')] });
      await deleteVersion(store.session, gone);
      assert.equal(await findVersionById(store.session, gone), undefined);
      assert.equal(await findVersionFile(store.session, gone, 'f0'), undefined, 'its files go with it');
      assert.equal((await findVersionById(store.session, kept))?.label, '2');
      assert.equal((await findVersionFile(store.session, kept, 'f0'))?.digest, digest('b'));
      await deleteVersion(store.session, gone);
    });

    it('finds a version file by version and exact path, typed', async () => {
      const scope = await seedScope(store, 'file-reg');
      const asset = await seedAsset(store, scope, 'files');
      const version = await seedVersion(store, asset, '1', { files: [digest('c'), digest('d')] });
      assert.deepEqual(await findVersionFile(store.session, version, 'f1'), {
        versionId: version,
        path: 'f1',
        size: 1,
        digest: digest('d'),
        position: 1,
      });
      assert.equal(await findVersionFile(store.session, version, 'F1'), undefined, 'paths are exact');
      assert.equal(await findVersionFile(store.session, version, 'f2'), undefined);
      const other = await seedVersion(store, asset, '2');
      assert.equal(await findVersionFile(store.session, other, 'f1'), undefined, 'another version');
    });

    it('finds an alias by asset and name, with its protection as a boolean', async () => {
      const scope = await seedScope(store, 'alias-reg');
      const asset = await seedAsset(store, scope, 'aliased');
      const otherAsset = await seedAsset(store, scope, 'other');
      const version = await seedVersion(store, asset, '1');
      await seedAlias(store, asset, 'prod', version, true);
      await seedAlias(store, asset, 'staging', version);
      assert.deepEqual(await findAlias(store.session, asset, 'prod'), {
        assetId: asset,
        name: 'prod',
        versionId: version,
        protected: true,
        updatedAt: t0,
        updatedBy: 'admin',
      });
      assert.equal((await findAlias(store.session, asset, 'staging'))?.protected, false);
      assert.equal(await findAlias(store.session, asset, 'latest'), undefined);
      assert.equal(await findAlias(store.session, otherAsset, 'prod'), undefined, 'another asset');
    });

    it('gives the next integer label: one more than the largest integer label, 1 for none', async () => {
      const scope = await seedScope(store, 'next-reg');
      const asset = await seedAsset(store, scope, 'numbered');
      const otherAsset = await seedAsset(store, scope, 'other');
      assert.equal(await nextVersionNumber(store.session, asset), 1);
      await seedVersion(store, asset, 'v-alpha');
      assert.equal(await nextVersionNumber(store.session, asset), 1, 'a non-integer label does not count');
      await seedVersion(store, asset, '2');
      await seedVersion(store, asset, '10');
      await seedVersion(store, asset, '007');
      assert.equal(await nextVersionNumber(store.session, asset), 11, 'numeric, not text, order; 007 is no integer');
      await seedVersion(store, otherAsset, '50');
      assert.equal(await nextVersionNumber(store.session, asset), 11, 'other assets do not count');
      await seedVersion(store, asset, '12', { state: 'pending' });
      assert.equal(await nextVersionNumber(store.session, asset), 13, 'a pending label counts');
    });

    it('lists pending versions past their deadline, up to the limit, and deletes only those', async () => {
      const scope = await seedScope(store, 'expire-reg');
      const asset = await seedAsset(store, scope, 'expiring');
      const expired = await seedVersion(store, asset, '1', { state: 'pending' });
      const alsoExpired = await seedVersion(store, asset, '2', { state: 'pending' });
      const notYet = await seedVersion(store, asset, '3', { state: 'pending' });
      const noDeadline = await seedVersion(store, asset, '4', { state: 'pending' });
      const ready = await seedVersion(store, asset, '5');
      await expiresAt(expired, t0);
      await expiresAt(alsoExpired, t0);
      await expiresAt(notYet, t2);
      await expiresAt(ready, t0);

      const listed = await expiredPendingVersions(store.session, t1, 100);
      const mine = listed.filter((v) => v.assetId === asset);
      assert.deepEqual(mine.map((v) => v.id).sort(), [expired, alsoExpired].sort());
      assert.ok(mine.every((v) => v.state === 'pending' && v.pendingExpiresAt === t0));
      assert.equal((await expiredPendingVersions(store.session, t1, 1)).length, 1, 'the limit holds');
      assert.equal(
        (await expiredPendingVersions(store.session, t0, 100)).filter((v) => v.assetId === asset).length,
        0,
        'a deadline equal to now has not passed',
      );

      assert.equal(await deleteExpiredPendingVersion(store.session, expired, t1), true);
      assert.equal(await findVersionById(store.session, expired), undefined);
      assert.equal(
        await deleteExpiredPendingVersion(store.session, expired, t1),
        false,
        'a second sweep finds it gone',
      );
      assert.equal(await deleteExpiredPendingVersion(store.session, notYet, t1), false, 'not yet expired');
      assert.equal(await deleteExpiredPendingVersion(store.session, noDeadline, t1), false, 'no deadline');
      assert.equal(await deleteExpiredPendingVersion(store.session, ready, t1), false, 'committed meanwhile');
      for (const id of [notYet, noDeadline, ready]) assert.ok(await findVersionById(store.session, id), id);
    });

    it('lets exactly one of two concurrent sweeps delete an expired pending version', async () => {
      const scope = await seedScope(store, 'sweep-reg');
      const asset = await seedAsset(store, scope, 'swept');
      const version = await seedVersion(store, asset, '1', { state: 'pending' });
      await expiresAt(version, t0);
      const results = await Promise.all([
        store.transaction((trx) => deleteExpiredPendingVersion(trx, version, t1)),
        store.transaction((trx) => deleteExpiredPendingVersion(trx, version, t1)),
      ]);
      assert.deepEqual(results.sort(), [false, true]);
    });
  });
}
