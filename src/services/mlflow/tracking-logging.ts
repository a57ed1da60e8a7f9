import type { Scope } from '../../core/model/scopes.js';
import { findLoggedModel } from '../../storage/metadata/mlflow-logged-models-repository.js';
import {
  deleteRunTag,
  insertMetrics,
  insertRunOutputs,
  insertRunParams,
  runParams,
  runTags,
  setRunTags,
} from '../../storage/metadata/mlflow-runs-repository.js';
import type { Session } from '../../storage/metadata/session.js';
import { invalid, notFound } from './tracking-context.js';
import type { KeyValue, MetricView } from './tracking-views.js';

/** What one logging call writes to a run (already bounded at the edge). */
export interface RunValues {
  metrics: (MetricView & { model_id?: string })[];
  params: KeyValue[];
  tags: KeyValue[];
  deleteTag?: string;
  /** `runs/outputs`: the logged models the run produced, each at a step. */
  outputs?: { model_id: string; step: number }[];
}

/**
 * Writes values to a run in the caller's transaction. Params are immutable, as in MLflow: logging a key again
 * with the same value is a no-op, with another value INVALID_PARAMETER_VALUE (the whole call writes nothing).
 */
export async function logToRun(db: Session, at: Scope, runId: string, values: RunValues): Promise<void> {
  const seen = new Map<string, string>();
  for (const param of values.params) {
    const earlier = seen.get(param.key);
    if (earlier !== undefined && earlier !== param.value)
      invalid('params', `logs param ${JSON.stringify(param.key)} twice with different values`);
    seen.set(param.key, param.value);
  }
  if (values.params.length > 0) {
    const stored = new Map((await runParams(db, [runId])).map((p) => [p.key, p.value]));
    for (const param of values.params) {
      const old = stored.get(param.key);
      if (old !== undefined && old !== param.value)
        invalid(
          'params',
          `changes param ${JSON.stringify(param.key)} of run ${runId} from ${JSON.stringify(old)} to ${JSON.stringify(param.value)}: params are immutable`,
        );
    }
    await insertRunParams(
      db,
      values.params.map((p) => ({ run_id: runId, ...p })),
    );
  }
  await insertMetrics(
    db,
    values.metrics.map((m) => ({
      run_id: runId,
      key: m.key,
      value: m.value,
      timestamp: m.timestamp,
      step: m.step,
      model_id: m.model_id ?? null,
    })),
  );
  await setRunTags(
    db,
    values.tags.map((t) => ({ run_id: runId, ...t })),
  );
  if (values.deleteTag !== undefined && !(await deleteRunTag(db, runId, values.deleteTag)))
    notFound(at, 'run tag', values.deleteTag);
  if (values.outputs !== undefined) {
    for (const output of values.outputs)
      if ((await findLoggedModel(db, at.id, output.model_id)) === undefined)
        notFound(at, 'logged model', output.model_id);
    await insertRunOutputs(
      db,
      values.outputs.map((o) => ({ run_id: runId, ...o })),
    );
  }
}

/** The run tag MLflow keeps the models logged in a run in (`mlflow.utils.mlflow_tags.MLFLOW_LOGGED_MODELS`). */
export const logModelHistoryTag = 'mlflow.log-model.history';

/** Appends a model's description to the run's history tag (a JSON list), which stays within the tag bound. */
export async function appendModelHistory(
  db: Session,
  at: Scope,
  runId: string,
  model: Record<string, unknown>,
  maxTagValue: number,
): Promise<void> {
  const stored = (await runTags(db, [runId])).find((t) => t.key === logModelHistoryTag)?.value;
  let history: unknown[] = [];
  try {
    const parsed: unknown = stored === undefined ? [] : JSON.parse(stored);
    if (Array.isArray(parsed)) history = parsed;
  } catch {
    // A history tag someone overwrote with text starts again.
  }
  const value = JSON.stringify([...history, model]);
  if (value.length > maxTagValue)
    invalid('model_json', `would make the run's ${logModelHistoryTag} tag longer than ${maxTagValue} characters`);
  await logToRun(db, at, runId, { metrics: [], params: [], tags: [{ key: logModelHistoryTag, value }] });
}
