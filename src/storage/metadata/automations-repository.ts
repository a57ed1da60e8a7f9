import type { Selectable } from 'kysely';
import type { ScopeKind } from '../../core/names.js';
import { onPostgres } from './dialect.js';
import { createdBefore } from './created-order.js';
import { queries, type Session, type Tx } from './session.js';
import type { AutomationAttemptsTable, AutomationDeliveriesTable, AutomationsTable } from './tables.js';

/** An automation as stored: JSON columns still text, secrets still sealed. */
export type AutomationRow = Selectable<AutomationsTable>;
/** An automation row with its scope's kind and name (null for the organisation's). */
export type ScopedAutomationRow = AutomationRow & { scope_kind: ScopeKind | null; scope_name: string | null };
export type DeliveryRow = Selectable<AutomationDeliveriesTable>;
export type AttemptRow = Selectable<AutomationAttemptsTable>;

function withScope(session: Session) {
  return queries(session)
    .selectFrom('automations')
    .leftJoin('scopes', 'scopes.id', 'automations.scope_id')
    .selectAll('automations')
    .select(['scopes.kind as scope_kind', 'scopes.name as scope_name']);
}

function scoped(row: AutomationRow & { scope_kind: string | null; scope_name: string | null }): ScopedAutomationRow {
  return {
    ...row,
    enabled: Number(row.enabled),
    consecutive_failures: Number(row.consecutive_failures),
    after_position: Number(row.after_position),
    scope_kind: row.scope_kind as ScopeKind | null,
  };
}

/** Adds an automation; false when its scope already has one of that name (the unique index decides). */
export async function insertAutomation(session: Tx, row: AutomationRow): Promise<boolean> {
  const result = await queries(session)
    .insertInto('automations')
    .values(row)
    .onConflict((c) => c.columns(['scope_key', 'name_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findAutomation(session: Session, id: string): Promise<ScopedAutomationRow | undefined> {
  const row = await withScope(session).where('automations.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : scoped(row);
}

/** An automation by its scope (`''` for the organisation, else the scope id) and name key. */
export async function findAutomationByName(
  session: Session,
  scopeKey: string,
  nameKey: string,
): Promise<ScopedAutomationRow | undefined> {
  const row = await withScope(session)
    .where('automations.scope_key', '=', scopeKey)
    .where('automations.name_key', '=', nameKey)
    .executeTakeFirst();
  return row === undefined ? undefined : scoped(row);
}

/**
 * Reads an automation for a change in this transaction, taking its row lock on PostgreSQL (SQLite's one
 * writer already serialises), so two PATCHes or a PATCH and a delivery's failure count apply one after the other.
 */
export async function lockAutomation(session: Tx, id: string): Promise<ScopedAutomationRow | undefined> {
  const db = queries(session);
  if (onPostgres(db)) await db.selectFrom('automations').select('id').where('id', '=', id).forUpdate().execute();
  return findAutomation(session, id);
}

/** The automations of one scope (`scopeKey`: `''` for the organisation's, else the scope id), by name. */
export async function listAutomations(session: Session, scopeKey: string): Promise<ScopedAutomationRow[]> {
  const rows = await withScope(session)
    .where('automations.scope_key', '=', scopeKey)
    .orderBy('automations.name_key')
    .limit(1000)
    .execute();
  return rows.map(scoped);
}

/** How many automations a scope holds. */
export async function countAutomations(session: Session, scopeKey: string): Promise<number> {
  const row = await queries(session)
    .selectFrom('automations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('scope_key', '=', scopeKey)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every enabled automation: what the dispatcher matches the feed against. */
export async function enabledAutomations(session: Session): Promise<ScopedAutomationRow[]> {
  const rows = await withScope(session).where('automations.enabled', '=', 1).execute();
  return rows.map(scoped);
}

/** Changes an automation's columns; false when it is gone. */
export async function updateAutomation(
  session: Tx,
  id: string,
  changes: Partial<Omit<AutomationRow, 'id' | 'created_at' | 'created_by'>>,
): Promise<boolean> {
  const result = await queries(session).updateTable('automations').set(changes).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteAutomation(session: Tx, id: string): Promise<boolean> {
  const db = queries(session);
  // Attempts and deliveries go with it (foreign keys cascade on PostgreSQL; SQLite is told the same explicitly).
  const deliveries = db.selectFrom('automation_deliveries').select('id').where('automation_id', '=', id);
  await db.deleteFrom('automation_attempts').where('delivery_id', 'in', deliveries).execute();
  await db.deleteFrom('automation_deliveries').where('automation_id', '=', id).execute();
  const result = await db.deleteFrom('automations').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Adds a delivery; false when the automation already has one for this event (a dispatcher ran twice). */
export async function insertDelivery(session: Tx, row: DeliveryRow): Promise<boolean> {
  const result = await queries(session)
    .insertInto('automation_deliveries')
    .values(row)
    .onConflict((c) => c.columns(['automation_id', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

function delivery(row: DeliveryRow): DeliveryRow {
  return {
    ...row,
    attempts: Number(row.attempts),
    event_position: row.event_position === null ? null : Number(row.event_position),
  };
}

export async function findDelivery(session: Session, id: string): Promise<DeliveryRow | undefined> {
  const row = await queries(session)
    .selectFrom('automation_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : delivery(row);
}

/** A page of an automation's deliveries, newest first, before a `(created_at, id)` cursor. */
export async function listDeliveries(
  session: Session,
  query: { automationId: string; state?: string; before?: { createdAt: string; id: string }; limit: number },
): Promise<DeliveryRow[]> {
  let select = queries(session)
    .selectFrom('automation_deliveries')
    .selectAll()
    .where('automation_id', '=', query.automationId);
  if (query.state !== undefined) select = select.where('state', '=', query.state);
  const before = query.before;
  if (before !== undefined) select = select.where(createdBefore(before));
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(delivery);
}

/** The attempts of some deliveries, oldest first per delivery. */
export async function attemptsOf(session: Session, deliveryIds: readonly string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await queries(session)
    .selectFrom('automation_attempts')
    .selectAll()
    .where('delivery_id', 'in', [...deliveryIds])
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
  return rows.map((row) => ({
    ...row,
    attempt: Number(row.attempt),
    latency_ms: Number(row.latency_ms),
    status_code: row.status_code === null ? null : Number(row.status_code),
  }));
}

/**
 * Records an attempt and the delivery's state after it; answers the attempt's number. The number is the
 * next after those recorded (a delivery is run by one job at a time: the queue's dedupe key).
 */
export async function recordAttempt(session: Tx, attempt: Omit<AttemptRow, 'attempt'>, state: string): Promise<number> {
  const db = queries(session);
  const last = await db
    .selectFrom('automation_attempts')
    .select((eb) => eb.fn.max('attempt').as('last'))
    .where('delivery_id', '=', attempt.delivery_id)
    .executeTakeFirst();
  const number = Number(last?.last ?? 0) + 1;
  await db
    .insertInto('automation_attempts')
    .values({ ...attempt, attempt: number })
    .execute();
  await db
    .updateTable('automation_deliveries')
    .set({ state, attempts: number, updated_at: attempt.started_at })
    .where('id', '=', attempt.delivery_id)
    .execute();
  return number;
}

/** Sets a delivery's state (pending again for a redelivery, skipped); false when it is gone. */
export async function setDeliveryState(session: Tx, id: string, state: string, now: string): Promise<boolean> {
  const result = await queries(session)
    .updateTable('automation_deliveries')
    .set({ state, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Removes a bounded batch of deliveries that ended (delivered, failed, skipped) before `cutoff`, with their
 * attempts; pending ones stay whatever their age. Answers how many went.
 */
export async function removeEndedDeliveries(session: Session, cutoff: string, limit: number): Promise<number> {
  const db = queries(session);
  const ids = (
    await db
      .selectFrom('automation_deliveries')
      .select('id')
      .where('state', '!=', 'pending')
      .where('updated_at', '<', cutoff)
      .limit(limit)
      .execute()
  ).map((row) => row.id);
  if (ids.length === 0) return 0;
  await db.deleteFrom('automation_attempts').where('delivery_id', 'in', ids).execute();
  const result = await db.deleteFrom('automation_deliveries').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Takes the dispatcher's cursor for this transaction: the last feed position matched. PostgreSQL: the row
 * lock with SKIP LOCKED, so a replica finds `undefined` while another dispatches rather than waiting.
 */
export async function claimDispatchCursor(session: Tx): Promise<number | undefined> {
  const db = queries(session);
  const query = db.selectFrom('automation_dispatch').select('last_position').where('id', '=', 1);
  const row = await (onPostgres(db) ? query.forUpdate().skipLocked() : query).executeTakeFirst();
  return row === undefined ? undefined : Number(row.last_position);
}

export async function advanceDispatchCursor(session: Tx, position: number): Promise<void> {
  await queries(session)
    .updateTable('automation_dispatch')
    .set({ last_position: position })
    .where('id', '=', 1)
    .execute();
}

/** The id of a registry or workspace by kind and name key (undefined when there is none). */
export async function scopeIdOf(session: Session, kind: ScopeKind, nameKey: string): Promise<string | undefined> {
  const row = await queries(session)
    .selectFrom('scopes')
    .select('id')
    .where('kind', '=', kind)
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
  return row?.id;
}
