import { sql } from 'kysely';
import { onPostgres } from './dialect.js';
import type { Queries } from './session.js';

const changeLogLockKey = 0x61726361; // "arca"

/**
 * Takes the change-log lock for the rest of the transaction: the audit chain and the event outbox both
 * number their rows under it. PostgreSQL: writers queue here until the holder commits, so numbers never
 * collide and rows commit in the order of their numbers (a reader that has seen number n has seen every
 * number before it). One lock for both, so a transaction that writes both can never deadlock with
 * another that writes them in the other order. SQLite: write transactions are already serial.
 */
export async function takeChangeLogLock(db: Queries): Promise<void> {
  if (onPostgres(db)) await sql`select pg_advisory_xact_lock(${changeLogLockKey})`.execute(db);
}
