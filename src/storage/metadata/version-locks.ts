import { onPostgres } from './dialect.js';
import { queries, type Tx } from './session.js';

/**
 * The aliases pointing at a version, read for its delete. On PostgreSQL the version row and those alias
 * rows are locked until the transaction ends, so an alias pointed at it or protected at the same moment
 * is either seen here or fails once the version is gone. (SQLite runs one write transaction at a time.)
 */
export async function aliasesOfVersionForDelete(
  session: Tx,
  versionId: string,
): Promise<{ name: string; protected: boolean }[]> {
  const db = queries(session);
  const postgres = onPostgres(db);
  if (postgres) await db.selectFrom('versions').select('id').where('id', '=', versionId).forUpdate().execute();
  // All of them, filtered by the caller: a lock wait re-reads a row, but only one the query matched at first.
  const query = db
    .selectFrom('aliases')
    .select(['name', 'protected'])
    .where('version_id', '=', versionId)
    .orderBy('name');
  const rows = await (postgres ? query.forUpdate() : query).execute();
  return rows.map((row) => ({ name: row.name, protected: row.protected === 1 }));
}
