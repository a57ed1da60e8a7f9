import type { Kysely, Migration } from 'kysely';

/** Replica copies claimed per (region, blob) (issue 16). Part of the one migration set (migrations.ts); append, never edit. */
export const replicationMigrations: Record<string, Migration> = {
  '0026_blob_copies': {
    async up(db: Kysely<unknown>): Promise<void> {
      // One row while a copy of a blob into a region runs: two jobs (two versions sharing a blob, two
      // replicas) that want the same copy find the row and wait for its result instead of colliding.
      await db.schema
        .createTable('blob_copies')
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('lease_expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_copies_pk', ['region', 'digest'])
        .execute();
    },
  },
};
