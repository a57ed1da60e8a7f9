import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
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
import { archiveReadyVersion, lockAlias, moveLatestOff, moveLatestTo, restoreArchivedVersion } from './alias-moves.js';
import { listAssetsPage, listVersionsPage } from './asset-lists.js';
import { findVersionById, listAliases } from './assets-repository.js';
import { blobsPresent, queueUnreferencedBlobs, recordBlob } from './blobs-repository.js';
import type { MetadataStore } from './metadata-store.js';
import { completePushedVersion, insertPushedVersion } from './oci-versions-repository.js';

const t1 = '2026-01-02T00:00:00.000Z';
const t2 = '2026-01-03T00:00:00.000Z';

/** Fails naming `what` when `promise` has not settled within `ms` (bounded waits only). */
async function within<T>(what: string, promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

for (const dialect of testDialects) {
  describe(
    `alias moves, asset lists, pushed versions and blob presence on ${dialect.name}`,
    { skip: dialect.skip },
    () => {
      let store: MetadataStore;
      let close: () => Promise<void>;

      before(async () => {
        ({ store, close } = await openTestStore(dialect));
      });
      after(async () => {
        await close?.();
      });

      async function committed(versionId: string, at: string): Promise<void> {
        await store.kysely.updateTable('versions').set({ committed_at: at }).where('id', '=', versionId).execute();
      }

      async function latestOf(assetId: string): Promise<string | undefined> {
        return (await listAliases(store.session, assetId)).find((a) => a.name === 'latest')?.versionId;
      }

      async function historyOf(assetId: string, alias: string) {
        return store.kysely
          .selectFrom('alias_history')
          .select(['seq', 'from_version_id', 'to_version_id', 'action'])
          .where('asset_id', '=', assetId)
          .where('alias', '=', alias)
          .orderBy('seq')
          .execute();
      }

      it('archives only a ready version and restores only an archived one, each once', async () => {
        const scope = await seedScope(store, 'archive-reg');
        const asset = await seedAsset(store, scope, 'archived-model');
        const ready = await seedVersion(store, asset, '1');
        const pending = await seedVersion(store, asset, '2', { state: 'pending' });

        assert.equal(await archiveReadyVersion(store.session, ready, t1, 'ops'), true);
        assert.equal(await archiveReadyVersion(store.session, ready, t1, 'ops'), false, 'already archived');
        assert.equal(await archiveReadyVersion(store.session, pending, t1, 'ops'), false, 'a pending one is not ready');
        const archived = await findVersionById(store.session, ready);
        assert.equal(archived?.state, 'archived');
        assert.equal(archived?.updatedAt, t1);
        assert.equal(archived?.updatedBy, 'ops');
        assert.equal((await findVersionById(store.session, pending))?.state, 'pending');

        assert.equal(await restoreArchivedVersion(store.session, ready, t2, 'dev'), true);
        assert.equal(await restoreArchivedVersion(store.session, ready, t2, 'dev'), false, 'already ready');
        assert.equal(
          await restoreArchivedVersion(store.session, pending, t2, 'dev'),
          false,
          'a pending one is not archived',
        );
        const restored = await findVersionById(store.session, ready);
        assert.equal(restored?.state, 'ready');
        assert.equal(restored?.updatedBy, 'dev');
        assert.equal(await archiveReadyVersion(store.session, randomUUID(), t1, 'ops'), false, 'no such version');
      });

      it('locks an alias inside a transaction and returns it, or undefined when there is none', async () => {
        const scope = await seedScope(store, 'lock-reg');
        const asset = await seedAsset(store, scope, 'locked-model');
        const version = await seedVersion(store, asset, '1');
        await seedAlias(store, asset, 'prod', version, true);

        const [found, missing] = await store.transaction(async (trx) => [
          await lockAlias(trx, asset, 'prod'),
          await lockAlias(trx, asset, 'nope'),
        ]);
        assert.deepEqual(found, {
          assetId: asset,
          name: 'prod',
          versionId: version,
          protected: true,
          updatedAt: t0,
          updatedBy: 'admin',
        });
        assert.equal(missing, undefined);
      });

      it(
        'makes a second transaction locking the same alias wait until the first ends',
        {
          skip:
            dialect.name !== 'postgres' &&
            'SQLite has one writer at a time: a second transaction waits on the database',
        },
        async () => {
          const scope = await seedScope(store, 'lock-wait-reg');
          const asset = await seedAsset(store, scope, 'lock-wait-model');
          const version = await seedVersion(store, asset, '1');
          await seedAlias(store, asset, 'prod', version);

          let release!: () => void;
          const released = new Promise<void>((resolve) => (release = resolve));
          let holding!: () => void;
          const held = new Promise<void>((resolve) => (holding = resolve));
          const first = store.transaction(async (trx) => {
            await lockAlias(trx, asset, 'prod');
            holding();
            await released;
          });
          try {
            await within('the first transaction to lock the alias', held);
            let settled = false;
            const second = store.transaction((trx) => lockAlias(trx, asset, 'prod')).finally(() => (settled = true));
            await pause(200);
            assert.equal(settled, false, 'the second lock waits while the first transaction holds it');
            release();
            await within('the first transaction to commit', first);
            assert.equal((await within('the second lock after the first commit', second))?.versionId, version);
          } finally {
            release();
            await first.catch(() => undefined);
          }
        },
      );

      it('moves latest to a newly committed version, with history, but never back to an older one', async () => {
        const scope = await seedScope(store, 'latest-to-reg');
        const asset = await seedAsset(store, scope, 'latest-to-model');
        const v1 = await seedVersion(store, asset, '1');
        const v2 = await seedVersion(store, asset, '2');
        await committed(v1, t1);
        await committed(v2, t2);

        await store.transaction((trx) =>
          moveLatestTo(trx, { historyId: randomUUID(), assetId: asset, toVersionId: v2, at: t2, by: 'ci' }),
        );
        assert.equal(await latestOf(asset), v2, 'a new alias is created');
        await store.transaction((trx) =>
          moveLatestTo(trx, { historyId: randomUUID(), assetId: asset, toVersionId: v1, at: t2, by: 'ci' }),
        );
        assert.equal(await latestOf(asset), v2, 'v1 was committed before v2: latest stays');
        assert.deepEqual(await historyOf(asset, 'latest'), [
          { seq: 1, from_version_id: null, to_version_id: v2, action: 'move' },
        ]);
      });

      it('moves latest off a version to the newest other ready one, passing over non-ready ones, or removes it', async () => {
        const scope = await seedScope(store, 'latest-off-reg');
        const asset = await seedAsset(store, scope, 'latest-off-model');
        const v1 = await seedVersion(store, asset, '1');
        const v2 = await seedVersion(store, asset, '2', { state: 'archived' });
        const v3 = await seedVersion(store, asset, '3');
        await committed(v1, t0);
        await committed(v2, t1);
        await committed(v3, t2);
        await seedAlias(store, asset, 'latest', v3);

        await store.transaction((trx) =>
          moveLatestOff(trx, { historyId: randomUUID(), assetId: asset, versionId: v1, at: t2, by: 'ops' }),
        );
        assert.equal(await latestOf(asset), v3, 'latest does not point at v1: nothing moves');

        await store.transaction(async (trx) => {
          assert.equal(await archiveReadyVersion(trx, v3, t2, 'ops'), true);
          await moveLatestOff(trx, { historyId: randomUUID(), assetId: asset, versionId: v3, at: t2, by: 'ops' });
        });
        assert.equal(await latestOf(asset), v1, 'v2 is archived: the newest other ready version is v1');

        await store.transaction(async (trx) => {
          assert.equal(await archiveReadyVersion(trx, v1, t2, 'ops'), true);
          await moveLatestOff(trx, { historyId: randomUUID(), assetId: asset, versionId: v1, at: t2, by: 'ops' });
        });
        assert.equal(await latestOf(asset), undefined, 'no other ready version: latest goes');
        assert.deepEqual(await historyOf(asset, 'latest'), [
          { seq: 1, from_version_id: v3, to_version_id: v1, action: 'move' },
          { seq: 2, from_version_id: v1, to_version_id: null, action: 'move' },
        ]);
      });

      it('lists a scope’s assets of a type in order, a limited page at a time, after a cursor, filtered', async () => {
        const scope = await seedScope(store, 'list-assets-reg');
        const other = await seedScope(store, 'list-assets-other');
        const ids = {
          beta: await seedAsset(store, scope, 'Beta'),
          alpha: await seedAsset(store, scope, 'alpha'),
          gamma: await seedAsset(store, scope, 'gamma'),
        };
        await seedAsset(store, scope, 'a-dataset', 'data');
        await seedAsset(store, other, 'alpha-elsewhere');
        const query = { orderBy: [{ field: 'name', direction: 'asc' as const }] };

        const first = await listAssetsPage(store.session, { scopeId: scope, type: 'model', query, limit: 2 });
        assert.deepEqual(
          first.rows.map((a) => a.name),
          ['alpha', 'Beta'],
          'by name regardless of case; other types and scopes left out',
        );
        assert.ok(first.next, 'a further page');
        const second = await listAssetsPage(store.session, {
          scopeId: scope,
          type: 'model',
          query,
          limit: 2,
          after: first.next,
        });
        assert.deepEqual(
          second.rows.map((a) => a.id),
          [ids.gamma],
        );
        assert.equal(second.next, undefined, 'the last page');

        const filtered = await listAssetsPage(store.session, {
          scopeId: scope,
          type: 'model',
          query: {
            ...query,
            filter: {
              kind: 'compare',
              field: { name: 'name' },
              op: '=',
              value: 'gamma',
              position: 1,
              valuePosition: 9,
            },
          },
          limit: 10,
        });
        assert.deepEqual(
          filtered.rows.map((a) => a.id),
          [ids.gamma],
        );
      });

      it('lists an asset’s versions of the given states in order, a page at a time, after a cursor, filtered', async () => {
        const scope = await seedScope(store, 'list-versions-reg');
        const asset = await seedAsset(store, scope, 'listed-model');
        const v1 = await seedVersion(store, asset, '1', { files: [digest('1')] });
        const v2 = await seedVersion(store, asset, '2', { state: 'archived' });
        const v3 = await seedVersion(store, asset, '3', { files: [digest('1'), digest('2'), digest('3')] });
        await seedVersion(store, asset, '4', { state: 'pending' });
        const byVersion = { orderBy: [{ field: 'version', direction: 'desc' as const }] };

        const ready = await listVersionsPage(store.session, {
          assetId: asset,
          query: { ...byVersion, states: ['ready'] },
          limit: 10,
        });
        assert.deepEqual(
          ready.rows.map((v) => v.id),
          [v3, v1],
        );
        assert.equal(ready.next, undefined);

        const first = await listVersionsPage(store.session, {
          assetId: asset,
          query: { ...byVersion, states: ['ready', 'archived'] },
          limit: 2,
        });
        assert.deepEqual(
          first.rows.map((v) => v.id),
          [v3, v2],
        );
        assert.ok(first.next);
        const second = await listVersionsPage(store.session, {
          assetId: asset,
          query: { ...byVersion, states: ['ready', 'archived'] },
          limit: 2,
          after: first.next,
        });
        assert.deepEqual(
          second.rows.map((v) => v.id),
          [v1],
        );
        assert.equal(second.next, undefined);

        const large = await listVersionsPage(store.session, {
          assetId: asset,
          query: {
            orderBy: [{ field: 'size', direction: 'asc' }],
            states: ['ready', 'archived'],
            filter: { kind: 'compare', field: { name: 'size' }, op: '>=', value: 1, position: 1, valuePosition: 9 },
          },
          limit: 10,
        });
        assert.deepEqual(
          large.rows.map((v) => v.id),
          [v1, v3],
          'size ≥ 1, smallest first',
        );
      });

      it('inserts a pushed version ready at once with its files, and completes a pending one as pushed', async () => {
        const scope = await seedScope(store, 'push-reg');
        const asset = await seedAsset(store, scope, 'pushed-model');
        const id = await insertPushedVersion(store.session, {
          assetId: asset,
          label: 'v1',
          manifestDigest: digest('a'),
          files: [
            { path: 'index.json', size: 10, digest: digest('b') },
            { path: 'blobs/x', size: 5, digest: digest('c') },
          ],
          at: t1,
          by: 'pusher',
        });
        const pushed = await findVersionById(store.session, id);
        assert.equal(pushed?.state, 'ready');
        assert.equal(pushed?.label, 'v1');
        assert.equal(pushed?.manifestDigest, digest('a'));
        assert.equal(pushed?.totalSize, 15);
        assert.equal(pushed?.fileCount, 2);
        assert.equal(pushed?.committedAt, t1);
        assert.equal(pushed?.createdBy, 'pusher');
        const files = await store.kysely
          .selectFrom('version_files')
          .select(['path', 'size', 'digest', 'position'])
          .where('version_id', '=', id)
          .orderBy('position')
          .execute();
        assert.deepEqual(
          files.map((f) => [f.path, Number(f.size), f.digest, Number(f.position)]),
          [
            ['index.json', 10, digest('b'), 0],
            ['blobs/x', 5, digest('c'), 1],
          ],
        );

        const pendingId = await seedVersion(store, asset, 'v2', { state: 'pending' });
        const pending = (await findVersionById(store.session, pendingId))!;
        await completePushedVersion(store.session, pending, {
          manifestDigest: digest('d'),
          totalSize: 42,
          fileCount: 3,
          at: t2,
          by: 'pusher',
        });
        const completed = await findVersionById(store.session, pendingId);
        assert.equal(completed?.state, 'ready');
        assert.equal(completed?.manifestDigest, digest('d'));
        assert.equal(completed?.totalSize, 42);
        assert.equal(completed?.fileCount, 3);
        assert.equal(completed?.committedAt, t2);
        assert.equal(completed?.updatedBy, 'pusher');
        assert.equal(completed?.pendingExpiresAt, null);

        const archivedId = await seedVersion(store, asset, 'v3', { state: 'archived' });
        await committed(archivedId, t1);
        const archived = (await findVersionById(store.session, archivedId))!;
        await completePushedVersion(store.session, archived, {
          manifestDigest: digest('e'),
          totalSize: 1,
          fileCount: 1,
          at: t2,
          by: 'pusher',
        });
        const kept = await findVersionById(store.session, archivedId);
        assert.equal(kept?.state, 'archived', 'a version not pending keeps its state');
        assert.equal(kept?.committedAt, t1, 'and its committed time');
        assert.equal(kept?.manifestDigest, digest('e'));
      });

      it('finds which digests a region holds, with their sizes, in batches beyond 500 digests', async () => {
        const held = Array.from({ length: 1200 }, (_, i) => `sha256:${i.toString(16).padStart(64, '0')}`);
        await store.kysely
          .insertInto('blobs')
          .values(held.map((d, i) => ({ region: 'presence-east', digest: d, size: i, created_at: t0 })))
          .execute();
        await recordBlob(store.session, { region: 'presence-west', digest: digest('f'), size: 7, at: t0 });
        const asked = [...held.filter((_, i) => i % 2 === 0), digest('f'), digest('e')];

        const present = await blobsPresent(store.session, 'presence-east', asked);
        assert.equal(present.size, 600, 'every even one of 1200, across three batches; none of the others');
        assert.equal(present.get(held[0]!), 0);
        assert.equal(present.get(held[1198]!), 1198);
        assert.equal(present.has(digest('f')), false, 'held in another region only');

        const west = await blobsPresent(store.session, 'presence-west', asked);
        assert.deepEqual([...west], [[digest('f'), 7]]);
        assert.equal((await blobsPresent(store.session, 'presence-east', [])).size, 0);
      });

      it('queues for collection the blobs of a version no other version in the region references', async () => {
        const scope = await seedScope(store, 'gc-reg', { location: 'gc-east' });
        const elsewhere = await seedScope(store, 'gc-far', { location: 'gc-west' });
        const asset = await seedAsset(store, scope, 'gc-model');
        const farAsset = await seedAsset(store, elsewhere, 'gc-far-model');
        const doomed = await seedVersion(store, asset, '1', {
          files: [digest('1'), digest('2'), digest('3'), digest('3')],
        });
        await seedVersion(store, asset, '2', { files: [digest('2')] });
        await seedVersion(store, farAsset, '1', { files: [digest('3')] });

        assert.equal(await queueUnreferencedBlobs(store.session, 'gc-east', doomed, t1), 2);
        const queued = await store.kysely
          .selectFrom('gc_candidates')
          .select(['digest', 'queued_at'])
          .where('region', '=', 'gc-east')
          .orderBy('digest')
          .execute();
        assert.deepEqual(queued, [
          { digest: digest('1'), queued_at: t1 },
          { digest: digest('3'), queued_at: t1 },
        ]);

        assert.equal(await queueUnreferencedBlobs(store.session, 'gc-east', doomed, t2), 2, 'queued again');
        const requeued = await store.kysely
          .selectFrom('gc_candidates')
          .select(['digest', 'queued_at'])
          .where('region', '=', 'gc-east')
          .orderBy('digest')
          .execute();
        assert.deepEqual(
          requeued,
          [
            { digest: digest('1'), queued_at: t2 },
            { digest: digest('3'), queued_at: t2 },
          ],
          'one row per digest, its time the latest',
        );
      });
    },
  );
}
