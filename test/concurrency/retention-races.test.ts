import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { RegionStores } from '../../src/storage/blob/region-stores.js';
import type { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import { testDialects } from '../../src/testing/databases.js';
import {
  fakeDigest,
  ociManifest,
  openTestStore,
  seedAlias,
  seedAsset,
  seedScope,
  seedTime,
  seedVersion,
} from '../../src/testing/metadata-seeds.js';
import { findManifest, insertManifest, upsertTag } from '../../src/storage/metadata/oci-repository.js';
import { AssetService } from '../../src/services/assets/assets.js';
import type { Clock } from '../../src/services/clock.js';
import { JobRunner } from '../../src/services/jobs/jobs.js';
import { RetentionService } from '../../src/services/retention/retention.js';

let nowMs = Date.parse('2026-03-01T00:00:00.000Z');
const clock: Clock = { now: () => new Date(nowMs) };
const admin = { name: 'admin' };

for (const dialect of testDialects) {
  describe(`retention runs meeting changes on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;
    let jobs: JobRunner;
    let retention: RetentionService;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      const log = pino({ level: 'silent' });
      const assets = new AssetService(store, new RegionStores(() => undefined), clock, { pendingTtlSeconds: 60 });
      jobs = new JobRunner(store, clock, log, { leaseSeconds: 30, retryBaseSeconds: 1, workers: 1 });
      retention = new RetentionService({ store, assets, jobs, clock, log });
    });
    after(async () => {
      await close?.();
    });

    /** A registry with one model of three ready versions, one a day apart, `latest` on the newest. */
    async function seeded(name: string): Promise<{ assetId: string; ids: string[] }> {
      const scopeId = await seedScope(store, name);
      const assetId = await seedAsset(store, scopeId, 'fraud');
      const ids: string[] = [];
      for (const day of [1, 2, 3]) {
        const id = await seedVersion(store, assetId, String(day));
        const at = `2026-01-0${day}T00:00:00.000Z`;
        await store.kysely
          .updateTable('versions')
          .set({ created_at: at, committed_at: at })
          .where('id', '=', id)
          .execute();
        ids.push(id);
      }
      await seedAlias(store, assetId, 'latest', ids[2] as string);
      return { assetId, ids };
    }
    const outcomes = (report: { versions: { version: string; outcome: string }[] }) =>
      Object.fromEntries(report.versions.map((v) => [v.version, v.outcome]));

    it('skips a version that gained an alias after the evaluation, and deletes the rest', async () => {
      const { assetId, ids } = await seeded('raced-delete');
      await retention.setPolicy(
        'registry',
        'raced-delete',
        { rules: [{ asset_type: 'models', keep_last: 1, action: 'delete' }] },
        admin,
      );
      const plan = await retention.plan('registry', 'raced-delete');
      assert.deepEqual(outcomes(retention['report'](plan, true)), {
        '3': 'kept',
        '2': 'would_delete',
        '1': 'would_delete',
      });
      await seedAlias(store, assetId, 'production', ids[0] as string);
      const report = await retention.apply(plan, { actor: admin });
      assert.deepEqual(outcomes(report), { '3': 'kept', '2': 'deleted', '1': 'skipped' });
      assert.match(report.versions.find((v) => v.version === '1')?.skipped_because ?? '', /alias production/);
      assert.equal(report.summary.skipped, 1);
      const left = await store.kysely.selectFrom('versions').select('label').where('asset_id', '=', assetId).execute();
      assert.deepEqual(left.map((v) => v.label).sort(), ['1', '3']);
    });

    it('skips an archive when a version became the newest ready meanwhile, leaving it ready', async () => {
      const { ids } = await seeded('raced-archive');
      await retention.setPolicy(
        'registry',
        'raced-archive',
        { rules: [{ asset_type: 'models', keep_last: 1, action: 'archive' }] },
        admin,
      );
      const plan = await retention.plan('registry', 'raced-archive');
      // Versions 3 and 2 go away (a person deleted them): version 1 is the newest ready now.
      await store.kysely
        .deleteFrom('aliases')
        .where('version_id', 'in', [ids[2] as string])
        .execute();
      await store.kysely
        .deleteFrom('versions')
        .where('id', 'in', [ids[1] as string, ids[2] as string])
        .execute();
      const report = await retention.apply(plan, { actor: admin });
      assert.equal(outcomes(report)['1'], 'skipped');
      assert.match(report.versions.find((v) => v.version === '1')?.skipped_because ?? '', /newest ready/);
      const row = await store.kysely
        .selectFrom('versions')
        .select('state')
        .where('id', '=', ids[0] as string)
        .executeTakeFirst();
      assert.equal(row?.state, 'ready');
    });

    it('skips an untagged manifest tagged after the evaluation, and deletes the other', async () => {
      const scopeId = await seedScope(store, 'raced-images');
      const assetId = await seedAsset(store, scopeId, 'base', 'environment');
      for (const hex of ['a', 'b']) await insertManifest(store.session, ociManifest(assetId, hex), []);
      await retention.setPolicy('registry', 'raced-images', { untagged_manifests: { older_than_days: 30 } }, admin);
      const plan = await retention.plan('registry', 'raced-images');
      const manifestOutcomes = (report: { manifests: { digest: string; outcome: string }[] }) =>
        Object.fromEntries(report.manifests.map((m) => [m.digest, m.outcome]));
      assert.deepEqual(manifestOutcomes(retention['report'](plan, true)), {
        [fakeDigest('a')]: 'would_delete',
        [fakeDigest('b')]: 'would_delete',
      });
      await upsertTag(store.session, {
        assetId,
        tag: 'rescued',
        manifestDigest: fakeDigest('b'),
        updatedAt: seedTime,
        updatedBy: 'admin',
      });
      const report = await retention.apply(plan, { actor: admin });
      assert.deepEqual(manifestOutcomes(report), { [fakeDigest('a')]: 'deleted', [fakeDigest('b')]: 'skipped' });
      assert.match(report.manifests.find((m) => m.outcome === 'skipped')?.skipped_because ?? '', /tagged rescued/);
      assert.deepEqual(report.summary.manifests, { considered: 2, delete: 1, kept: 0, skipped: 1 });
      assert.equal(await findManifest(store.session, assetId, fakeDigest('a')), undefined);
      assert.notEqual(await findManifest(store.session, assetId, fakeDigest('b')), undefined);
    });

    it('queues one scheduled run per policy with an interval, however often asked (the dedupe key)', async () => {
      await seeded('scheduled');
      const rules = [{ asset_type: 'models' as const, keep_last: 1, action: 'archive' as const }];
      await retention.setPolicy('registry', 'scheduled', { interval: '6h', rules }, admin);
      assert.equal(await retention.scheduleRuns(), 1);
      assert.equal(await retention.scheduleRuns(), 0);
      const queued = async () =>
        (await jobs.list({ kind: 'retention', limit: 10 })).filter((j) => j.state === 'queued');
      assert.deepEqual(
        (await queued()).map((j) => j.nextRunAt),
        [new Date(nowMs + 6 * 3_600_000).toISOString()],
      );
      // A new interval drops the run queued on the old one; the next is queued on the new one.
      await retention.setPolicy('registry', 'scheduled', { interval: '1h', rules }, admin);
      assert.equal(await retention.scheduleRuns(), 1);
      assert.deepEqual(
        (await queued()).map((j) => j.nextRunAt),
        [new Date(nowMs + 3_600_000).toISOString()],
      );
      nowMs += 2 * 3_600_000;
      assert.equal(await jobs.drain(), 1);
      const events = await store.kysely
        .selectFrom('audit_events')
        .select(['principal', 'action', 'target'])
        .where('principal', '=', 'retention')
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        events.map((e) => [e.action, e.target]),
        [
          ['models/versions/archive', 'arca://registries/scheduled/models/fraud/versions/2'],
          ['models/versions/archive', 'arca://registries/scheduled/models/fraud/versions/1'],
          ['registries/retention/run', 'arca://registries/scheduled'],
        ],
      );
    });
  });
}
