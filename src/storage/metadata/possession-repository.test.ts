import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import {
  fakeDigest as digest,
  ociManifest,
  openTestStore,
  seedAsset,
  seedScope,
  seedTime as t0,
  seedVersion,
} from '../../testing/metadata-seeds.js';
import type { MetadataStore } from './metadata-store.js';
import { putMlflowArtifact } from './mlflow-artifacts-repository.js';
import { insertManifest, linkRepositoryBlob } from './oci-repository.js';
import {
  possessedDigests,
  recordBlobReceipt,
  removeBlobReceiptsBefore,
  type ReadableScopes,
} from './possession-repository.js';
import { countOpenUploadSessions } from './upload-limits-repository.js';

const t1 = '2026-01-02T00:00:00.000Z';
const t2 = '2026-01-03T00:00:00.000Z';

for (const dialect of testDialects) {
  describe(`proof of possession and upload limits on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;
    let target: string;
    let elsewhere: string;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      const readable = await seedScope(store, 'Pos-Reg');
      const workspace = await seedScope(store, 'pos-ws', { kind: 'workspace' });
      const hidden = await seedScope(store, 'pos-hidden');
      target = await seedScope(store, 'pos-target', { kind: 'workspace' });
      elsewhere = await seedScope(store, 'pos-elsewhere', { kind: 'workspace' });
      const asset = await seedAsset(store, readable, 'held');
      await seedVersion(store, asset, '1', { files: [digest('1')] });
      await seedVersion(store, asset, '2', { state: 'archived', manifestDigest: digest('2') });
      await insertManifest(store.session, ociManifest(asset, '3'), [{ digest: digest('4'), kind: 'blob' }]);
      await linkRepositoryBlob(store.session, {
        scopeId: readable,
        repository: 'models/held',
        digest: digest('5'),
        at: t0,
      });
      await seedVersion(store, asset, '3', { state: 'pending', files: [digest('6')], manifestDigest: digest('b') });
      await seedVersion(store, await seedAsset(store, hidden, 'secret'), '1', { files: [digest('7')] });
      await seedVersion(store, await seedAsset(store, workspace, 'team'), '1', { files: [digest('c')] });
      await recordBlobReceipt(store.session, { scopeId: target, digest: digest('8'), principalId: 'ann', at: t0 });
      await recordBlobReceipt(store.session, { scopeId: target, digest: digest('9'), principalId: 'bob', at: t0 });
      await recordBlobReceipt(store.session, { scopeId: elsewhere, digest: digest('a'), principalId: 'ann', at: t0 });
    });
    after(async () => {
      await close?.();
    });

    const everyDigest: string[] = [...'123456789abc'].map(digest);
    const possessed = async (readable: ReadableScopes, digests = everyDigest) =>
      [...(await possessedDigests(store.session, { principalId: 'ann', readable, scopeId: target }, digests))].sort();

    it('proves possession by committed files, manifests, referenced blobs and repository blobs of readable scopes, and own receipts', async () => {
      assert.deepEqual(await possessed({ registry: ['pos-reg'], workspace: [] }), [
        digest('1'),
        digest('2'),
        digest('3'),
        digest('4'),
        digest('5'),
        digest('8'),
      ]);
    });

    it('reads whole kinds of scopes with `all`, and nothing but receipts when no scope is readable', async () => {
      assert.deepEqual(await possessed({ registry: [], workspace: [] }), [digest('8')]);
      assert.deepEqual(await possessed({ registry: [], workspace: ['pos-ws'] }), [digest('8'), digest('c')]);
      assert.deepEqual(await possessed({ registry: 'all', workspace: [] }), [
        digest('1'),
        digest('2'),
        digest('3'),
        digest('4'),
        digest('5'),
        digest('7'),
        digest('8'),
      ]);
    });

    it('proves possession by an MLflow artifact of a readable scope only', async () => {
      const runs = await seedScope(store, 'pos-runs', { kind: 'workspace' });
      await putMlflowArtifact(store.session, runs, {
        path: '1/r/artifacts/w',
        digest: digest('f'),
        size: 1,
        at: t0,
        by: 'x',
      });
      assert.deepEqual(await possessed({ registry: [], workspace: ['pos-runs'] }, [digest('f')]), [digest('f')]);
      assert.deepEqual(await possessed({ registry: [], workspace: ['pos-ws'] }, [digest('f')]), []);
    });

    it('finds possessed digests past the first batch of a long list, each once', async () => {
      const many = Array.from({ length: 1_200 }, (_, i) => `sha256:${i.toString(16).padStart(64, 'f')}`);
      const list = [...many, digest('1'), digest('8'), digest('1')];
      assert.deepEqual(await possessed({ registry: ['pos-reg'], workspace: [] }, list), [digest('1'), digest('8')]);
    });

    it('refreshes a repeated receipt, and removes only receipts older than the cut-off, counting them', async () => {
      const scope = await seedScope(store, 'receipts', { kind: 'workspace' });
      const early = '2025-12-01T00:00:00.000Z';
      await recordBlobReceipt(store.session, { scopeId: scope, digest: digest('d'), principalId: 'carl', at: early });
      await recordBlobReceipt(store.session, { scopeId: scope, digest: digest('e'), principalId: 'carl', at: early });
      await recordBlobReceipt(store.session, { scopeId: scope, digest: digest('d'), principalId: 'carl', at: t2 });
      const carl = { principalId: 'carl', readable: { registry: [], workspace: [] }, scopeId: scope };
      const proved = async () => [...(await possessedDigests(store.session, carl, [digest('d'), digest('e')]))].sort();
      assert.equal(await removeBlobReceiptsBefore(store.session, '2025-11-01T00:00:00.000Z'), 0);
      assert.deepEqual(await proved(), [digest('d'), digest('e')]);
      // The suite's other receipts date from t0, after the cut-off: only the unrefreshed one goes.
      assert.equal(await removeBlobReceiptsBefore(store.session, '2025-12-15T00:00:00.000Z'), 1);
      assert.deepEqual(await proved(), [digest('d')]);
    });

    it("counts a principal's upload sessions that have not expired", async () => {
      const scope = await seedScope(store, 'uploads', { kind: 'workspace' });
      const session = (by: string, expiresAt: string) => ({
        id: randomUUID(),
        region: 'eastus',
        scope_id: scope,
        offset: 0,
        created_at: t0,
        created_by: by,
        updated_at: t0,
        expires_at: expiresAt,
        repository: null,
      });
      await store.kysely
        .insertInto('upload_sessions')
        .values([session('dora', t1), session('dora', t2), session('dora', t0), session('eve', t2)])
        .execute();
      assert.equal(await countOpenUploadSessions(store.session, 'dora', t0), 2);
      assert.equal(await countOpenUploadSessions(store.session, 'dora', t1), 1);
      assert.equal(await countOpenUploadSessions(store.session, 'dora', t2), 0);
      assert.equal(await countOpenUploadSessions(store.session, 'nobody', t0), 0);
    });
  });
}
