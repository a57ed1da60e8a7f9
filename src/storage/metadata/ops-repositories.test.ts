import type { Job } from '../../core/model/jobs.js';
import type { ScopeRegion } from '../../core/model/scopes.js';
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
import {
  deleteExpiredUploadSession,
  deleteUploadSession,
  expiredUploadSessions,
  findUploadSession,
  insertUploadSession,
  recordBlob,
  recordUploadOffset,
} from './blobs-repository.js';
import {
  activeJobPayloads,
  cancelJob,
  claimJob,
  findJob,
  insertJob,
  cancelQueuedJob,
  jobQueueStats,
  latestJobByDedupeKey,
  listJobs,
  removeFinishedJobs,
  renewJobLease,
  retryJob,
  settleJob,
} from './jobs-repository.js';
import { MetadataStore } from './metadata-store.js';
import { replicaRegions, replicaRegionStates } from './replication-repository.js';
import {
  countScopeAssets,
  deleteScope,
  deleteScopeRegion,
  findScopeById,
  findScopeRowByName,
  insertScope,
  insertScopeRegion,
  replaceScopeTags,
  scopeRegionNames,
  updateScopeFields,
  updateScopeRegion,
} from './scopes-repository.js';

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
      nameKey: name.toLowerCase(),
      description: null,
      location: regions[0]?.region ?? 'eastus',
      publicNetworkAccess: null,
      provisioningState: 'Succeeded',
      createdAt: t0,
      createdBy: 'admin',
      updatedAt: t0,
      updatedBy: 'admin',
    },
    {},
    regions,
  );
  return id;
}

function job(
  kind: string,
  state: 'queued' | 'running' | 'succeeded' | 'cancelled' | 'failed',
  fields: Partial<Job> = {},
) {
  return {
    id: randomUUID(),
    kind,
    payload: {},
    state,
    attempts: 0,
    maxAttempts: 3,
    nextRunAt: t0,
    leaseOwner: null,
    leaseExpiresAt: null,
    lastError: null,
    dedupeKey: null,
    createdAt: t0,
    updatedAt: t0,
    finishedAt: null,
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

    it('reads a scope back in domain fields, applies field, tag and region changes, and deletes it', async () => {
      const id = await insertRegistry(store, 'Scope-Fields', [region('sf-east', 0), region('sf-west', 1)]);
      const scope = await findScopeRowByName(store.session, 'registry', 'scope-fields');
      assert.equal(scope?.id, id);
      assert.equal(scope?.nameKey, 'scope-fields');
      assert.equal(scope?.provisioningState, 'Succeeded');
      await updateScopeFields(store.session, id, {
        description: 'd',
        publicNetworkAccess: 'disabled',
        updatedAt: t1,
        updatedBy: 'other',
      });
      await replaceScopeTags(store.session, id, { team: 'vision' });
      await insertScopeRegion(store.session, id, region('sf-north', 2, { provisioningState: 'Creating' }));
      await updateScopeRegion(store.session, id, 'sf-west', { provisioningState: 'Deleting' });
      assert.deepEqual(await scopeRegionNames(store.session, id), ['sf-east', 'sf-north'], 'not the one being removed');
      await deleteScopeRegion(store.session, id, 'sf-west');
      const record = await findScopeById(store.session, id);
      assert.equal(record?.description, 'd');
      assert.equal(record?.publicNetworkAccess, 'disabled');
      assert.equal(record?.updatedAt, t1);
      assert.equal(record?.updatedBy, 'other');
      assert.deepEqual(record?.tags, { team: 'vision' });
      assert.deepEqual(
        record?.regions.map((r) => [r.region, r.isPrimary, r.provisioningState]),
        [
          ['sf-east', true, 'Succeeded'],
          ['sf-north', false, 'Creating'],
        ],
      );
      assert.equal(await countScopeAssets(store.session, id), 0);
      await deleteScope(store.session, id);
      assert.equal(await findScopeById(store.session, id), undefined);
    });

    it('opens an upload session, records its offset, and deletes it only while expired', async () => {
      const scopeId = await insertRegistry(store, 'Upload-Sessions', [region('us-east', 0)]);
      const opened = await insertUploadSession(store.session, {
        id: randomUUID(),
        region: 'us-east',
        scopeId,
        at: t0,
        by: 'admin',
        expiresAt: t1,
        repository: null,
      });
      assert.deepEqual(await findUploadSession(store.session, opened.id), opened);
      assert.equal(opened.offset, 0);
      const later = '2026-01-03T00:00:00.000Z';
      await recordUploadOffset(store.session, opened.id, { offset: 5, at: t1, expiresAt: later });
      const moved = await findUploadSession(store.session, opened.id);
      assert.equal(moved?.offset, 5);
      assert.equal(moved?.expiresAt, later);
      assert.equal(await deleteExpiredUploadSession(store.session, opened.id, t1), false, 'not expired yet');
      const expiredAt = '2026-01-04T00:00:00.000Z';
      assert.deepEqual(
        (await expiredUploadSessions(store.session, expiredAt, 100)).map((u) => u.id),
        [opened.id],
      );
      assert.equal(await deleteExpiredUploadSession(store.session, opened.id, expiredAt), true);
      const other = await insertUploadSession(store.session, {
        id: randomUUID(),
        region: 'us-east',
        scopeId,
        at: t0,
        by: 'admin',
        expiresAt: t1,
        repository: 'models/m',
      });
      await deleteUploadSession(store.session, other.id);
      assert.equal(await findUploadSession(store.session, other.id), undefined);
    });

    it('claims a due job for one owner, settles it with its result, and cancels and retries others', async () => {
      const due = job('lifecycle-kind', 'queued', { payload: { n: 2 } });
      const other = job('lifecycle-kind', 'queued', { createdAt: t1, nextRunAt: t1 });
      await insertJob(store.session, due);
      await insertJob(store.session, other);
      assert.deepEqual(
        (await jobQueueStats(store.session)).find((s) => s.kind === 'lifecycle-kind'),
        { kind: 'lifecycle-kind', state: 'queued', count: 2, oldest: t0 },
      );
      const claimed = await claimJob(store.session, {
        owner: 'p1',
        now: t0,
        leaseUntil: t1,
        kinds: ['lifecycle-kind'],
      });
      assert.equal(claimed?.id, due.id, 'only the due one');
      assert.equal(claimed?.state, 'running');
      assert.equal(claimed?.attempts, 1);
      assert.deepEqual(claimed?.payload, { n: 2 });
      assert.equal(
        await renewJobLease(store.session, { id: due.id, owner: 'p2', now: t0, leaseUntil: t1 }),
        false,
        'not the owner',
      );
      assert.equal(await renewJobLease(store.session, { id: due.id, owner: 'p1', now: t0, leaseUntil: t1 }), true);
      assert.equal(
        await settleJob(store.session, due.id, 'p1', { state: 'succeeded', now: t1, result: { kept: 3 } }),
        true,
      );
      const done = await findJob(store.session, due.id);
      assert.equal(done?.state, 'succeeded');
      assert.deepEqual(done?.result, { kept: 3 });
      assert.equal(done?.finishedAt, t1);
      assert.equal(await cancelJob(store.session, other.id, t1), true);
      assert.equal(await cancelJob(store.session, other.id, t1), false, 'already cancelled');
      assert.equal(await retryJob(store.session, other.id, t1), true);
      const listed = await listJobs(store.session, { kind: 'lifecycle-kind', limit: 10 });
      assert.deepEqual(
        listed.map((j) => [j.id, j.state]),
        [
          [other.id, 'queued'],
          [due.id, 'succeeded'],
        ],
      );
      assert.equal(listed[0]?.result, undefined, 'no result reported');
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
      await insertJob(store.session, job('ops-kind', 'succeeded', { dedupeKey: 'ops:1', finishedAt: t0 }));
      const newer = job('ops-kind', 'queued', { dedupeKey: 'ops:1', createdAt: t1, payload: { n: 1 } });
      await insertJob(store.session, newer);
      await insertJob(store.session, job('ops-kind', 'cancelled', { finishedAt: t1 }));
      await insertJob(store.session, job('ops-kind', 'failed', { finishedAt: t0 }));
      assert.equal((await latestJobByDedupeKey(store.session, 'ops:1'))?.id, newer.id);
      assert.deepEqual(await activeJobPayloads(store.session, 'ops-kind', 10), [{ payload: '{"n":1}', createdAt: t1 }]);
      assert.equal(await removeFinishedJobs(store.session, t1, 100), 1, 'the succeeded one before the cutoff');
      assert.equal(await removeFinishedJobs(store.session, t1, 100), 0);
    });

    it('cancels the queued job of a dedupe key, never a running one', async () => {
      const queued = job('ops-kind', 'queued', { dedupeKey: 'ops:queued' });
      await insertJob(store.session, queued);
      await insertJob(store.session, job('ops-kind', 'running', { dedupeKey: 'ops:running' }));
      assert.equal(await cancelQueuedJob(store.session, 'ops:queued', t1), true);
      assert.equal((await latestJobByDedupeKey(store.session, 'ops:queued'))?.state, 'cancelled');
      assert.equal(await cancelQueuedJob(store.session, 'ops:running', t1), false);
      assert.equal((await latestJobByDedupeKey(store.session, 'ops:running'))?.state, 'running');
    });
  });
}
