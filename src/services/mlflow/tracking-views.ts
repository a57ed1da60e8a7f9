import type { TrainingRun } from '../assets/asset-records.js';
import type { ExperimentRow, ExperimentTagRow } from '../../storage/metadata/mlflow-experiments-repository.js';
import type { LoggedModelRow, ModelKeyValueRow } from '../../storage/metadata/mlflow-logged-models-repository.js';
import type { MetricRow, RunKeyValueRow, RunOutputRow, RunRow } from '../../storage/metadata/mlflow-runs-repository.js';

/**
 * The tracking entities as MLflow's protocol shows them (`mlflow/protos/service.proto`): snake_case proto field
 * names, int64 times as JSON numbers. The service returns these; the routes send them as they are.
 */
export interface KeyValue {
  key: string;
  value: string;
}

export interface MetricView {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface ExperimentView {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  last_update_time: number;
  creation_time: number;
  tags: KeyValue[];
}

export interface RunInfoView {
  run_id: string;
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: string;
}

export interface RunView {
  info: RunInfoView;
  data: { metrics: MetricView[]; params: KeyValue[]; tags: KeyValue[] };
  inputs: { dataset_inputs: never[]; model_inputs: never[] };
  outputs: { model_outputs: { model_id: string; step: number }[] };
}

export interface LoggedModelView {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    creation_timestamp_ms: number;
    last_updated_timestamp_ms: number;
    artifact_uri: string;
    status: string;
    status_message?: string;
    model_type?: string;
    source_run_id?: string;
    tags: KeyValue[];
  };
  data: { params: KeyValue[]; metrics: (MetricView & { run_id: string; model_id: string })[] };
}

/** Where MLflow puts an experiment's artifacts: under Arca's own mlflow-artifacts endpoints, by experiment. */
export const experimentArtifactLocation = (experiment: number): string => `mlflow-artifacts:/${experiment}`;
export const runArtifactUri = (experiment: number, runId: string): string =>
  `mlflow-artifacts:/${experiment}/${runId}/artifacts`;
export const loggedModelArtifactUri = (experiment: number, modelId: string): string =>
  `mlflow-artifacts:/${experiment}/models/${modelId}/artifacts`;

const keyValue = (row: { key: string; value: string }): KeyValue => ({ key: row.key, value: row.value });

export function experimentView(row: ExperimentRow, tags: ExperimentTagRow[]): ExperimentView {
  return {
    experiment_id: String(row.number),
    name: row.name,
    artifact_location: experimentArtifactLocation(row.number),
    lifecycle_stage: row.lifecycle_stage,
    last_update_time: Number(row.last_update_time),
    creation_time: Number(row.creation_time),
    tags: tags.filter((t) => t.experiment === row.number).map(keyValue),
  };
}

/** A run with its own rows picked out of the rows read for several runs. */
export function runView(
  row: RunRow,
  of: { params: RunKeyValueRow[]; tags: RunKeyValueRow[]; metrics: MetricRow[]; outputs: RunOutputRow[] },
): RunView {
  const mine = <T extends { run_id: string }>(rows: T[]) => rows.filter((r) => r.run_id === row.run_id);
  return {
    info: {
      run_id: row.run_id,
      run_uuid: row.run_id,
      run_name: row.run_name,
      experiment_id: String(row.experiment),
      user_id: row.user_id,
      status: row.status,
      start_time: Number(row.start_time),
      ...(row.end_time === null ? {} : { end_time: Number(row.end_time) }),
      artifact_uri: runArtifactUri(row.experiment, row.run_id),
      lifecycle_stage: row.lifecycle_stage,
    },
    data: {
      metrics: mine(of.metrics).map((m) => ({
        key: m.key,
        value: Number(m.value),
        timestamp: Number(m.timestamp),
        step: Number(m.step),
      })),
      params: mine(of.params).map(keyValue),
      tags: mine(of.tags).map(keyValue),
    },
    inputs: { dataset_inputs: [], model_inputs: [] },
    outputs: { model_outputs: mine(of.outputs).map((o) => ({ model_id: o.model_id, step: Number(o.step) })) },
  };
}

export function loggedModelView(
  row: LoggedModelRow,
  of: { params: ModelKeyValueRow[]; tags: ModelKeyValueRow[]; metrics: MetricRow[] },
): LoggedModelView {
  const mine = (rows: ModelKeyValueRow[]) => rows.filter((r) => r.model_id === row.model_id).map(keyValue);
  return {
    info: {
      model_id: row.model_id,
      experiment_id: String(row.experiment),
      name: row.name,
      creation_timestamp_ms: Number(row.creation_time),
      last_updated_timestamp_ms: Number(row.last_updated_time),
      artifact_uri: loggedModelArtifactUri(row.experiment, row.model_id),
      status: row.status,
      ...(row.status_message === null ? {} : { status_message: row.status_message }),
      ...(row.model_type === null ? {} : { model_type: row.model_type }),
      ...(row.source_run_id === null ? {} : { source_run_id: row.source_run_id }),
      tags: mine(of.tags),
    },
    data: {
      params: mine(of.params),
      metrics: of.metrics
        .filter((m) => m.model_id === row.model_id)
        .map((m) => ({
          key: m.key,
          value: Number(m.value),
          timestamp: Number(m.timestamp),
          step: Number(m.step),
          run_id: m.run_id,
          model_id: row.model_id,
        })),
    },
  };
}

/** A run as a version's lineage shows it (`TrainingRun`): params as a map, each metric's latest value. */
export function trainingRunOf(run: RunView): TrainingRun {
  const { info, data } = run;
  return {
    experimentId: info.experiment_id,
    runId: info.run_id,
    runName: info.run_name,
    status: info.status,
    userId: info.user_id,
    startTime: info.start_time,
    ...(info.end_time === undefined ? {} : { endTime: info.end_time }),
    params: Object.fromEntries(data.params.map((p) => [p.key, p.value])),
    metrics: Object.fromEntries(data.metrics.map((m) => [m.key, m.value])),
  };
}
