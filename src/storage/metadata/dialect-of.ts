import { PostgresAdapter } from 'kysely';
import type { Db, Dialect } from './metadata-store.js';

/** The dialect a connection or transaction speaks: repositories decide it here, so callers never pass it. */
export function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
