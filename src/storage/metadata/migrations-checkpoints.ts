import type { Kysely, Migration } from 'kysely';

/** Signed audit checkpoints (issue 12). Part of the one migration set (migrations.ts); append, never edit. */
export const checkpointsMigrations: Record<string, Migration> = {
  '0016_audit_checkpoints': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A copy for listing and for the next checkpoint's consistency check; the evidence is the exported copy.
      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('head_hash', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_checkpoints_at').on('audit_checkpoints').columns(['at']).execute();
    },
  },
};
