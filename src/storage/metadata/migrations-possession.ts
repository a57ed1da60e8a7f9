import type { Kysely, Migration } from 'kysely';

/** Proof of possession: which scope received which blob through an upload session (issue 12). Append new migrations; never edit a shipped one. */
export const possessionMigrations: Record<string, Migration> = {
  '0012_blob_receipts': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A principal that finished an upload of a digest in a scope has proved it holds the bytes there,
      // until its pending versions would have expired (housekeeping removes older receipts).
      await db.schema
        .createTable('blob_receipts')
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('principal_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_receipts_pk', ['scope_id', 'digest', 'principal_id'])
        .execute();
      await db.schema.createIndex('blob_receipts_created').on('blob_receipts').columns(['created_at']).execute();
      // The possession check looks digests up in every table that references a blob; these two had no index by digest.
      await db.schema.createIndex('versions_manifest_digest').on('versions').columns(['manifest_digest']).execute();
      await db.schema.createIndex('oci_manifests_digest').on('oci_manifests').columns(['digest']).execute();
    },
  },
};
