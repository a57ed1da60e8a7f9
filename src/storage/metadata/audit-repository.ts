import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './metadata-store.js';

const auditLockKey = 0x61726361; // "arca"

export interface AuditEntry {
  at: string;
  principal: string;
  action: string;
  target: string;
  outcome: 'succeeded' | 'denied' | 'failed';
  requestId?: string;
  details?: unknown;
}

/**
 * Appends an audit event in the caller's transaction, so the record and the change land together.
 * Events are numbered in order; the access issue chains them by hash.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  // PostgreSQL: writers queue here for the rest of their transaction, so numbers never collide.
  // SQLite: transactions are already serial.
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(${auditLockKey})`.execute(db);
  const last = await db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  await db.insertInto('audit_events').values({
    id: randomUUID(), seq: Number(last?.seq ?? 0) + 1, at: entry.at, principal: entry.principal, action: entry.action, target: entry.target,
    outcome: entry.outcome, request_id: entry.requestId ?? null, details: entry.details === undefined ? null : JSON.stringify(entry.details),
  }).execute();
}
