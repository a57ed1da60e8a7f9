import type { Kysely, Migration } from 'kysely';

/** Unchanged re-registers (issue 14). Append new migrations; never edit a shipped one. */
export const duplicatesMigrations: Record<string, Migration> = {
  '0022_versions_allow_duplicate': {
    async up(db: Kysely<unknown>): Promise<void> {
      // 1 when the client asked for a new version even if it repeats the latest (allow_duplicate, or a label
      // of its own): the commit then skips the unchanged check. Read only by the commit of a pending version.
      await db.schema
        .alterTable('versions')
        .addColumn('allow_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};
