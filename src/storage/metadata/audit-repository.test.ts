import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../testing/databases.js';
import {
  appendAudit,
  auditHash,
  genesisHash,
  listAudit,
  verifyAuditChain,
  type AuditEntry,
} from './audit-repository.js';
import { MetadataStore } from './metadata-store.js';

function entry(i: number, fields: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    principal: i % 2 === 0 ? 'alice' : 'bob',
    action: 'models/versions/commit',
    target: `arca://registries/shared/models/m${i % 3}/versions/${i}`,
    outcome: 'succeeded',
    requestId: `req-${i}`,
    source: '10.0.0.7',
    details: { n: i },
    ...fields,
  };
}

for (const dialect of testDialects) {
  describe(`the audit chain on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let store: MetadataStore;

    async function appendEvents(count: number): Promise<void> {
      for (let i = 1; i <= count; i += 1) await store.transaction((trx) => appendAudit(trx, entry(i)));
    }

    before(async () => {
      database = await dialect.create();
      store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
        poolSize: 12,
      });
    });
    beforeEach(async () => {
      await store.kysely.deleteFrom('audit_events').execute();
    });
    after(async () => {
      await store?.close();
      await database?.cleanup();
    });

    it("verifies a chain of events read in several batches, each event carrying its predecessor's hash", async () => {
      await appendEvents(23);
      assert.deepEqual(await verifyAuditChain(store.session, { batchSize: 5 }), {
        ok: true,
        events: 23,
        head: await lastHash(store),
      });
      const rows = await store.kysely
        .selectFrom('audit_events')
        .select(['seq', 'prev_hash', 'hash'])
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        rows.map((r) => Number(r.seq)),
        Array.from({ length: 23 }, (_, i) => i + 1),
      );
      assert.equal(rows[0]?.prev_hash, genesisHash);
      rows.slice(1).forEach((row, i) => assert.equal(row.prev_hash, rows[i]?.hash));
    });

    it('verifies an empty log', async () => {
      assert.deepEqual(await verifyAuditChain(store.session), { ok: true, events: 0, head: genesisHash });
    });

    it('hashes the documented JSON array, so an auditor can recompute it from the fields alone', async () => {
      await appendEvents(2);
      const row = await store.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '=', 2)
        .executeTakeFirstOrThrow();
      const fields = [
        2,
        row.id,
        row.at,
        row.principal,
        row.action,
        row.target,
        row.outcome,
        row.request_id,
        row.source,
        '{"n":2}',
        row.prev_hash,
      ];
      assert.equal(row.details, '{"n":2}');
      assert.equal(row.hash, createHash('sha256').update(JSON.stringify(fields)).digest('hex'));
    });

    it("fails naming the edited event when a row's details are changed in the database", async () => {
      await appendEvents(10);
      await store.kysely.updateTable('audit_events').set({ details: '{"n":999}' }).where('seq', '=', 4).execute();
      const verdict = await verifyAuditChain(store.session, { batchSize: 3 });
      assert.equal(verdict.ok, false);
      assert.deepEqual(
        !verdict.ok && { seq: verdict.firstBroken.seq, reason: verdict.firstBroken.reason, events: verdict.events },
        { seq: 4, reason: 'hash-mismatch', events: 3 },
      );
    });

    it("fails naming the edited event when a row's principal is changed in the database", async () => {
      await appendEvents(10);
      const seven = await store.kysely
        .selectFrom('audit_events')
        .select('id')
        .where('seq', '=', 7)
        .executeTakeFirstOrThrow();
      await store.kysely.updateTable('audit_events').set({ principal: 'mallory' }).where('seq', '=', 7).execute();
      const verdict = await verifyAuditChain(store.session);
      assert.deepEqual(!verdict.ok && verdict.firstBroken, { seq: 7, id: seven.id, reason: 'hash-mismatch' });
    });

    it('fails naming the next event when a middle row is deleted', async () => {
      await appendEvents(10);
      await store.kysely.deleteFrom('audit_events').where('seq', '=', 5).execute();
      const verdict = await verifyAuditChain(store.session, { batchSize: 4 });
      assert.deepEqual(!verdict.ok && { seq: verdict.firstBroken.seq, reason: verdict.firstBroken.reason }, {
        seq: 6,
        reason: 'seq-gap',
      });
    });

    it('fails when the first row is deleted', async () => {
      await appendEvents(3);
      await store.kysely.deleteFrom('audit_events').where('seq', '=', 1).execute();
      const verdict = await verifyAuditChain(store.session);
      assert.deepEqual(!verdict.ok && { seq: verdict.firstBroken.seq, reason: verdict.firstBroken.reason }, {
        seq: 2,
        reason: 'seq-gap',
      });
    });

    it('fails when rows are deleted and the rest renumbered with recomputed hashes, at the first row that no longer follows', async () => {
      await appendEvents(6);
      await store.kysely.deleteFrom('audit_events').where('seq', '=', 3).execute();
      // A forger who renumbers seq 4 to 3 and recomputes its hash still cannot fix its prev_hash link.
      const row = await store.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '=', 4)
        .executeTakeFirstOrThrow();
      const renumbered = { ...row, seq: 3 };
      await store.kysely
        .updateTable('audit_events')
        .set({ seq: 3, hash: auditHash(renumbered) })
        .where('seq', '=', 4)
        .execute();
      const verdict = await verifyAuditChain(store.session);
      assert.deepEqual(!verdict.ok && { seq: verdict.firstBroken.seq, reason: verdict.firstBroken.reason }, {
        seq: 3,
        reason: 'prev-hash-mismatch',
      });
    });

    it('numbers and chains appends from concurrent transactions without gaps', async () => {
      // Eight writers, each with two events and other work in its transaction: they must queue, not interleave.
      await Promise.all(
        Array.from({ length: 8 }, (_, w) =>
          store.transaction(async (trx) => {
            await appendAudit(trx, entry(w * 2 + 1, { principal: `writer${w}` }));
            await new Promise((resolve) => setTimeout(resolve, 5));
            await appendAudit(trx, entry(w * 2 + 2, { principal: `writer${w}` }));
          }),
        ),
      );
      const verdict = await verifyAuditChain(store.session);
      assert.deepEqual({ ok: verdict.ok, events: verdict.events }, { ok: true, events: 16 });
      const principals = (await listAudit(store.session, { limit: 100 })).map((e) => e.principal);
      for (let i = 0; i < 16; i += 2)
        assert.equal(principals[i], principals[i + 1], "a transaction's two events are adjacent");
    });

    it('chains an append made outside a transaction too', async () => {
      await appendEvents(2);
      await appendAudit(store.session, entry(3));
      assert.deepEqual(await verifyAuditChain(store.session).then((v) => v.events), 3);
    });

    it('leaves no event, and no gap, when the transaction that appended it rolls back', async () => {
      await appendEvents(2);
      await assert.rejects(
        store.transaction(async (trx) => {
          await appendAudit(trx, entry(3));
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      await appendAudit(store.session, entry(4));
      assert.deepEqual(await verifyAuditChain(store.session).then((v) => v.events), 3);
    });

    it('redacts secrets in details at any depth before they are stored, keeping everything else', async () => {
      const token = 'arca_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
      await appendAudit(
        store.session,
        entry(1, {
          details: {
            token,
            name: 'ci',
            nested: { Authorization: `Bearer ${token}`, password: 'hunter2', client_secret: 's3cr3t', apiKey: 'k-123' },
            list: [{ refreshToken: 'r-456' }, 'plain'],
            note: `called with Bearer ${token} by ci`,
            revokedToken: null,
          },
        }),
      );
      const row = await store.kysely.selectFrom('audit_events').select('details').executeTakeFirstOrThrow();
      for (const secret of [token, 'hunter2', 's3cr3t', 'k-123', 'r-456'])
        assert.ok(!row.details?.includes(secret), `${secret} reached the table`);
      assert.deepEqual(JSON.parse(row.details ?? 'null'), {
        token: '[redacted]',
        name: 'ci',
        nested: {
          Authorization: '[redacted]',
          password: '[redacted]',
          client_secret: '[redacted]',
          apiKey: '[redacted]',
        },
        list: [{ refreshToken: '[redacted]' }, 'plain'],
        note: 'called with [redacted] by ci',
        revokedToken: null,
      });
      assert.equal((await verifyAuditChain(store.session)).ok, true);
    });

    it('lists events oldest first, filtered by time, principal, action, outcome and target (with what is under it), page by page', async () => {
      await appendEvents(9);
      await appendAudit(
        store.session,
        entry(10, { outcome: 'denied', action: 'audit/read', target: 'GET /api/v1/audit', principal: 'bob' }),
      );
      await appendAudit(store.session, entry(11, { target: 'arca://registries/shared/models/m1' }));
      await appendAudit(store.session, entry(12, { target: 'arca://registries/shared/models/m10/versions/1' }));
      const seqs = async (query: Parameters<typeof listAudit>[1]) =>
        (await listAudit(store.session, query)).map((e) => e.seq);
      assert.deepEqual(await seqs({ limit: 100, since: entry(3).at, until: entry(6).at }), [3, 4, 5]);
      assert.deepEqual(await seqs({ limit: 100, principal: 'alice' }), [2, 4, 6, 8, 12]);
      assert.deepEqual(await seqs({ limit: 100, outcome: 'denied' }), [10]);
      assert.deepEqual(await seqs({ limit: 100, action: 'audit/read', principal: 'bob' }), [10]);
      assert.deepEqual(await seqs({ limit: 100, target: 'arca://registries/shared/models/m1' }), [1, 4, 7, 11]);
      assert.deepEqual(await seqs({ limit: 100, target: 'arca://registries/shared/models/m1/versions/4' }), [4]);
      assert.deepEqual(await seqs({ limit: 2, afterSeq: 5 }), [6, 7]);
      const [event] = await listAudit(store.session, { limit: 1 });
      assert.deepEqual(
        event && { details: event.details, requestId: event.requestId, source: event.source, prevHash: event.prevHash },
        { details: { n: 1 }, requestId: 'req-1', source: '10.0.0.7', prevHash: genesisHash },
      );
    });
  });
}

async function lastHash(store: MetadataStore): Promise<string> {
  const row = await store.kysely
    .selectFrom('audit_events')
    .select('hash')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.hash ?? '';
}
