import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedAlias, seedAsset, seedScope, seedVersion } from '../../testing/metadata-seeds.js';
import type { MetadataStore } from './metadata-store.js';
import { searchAliases, searchAssets, searchScopes, type SearchVisibility } from './search-repository.js';

const everything: SearchVisibility = { registry: 'all', workspace: 'all' };

for (const dialect of testDialects) {
  describe(`catalogue search on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      const reg = await seedScope(store, 'Shared');
      const ws = await seedScope(store, 'lab', { kind: 'workspace' });
      await store.kysely.updateTable('scopes').set({ description: 'the LAB of Ada' }).where('id', '=', ws).execute();
      await store.kysely.insertInto('scope_tags').values({ scope_id: reg, key: 'owner', value: 'ada' }).execute();
      const fraud = await seedAsset(store, reg, 'fraud');
      await store.kysely.insertInto('asset_tags').values({ asset_id: fraud, key: 'stage', value: 'Prod' }).execute();
      const mine = await seedAsset(store, ws, 'ada-model');
      const v1 = await seedVersion(store, fraud, '1');
      await seedAlias(store, fraud, 'latest', v1);
      await seedAlias(store, fraud, 'production', v1);
      await seedVersion(store, mine, '1');
    });
    after(async () => {
      await close?.();
    });

    it('matches scope names, descriptions and tag values, ignoring ASCII case, and says what matched', async () => {
      const hits = await searchScopes(store.session, { text: 'ADA', visible: everything, limit: 10 });
      assert.deepEqual(
        hits.map((h) => [h.scope, h.matched, h.tag]),
        [
          ['lab', 'description', null],
          ['Shared', 'tag', 'owner=ada'],
        ],
      );
    });

    it('only searches the scopes given, by kind and case-folded name', async () => {
      const visible: SearchVisibility = { registry: [], workspace: ['lab'] };
      assert.deepEqual(
        (await searchScopes(store.session, { text: 'a', visible, limit: 10 })).map((h) => h.scope),
        ['lab'],
      );
      assert.deepEqual(
        (await searchAssets(store.session, { text: 'a', visible, limit: 10 })).map((h) => h.name),
        ['ada-model'],
      );
      const none: SearchVisibility = { registry: [], workspace: [] };
      assert.deepEqual(await searchAssets(store.session, { text: 'a', visible: none, limit: 10 }), []);
    });

    it('matches asset tags and resumes after the last hit of a page', async () => {
      const first = await searchAssets(store.session, { text: 'o', visible: everything, limit: 1 });
      assert.deepEqual(
        first.map((h) => [h.name, h.matched]),
        [['ada-model', 'name']],
      );
      const rest = await searchAssets(store.session, {
        text: 'o',
        visible: everything,
        limit: 5,
        after: first[0]!.after,
      });
      assert.deepEqual(
        rest.map((h) => [h.name, h.matched, h.tag]),
        [['fraud', 'tag', 'stage=Prod']],
      );
    });

    it('matches alias names with the version they name, leaving out latest', async () => {
      const hits = await searchAliases(store.session, { text: 't', visible: everything, limit: 10 });
      assert.deepEqual(
        hits.map((h) => [h.name, h.alias, h.version]),
        [['fraud', 'production', '1']],
      );
    });
  });
}
