import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../testing/databases.js';
import type { Insertable } from 'kysely';
import { insertAsset, moveAlias, versionDetails } from './assets-repository.js';
import { replaceKv } from './kv.js';
import { MetadataStore } from './metadata-store.js';
import type { VersionsTable } from './tables.js';
import { insertScope } from './scopes-repository.js';

const t0 = '2026-01-01T00:00:00.000Z';

/** A ready version with only its required columns: the nullable ones stay null. */
function versionRow(assetId: string, label: string): Insertable<VersionsTable> & { id: string } {
  return {
    id: randomUUID(),
    asset_id: assetId,
    label,
    state: 'ready',
    total_size: 0,
    file_count: 0,
    created_at: t0,
    created_by: 'admin',
    updated_at: t0,
    updated_by: 'admin',
  };
}

for (const dialect of testDialects) {
  describe(`version details on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let store: MetadataStore;
    const versions: { id: string }[] = [];

    before(async () => {
      database = await dialect.create();
      store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      const scopeId = randomUUID();
      await insertScope(
        store.session,
        {
          id: scopeId,
          kind: 'workspace',
          name: 'lab',
          nameKey: 'lab',
          description: null,
          location: 'eastus',
          publicNetworkAccess: null,
          provisioningState: 'Succeeded',
          createdAt: t0,
          createdBy: 'admin',
          updatedAt: t0,
          updatedBy: 'admin',
        },
        {},
        [],
      );
      const assetId = randomUUID();
      await insertAsset(store.session, {
        id: assetId,
        scopeId,
        type: 'model',
        name: 'm',
        nameKey: 'm',
        description: null,
        createdAt: t0,
        createdBy: 'admin',
        updatedAt: t0,
        updatedBy: 'admin',
      });
      for (const label of ['1', '2', '3']) {
        const row = versionRow(assetId, label);
        await store.kysely.insertInto('versions').values(row).execute();
        versions.push(row);
      }
      const [one, two] = versions as [{ id: string }, { id: string }, { id: string }];
      await replaceKv(store.session, 'version_tags', one.id, {
        team: 'vision',
        Stage: 'prod',
        a: 'x',
        'z\u{1F600}': 'emoji',
        'z\uFF21': 'fullwidth',
      });
      await replaceKv(store.session, 'version_properties', one.id, { loss: '0.1', accuracy: '0.9' });
      await replaceKv(store.session, 'version_tags', two.id, { team: 'nlp' });
      for (const name of ['production', 'latest', 'Best']) {
        await store.transaction((trx) =>
          moveAlias(trx, {
            historyId: randomUUID(),
            assetId,
            name,
            toVersionId: name === 'latest' ? two.id : one.id,
            at: t0,
            by: 'admin',
          }),
        );
      }
    });
    after(async () => {
      await store?.close();
      await database?.cleanup();
    });

    it('reads the tags, properties and alias names of many versions, each with its keys in bytewise order', async () => {
      const [one, two, three] = versions as [{ id: string }, { id: string }, { id: string }];
      const details = await versionDetails(store.session, [one.id, two.id, three.id]);
      assert.deepEqual(Object.entries(details.tags.get(one.id) ?? {}), [
        ['Stage', 'prod'],
        ['a', 'x'],
        ['team', 'vision'],
        ['z\uFF21', 'fullwidth'],
        ['z\u{1F600}', 'emoji'],
      ]);
      assert.deepEqual(Object.entries(details.properties.get(one.id) ?? {}), [
        ['accuracy', '0.9'],
        ['loss', '0.1'],
      ]);
      assert.deepEqual(details.aliases.get(one.id), ['Best', 'production']);
      assert.deepEqual(details.tags.get(two.id), { team: 'nlp' });
      assert.equal(details.properties.get(two.id), undefined);
      assert.deepEqual(details.aliases.get(two.id), ['latest']);
      assert.equal(
        details.tags.has(three.id) || details.properties.has(three.id) || details.aliases.has(three.id),
        false,
      );
    });

    it('answers empty maps for no versions', async () => {
      const details = await versionDetails(store.session, []);
      assert.equal(details.tags.size + details.properties.size + details.aliases.size, 0);
    });
  });
}
