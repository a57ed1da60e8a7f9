import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedScope, seedTime } from '../../testing/metadata-seeds.js';
import {
  advanceDispatchCursor,
  attemptsOf,
  claimDispatchCursor,
  countAutomations,
  deleteAutomation,
  enabledAutomations,
  findAutomation,
  findAutomationByName,
  findDelivery,
  insertAutomation,
  insertDelivery,
  listAutomations,
  listDeliveries,
  lockAutomation,
  recordAttempt,
  removeEndedDeliveries,
  scopeIdOf,
  setDeliveryState,
  updateAutomation,
  type AutomationRow,
  type DeliveryRow,
} from './automations-repository.js';
import { appendEvent, eventAt, lastEventPosition } from './events-repository.js';
import type { MetadataStore } from './metadata-store.js';

function automation(scopeId: string | null, name: string, fields: Partial<AutomationRow> = {}): AutomationRow {
  return {
    id: randomUUID(),
    scope_id: scopeId,
    scope_key: scopeId ?? '',
    name,
    name_key: name.toLowerCase(),
    description: '',
    events: '["*"]',
    filter: null,
    url: 'https://example.com/hook',
    headers: 'sealed-headers',
    payload: null,
    secret: 'sealed-secret',
    previous_secret: null,
    previous_secret_expires_at: null,
    enabled: 1,
    disabled_reason: null,
    consecutive_failures: 0,
    after_position: 0,
    created_at: seedTime,
    created_by: 'admin',
    updated_at: seedTime,
    updated_by: 'admin',
    ...fields,
  };
}

function delivery(automationId: string, fields: Partial<DeliveryRow> = {}): DeliveryRow {
  return {
    id: `msg_${randomUUID()}`,
    automation_id: automationId,
    event_position: 1,
    event_id: randomUUID(),
    event_type: 'dev.arca.alias.moved',
    ping: null,
    state: 'pending',
    attempts: 0,
    created_at: seedTime,
    updated_at: seedTime,
    ...fields,
  };
}

for (const dialect of testDialects) {
  describe(`automations repository on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });

    it('keeps names unique per scope (the organisation is one), finds by id and name, lists by name and counts', async () => {
      const scopeId = await seedScope(store, 'hooks-a');
      assert.equal(await scopeIdOf(store.session, 'registry', 'hooks-a'), scopeId);
      assert.equal(await scopeIdOf(store.session, 'workspace', 'hooks-a'), undefined);
      const b = automation(scopeId, 'Beta');
      const a = automation(scopeId, 'alpha', { enabled: 0 });
      const org = automation(null, 'alpha');
      for (const row of [b, a, org]) assert.equal(await store.transaction((trx) => insertAutomation(trx, row)), true);
      assert.equal(await store.transaction((trx) => insertAutomation(trx, automation(scopeId, 'BETA'))), false);
      assert.equal(await store.transaction((trx) => insertAutomation(trx, automation(null, 'ALPHA'))), false);
      const found = await findAutomation(store.session, b.id);
      assert.deepEqual([found?.scope_kind, found?.scope_name, found?.enabled], ['registry', 'hooks-a', 1]);
      assert.equal((await findAutomationByName(store.session, '', 'alpha'))?.id, org.id);
      assert.equal((await findAutomationByName(store.session, scopeId, 'beta'))?.id, b.id);
      assert.equal((await findAutomation(store.session, org.id))?.scope_kind, null);
      assert.deepEqual(
        (await listAutomations(store.session, scopeId)).map((row) => row.name),
        ['alpha', 'Beta'],
      );
      assert.equal(await countAutomations(store.session, scopeId), 2);
      const enabled = (await enabledAutomations(store.session)).map((row) => row.id);
      assert.ok(enabled.includes(b.id) && enabled.includes(org.id) && !enabled.includes(a.id));
    });

    it('changes an automation under its row lock and deletes it with its deliveries and attempts', async () => {
      const scopeId = await seedScope(store, 'hooks-b');
      const row = automation(scopeId, 'doomed');
      await store.transaction((trx) => insertAutomation(trx, row));
      const sent = delivery(row.id);
      await store.transaction(async (trx) => {
        assert.equal((await lockAutomation(trx, row.id))?.name, 'doomed');
        assert.equal(await updateAutomation(trx, row.id, { consecutive_failures: 2, description: 'x' }), true);
        assert.equal(await insertDelivery(trx, sent), true);
        await recordAttempt(trx, attempt(sent.id), 'failed');
      });
      assert.equal((await findAutomation(store.session, row.id))?.consecutive_failures, 2);
      assert.equal(await store.transaction((trx) => deleteAutomation(trx, row.id)), true);
      assert.equal(await store.transaction((trx) => deleteAutomation(trx, row.id)), false);
      assert.equal(await findDelivery(store.session, sent.id), undefined);
      assert.deepEqual(await attemptsOf(store.session, [sent.id]), []);
      assert.equal(await store.transaction((trx) => lockAutomation(trx, row.id)), undefined);
    });

    it('keeps one delivery per event, numbers its attempts, pages the log newest first and forgets ended ones', async () => {
      const scopeId = await seedScope(store, 'hooks-c');
      const row = automation(scopeId, 'log');
      await store.transaction((trx) => insertAutomation(trx, row));
      const first = delivery(row.id, { created_at: '2026-01-01T00:00:00.000Z' });
      const second = delivery(row.id, { created_at: '2026-01-02T00:00:00.000Z' });
      await store.transaction(async (trx) => {
        assert.equal(await insertDelivery(trx, first), true);
        assert.equal(await insertDelivery(trx, { ...first, id: 'msg_again' }), false);
        assert.equal(await insertDelivery(trx, second), true);
        assert.equal(await recordAttempt(trx, attempt(first.id), 'pending'), 1);
        assert.equal(await recordAttempt(trx, attempt(first.id, 200), 'delivered'), 2);
      });
      assert.deepEqual(
        (await attemptsOf(store.session, [first.id, second.id])).map((a) => [a.attempt, a.status_code]),
        [
          [1, 500],
          [2, 200],
        ],
      );
      const page = await listDeliveries(store.session, { automationId: row.id, limit: 1 });
      assert.deepEqual(
        page.map((d) => d.id),
        [second.id],
      );
      const next = await listDeliveries(store.session, {
        automationId: row.id,
        before: { createdAt: second.created_at, id: second.id },
        limit: 10,
      });
      assert.deepEqual(
        next.map((d) => [d.id, d.state, d.attempts]),
        [[first.id, 'delivered', 2]],
      );
      assert.deepEqual(
        (await listDeliveries(store.session, { automationId: row.id, state: 'pending', limit: 10 })).map((d) => d.id),
        [second.id],
      );
      assert.equal(await store.transaction((trx) => setDeliveryState(trx, second.id, 'skipped', seedTime)), true);
      assert.equal(await store.transaction((trx) => setDeliveryState(trx, 'msg_none', 'skipped', seedTime)), false);
      // Ended before the cutoff: both go (the delivered one updated at its attempt's time, the skipped one at seedTime).
      assert.equal(await removeEndedDeliveries(store.session, '2100-01-01T00:00:00.000Z', 10), 2);
      assert.equal(await findDelivery(store.session, first.id), undefined);
      assert.deepEqual(await attemptsOf(store.session, [first.id]), []);
    });

    it('hands the dispatch cursor to one transaction at a time and reads events by position', async () => {
      const scopeId = await seedScope(store, 'hooks-d');
      const event = await store.transaction((trx) =>
        appendEvent(trx, {
          id: randomUUID(),
          type: 'dev.arca.alias.set',
          source: 'arca://registries/hooks-d',
          subject: 'arca://registries/hooks-d/models/m/aliases/a',
          time: seedTime,
          scope: { id: scopeId, kind: 'registry' },
          data: {
            actor: { name: 'admin' },
            reference: 'arca://registries/hooks-d/models/m/aliases/a',
            scope: { kind: 'registry', name: 'hooks-d' },
            asset: { type: 'model', name: 'm' },
          },
        }),
      );
      assert.equal(await lastEventPosition(store.session), event.position);
      assert.equal((await eventAt(store.session, event.position))?.id, event.id);
      assert.equal(await eventAt(store.session, event.position + 1000), undefined);
      await store.transaction(async (trx) => {
        const cursor = await claimDispatchCursor(trx);
        assert.equal(typeof cursor, 'number');
        // PostgreSQL: another replica's dispatcher skips the locked cursor rather than waiting for it.
        // (SQLite runs one write transaction at a time: the question does not arise.)
        if (dialect.name === 'postgres')
          assert.equal(await store.transaction((other) => claimDispatchCursor(other)), undefined);
        await advanceDispatchCursor(trx, event.position);
      });
      assert.equal(await store.transaction((trx) => claimDispatchCursor(trx)), event.position);
    });
  });
}

function attempt(deliveryId: string, status = 500) {
  return {
    delivery_id: deliveryId,
    started_at: status === 200 ? '2026-01-01T00:01:00.000Z' : '2026-01-01T00:00:30.000Z',
    outcome: status === 200 ? 'delivered' : 'retry',
    status_code: status,
    latency_ms: 12,
    response: null,
    error_code: null,
    error_message: null,
  };
}
