import { runStatuses, type RunStatus, type TrackingService } from '../../services/mlflow/tracking.js';
import { arcaError } from '../../core/errors.js';
import { optionalInteger, optionalString, requiredString, stringList } from './mlflow-input.js';
import type { MlflowRouter } from './mlflow-router.js';
import {
  actorOf,
  batchOf,
  boundedName,
  checkedKey,
  keyValues,
  oneKeyValue,
  oneMetric,
  runIdOf,
  searchPageOf,
  trackingLimits,
  viewTypeOf,
} from './tracking-input.js';
import { loggedModelRoutes } from './tracking-model-routes.js';

/** RunStatus by name, or by its number in the proto (RUNNING = 1 … KILLED = 5). */
function runStatusOf(input: Record<string, unknown>): RunStatus | undefined {
  const value = optionalString(input, 'status');
  if (value === undefined || value === '') return undefined;
  const status = /^[1-5]$/.test(value) ? runStatuses[Number(value) - 1] : value;
  if (!runStatuses.includes(status as RunStatus))
    throw arcaError(
      'InvalidParameter',
      {
        target: 'status',
        where: 'request',
        problem: `must be one of ${runStatuses.join(', ')}, got ${JSON.stringify(value)}`,
      },
      { target: 'status' },
    );
  return status as RunStatus;
}

/** MLflow's tracking API (`mlflow/protos/service.proto`): experiments, runs and logged models of the URI's scope. */
export function trackingRoutes(tracking: TrackingService) {
  return (router: MlflowRouter): void => {
    experimentRoutes(router, tracking);
    runRoutes(router, tracking);
    loggedModelRoutes(router, tracking);
  };
}

function experimentRoutes(router: MlflowRouter, tracking: TrackingService): void {
  router.json('POST', 'mlflow/experiments/create', 'write', async (call) => {
    const name = boundedName(call.input, 'name', true);
    if (optionalString(call.input, 'artifact_location'))
      throw arcaError(
        'InvalidParameter',
        { target: 'artifact_location', where: 'request', problem: 'cannot be chosen: Arca keeps the artifacts' },
        { target: 'artifact_location' },
      );
    const tags = keyValues(call.input, 'tags', 'tag');
    return { experiment_id: await tracking.createExperiment(call.scope, { name, tags }, actorOf(call)) };
  });
  router.json('GET', 'mlflow/experiments/get', 'read', async ({ scope, input }) => ({
    experiment: await tracking.experiment(scope, requiredString(input, 'experiment_id')),
  }));
  router.json('GET', 'mlflow/experiments/get-by-name', 'read', async ({ scope, input }) => ({
    experiment: await tracking.experimentByName(scope, requiredString(input, 'experiment_name')),
  }));
  for (const method of ['GET', 'POST'] as const)
    router.json(method, 'mlflow/experiments/search', 'read', async ({ scope, input }) =>
      tracking.searchExperiments(scope, { ...searchPageOf(input, 1000), viewType: viewTypeOf(input, 'view_type') }),
    );
  router.json('POST', 'mlflow/experiments/update', 'write', async (call) => {
    const id = requiredString(call.input, 'experiment_id');
    const name = boundedName(call.input, 'new_name', true);
    await tracking.changeExperiment(call.scope, id, { name }, actorOf(call));
    return {};
  });
  router.json('POST', 'mlflow/experiments/delete', 'delete', async (call) => {
    await tracking.changeExperiment(
      call.scope,
      requiredString(call.input, 'experiment_id'),
      { lifecycle: 'deleted' },
      actorOf(call),
    );
    return {};
  });
  router.json('POST', 'mlflow/experiments/restore', 'write', async (call) => {
    await tracking.changeExperiment(
      call.scope,
      requiredString(call.input, 'experiment_id'),
      { lifecycle: 'active' },
      actorOf(call),
    );
    return {};
  });
  router.json('POST', 'mlflow/experiments/set-experiment-tag', 'write', async (call) => {
    const id = requiredString(call.input, 'experiment_id');
    await tracking.setExperimentTag(call.scope, id, oneKeyValue(call.input, 'tag'), actorOf(call));
    return {};
  });
  router.json('POST', 'mlflow/experiments/delete-experiment-tag', 'write', async (call) => {
    const id = requiredString(call.input, 'experiment_id');
    await tracking.deleteExperimentTag(call.scope, id, requiredString(call.input, 'key'), actorOf(call));
    return {};
  });
}

function runRoutes(router: MlflowRouter, tracking: TrackingService): void {
  router.json('POST', 'mlflow/runs/create', 'write', async (call) => {
    const { input } = call;
    const runName = boundedName(input, 'run_name', false);
    const startTime = optionalInteger(input, 'start_time', { min: 0 });
    const run = await tracking.createRun(
      call.scope,
      {
        experimentId: requiredString(input, 'experiment_id'),
        tags: keyValues(input, 'tags', 'tag'),
        ...(runName === undefined ? {} : { runName }),
        ...(startTime === undefined ? {} : { startTime }),
      },
      actorOf(call),
    );
    return { run };
  });
  router.json('GET', 'mlflow/runs/get', 'read', async ({ scope, input }) => ({
    run: await tracking.run(scope, runIdOf(input)),
  }));
  router.json('POST', 'mlflow/runs/update', 'write', async (call) => {
    const { input } = call;
    const runId = runIdOf(input);
    const status = runStatusOf(input);
    const endTime = optionalInteger(input, 'end_time', { min: 0 });
    const runName = boundedName(input, 'run_name', false);
    const run = await tracking.updateRun(
      call.scope,
      runId,
      {
        ...(status === undefined ? {} : { status }),
        ...(endTime === undefined ? {} : { endTime }),
        ...(runName === undefined ? {} : { runName }),
      },
      actorOf(call),
    );
    return { run_info: run.info };
  });
  router.json('POST', 'mlflow/runs/delete', 'delete', async (call) => {
    await tracking.setRunLifecycle(call.scope, requiredString(call.input, 'run_id'), 'deleted', actorOf(call));
    return {};
  });
  router.json('POST', 'mlflow/runs/restore', 'write', async (call) => {
    await tracking.setRunLifecycle(call.scope, requiredString(call.input, 'run_id'), 'active', actorOf(call));
    return {};
  });
  const log = (path: string, values: (input: Record<string, unknown>) => Parameters<TrackingService['logToRun']>[2]) =>
    router.json('POST', path, 'write', async (call) => {
      const runId = runIdOf(call.input);
      await tracking.logToRun(call.scope, runId, values(call.input), actorOf(call));
      return {};
    });
  log('mlflow/runs/log-metric', (input) => ({ metrics: [oneMetric(input)], params: [], tags: [] }));
  log('mlflow/runs/log-parameter', (input) => ({ metrics: [], params: [oneKeyValue(input, 'param')], tags: [] }));
  log('mlflow/runs/set-tag', (input) => ({ metrics: [], params: [], tags: [oneKeyValue(input, 'tag')] }));
  log('mlflow/runs/delete-tag', (input) => ({
    metrics: [],
    params: [],
    tags: [],
    deleteTag: checkedKey(requiredString(input, 'key'), 'key'),
  }));
  log('mlflow/runs/log-batch', batchOf);
  // Datasets and model inputs are accepted and not kept: Arca tracks what a run produced, not what it read.
  log('mlflow/runs/log-inputs', () => ({ metrics: [], params: [], tags: [] }));
  log('mlflow/runs/outputs', (input) => ({ metrics: [], params: [], tags: [], outputs: modelOutputsOf(input) }));
  router.json('POST', 'mlflow/runs/log-model', 'write', async (call) => {
    const text = requiredString(call.input, 'model_json');
    let model: unknown;
    try {
      model = JSON.parse(text);
    } catch {
      model = undefined;
    }
    if (typeof model !== 'object' || model === null || Array.isArray(model))
      throw arcaError(
        'InvalidParameter',
        { target: 'model_json', where: 'request', problem: 'must be a JSON object (the MLmodel as a dict)' },
        { target: 'model_json' },
      );
    const runId = runIdOf(call.input);
    await tracking.recordLoggedModel(
      call.scope,
      runId,
      model as Record<string, unknown>,
      trackingLimits.tagValueLength,
      actorOf(call),
    );
    return {};
  });
  router.json('GET', 'mlflow/metrics/get-history', 'read', async ({ scope, input }) => {
    const pageToken = optionalString(input, 'page_token');
    return tracking.metricHistory(scope, runIdOf(input), requiredString(input, 'metric_key'), {
      maxResults: optionalInteger(input, 'max_results', { min: 1, max: 25000 }) ?? 25000,
      ...(pageToken === undefined || pageToken === '' ? {} : { pageToken }),
    });
  });
  router.json('POST', 'mlflow/runs/search', 'read', async ({ scope, input }) =>
    tracking.searchRuns(scope, stringList(input, 'experiment_ids'), {
      ...searchPageOf(input, 1000),
      viewType: viewTypeOf(input, 'run_view_type'),
    }),
  );
}

function modelOutputsOf(input: Record<string, unknown>): { model_id: string; step: number }[] {
  const models = input['models'] ?? [];
  const refuse = () => {
    throw arcaError(
      'InvalidParameter',
      { target: 'models', where: 'request', problem: 'must be a list of {model_id, step}' },
      { target: 'models' },
    );
  };
  if (!Array.isArray(models)) return refuse();
  return models.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) return refuse();
    const record = item as Record<string, unknown>;
    return { model_id: requiredString(record, 'model_id'), step: optionalInteger(record, 'step') ?? 0 };
  });
}
