import type { Kysely, Migration } from 'kysely';

/** A version per registry and workspace (issue 16). Part of the one migration set (migrations.ts); append, never edit. */
export const scopesMigrations: Record<string, Migration> = {
  '0028_scope_version': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Bumped in the transaction of every change to a scope, its tags or its regions: a process that
      // keeps a scope it showed compares one number with the row to know it is still the one to show.
      await db.schema
        .alterTable('scopes')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};
