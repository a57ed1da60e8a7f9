import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../testing/databases.js';
import type { Insertable } from 'kysely';
import { moveAliasesOffVersion, setAliasProtection } from './alias-moves.js';
import {
  aliasHistory,
  aliasMovesOfVersion,
  assetPlace,
  copiesOfVersion,
  addVersionFiles,
  deletePendingVersion,
  findVersion,
  findVersionById,
  firstCopyInAsset,
  firstCopyInScope,
  holdPendingVersion,
  insertAsset,
  insertVersion,
  listAliases,
  listVersionFiles,
  markVersionReady,
  moveAlias,
  protectedAliasesInScope,
  shareLink,
  updateVersion,
  versionAllowsDuplicate,
  versionPlace,
  versionSummaries,
} from './assets-repository.js';
import { dialectOf } from './dialect.js';
import { MetadataStore } from './metadata-store.js';
import { queries } from './session.js';
import type { VersionsTable } from './tables.js';
import { insertScope } from './scopes-repository.js';

const t0 = '2026-01-01T00:00:00.000Z';

type NewVersion = Insertable<VersionsTable> & { id: string };

/** A version with only its required columns (and those given): the nullable ones stay null. */
function versionRow(assetId: string, label: string, more: Partial<NewVersion> = {}): NewVersion {
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
    ...more,
  };
}

for (const dialect of testDialects) {
  describe(`version reads and writes services call on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let store: MetadataStore;
    const scopes: Record<'lab' | 'prod', string> = { lab: randomUUID(), prod: randomUUID() };
    const assets: Record<'lab' | 'prod', string> = { lab: randomUUID(), prod: randomUUID() };

    async function addVersion(row: NewVersion): Promise<string> {
      await store.kysely.insertInto('versions').values(row).execute();
      return row.id;
    }

    async function point(assetId: string, name: string, toVersionId: string): Promise<void> {
      await store.transaction((trx) =>
        moveAlias(trx, { historyId: randomUUID(), assetId, name, toVersionId, at: t0, by: 'admin' }),
      );
    }

    before(async () => {
      database = await dialect.create();
      store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      for (const [name, kind] of [
        ['lab', 'workspace'],
        ['prod', 'registry'],
      ] as const) {
        await insertScope(
          store.session,
          {
            id: scopes[name],
            kind,
            name,
            nameKey: name,
            description: null,
            location: name === 'lab' ? 'eastus' : 'westus',
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
        await insertAsset(store.session, {
          id: assets[name],
          scopeId: scopes[name],
          type: 'model',
          name: `m-${name}`,
          nameKey: `m-${name}`,
          description: null,
          createdAt: t0,
          createdBy: 'admin',
          updatedAt: t0,
          updatedBy: 'admin',
        });
      }
    });
    after(async () => {
      await store?.close();
      await database?.cleanup();
    });

    it('knows its own dialect from a connection and from a transaction', async () => {
      assert.equal(dialectOf(store.kysely), dialect.name);
      assert.equal(await store.transaction(async (trx) => dialectOf(queries(trx))), dialect.name);
    });

    it('reads version summaries, and where a version and an asset live', async () => {
      const id = await addVersion(versionRow(assets.lab, 'summary', { description: 'd', total_size: 7 }));
      const [summary] = await versionSummaries(store.session, [id, randomUUID()]);
      assert.deepEqual(
        { id: summary?.id, label: summary?.label, description: summary?.description, size: summary?.totalSize },
        { id, label: 'summary', description: 'd', size: 7 },
      );
      assert.deepEqual(await versionSummaries(store.session, []), []);
      assert.deepEqual(await versionPlace(store.session, id), {
        scopeKind: 'workspace',
        scope: 'lab',
        type: 'model',
        name: 'm-lab',
        version: 'summary',
      });
      assert.equal(await versionPlace(store.session, randomUUID()), undefined);
      assert.deepEqual(await assetPlace(store.session, assets.prod), {
        location: 'westus',
        scopeKind: 'registry',
        scope: 'prod',
        type: 'model',
        name: 'm-prod',
      });
      assert.equal(await assetPlace(store.session, randomUUID()), undefined);
    });

    it('follows share chains: links, copies of a version, the first committed copy in an asset or a scope', async () => {
      const origin = await addVersion(versionRow(assets.lab, 'origin'));
      await addVersion(versionRow(assets.prod, 'pending-copy', { state: 'pending', origin_version_id: origin }));
      await addVersion(
        versionRow(assets.prod, 'copy-2', { origin_version_id: origin, created_at: '2026-01-02T00:00:00.000Z' }),
      );
      const first = await addVersion(versionRow(assets.prod, 'copy-1', { origin_version_id: origin }));
      assert.deepEqual(await shareLink(store.session, first), {
        id: first,
        originVersionId: origin,
        scopeId: scopes.prod,
      });
      assert.deepEqual(await shareLink(store.session, origin), {
        id: origin,
        originVersionId: null,
        scopeId: scopes.lab,
      });
      assert.equal(await shareLink(store.session, randomUUID()), undefined);
      assert.equal((await firstCopyInAsset(store.session, assets.prod, origin))?.id, first);
      assert.equal(await firstCopyInAsset(store.session, assets.lab, origin), undefined);
      assert.equal(await firstCopyInScope(store.session, scopes.prod, [randomUUID(), origin]), first);
      assert.equal(await firstCopyInScope(store.session, scopes.lab, [origin]), undefined);
      assert.equal(await firstCopyInScope(store.session, scopes.prod, []), undefined);
      const copies = (await copiesOfVersion(store.session, origin)).map((c) => c.version).sort();
      assert.deepEqual(copies, ['copy-1', 'copy-2', 'pending-copy']);
    });

    it('lists the protected aliases of a scope by asset and alias name, at most as many as asked', async () => {
      const id = await addVersion(versionRow(assets.prod, 'guarded'));
      for (const name of ['zeta', 'alpha', 'plain']) await point(assets.prod, name, id);
      for (const name of ['zeta', 'alpha'])
        await store.transaction((trx) =>
          setAliasProtection(trx, {
            historyId: randomUUID(),
            assetId: assets.prod,
            name,
            protected: true,
            at: '2026-01-01T00:00:01.000Z',
            by: 'admin',
          }),
        );
      assert.deepEqual(await protectedAliasesInScope(store.session, scopes.prod, 6), [
        { type: 'model', name: 'm-prod', alias: 'alpha' },
        { type: 'model', name: 'm-prod', alias: 'zeta' },
      ]);
      assert.equal((await protectedAliasesInScope(store.session, scopes.prod, 1)).length, 1);
      assert.deepEqual(await protectedAliasesInScope(store.session, scopes.lab, 6), []);
      const moves = await aliasMovesOfVersion(store.session, assets.prod, id);
      assert.deepEqual(
        moves.filter((m) => m.alias === 'alpha').map((m) => [m.action, m.fromVersion, m.toVersion]),
        [
          ['move', null, 'guarded'],
          ['protect', 'guarded', 'guarded'],
        ],
      );
    });

    it('holds and deletes a version only while it is pending', async () => {
      const pending = await addVersion(versionRow(assets.lab, 'pending', { state: 'pending' }));
      const ready = await addVersion(versionRow(assets.lab, 'ready'));
      assert.equal(await store.transaction((trx) => holdPendingVersion(trx, pending)), true);
      assert.equal(await store.transaction((trx) => holdPendingVersion(trx, ready)), false);
      assert.equal(await deletePendingVersion(store.session, ready), false);
      assert.notEqual(await findVersionById(store.session, ready), undefined);
      assert.equal(await deletePendingVersion(store.session, pending), true);
      assert.equal(await findVersionById(store.session, pending), undefined);
      assert.equal(await deletePendingVersion(store.session, pending), false);
    });

    it('writes a version and its files and reads them back as domain values: camelCase, the spec parsed, the label number derived', async () => {
      const id = randomUUID();
      const digest = `sha256:${'a'.repeat(64)}` as const;
      const manifest = `sha256:${'b'.repeat(64)}` as const;
      const inserted = await insertVersion(
        store.session,
        {
          id,
          assetId: assets.lab,
          label: '42',
          description: null,
          state: 'pending',
          flavor: null,
          framework: null,
          dataType: 'uri_file',
          job: null,
          source: null,
          originVersionId: null,
          manifestDigest: null,
          totalSize: 5,
          fileCount: 1,
          createdAt: t0,
          createdBy: 'admin',
          updatedAt: t0,
          updatedBy: 'admin',
          committedAt: null,
          pendingExpiresAt: '2026-01-02T00:00:00.000Z',
          spec: { name: 'env', version: 42, tags: { a: 'b' } },
          specYaml: 'name: env\n',
        },
        true,
      );
      assert.equal(inserted.labelNumber, 42);
      await addVersionFiles(store.session, id, [{ path: 'w.bin', size: 5, digest, position: 0 }]);
      assert.equal(await versionAllowsDuplicate(store.session, id), true);
      assert.equal(await updateVersion(store.session, id, { description: 'd', updatedBy: 'someone' }), 1);
      const ready = await markVersionReady(store.session, id, {
        committedAt: t0,
        manifestDigest: manifest,
        updatedAt: t0,
        updatedBy: 'admin',
      });
      assert.equal(ready, true);
      assert.deepEqual(await findVersion(store.session, assets.lab, '42'), {
        ...inserted,
        description: 'd',
        state: 'ready',
        manifestDigest: manifest,
        updatedBy: 'admin',
        committedAt: t0,
        pendingExpiresAt: null,
      });
      assert.deepEqual(await listVersionFiles(store.session, id), [
        { versionId: id, path: 'w.bin', size: 5, digest, position: 0 },
      ]);
      const named = await insertVersion(store.session, { ...inserted, id: randomUUID(), label: '042' });
      assert.equal(named.labelNumber, null, 'a label with a leading zero is not a number');
    });

    it('takes every alias off a version: latest moves back to the newest other ready version, the rest go', async () => {
      const assetId = randomUUID();
      await insertAsset(store.session, {
        id: assetId,
        scopeId: scopes.lab,
        type: 'model',
        name: 'falls-back',
        nameKey: 'falls-back',
        description: null,
        createdAt: t0,
        createdBy: 'admin',
        updatedAt: t0,
        updatedBy: 'admin',
      });
      const older = await addVersion(versionRow(assetId, '1', { committed_at: '2026-01-01T00:00:01.000Z' }));
      await addVersion(versionRow(assetId, '2', { state: 'archived', committed_at: '2026-01-01T00:00:02.000Z' }));
      const newest = await addVersion(versionRow(assetId, '3', { committed_at: '2026-01-01T00:00:03.000Z' }));
      for (const name of ['latest', 'production', 'staging']) await point(assetId, name, newest);
      await point(assetId, 'kept', older);
      const moved = await store.transaction((trx) =>
        moveAliasesOffVersion(trx, { assetId, versionId: newest, at: t0, by: 'admin' }),
      );
      assert.deepEqual(moved, ['latest', 'production', 'staging']);
      const aliases = (await listAliases(store.session, assetId)).map((a) => [a.name, a.versionId]);
      assert.deepEqual(aliases.sort(), [
        ['kept', older],
        ['latest', older],
      ]);
      const [lastLatest] = await aliasHistory(store.session, { assetId, alias: 'latest', limit: 1 });
      assert.deepEqual([lastLatest?.fromVersionId, lastLatest?.toLabel], [newest, '1']);
      const [lastProduction] = await aliasHistory(store.session, { assetId, alias: 'production', limit: 1 });
      assert.deepEqual([lastProduction?.fromLabel, lastProduction?.toLabel], ['3', null]);
      assert.equal(
        await store.transaction((trx) =>
          moveAliasesOffVersion(trx, { assetId, versionId: newest, at: t0, by: 'admin' }).then((n) => n.length),
        ),
        0,
      );
    });
  });
}
