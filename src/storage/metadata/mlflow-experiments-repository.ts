import type { MlflowExperimentTagsTable, MlflowExperimentsTable } from './tables.js';
import { queries, type Session } from './session.js';

export type ExperimentRow = MlflowExperimentsTable;
export type ExperimentTagRow = MlflowExperimentTagsTable;

/** Adds an experiment; with `ifAbsent`, one whose id is taken already is left as it is. */
export async function insertExperiment(
  session: Session,
  row: ExperimentRow,
  options: { ifAbsent?: boolean } = {},
): Promise<void> {
  const insert = queries(session).insertInto('mlflow_experiments').values(row);
  await (options.ifAbsent ? insert.onConflict((c) => c.doNothing()) : insert).execute();
}

/** The id the next experiment of a scope gets: one more than the highest (0 is the Default experiment's). */
export async function nextExperimentNumber(session: Session, scopeId: string): Promise<number> {
  const row = await queries(session)
    .selectFrom('mlflow_experiments')
    .select((eb) => eb.fn.max('number').as('highest'))
    .where('scope_id', '=', scopeId)
    .executeTakeFirst();
  return Math.max(0, Number(row?.highest ?? 0)) + 1;
}

export async function findExperiment(
  session: Session,
  scopeId: string,
  number: number,
): Promise<ExperimentRow | undefined> {
  return queries(session)
    .selectFrom('mlflow_experiments')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export async function findExperimentByName(
  session: Session,
  scopeId: string,
  name: string,
): Promise<ExperimentRow | undefined> {
  return queries(session)
    .selectFrom('mlflow_experiments')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Every experiment of a scope, by id. */
export async function scopeExperiments(session: Session, scopeId: string): Promise<ExperimentRow[]> {
  return queries(session)
    .selectFrom('mlflow_experiments')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .orderBy('number')
    .execute();
}

export async function updateExperiment(
  session: Session,
  scopeId: string,
  number: number,
  patch: Partial<Pick<ExperimentRow, 'name' | 'lifecycle_stage'>> & { last_update_time: number },
): Promise<void> {
  await queries(session)
    .updateTable('mlflow_experiments')
    .set(patch)
    .where('scope_id', '=', scopeId)
    .where('number', '=', number)
    .execute();
}

export async function setExperimentTag(session: Session, row: ExperimentTagRow): Promise<void> {
  await queries(session)
    .insertInto('mlflow_experiment_tags')
    .values(row)
    .onConflict((c) => c.columns(['scope_id', 'experiment', 'key']).doUpdateSet({ value: row.value }))
    .execute();
}

/** Whether a tag was there to delete. */
export async function deleteExperimentTag(
  session: Session,
  scopeId: string,
  experiment: number,
  key: string,
): Promise<boolean> {
  const result = await queries(session)
    .deleteFrom('mlflow_experiment_tags')
    .where('scope_id', '=', scopeId)
    .where('experiment', '=', experiment)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The tags of a scope's experiments (all of them: a scope has few experiments). */
export async function scopeExperimentTags(session: Session, scopeId: string): Promise<ExperimentTagRow[]> {
  return queries(session)
    .selectFrom('mlflow_experiment_tags')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .orderBy('experiment')
    .orderBy('key')
    .execute();
}
