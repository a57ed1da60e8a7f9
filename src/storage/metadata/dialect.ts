import { PostgresAdapter } from 'kysely';
import type { Db, Dialect } from './metadata-store.js';

/** The dialect a connection or transaction speaks: repositories decide it here, so callers never pass it. */
export function dialectOf(db: Db): Dialect {
  return onPostgres(db) ? 'postgres' : 'sqlite';
}

/** True when the connection (or transaction) talks to PostgreSQL: where row locks exist and are taken. */
export function onPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
