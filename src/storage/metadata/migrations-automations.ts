import { sql, type Kysely, type Migration } from 'kysely';

/** Automations: webhooks told of events (issue 18). Part of the one migration set (migrations.ts); append, never edit. */
export const automationsMigrations: Record<string, Migration> = {
  '0032_automations': {
    async up(db: Kysely<unknown>): Promise<void> {
      // One automation of the organisation (scope_id null, scope_key '') or of a registry or workspace (gone with it).
      // `after_position`: the feed's last position when it was made; it hears of later events only. The secrets are
      // sealed with the server key (never in clear here); the previous one stays during a rotation, until it expires.
      await db.schema
        .createTable('automations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope_id', 'text', (c) => c.references('scopes.id').onDelete('cascade'))
        .addColumn('scope_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('filter', 'text')
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('payload', 'text')
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('previous_secret', 'text')
        .addColumn('previous_secret_expires_at', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
        .addColumn('after_position', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('automations_scope_name')
        .on('automations')
        .columns(['scope_key', 'name_key'])
        .unique()
        .execute();
      // One delivery per (automation, event); its id is the `webhook-id` every attempt and redelivery carries.
      // A test ping has no event in the feed: its CloudEvent is kept in `ping`.
      await db.schema
        .createTable('automation_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('automation_id', 'text', (c) => c.notNull().references('automations.id').onDelete('cascade'))
        .addColumn('event_position', 'bigint')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('ping', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('automation_deliveries_automation')
        .on('automation_deliveries')
        .columns(['automation_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('automation_deliveries_event')
        .on('automation_deliveries')
        .columns(['automation_id', 'event_id'])
        .unique()
        .execute();
      // Every attempt of a delivery: the log a person reads when a receiver misbehaves.
      await db.schema
        .createTable('automation_attempts')
        .addColumn('delivery_id', 'text', (c) => c.notNull().references('automation_deliveries.id').onDelete('cascade'))
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('response', 'text')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addPrimaryKeyConstraint('automation_attempts_pk', ['delivery_id', 'attempt'])
        .execute();
      // How far the dispatcher has matched the feed against the automations (one row, every replica shares it).
      await db.schema
        .createTable('automation_dispatch')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last_position', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into automation_dispatch (id, last_position) values (1, (select coalesce(max(position), 0) from events))`.execute(
        db,
      );
    },
  },
};
