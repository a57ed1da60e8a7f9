import { PostgresAdapter, sql, type Kysely } from 'kysely';

/** PostgreSQL orders text by locale unless told otherwise; SQLite already compares bytewise. */
export async function useBytewiseCollation(
  db: Kysely<unknown>,
  columns: [table: string, column: string][],
): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [table, column] of columns) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(db);
  }
}
