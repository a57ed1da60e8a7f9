import { sql, type Kysely, type Migration } from 'kysely';

/** The event outbox (issue 18). Part of the one migration set (migrations.ts); append, never edit. */
export const eventsMigrations: Record<string, Migration> = {
  '0030_events': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Written in the transaction of the change it tells of; read in `position` order by lists, streams and
      // (later) webhook deliveries. The scope is kept by id (who may read it) and by its CloudEvents source.
      await db.schema
        .createTable('events')
        .addColumn('position', 'bigint', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('scope_id', 'text', (c) => c.notNull())
        .addColumn('scope_kind', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_scope_position').on('events').columns(['scope_id', 'position']).execute();
      await db.schema.createIndex('events_type_position').on('events').columns(['type', 'position']).execute();
      // The last position handed out: positions are never reused, even after the newest events are removed.
      await db.schema
        .createTable('event_positions')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into event_positions (id, last) values (1, 0)`.execute(db);
    },
  },
};
