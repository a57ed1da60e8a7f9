import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedAlias, seedAsset, seedScope, seedVersion } from '../../testing/metadata-seeds.js';
import { listVersionsPage } from './asset-lists.js';
import { versionDetails } from './assets-repository.js';
import type { MetadataStore } from './metadata-store.js';

for (const dialect of testDialects) {
  describe(`version list pages on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });

    it('gives each listed version the tags, properties and aliases versionDetails reads, keys in byte order', async () => {
      const scope = await seedScope(store, 'page-details-reg');
      const asset = await seedAsset(store, scope, 'page-details-model');
      const tagged = await seedVersion(store, asset, '1');
      const bare = await seedVersion(store, asset, '2');
      // Inserted out of order: upper case before lower case, a non-ASCII key last, an integer-like key first.
      const tags = [
        ['é', 'e-acute'],
        ['b', 'lower'],
        ['10', 'ten'],
        ['B', 'upper'],
        ['a', 'first'],
      ];
      await store.kysely
        .insertInto('version_tags')
        .values(tags.map(([key, value]) => ({ version_id: tagged, key: key ?? '', value: value ?? '' })))
        .execute();
      await store.kysely
        .insertInto('version_properties')
        .values([
          { version_id: tagged, key: 'loss', value: '0.1' },
          { version_id: tagged, key: 'Accuracy', value: '0.9' },
        ])
        .execute();
      for (const alias of ['zeta', 'latest', 'Alpha']) await seedAlias(store, asset, alias, tagged);

      const page = await listVersionsPage(store.session, {
        assetId: asset,
        query: { orderBy: [{ field: 'version', direction: 'asc' }], states: ['ready'] },
        limit: 10,
      });
      assert.deepEqual(
        page.rows.map((v) => v.id),
        [tagged, bare],
      );
      // PostgreSQL reads them with the page, in the same statement; SQLite reads them apart (versionDetails).
      assert.equal(page.details !== undefined, dialect.name === 'postgres');
      const read = await versionDetails(store.session, [tagged, bare]);
      const shown = page.details ?? read;
      for (const [name, map] of [
        ['tags', shown.tags],
        ['properties', shown.properties],
      ] as const) {
        const expected = read[name].get(tagged);
        assert.deepEqual(map.get(tagged), expected, name);
        assert.deepEqual(Object.keys(map.get(tagged) ?? {}), Object.keys(expected ?? {}), `${name} in byte order`);
        assert.equal(map.get(bare), undefined, `the bare version has no ${name}`);
      }
      assert.deepEqual(Object.keys(shown.tags.get(tagged) ?? {}), ['10', 'B', 'a', 'b', 'é']);
      assert.deepEqual(shown.aliases.get(tagged), ['Alpha', 'latest', 'zeta']);
      assert.equal(shown.aliases.get(bare), undefined);
    });
  });
}
