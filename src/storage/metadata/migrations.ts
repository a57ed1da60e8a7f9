import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { useBytewiseCollation } from './collation.js';
import { contentMigrations } from './migrations-content.js';
import { possessionMigrations } from './migrations-possession.js';
import { tokensMigrations } from './migrations-tokens.js';
import { immutabilityMigrations } from './migrations-immutability.js';
import { checkpointsMigrations } from './migrations-checkpoints.js';
import { aliasesMigrations } from './migrations-aliases.js';
import { limitsMigrations } from './migrations-limits.js';
import { duplicatesMigrations } from './migrations-duplicates.js';
import { replicationMigrations } from './migrations-replication.js';
import { studioMigrations } from './migrations-studio.js';
import { scopesMigrations } from './migrations-scopes.js';
import { listsMigrations } from './migrations-lists.js';
import { eventsMigrations } from './migrations-events.js';
import { retentionMigrations } from './migrations-retention.js';
import { automationsMigrations } from './migrations-automations.js';
import { mlflowArtifactsMigrations } from './migrations-mlflow-artifacts.js';
import { mlflowTrackingMigrations } from './migrations-mlflow-tracking.js';

/**
 * The one migration set for SQLite and PostgreSQL. Append new migrations; never edit a shipped one.
 * Only portable column types are used (text, integer) so both dialects behave alike.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('principals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text')
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('principal_id', 'text', (c) => c.notNull().references('principals.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();

      await db.schema
        .createTable('scopes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('public_network_access', 'text')
        .addColumn('provisioning_state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('scopes_kind_name_key', ['kind', 'name_key'])
        .execute();

      await db.schema
        .createTable('scope_tags')
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('scope_tags_pk', ['scope_id', 'key'])
        .execute();
      await db.schema.createIndex('scope_tags_key_value').on('scope_tags').columns(['key', 'value']).execute();

      await db.schema
        .createTable('scope_regions')
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('is_primary', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('storage_account_type', 'text')
        .addColumn('storage_account_hns', 'integer')
        .addColumn('provisioning_state', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('scope_regions_pk', ['scope_id', 'region'])
        .execute();

      await db.schema
        .createTable('operations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target_kind', 'text', (c) => c.notNull())
        .addColumn('target_name', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('operations_status_lease')
        .on('operations')
        .columns(['status', 'lease_expires_at'])
        .execute();
      await db.schema.createIndex('operations_target').on('operations').columns(['target_id', 'status']).execute();

      // Assets arrive with the assets issue; the table exists now so a scope can tell whether it is empty.
      await db.schema
        .createTable('assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('assets_scope_type_name_key', ['scope_id', 'type', 'name_key'])
        .execute();

      // Keys are compared and ordered bytewise in both dialects, so pages and orderings match.
      await useBytewiseCollation(db, [
        ['scopes', 'name_key'],
        ['scope_tags', 'key'],
        ['assets', 'name_key'],
        ['principals', 'name_key'],
      ]);
    },
  },
  '0002_assets_and_versions': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('assets').addColumn('description', 'text').execute();
      await db.schema
        .alterTable('assets')
        .addColumn('created_by', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('assets')
        .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('assets')
        .addColumn('updated_by', 'text', (c) => c.notNull().defaultTo(''))
        .execute();

      await db.schema
        .createTable('asset_tags')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('asset_tags_pk', ['asset_id', 'key'])
        .execute();
      await db.schema.createIndex('asset_tags_key_value').on('asset_tags').columns(['key', 'value']).execute();

      await db.schema
        .createTable('versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('label_number', 'integer')
        .addColumn('description', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('flavor', 'text')
        .addColumn('framework', 'text')
        .addColumn('data_type', 'text')
        .addColumn('job', 'text')
        .addColumn('source', 'text')
        .addColumn('origin_version_id', 'text', (c) => c.references('versions.id').onDelete('set null'))
        .addColumn('manifest_digest', 'text')
        .addColumn('total_size', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('file_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('committed_at', 'text')
        .addColumn('pending_expires_at', 'text')
        .addUniqueConstraint('versions_asset_label', ['asset_id', 'label'])
        .execute();
      await db.schema
        .createIndex('versions_asset_created')
        .on('versions')
        .columns(['asset_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('versions_state_expiry')
        .on('versions')
        .columns(['state', 'pending_expires_at'])
        .execute();
      await db.schema.createIndex('versions_origin').on('versions').columns(['origin_version_id']).execute();

      for (const table of ['version_tags', 'version_properties']) {
        await db.schema
          .createTable(table)
          .addColumn('version_id', 'text', (c) => c.notNull().references('versions.id').onDelete('cascade'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['version_id', 'key'])
          .execute();
        await db.schema.createIndex(`${table}_key_value`).on(table).columns(['key', 'value']).execute();
      }

      await db.schema
        .createTable('version_files')
        .addColumn('version_id', 'text', (c) => c.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('version_files_pk', ['version_id', 'path'])
        .execute();
      await db.schema.createIndex('version_files_digest').on('version_files').columns(['digest']).execute();

      await db.schema
        .createTable('blobs')
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('blobs_pk', ['region', 'digest'])
        .execute();

      await db.schema
        .createTable('aliases')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version_id', 'text', (c) => c.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('protected', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('aliases_pk', ['asset_id', 'name'])
        .execute();
      await db.schema.createIndex('aliases_version').on('aliases').columns(['version_id']).execute();

      await db.schema
        .createTable('alias_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('from_version_id', 'text')
        .addColumn('to_version_id', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('alias_history_asset_alias_at')
        .on('alias_history')
        .columns(['asset_id', 'alias', 'at'])
        .execute();

      await db.schema
        .createTable('upload_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('offset', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('upload_sessions_expiry').on('upload_sessions').columns(['expires_at']).execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('details', 'text')
        .addUniqueConstraint('audit_events_seq', ['seq'])
        .execute();

      // Filters compare and sort these bytewise; declaring it lets PostgreSQL use their indexes for that.
      await useBytewiseCollation(db, [
        ['versions', 'label'],
        ['versions', 'created_at'],
        ['versions', 'description'],
        ['assets', 'name'],
        ['assets', 'created_at'],
        ['assets', 'updated_at'],
        ['asset_tags', 'key'],
        ['asset_tags', 'value'],
        ['version_tags', 'key'],
        ['version_tags', 'value'],
        ['version_properties', 'key'],
        ['version_properties', 'value'],
        ['version_files', 'path'],
        ['aliases', 'name'],
      ]);
    },
  },
  '0003_access': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('principals').addColumn('email', 'text').execute();
      await db.schema
        .alterTable('principals')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('principals')
        .addColumn('created_by', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      // Token narrowing: read-only, and/or one registry or workspace.
      await db.schema
        .alterTable('tokens')
        .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('tokens').addColumn('scope_kind', 'text').execute();
      await db.schema.alterTable('tokens').addColumn('scope_key', 'text').execute();
      await db.schema.createIndex('tokens_principal').on('tokens').columns(['principal_id']).execute();

      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('group_members')
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addColumn('principal_id', 'text', (c) => c.notNull().references('principals.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'principal_id'])
        .execute();
      await db.schema.createIndex('group_members_principal').on('group_members').columns(['principal_id']).execute();

      // Custom roles; the built-in ones live in code (src/core/permissions.ts).
      await db.schema
        .createTable('roles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('actions', 'text', (c) => c.notNull())
        .addColumn('not_actions', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();

      // scope_key is '' for the organisation, else the case-folded registry/workspace name (names never change).
      await db.schema
        .createTable('role_assignments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('role_key', 'text', (c) => c.notNull())
        .addColumn('assignee_kind', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addColumn('scope_kind', 'text', (c) => c.notNull())
        .addColumn('scope_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('role_assignments_unique', ['role_key', 'assignee_id', 'scope_kind', 'scope_key'])
        .execute();
      await db.schema
        .createIndex('role_assignments_assignee')
        .on('role_assignments')
        .columns(['assignee_id'])
        .execute();

      await db.schema
        .createTable('approvals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('version_id', 'text', (c) => c.notNull().references('versions.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_reason', 'text')
        .execute();
      await db.schema.createIndex('approvals_asset_state').on('approvals').columns(['asset_id', 'state']).execute();

      // The audit chain: each event carries its predecessor's hash.
      await db.schema.alterTable('audit_events').addColumn('source', 'text').execute();
      await db.schema.alterTable('audit_events').addColumn('prev_hash', 'text').execute();
      await db.schema.alterTable('audit_events').addColumn('hash', 'text').execute();
      await db.schema.createIndex('audit_events_target').on('audit_events').columns(['target']).execute();
      await db.schema.createIndex('audit_events_at').on('audit_events').columns(['at']).execute();
    },
  },
  '0004_gc_candidates': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Blobs a delete left without a referencing version, for the garbage collector to re-check and sweep.
      await db.schema
        .createTable('gc_candidates')
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('gc_candidates_pk', ['region', 'digest'])
        .execute();
      // `orderBy=size` over an asset's versions reads this index in order instead of sorting them all.
      await db.schema
        .createIndex('versions_asset_state_size')
        .on('versions')
        .columns(['asset_id', 'state', 'total_size'])
        .execute();
    },
  },
  '0005_access_epoch': {
    async up(db: Kysely<unknown>): Promise<void> {
      // One counter bumped by every change to who holds which role: every request reads it with its
      // token, so each process may keep computed grants until it moves.
      await db.schema
        .createTable('access_epoch')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('epoch', 'integer', (c) => c.notNull())
        .execute();
      await sql`insert into access_epoch (id, epoch) values (1, 0)`.execute(db);
    },
  },
  ...contentMigrations,
  // One file per topic, numbered apart so parallel work never collides: 0012 possession, 0013 tokens,
  // 0014 immutability, 0016 checkpoints, 0017 and 0025 aliases, 0020 limits, 0022 duplicates, 0026 replication,
  // 0028 scopes, 0029 lists, 0030 events, 0031 retention, 0032 automations, 0033 MLflow tracking, 0034 MLflow artifacts
  // (0015, 0018, 0019, 0021, 0023, 0024 were never used). Kysely applies them in name order.
  ...possessionMigrations,
  ...tokensMigrations,
  ...immutabilityMigrations,
  ...checkpointsMigrations,
  ...aliasesMigrations,
  ...limitsMigrations,
  ...duplicatesMigrations,
  ...replicationMigrations,
  ...studioMigrations,
  ...scopesMigrations,
  ...listsMigrations,
  ...eventsMigrations,
  ...retentionMigrations,
  ...automationsMigrations,
  ...mlflowTrackingMigrations,
  ...mlflowArtifactsMigrations,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
