import type { Kysely, Migration } from 'kysely';
import { useBytewiseCollation } from './collation.js';

/** Immutability: retired version labels (tombstones) (issue 12). Append new migrations; never edit a shipped one. */
export const immutabilityMigrations: Record<string, Migration> = {
  '0014_retired_version_labels': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Keyed by names, not by the asset's id: a label stays retired when its asset goes with a
      // force-deleted scope and a scope and asset of the same names are made again.
      await db.schema
        .createTable('retired_version_labels')
        .addColumn('scope_kind', 'text', (c) => c.notNull())
        .addColumn('scope_key', 'text', (c) => c.notNull())
        .addColumn('asset_type', 'text', (c) => c.notNull())
        .addColumn('asset_key', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('label_number', 'integer')
        .addColumn('manifest_digest', 'text')
        .addColumn('retired_at', 'text', (c) => c.notNull())
        .addColumn('retired_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('retired_version_labels_pk', [
          'scope_kind',
          'scope_key',
          'asset_type',
          'asset_key',
          'label',
        ])
        .execute();
      await useBytewiseCollation(db, [
        ['retired_version_labels', 'scope_key'],
        ['retired_version_labels', 'asset_key'],
        ['retired_version_labels', 'label'],
      ]);
    },
  },
};
