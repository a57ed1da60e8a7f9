import { PostgresAdapter } from 'kysely';
import type { Dialect } from './metadata-store.js';
import type { Queries } from './session.js';

/** The dialect a connection or transaction speaks: repositories decide it here, so callers never pass it. */
export function dialectOf(db: Queries): Dialect {
  return onPostgres(db) ? 'postgres' : 'sqlite';
}

/** True when the connection (or transaction) talks to PostgreSQL: where row locks exist and are taken. */
export function onPostgres(db: Queries): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
