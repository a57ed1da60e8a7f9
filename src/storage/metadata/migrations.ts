import { PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * The one migration set for SQLite and PostgreSQL. Append new migrations; never edit a shipped one.
 * Only portable column types are used (text, integer) so both dialects behave alike.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createTable('principals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text')
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema.createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('principal_id', 'text', (c) => c.notNull().references('principals.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();

      await db.schema.createTable('scopes')
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

      await db.schema.createTable('scope_tags')
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('scope_tags_pk', ['scope_id', 'key'])
        .execute();
      await db.schema.createIndex('scope_tags_key_value').on('scope_tags').columns(['key', 'value']).execute();

      await db.schema.createTable('scope_regions')
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

      await db.schema.createTable('operations')
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
      await db.schema.createIndex('operations_status_lease').on('operations').columns(['status', 'lease_expires_at']).execute();
      await db.schema.createIndex('operations_target').on('operations').columns(['target_id', 'status']).execute();

      // Assets arrive with the assets issue; the table exists now so a scope can tell whether it is empty.
      await db.schema.createTable('assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('assets_scope_type_name_key', ['scope_id', 'type', 'name_key'])
        .execute();

      // Keys are compared and ordered bytewise in both dialects, so pages and orderings match.
      await useBytewiseCollation(db, [['scopes', 'name_key'], ['scope_tags', 'key'], ['assets', 'name_key'], ['principals', 'name_key']]);
    },
  },
};

/** PostgreSQL orders text by locale unless told otherwise; SQLite already compares bytewise. */
async function useBytewiseCollation(db: Kysely<unknown>, columns: [table: string, column: string][]): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [table, column] of columns) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(db);
  }
}

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
