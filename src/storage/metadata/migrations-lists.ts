import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/** Version lists (issue 16). Part of the one migration set (migrations.ts); append, never edit. */
export const listsMigrations: Record<string, Migration> = {
  '0029_kv_keys_include_values': {
    async up(db: Kysely<unknown>): Promise<void> {
      // PostgreSQL reads a listed version's tags and properties, and tests `properties.X >= …` version by
      // version, through the (version_id, key) primary key and then the table row for the value. With the
      // value carried in that index (INCLUDE: the same uniqueness, still one index) both read the index
      // alone: a filtered page of 100 over 100,000 versions touched 4,293 buffers, now 3,263. No value is
      // longer than the (key, value, version_id) index already holds. SQLite has no INCLUDE: left as it is.
      if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
      for (const table of ['version_tags', 'version_properties']) {
        const pk = sql.ref(`${table}_pk`);
        await sql`alter table ${sql.table(table)} drop constraint ${pk},
          add constraint ${pk} primary key (version_id, key) include (value)`.execute(db);
      }
    },
  },
};
