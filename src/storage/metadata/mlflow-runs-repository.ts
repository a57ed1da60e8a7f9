import type { MlflowMetricsTable, MlflowRunKeyValueTable, MlflowRunOutputsTable, MlflowRunsTable } from './tables.js';
import { queries, type Session } from './session.js';

export type RunRow = MlflowRunsTable;
export type RunKeyValueRow = MlflowRunKeyValueTable;
export type MetricRow = MlflowMetricsTable;
export type RunOutputRow = MlflowRunOutputsTable;

/** Lists of run ids are read in slices: a bound list stays well under either dialect's parameter limit. */
const slice = 500;

/** Storage only: reads rows for a list of ids a slice at a time. */
export async function inSlices<T>(ids: string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += slice) rows.push(...(await read(ids.slice(i, i + slice))));
  return rows;
}

export async function insertRun(session: Session, row: RunRow): Promise<void> {
  await queries(session).insertInto('mlflow_runs').values(row).execute();
}

export async function findRun(session: Session, scopeId: string, runId: string): Promise<RunRow | undefined> {
  return queries(session)
    .selectFrom('mlflow_runs')
    .selectAll()
    .where('run_id', '=', runId)
    .where('scope_id', '=', scopeId)
    .executeTakeFirst();
}

/** The runs of some experiments of a scope, newest first. */
export async function experimentRuns(
  session: Session,
  scopeId: string,
  experiments: number[],
  limit?: number,
): Promise<RunRow[]> {
  if (experiments.length === 0) return [];
  const select = queries(session)
    .selectFrom('mlflow_runs')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .where('experiment', 'in', experiments)
    .orderBy('start_time', 'desc')
    .orderBy('run_id');
  return (limit === undefined ? select : select.limit(limit)).execute();
}

/** Deletes or restores every run of an experiment with it, as MLflow does. */
export async function setExperimentRunsLifecycle(
  session: Session,
  scopeId: string,
  experiment: number,
  stage: 'active' | 'deleted',
): Promise<void> {
  await queries(session)
    .updateTable('mlflow_runs')
    .set({ lifecycle_stage: stage })
    .where('scope_id', '=', scopeId)
    .where('experiment', '=', experiment)
    .execute();
}

export async function updateRun(
  session: Session,
  runId: string,
  patch: Partial<Pick<RunRow, 'run_name' | 'status' | 'end_time' | 'lifecycle_stage'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await queries(session).updateTable('mlflow_runs').set(patch).where('run_id', '=', runId).execute();
}

/** Adds params; the service has checked that none changes a value already logged. */
export async function insertRunParams(session: Session, rows: RunKeyValueRow[]): Promise<void> {
  if (rows.length === 0) return;
  await queries(session)
    .insertInto('mlflow_params')
    .values(rows)
    .onConflict((c) => c.columns(['run_id', 'key']).doNothing())
    .execute();
}

export async function runParams(session: Session, runIds: string[]): Promise<RunKeyValueRow[]> {
  return inSlices(runIds, (part) =>
    queries(session).selectFrom('mlflow_params').selectAll().where('run_id', 'in', part).orderBy('key').execute(),
  );
}

export async function setRunTags(session: Session, rows: RunKeyValueRow[]): Promise<void> {
  for (const row of rows)
    await queries(session)
      .insertInto('mlflow_run_tags')
      .values(row)
      .onConflict((c) => c.columns(['run_id', 'key']).doUpdateSet({ value: row.value }))
      .execute();
}

/** Whether the run had the tag. */
export async function deleteRunTag(session: Session, runId: string, key: string): Promise<boolean> {
  const result = await queries(session)
    .deleteFrom('mlflow_run_tags')
    .where('run_id', '=', runId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function runTags(session: Session, runIds: string[]): Promise<RunKeyValueRow[]> {
  return inSlices(runIds, (part) =>
    queries(session).selectFrom('mlflow_run_tags').selectAll().where('run_id', 'in', part).orderBy('key').execute(),
  );
}

export async function insertMetrics(session: Session, rows: MetricRow[]): Promise<void> {
  if (rows.length === 0) return;
  await queries(session).insertInto('mlflow_metrics').values(rows).execute();
}

/**
 * The latest value of each metric of each run (or, `of: 'model'`, of each logged model the metrics were logged
 * for): the highest step, then the latest time, then the highest value.
 */
export async function latestMetrics(
  session: Session,
  ids: string[],
  of: 'run' | 'model' = 'run',
): Promise<MetricRow[]> {
  const owner = of === 'run' ? 'run_id' : 'model_id';
  const rows = await inSlices(ids, (part) =>
    queries(session)
      .selectFrom('mlflow_metrics')
      .selectAll()
      .where(owner, 'in', part)
      .orderBy(owner)
      .orderBy('key')
      .orderBy('step', 'desc')
      .orderBy('timestamp', 'desc')
      .orderBy('value', 'desc')
      .execute(),
  );
  const latest = new Map<string, MetricRow>();
  for (const row of rows) {
    const id = `${row[owner] ?? ''}\u0000${row.key}`;
    if (!latest.has(id)) latest.set(id, { ...row, value: Number(row.value) });
  }
  return [...latest.values()];
}

/** Every value logged for one metric of a run, in step then time order. */
export async function metricHistory(session: Session, runId: string, key: string): Promise<MetricRow[]> {
  const rows = await queries(session)
    .selectFrom('mlflow_metrics')
    .selectAll()
    .where('run_id', '=', runId)
    .where('key', '=', key)
    .orderBy('step')
    .orderBy('timestamp')
    .execute();
  return rows.map((row) => ({ ...row, value: Number(row.value) }));
}

export async function insertRunOutputs(session: Session, rows: RunOutputRow[]): Promise<void> {
  for (const row of rows)
    await queries(session)
      .insertInto('mlflow_run_outputs')
      .values(row)
      .onConflict((c) => c.columns(['run_id', 'model_id']).doUpdateSet({ step: row.step }))
      .execute();
}

export async function runOutputs(session: Session, runIds: string[]): Promise<RunOutputRow[]> {
  return inSlices(runIds, (part) =>
    queries(session)
      .selectFrom('mlflow_run_outputs')
      .selectAll()
      .where('run_id', 'in', part)
      .orderBy('model_id')
      .execute(),
  );
}
