import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedAsset, seedScope, seedVersion } from '../../testing/metadata-seeds.js';
import { renameAssetRows } from './asset-rename-repository.js';
import { findAsset } from './assets-repository.js';
import type { MetadataStore } from './metadata-store.js';
import { findRetiredLabel, retireLabel } from './retired-labels-repository.js';

const at = '2026-12-04T00:00:00.000Z';

for (const dialect of testDialects) {
  describe(`asset renames on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;
    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => close?.());

    const owner = (assetKey: string) => ({
      scopeKind: 'registry',
      scopeKey: 'rename-reg',
      assetType: 'model',
      assetKey,
    });

    it('moves the asset to the new name and retires the labels it committed under the old one', async () => {
      const scope = await seedScope(store, 'rename-reg');
      const id = await seedAsset(store, scope, 'old');
      await seedVersion(store, id, '1');
      await seedVersion(store, id, '2', { state: 'pending' });
      await retireLabel(store.session, {
        owner: owner('old'),
        version: { label: '7', labelNumber: 7, manifestDigest: null },
        at,
        by: 'alice',
      });
      await store.transaction((trx) =>
        renameAssetRows(trx, {
          asset: { id, scopeId: scope, type: 'model', nameKey: 'old' },
          scope: { kind: 'registry', nameKey: 'rename-reg' },
          name: 'New',
          key: 'new',
          at,
          by: 'bob',
        }),
      );
      assert.equal(await findAsset(store.session, scope, 'model', 'old'), undefined);
      const moved = await findAsset(store.session, scope, 'model', 'new');
      assert.equal(moved?.id, id);
      assert.equal(moved?.name, 'New');
      assert.equal(moved?.updatedBy, 'bob');
      assert.equal((await findRetiredLabel(store.session, owner('old'), '1'))?.retired_by, 'bob');
      assert.equal(
        await findRetiredLabel(store.session, owner('old'), '2'),
        undefined,
        'a pending label is no label yet',
      );
      assert.equal((await findRetiredLabel(store.session, owner('new'), '7'))?.retired_by, 'alice');
    });

    it('retires nothing when only the case of the name changes', async () => {
      const scope = await seedScope(store, 'case-reg');
      const id = await seedAsset(store, scope, 'fraud');
      await seedVersion(store, id, '1');
      await store.transaction((trx) =>
        renameAssetRows(trx, {
          asset: { id, scopeId: scope, type: 'model', nameKey: 'fraud' },
          scope: { kind: 'registry', nameKey: 'case-reg' },
          name: 'Fraud',
          key: 'fraud',
          at,
          by: 'bob',
        }),
      );
      assert.equal((await findAsset(store.session, scope, 'model', 'fraud'))?.name, 'Fraud');
      const caseOwner = { ...owner('fraud'), scopeKey: 'case-reg' };
      assert.equal(await findRetiredLabel(store.session, caseOwner, '1'), undefined);
    });
  });
}
