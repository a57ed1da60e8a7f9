import type { Kysely, Migration } from 'kysely';
import { useBytewiseCollation } from './collation.js';

/** MLflow's artifacts in the content-addressed store (issue 19). Part of the one migration set (migrations.ts); append, never edit. */
export const mlflowArtifactsMigrations: Record<string, Migration> = {
  '0034_mlflow_artifacts': {
    async up(db: Kysely<unknown>): Promise<void> {
      // One file under `mlflow-artifacts:/` of a scope: its path names a blob of the scope's region. A PUT of the
      // same path replaces the row; the blob stays while any row (or anything else) names it.
      await db.schema
        .createTable('mlflow_artifacts')
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mlflow_artifacts_pk', ['scope_id', 'path'])
        .execute();
      // Directory listings are range scans of the path (bytewise, so `a/` … `a0` is exactly the directory `a`).
      await useBytewiseCollation(db, [['mlflow_artifacts', 'path']]);
      // Garbage collection asks whether any artifact names a digest.
      await db.schema.createIndex('mlflow_artifacts_digest').on('mlflow_artifacts').columns(['digest']).execute();
      // A multipart upload (`mpu/create`) of one file: its parts arrive in any order, each committed as a blob,
      // and `mpu/complete` streams them in order into the file's blob. Gone with its scope.
      await db.schema
        .createTable('mlflow_artifact_uploads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('num_parts', 'integer', (c) => c.notNull())
        .addColumn('principal_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('mlflow_artifact_upload_parts')
        .addColumn('upload_id', 'text', (c) => c.notNull().references('mlflow_artifact_uploads.id').onDelete('cascade'))
        .addColumn('part_number', 'integer', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('mlflow_artifact_upload_parts_pk', ['upload_id', 'part_number'])
        .execute();
      await db.schema
        .createIndex('mlflow_artifact_upload_parts_digest')
        .on('mlflow_artifact_upload_parts')
        .columns(['digest'])
        .execute();
    },
  },
};
