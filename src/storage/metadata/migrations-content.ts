import { sql, type Kysely, type Migration } from 'kysely';
import { useBytewiseCollation } from './collation.js';

/**
 * Migrations of the registry's content beyond assets: OCI manifests and tags, specs and lineage,
 * list indexes, durable jobs. Part of the one migration set (migrations.ts); append, never edit.
 */
export const contentMigrations: Record<string, Migration> = {
  '0007_oci': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Manifests pushed at /v2/ (a version created through the API keeps its manifest in versions.manifest_digest).
      await db.schema
        .createTable('oci_manifests')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('artifact_type', 'text')
        .addColumn('subject_digest', 'text')
        .addColumn('annotations', 'text')
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('oci_manifests_pk', ['asset_id', 'digest'])
        .execute();
      await db.schema
        .createIndex('oci_manifests_subject')
        .on('oci_manifests')
        .columns(['asset_id', 'subject_digest'])
        .execute();
      // What each manifest references (config, layers, child manifests): the blobs it keeps alive.
      await db.schema
        .createTable('oci_manifest_refs')
        .addColumn('asset_id', 'text', (c) => c.notNull())
        .addColumn('manifest_digest', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('oci_manifest_refs_pk', ['asset_id', 'manifest_digest', 'digest'])
        .addForeignKeyConstraint(
          'oci_manifest_refs_manifest',
          ['asset_id', 'manifest_digest'],
          'oci_manifests',
          ['asset_id', 'digest'],
          (c) => c.onDelete('cascade'),
        )
        .execute();
      await db.schema.createIndex('oci_manifest_refs_digest').on('oci_manifest_refs').columns(['digest']).execute();
      // Tags of repositories whose tags are not version labels (models, data, components: versions stay immutable).
      await db.schema
        .createTable('oci_tags')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('manifest_digest', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('oci_tags_pk', ['asset_id', 'tag'])
        .execute();
      await db.schema
        .createIndex('oci_tags_manifest')
        .on('oci_tags')
        .columns(['asset_id', 'manifest_digest'])
        .execute();
      // Blobs uploaded or mounted into a repository: a blob is readable only through a repository that holds it.
      await db.schema
        .createTable('oci_repository_blobs')
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('oci_repository_blobs_pk', ['scope_id', 'repository', 'digest'])
        .execute();
      await db.schema
        .createIndex('oci_repository_blobs_digest')
        .on('oci_repository_blobs')
        .columns(['digest'])
        .execute();
      // An OCI upload belongs to one repository; REST uploads leave it empty.
      await db.schema.alterTable('upload_sessions').addColumn('repository', 'text').execute();
      await useBytewiseCollation(db, [['oci_tags', 'tag']]);
    },
  },
  '0008_specs_and_lineage': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Environments and components carry their YAML: as written (shown back) and as parsed (JSON).
      await db.schema.alterTable('versions').addColumn('spec', 'text').execute();
      await db.schema.alterTable('versions').addColumn('spec_yaml', 'text').execute();
      // What a version was derived from: data, a parent model, a component, an environment.
      await db.schema
        .createTable('version_lineage')
        .addColumn('version_id', 'text', (c) => c.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('relation', 'text', (c) => c.notNull())
        .addColumn('target_version_id', 'text', (c) => c.notNull().references('versions.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('version_lineage_pk', ['version_id', 'relation', 'target_version_id'])
        .execute();
      await db.schema
        .createIndex('version_lineage_target')
        .on('version_lineage')
        .columns(['target_version_id'])
        .execute();
    },
  },
  '0009_kv_owner_indexes': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A list filtered on two key/value terms intersects the owners of their (key, value) ranges.
      // With the owner in the index both dialects read them index-only (SQLite's secondary indexes
      // hold only the rowid, PostgreSQL needs a vacuumed table): a selective filter over 100,000
      // versions took 7.4 ms of SQL on SQLite before, 1.3 ms after; 5.8 → 4.3 ms on PostgreSQL.
      for (const table of ['version_tags', 'version_properties']) {
        await db.schema
          .createIndex(`${table}_key_value_owner`)
          .on(table)
          .columns(['key', 'value', 'version_id'])
          .execute();
        await db.schema.dropIndex(`${table}_key_value`).execute();
      }
    },
  },
  '0010_jobs': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Durable background work (replication, garbage collection, …), claimed with a lease.
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('next_run_at', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('dedupe_key', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('jobs_state_next_run').on('jobs').columns(['state', 'next_run_at']).execute();
      // At most one queued or running job per dedupe key (one replication of a version to a region at a time).
      await db.schema
        .createIndex('jobs_active_dedupe')
        .on('jobs')
        .column('dedupe_key')
        .unique()
        .where(sql.ref('state'), 'in', sql`('queued', 'running')`)
        .execute();
      await db.schema.createIndex('jobs_kind_created').on('jobs').columns(['kind', 'created_at']).execute();
    },
  },
  '0011_job_results': {
    async up(db: Kysely<unknown>): Promise<void> {
      // What a finished job reports (a garbage collection's or consistency check's findings), as JSON.
      await db.schema.alterTable('jobs').addColumn('result', 'text').execute();
    },
  },
};
