import { PostgresAdapter } from 'kysely';
import type { Db } from './metadata-store.js';

/** True when the connection (or transaction) talks to PostgreSQL: where row locks exist and are taken. */
export function onPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
