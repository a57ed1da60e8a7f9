import { PostgresAdapter, sql, type RawBuilder, type SqlBool } from 'kysely';
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

/**
 * `ref in (…values)`, as one array parameter on PostgreSQL (`ref = any($1)`): a page's hundred ids
 * were a hundred parameters to bind and a hundred constants to plan in every statement. SQLite binds
 * them as a list (it has no arrays).
 */
export function inList(db: Queries, ref: string, values: readonly string[]): RawBuilder<SqlBool> {
  return onPostgres(db)
    ? sql<SqlBool>`${sql.ref(ref)} = any(${[...values]})`
    : sql<SqlBool>`${sql.ref(ref)} in (${sql.join(values.map((value) => sql`${value}`))})`;
}
