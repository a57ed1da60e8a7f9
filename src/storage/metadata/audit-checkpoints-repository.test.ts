import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AuditCheckpoint } from '../../core/audit-checkpoint.js';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedTime as t0 } from '../../testing/metadata-seeds.js';
import { auditHashesAt, insertCheckpoint, lastAuditSeq, latestCheckpoint } from './audit-checkpoints-repository.js';
import type { MetadataStore } from './metadata-store.js';

const t1 = '2026-01-02T00:00:00.000Z';

function checkpoint(seq: number, at: string): AuditCheckpoint {
  return {
    seq,
    head_hash: String(seq).repeat(64).slice(0, 64),
    at,
    key_id: 'ed25519:0123456789abcdef0123456789abcdef',
    algorithm: 'Ed25519',
    public_key: 'cHVibGlj',
    signature: `c2lnbmF0dXJl${seq}`,
  };
}

for (const dialect of testDialects) {
  describe(`audit checkpoints on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });

    async function appendEvent(seq: number, hash: string | null): Promise<void> {
      await store.kysely
        .insertInto('audit_events')
        .values({
          id: randomUUID(),
          seq,
          at: t0,
          principal: 'admin',
          action: 'test.action',
          target: 'test',
          outcome: 'Succeeded',
          request_id: null,
          details: null,
          source: null,
          prev_hash: null,
          hash,
        })
        .execute();
    }

    it('an empty log has no last event and no checkpoint', async () => {
      assert.equal(await lastAuditSeq(store.session), 0);
      assert.equal(await latestCheckpoint(store.session), undefined);
      assert.deepEqual(await auditHashesAt(store.session, [1, 2]), new Map());
    });

    it('reads the stored hash of the events asked for, absent events left out, past the first batch', async () => {
      await appendEvent(1, 'a'.repeat(64));
      await appendEvent(2, null);
      await appendEvent(3, 'c'.repeat(64));
      assert.equal(await lastAuditSeq(store.session), 3);
      assert.deepEqual(
        await auditHashesAt(store.session, [3, 1, 2, 9, 3]),
        new Map<number, string | null>([
          [1, 'a'.repeat(64)],
          [2, null],
          [3, 'c'.repeat(64)],
        ]),
      );
      const many = Array.from({ length: 1_200 }, (_, i) => 1_200 - i);
      assert.deepEqual([...(await auditHashesAt(store.session, many)).keys()].sort(), [1, 2, 3]);
    });

    it('stores checkpoints and gives back the last made, by time and then by sequence', async () => {
      await insertCheckpoint(store.session, randomUUID(), checkpoint(2, t1));
      await insertCheckpoint(store.session, randomUUID(), checkpoint(3, t0));
      assert.deepEqual(await latestCheckpoint(store.session), checkpoint(2, t1));
      await insertCheckpoint(store.session, randomUUID(), checkpoint(5, t1));
      assert.deepEqual(await latestCheckpoint(store.session), checkpoint(5, t1));
    });
  });
}
