import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Approval } from '../../core/model/approvals.js';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedAsset, seedScope, seedTime as t0, seedVersion } from '../../testing/metadata-seeds.js';
import {
  decideApproval,
  findApproval,
  insertApproval,
  listApprovals,
  listPendingApprovals,
} from './approvals-repository.js';
import type { MetadataStore } from './metadata-store.js';

const t1 = '2026-01-02T00:00:00.000Z';
const t2 = '2026-01-03T00:00:00.000Z';
const t3 = '2026-01-04T00:00:00.000Z';

for (const dialect of testDialects) {
  describe(`approval requests on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;
    let asset: string;
    let otherAsset: string;
    let one: string;
    let two: string;
    let elsewhere: string;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      const scope = await seedScope(store, 'approvals');
      asset = await seedAsset(store, scope, 'model');
      otherAsset = await seedAsset(store, scope, 'other');
      one = await seedVersion(store, asset, '1');
      two = await seedVersion(store, asset, 'two');
      elsewhere = await seedVersion(store, otherAsset, '1');
    });
    after(async () => {
      await close?.();
    });
    beforeEach(async () => {
      await store.kysely.deleteFrom('approvals').execute();
    });

    function request(versionId: string, at: string, fields: { assetId?: string; reason?: string | null } = {}) {
      return {
        id: randomUUID(),
        assetId: fields.assetId ?? asset,
        alias: 'production',
        versionId,
        reason: fields.reason ?? null,
        by: 'ann',
        at,
      };
    }

    it('insertApproval files a pending request and returns it as findApproval reads it', async () => {
      const asked = request(one, t1, { reason: 'ship it' });
      const filed = await insertApproval(store.session, asked);
      const expected: Approval = {
        id: asked.id,
        assetId: asset,
        alias: 'production',
        versionId: one,
        state: 'pending',
        reason: 'ship it',
        requestedBy: 'ann',
        requestedAt: t1,
        decidedBy: null,
        decidedAt: null,
        decisionReason: null,
      };
      assert.deepEqual(filed, expected);
      assert.deepEqual(await findApproval(store.session, asset, asked.id), expected);
    });

    it('findApproval finds a request only under its own asset', async () => {
      const filed = await insertApproval(store.session, request(one, t1));
      assert.equal(await findApproval(store.session, otherAsset, filed.id), undefined);
      assert.equal(await findApproval(store.session, asset, randomUUID()), undefined);
    });

    it('decideApproval records the first decision; an approval decided once cannot be decided again', async () => {
      const filed = await insertApproval(store.session, request(one, t1));
      assert.equal(
        await decideApproval(store.session, filed.id, { state: 'approved', by: 'bob', at: t2, reason: 'looks good' }),
        true,
      );
      assert.equal(
        await decideApproval(store.session, filed.id, { state: 'rejected', by: 'carol', at: t3, reason: null }),
        false,
      );
      assert.equal(
        await decideApproval(store.session, filed.id, { state: 'approved', by: 'carol', at: t3, reason: null }),
        false,
      );
      assert.deepEqual(await findApproval(store.session, asset, filed.id), {
        ...filed,
        state: 'approved',
        decidedBy: 'bob',
        decidedAt: t2,
        decisionReason: 'looks good',
      });
    });

    it('decideApproval records a rejection, and answers false for an unknown request', async () => {
      const filed = await insertApproval(store.session, request(one, t1));
      assert.equal(
        await decideApproval(store.session, filed.id, { state: 'rejected', by: 'bob', at: t2, reason: null }),
        true,
      );
      assert.equal((await findApproval(store.session, asset, filed.id))?.state, 'rejected');
      assert.equal(
        await decideApproval(store.session, randomUUID(), { state: 'approved', by: 'bob', at: t2, reason: null }),
        false,
      );
    });

    it("listApprovals lists an asset's requests newest first, each with its version's label", async () => {
      const oldest = await insertApproval(store.session, request(one, t0));
      const newest = await insertApproval(store.session, request(two, t2));
      const middle = await insertApproval(store.session, request(one, t1));
      await insertApproval(store.session, request(elsewhere, t3, { assetId: otherAsset }));
      assert.deepEqual(await listApprovals(store.session, asset), [
        { ...newest, version: 'two' },
        { ...middle, version: '1' },
        { ...oldest, version: '1' },
      ]);
      assert.deepEqual(
        (await listApprovals(store.session, otherAsset)).map((listed) => listed.versionId),
        [elsewhere],
      );
    });

    it('listPendingApprovals lists pending requests of every asset, newest first and bounded, with where each is', async () => {
      const decided = await insertApproval(store.session, request(one, t0));
      await decideApproval(store.session, decided.id, { state: 'approved', by: 'bob', at: t1, reason: null });
      const older = await insertApproval(store.session, request(one, t1));
      const newer = await insertApproval(store.session, request(elsewhere, t2, { assetId: otherAsset }));
      const pending = await listPendingApprovals(store.session, 10);
      assert.deepEqual(
        pending.map((a) => [a.id, a.version, a.scopeKind, a.scope, a.assetType, a.asset]),
        [
          [newer.id, '1', 'registry', 'approvals', 'model', 'other'],
          [older.id, '1', 'registry', 'approvals', 'model', 'model'],
        ],
      );
      assert.deepEqual(
        (await listPendingApprovals(store.session, 1)).map((a) => a.id),
        [newer.id],
      );
    });

    it('listApprovals filters by state', async () => {
      const pending = await insertApproval(store.session, request(one, t0));
      const approved = await insertApproval(store.session, request(two, t1));
      const rejected = await insertApproval(store.session, request(one, t2));
      await decideApproval(store.session, approved.id, { state: 'approved', by: 'bob', at: t3, reason: null });
      await decideApproval(store.session, rejected.id, { state: 'rejected', by: 'bob', at: t3, reason: null });
      const ids = async (state?: Approval['state']) =>
        (await listApprovals(store.session, asset, state)).map((listed) => listed.id);
      assert.deepEqual(await ids('pending'), [pending.id]);
      assert.deepEqual(await ids('approved'), [approved.id]);
      assert.deepEqual(await ids('rejected'), [rejected.id]);
      assert.deepEqual(await ids(), [rejected.id, approved.id, pending.id]);
    });
  });
}
