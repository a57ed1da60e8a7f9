import type { Kysely, Migration } from 'kysely';

/** Retention policies (issue 18). Part of the one migration set (migrations.ts); append, never edit. */
export const retentionMigrations: Record<string, Migration> = {
  '0031_retention': {
    async up(db: Kysely<unknown>): Promise<void> {
      // One policy per registry or workspace, gone with it; `interval_seconds` is copied out of the
      // policy so the scheduler finds the scheduled ones without reading every policy.
      await db.schema
        .createTable('retention_policies')
        .addColumn('scope_id', 'text', (c) => c.primaryKey().references('scopes.id').onDelete('cascade'))
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('interval_seconds', 'integer')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
