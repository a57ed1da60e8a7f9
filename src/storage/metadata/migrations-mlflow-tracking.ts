import type { Kysely, Migration } from 'kysely';

/**
 * MLflow tracking (issue 19): experiments, runs with their params, metrics and tags, and MLflow 3 logged models,
 * each kept in a registry or workspace (gone with it). Times are epoch milliseconds, as MLflow sends and shows
 * them. Part of the one migration set (migrations.ts); append, never edit.
 */
export const mlflowTrackingMigrations: Record<string, Migration> = {
  '0033_mlflow_tracking': {
    async up(db: Kysely<unknown>): Promise<void> {
      // `number` is the experiment id MLflow sees, per scope; 0 is the "Default" experiment, made when first written.
      await db.schema
        .createTable('mlflow_experiments')
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
        .addColumn('creation_time', 'bigint', (c) => c.notNull())
        .addColumn('last_update_time', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('mlflow_experiments_pk', ['scope_id', 'number'])
        .execute();
      await db.schema
        .createIndex('mlflow_experiments_name')
        .on('mlflow_experiments')
        .columns(['scope_id', 'name'])
        .unique()
        .execute();
      await db.schema
        .createTable('mlflow_experiment_tags')
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('experiment', 'integer', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mlflow_experiment_tags_pk', ['scope_id', 'experiment', 'key'])
        .execute();
      // A run id is 32 hex characters, unique across scopes; every read also names the scope.
      await db.schema
        .createTable('mlflow_runs')
        .addColumn('run_id', 'text', (c) => c.primaryKey())
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('experiment', 'integer', (c) => c.notNull())
        .addColumn('run_name', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('start_time', 'bigint', (c) => c.notNull())
        .addColumn('end_time', 'bigint')
        .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('mlflow_runs_experiment')
        .on('mlflow_runs')
        .columns(['scope_id', 'experiment', 'start_time'])
        .execute();
      for (const table of ['mlflow_params', 'mlflow_run_tags'] as const)
        await db.schema
          .createTable(table)
          .addColumn('run_id', 'text', (c) => c.notNull().references('mlflow_runs.run_id').onDelete('cascade'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['run_id', 'key'])
          .execute();
      // Every logged value is kept (the history); the latest per key is the one with the highest step, then time.
      await db.schema
        .createTable('mlflow_metrics')
        .addColumn('run_id', 'text', (c) => c.notNull().references('mlflow_runs.run_id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('step', 'bigint', (c) => c.notNull())
        .addColumn('model_id', 'text')
        .execute();
      await db.schema
        .createIndex('mlflow_metrics_run_key')
        .on('mlflow_metrics')
        .columns(['run_id', 'key', 'step', 'timestamp'])
        .execute();
      // A metric logged for a logged model (`model_id`) is shown on the model too.
      await db.schema.createIndex('mlflow_metrics_model').on('mlflow_metrics').columns(['model_id', 'key']).execute();
      await db.schema
        .createTable('mlflow_logged_models')
        .addColumn('model_id', 'text', (c) => c.primaryKey())
        .addColumn('scope_id', 'text', (c) => c.notNull().references('scopes.id').onDelete('cascade'))
        .addColumn('experiment', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('model_type', 'text')
        .addColumn('source_run_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_message', 'text')
        .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
        .addColumn('creation_time', 'bigint', (c) => c.notNull())
        .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('mlflow_logged_models_experiment')
        .on('mlflow_logged_models')
        .columns(['scope_id', 'experiment', 'creation_time'])
        .execute();
      for (const table of ['mlflow_logged_model_params', 'mlflow_logged_model_tags'] as const)
        await db.schema
          .createTable(table)
          .addColumn('model_id', 'text', (c) =>
            c.notNull().references('mlflow_logged_models.model_id').onDelete('cascade'),
          )
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['model_id', 'key'])
          .execute();
      // A run's outputs: the logged models it produced, at a step (`runs/outputs`).
      await db.schema
        .createTable('mlflow_run_outputs')
        .addColumn('run_id', 'text', (c) => c.notNull().references('mlflow_runs.run_id').onDelete('cascade'))
        .addColumn('model_id', 'text', (c) => c.notNull())
        .addColumn('step', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('mlflow_run_outputs_pk', ['run_id', 'model_id'])
        .execute();
    },
  },
};
