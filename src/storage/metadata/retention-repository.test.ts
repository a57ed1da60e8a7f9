import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedAlias, seedAsset, seedScope, seedTime, seedVersion } from '../../testing/metadata-seeds.js';
import type { MetadataStore } from './metadata-store.js';
import {
  assetsOfTypes,
  deleteRetentionPolicy,
  findRetentionPolicy,
  putRetentionPolicy,
  scheduledRetentionPolicies,
  versionHolds,
} from './retention-repository.js';

for (const dialect of testDialects) {
  describe(`retention repository on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });

    it('stores one policy per scope, replaces it, lists the scheduled ones and removes it', async () => {
      const scopeId = await seedScope(store, 'kept');
      const manual = await seedScope(store, 'manual');
      const row = { scopeId, policy: '{"rules":[]}', intervalSeconds: 3600, updatedAt: seedTime, updatedBy: 'admin' };
      await putRetentionPolicy(store.session, row);
      await putRetentionPolicy(store.session, { ...row, policy: '{"rules":[1]}', intervalSeconds: 7200 });
      await putRetentionPolicy(store.session, { ...row, scopeId: manual, intervalSeconds: null });
      assert.deepEqual(await findRetentionPolicy(store.session, scopeId), {
        ...row,
        policy: '{"rules":[1]}',
        intervalSeconds: 7200,
      });
      assert.deepEqual(await scheduledRetentionPolicies(store.session, 10), [{ scopeId, intervalSeconds: 7200 }]);
      assert.equal(await deleteRetentionPolicy(store.session, scopeId), true);
      assert.equal(await deleteRetentionPolicy(store.session, scopeId), false);
      assert.equal(await findRetentionPolicy(store.session, scopeId), undefined);
    });

    it('lists the assets of the asked types only', async () => {
      const scopeId = await seedScope(store, 'typed');
      await seedAsset(store, scopeId, 'b-model', 'model');
      await seedAsset(store, scopeId, 'a-model', 'model');
      await seedAsset(store, scopeId, 'clicks', 'data');
      const found = await assetsOfTypes(store.session, scopeId, ['model']);
      assert.deepEqual(
        found.map((a) => [a.type, a.name]),
        [
          ['model', 'a-model'],
          ['model', 'b-model'],
        ],
      );
      assert.deepEqual(await assetsOfTypes(store.session, scopeId, []), []);
    });

    it('reads what holds each version: aliases, pending approvals, derived versions and shared copies', async () => {
      const scopeId = await seedScope(store, 'held');
      const other = await seedScope(store, 'elsewhere', { kind: 'workspace' });
      const assetId = await seedAsset(store, scopeId, 'fraud');
      const elsewhere = await seedAsset(store, other, 'copy');
      const v1 = await seedVersion(store, assetId, '1');
      const v2 = await seedVersion(store, assetId, '2');
      const v3 = await seedVersion(store, assetId, '3');
      const free = await seedVersion(store, assetId, '4', { state: 'archived' });
      await seedAlias(store, assetId, 'production', v1);
      const approval = {
        asset_id: assetId,
        alias: 'champion',
        version_id: v2,
        requested_by: 'admin',
        requested_at: seedTime,
        reason: null,
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      };
      await store.kysely
        .insertInto('approvals')
        .values({ ...approval, id: 'a1', state: 'pending' })
        .execute();
      await store.kysely
        .insertInto('approvals')
        .values({ ...approval, id: 'a2', version_id: v3, state: 'rejected' })
        .execute();
      const derived = await seedVersion(store, elsewhere, '1');
      await store.kysely
        .insertInto('version_lineage')
        .values({ version_id: derived, relation: 'data', target_version_id: v3 })
        .execute();
      const shared = await seedVersion(store, elsewhere, '2');
      await store.kysely.updateTable('versions').set({ origin_version_id: v2 }).where('id', '=', shared).execute();

      const holds = new Map((await versionHolds(store.session, assetId)).map((h) => [h.label, h]));
      assert.deepEqual(holds.get('1')?.aliases, ['production']);
      assert.deepEqual(holds.get('2')?.pendingApprovals, ['champion']);
      assert.deepEqual(holds.get('2')?.sharedAs, [shared]);
      assert.deepEqual(holds.get('3')?.pendingApprovals, [], 'a decided approval holds nothing');
      assert.deepEqual(holds.get('3')?.derivedBy, [derived]);
      assert.deepEqual(holds.get('4'), {
        id: free,
        label: '4',
        state: 'archived',
        readyAt: seedTime,
        aliases: [],
        pendingApprovals: [],
        derivedBy: [],
        sharedAs: [],
      });
      assert.deepEqual(
        (await versionHolds(store.session, assetId, [v1])).map((h) => h.label),
        ['1'],
        'only the asked versions',
      );
    });
  });
}
