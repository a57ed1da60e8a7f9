import type { ScopeKind } from '../../core/names.js';
import { onPostgres } from './dialect.js';
import { queries, type Tx } from './session.js';

/**
 * Takes the asset's row lock for the rest of the transaction, before reading what the asset's next
 * version label depends on (the largest label held and the largest retired). Returns false when the
 * asset is gone.
 *
 * Why a row lock rather than insert-and-retry: numbering is a read-modify-write over many rows (the
 * max of the versions and of the tombstones), and 20 clients racing for "the next integer" made
 * retries pile up until their bound was spent (409s). With the lock, begins of one asset take their
 * number one after the other and never collide; begins of different assets do not wait for each other.
 *
 * PostgreSQL: `FOR NO KEY UPDATE`, so it waits only for other writers of the asset row (another begin,
 * an asset PATCH), not for transactions that merely reference the asset (a version, tag or alias
 * insert takes `FOR KEY SHARE` on it). Under READ COMMITTED each later statement sees what the
 * previous holder committed. SQLite: the whole transaction is already one writer at a time (Kysely's
 * driver runs one transaction on its single connection; another process's write makes ours fail with
 * SQLITE_BUSY rather than overwrite), so reading inside the write transaction is the whole rule.
 */
export async function lockAssetRow(session: Tx, assetId: string): Promise<boolean> {
  const db = queries(session);
  const query = db.selectFrom('assets').select('id').where('id', '=', assetId);
  const postgres = onPostgres(db);
  return (await (postgres ? query.forNoKeyUpdate() : query).executeTakeFirst()) !== undefined;
}

/**
 * Takes a registry's or workspace's row lock for the rest of the transaction, before its PATCH reads
 * the tags and regions it rewrites. A row lock because that PATCH is a read-modify-write of the whole
 * set (the merged tags are checked against the 50-tag limit, regions against the current list):
 * concurrent PATCHes then apply one after the other, each to what the previous one left.
 * (PostgreSQL `FOR NO KEY UPDATE`; SQLite as in `lockAssetRow`.)
 */
export async function lockScopeRow(session: Tx, kind: ScopeKind, nameKey: string): Promise<void> {
  const db = queries(session);
  const query = db.selectFrom('scopes').select('id').where('kind', '=', kind).where('name_key', '=', nameKey);
  if (onPostgres(db)) await query.forNoKeyUpdate().execute();
}
