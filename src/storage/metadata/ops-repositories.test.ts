import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../testing/databases.js';
import type { Digest } from '../blob/blob-store.js';
import {
  blobCopiesElsewhere,
  blobIndexed,
  forgetBlob,
  forgetCollectedBlob,
  indexedBlobsAfter,
  indexedRegions,
  knownRegions,
} from './blob-index-repository.js';
import { recordBlob } from './blobs-repository.js';
import { activeJobPayloads, insertJob, latestJobByDedupeKey, removeFinishedJobs } from './jobs-repository.js';
import { MetadataStore } from './metadata-store.js';
import { replicaRegions, replicaRegionStates } from './replication-repository.js';
import { findScopeById, insertScope, updateScopeRegion, type ScopeRegion } from './scopes-repository.js';

const t0 = '2026-01-01T00:00:00.000Z';
const t1 = '2026-01-02T00:00:00.000Z';

function digest(hex: string): Digest {
  return `sha256:${hex.repeat(64)}`;
}

function region(name: string, position: number, fields: Partial<ScopeRegion> = {}): ScopeRegion {
  return {
    region: name,
    isPrimary: position === 0,
    position,
    storageAccountType: null,
    storageAccountHns: null,
    provisioningState: 'Succeeded',
    error: null,
    ...fields,
  };
}

async function insertRegistry(store: MetadataStore, name: string, regions: ScopeRegion[]): Promise<string> {
  const id = randomUUID();
  await insertScope(
    store.session,
    {
      id,
      kind: 'registry',
      name,
      name_key: name.toLowerCase(),
      description: null,
      location: regions[0]?.region ?? 'eastus',
      public_network_access: null,
      provisioning_state: 'Succeeded',
      created_at: t0,
      created_by: 'admin',
      updated_at: t0,
      updated_by: 'admin',
    },
    {},
    regions,
  );
  return id;
}

function job(kind: string, state: 'queued' | 'running' | 'succeeded' | 'cancelled' | 'failed', fields = {}) {
  return {
    id: randomUUID(),
    kind,
    payload: '{}',
    state,
    attempts: 0,
    max_attempts: 3,
    next_run_at: t0,
    lease_owner: null,
    lease_expires_at: null,
    last_error: null,
    dedupe_key: null,
    created_at: t0,
    updated_at: t0,
    finished_at: null,
    ...fields,
  };
}

for (const dialect of testDialects) {
  describe(`operations repositories on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let store: MetadataStore;

    before(async () => {
      database = await dialect.create();
      store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
    });
    after(async () => {
      await store?.close();
      await database?.cleanup();
    });

    it('walks a region blob index by digest pages and tells which regions hold a blob', async () => {
      for (const hex of ['a', 'b', 'c'])
        await recordBlob(store.session, { region: 'idx-east', digest: digest(hex), size: 10, at: t0 });
      await recordBlob(store.session, { region: 'idx-west', digest: digest('b'), size: 11, at: t0 });
      const first = await indexedBlobsAfter(store.session, 'idx-east', '', 2);
      assert.deepEqual(first, [
        { digest: digest('a'), size: 10, createdAt: t0 },
        { digest: digest('b'), size: 10, createdAt: t0 },
      ]);
      assert.deepEqual(
        (await indexedBlobsAfter(store.session, 'idx-east', digest('b'), 2)).map((b) => b.digest),
        [digest('c')],
      );
      assert.deepEqual(await blobCopiesElsewhere(store.session, digest('b'), 'idx-east'), [
        { region: 'idx-west', size: 11 },
      ]);
      assert.equal(await blobIndexed(store.session, 'idx-west', digest('b')), true);
      await forgetBlob(store.session, 'idx-west', digest('b'));
      assert.equal(await blobIndexed(store.session, 'idx-west', digest('b')), false);
      assert.ok((await indexedRegions(store.session)).includes('idx-east'));
    });

    it('drops a collected blob only when it is no younger than the cutoff', async () => {
      await recordBlob(store.session, { region: 'gc-east', digest: digest('d'), size: 5, at: t1 });
      assert.equal(await forgetCollectedBlob(store.session, 'gc-east', digest('d'), t0), false, 'younger: kept');
      assert.equal(await blobIndexed(store.session, 'gc-east', digest('d')), true);
      assert.equal(await forgetCollectedBlob(store.session, 'gc-east', digest('d'), t1), true, 'old enough: dropped');
      assert.equal(await blobIndexed(store.session, 'gc-east', digest('d')), false);
    });

    it('stores scope regions as booleans in and out, and lists the replicas that take copies', async () => {
      const id = await insertRegistry(store, 'Regions1', [
        region('r-primary', 0, { storageAccountHns: true, storageAccountType: 'Standard_LRS' }),
        region('r-replica', 1),
        region('r-broken', 2, { provisioningState: 'Failed', error: 'no store' }),
      ]);
      const found = await findScopeById(store.session, id);
      assert.deepEqual(
        found?.regions.map((r) => [r.region, r.isPrimary, r.storageAccountHns]),
        [
          ['r-primary', true, true],
          ['r-replica', false, null],
          ['r-broken', false, null],
        ],
      );
      await updateScopeRegion(store.session, id, 'r-replica', {
        storageAccountHns: false,
        provisioningState: 'Creating',
      });
      const updated = (await findScopeById(store.session, id))?.regions.find((r) => r.region === 'r-replica');
      assert.equal(updated?.storageAccountHns, false);
      assert.equal(updated?.provisioningState, 'Creating');
      assert.deepEqual(
        (await replicaRegionStates(store.session, id)).map((r) => [r.region, r.provisioningState, r.error]),
        [
          ['r-replica', 'Creating', null],
          ['r-broken', 'Failed', 'no store'],
        ],
      );
      assert.deepEqual(await replicaRegions(store.session, id), ['r-replica']);
      const known = await knownRegions(store.session);
      for (const name of ['r-primary', 'r-replica', 'r-broken']) assert.ok(known.includes(name), name);
    });

    it('finds the newest job of a dedupe key, lists active payloads, and removes only old finished jobs', async () => {
      await insertJob(store.session, job('ops-kind', 'succeeded', { dedupe_key: 'ops:1', finished_at: t0 }));
      const newer = job('ops-kind', 'queued', { dedupe_key: 'ops:1', created_at: t1, payload: '{"n":1}' });
      await insertJob(store.session, newer);
      await insertJob(store.session, job('ops-kind', 'cancelled', { finished_at: t1 }));
      await insertJob(store.session, job('ops-kind', 'failed', { finished_at: t0 }));
      assert.equal((await latestJobByDedupeKey(store.session, 'ops:1'))?.id, newer.id);
      assert.deepEqual(await activeJobPayloads(store.session, 'ops-kind', 10), [{ payload: '{"n":1}', createdAt: t1 }]);
      assert.equal(await removeFinishedJobs(store.session, t1, 100), 1, 'the succeeded one before the cutoff');
      assert.equal(await removeFinishedJobs(store.session, t1, 100), 0);
    });
  });
}
