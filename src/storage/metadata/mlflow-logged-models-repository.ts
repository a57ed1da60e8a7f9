import type { MlflowLoggedModelsTable, MlflowModelKeyValueTable } from './tables.js';
import { inSlices } from './mlflow-runs-repository.js';
import { queries, type Session } from './session.js';

export type LoggedModelRow = MlflowLoggedModelsTable;
export type ModelKeyValueRow = MlflowModelKeyValueTable;

export async function insertLoggedModel(session: Session, row: LoggedModelRow): Promise<void> {
  await queries(session).insertInto('mlflow_logged_models').values(row).execute();
}

export async function findLoggedModel(
  session: Session,
  scopeId: string,
  modelId: string,
): Promise<LoggedModelRow | undefined> {
  return queries(session)
    .selectFrom('mlflow_logged_models')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('scope_id', '=', scopeId)
    .executeTakeFirst();
}

/** The live logged models of some experiments of a scope, newest first. */
export async function experimentLoggedModels(
  session: Session,
  scopeId: string,
  experiments: number[],
  limit?: number,
): Promise<LoggedModelRow[]> {
  if (experiments.length === 0) return [];
  const select = queries(session)
    .selectFrom('mlflow_logged_models')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .where('experiment', 'in', experiments)
    .where('lifecycle_stage', '=', 'active')
    .orderBy('creation_time', 'desc')
    .orderBy('model_id');
  return (limit === undefined ? select : select.limit(limit)).execute();
}

export async function updateLoggedModel(
  session: Session,
  modelId: string,
  patch: Partial<Pick<LoggedModelRow, 'status' | 'status_message' | 'lifecycle_stage'>> & {
    last_updated_time: number;
  },
): Promise<void> {
  await queries(session).updateTable('mlflow_logged_models').set(patch).where('model_id', '=', modelId).execute();
}

/** Sets params (a key logged again takes the new value) or tags of a logged model. */
export async function setLoggedModelValues(
  session: Session,
  table: 'params' | 'tags',
  rows: ModelKeyValueRow[],
): Promise<void> {
  for (const row of rows)
    await queries(session)
      .insertInto(table === 'params' ? 'mlflow_logged_model_params' : 'mlflow_logged_model_tags')
      .values(row)
      .onConflict((c) => c.columns(['model_id', 'key']).doUpdateSet({ value: row.value }))
      .execute();
}

/** Whether the model had the tag. */
export async function deleteLoggedModelTag(session: Session, modelId: string, key: string): Promise<boolean> {
  const result = await queries(session)
    .deleteFrom('mlflow_logged_model_tags')
    .where('model_id', '=', modelId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function loggedModelValues(
  session: Session,
  table: 'params' | 'tags',
  modelIds: string[],
): Promise<ModelKeyValueRow[]> {
  return inSlices(modelIds, (part) =>
    queries(session)
      .selectFrom(table === 'params' ? 'mlflow_logged_model_params' : 'mlflow_logged_model_tags')
      .selectAll()
      .where('model_id', 'in', part)
      .orderBy('key')
      .execute(),
  );
}
