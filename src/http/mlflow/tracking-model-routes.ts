import { arcaError } from '../../core/errors.js';
import { loggedModelStatuses, type LoggedModelStatus } from '../../services/mlflow/tracking-models.js';
import type { TrackingService } from '../../services/mlflow/tracking.js';
import { optionalString, requiredString, stringList } from './mlflow-input.js';
import type { MlflowCall, MlflowRouter } from './mlflow-router.js';
import { actorOf, boundedName, checkedKey, keyValues, loggedModelOrderOf, searchPageOf } from './tracking-input.js';

const modelIdOf = (call: MlflowCall): string => (call.request.params as Record<string, string>)['model_id'] ?? '';

/** Finalize takes READY or UPLOAD_FAILED, by name or by its number in the proto. */
function finalStatusOf(input: Record<string, unknown>): LoggedModelStatus {
  const value = requiredString(input, 'status');
  const status = /^[1-3]$/.test(value) ? loggedModelStatuses[Number(value) - 1] : value;
  if (status !== 'LOGGED_MODEL_READY' && status !== 'LOGGED_MODEL_UPLOAD_FAILED')
    throw arcaError(
      'InvalidParameter',
      {
        target: 'status',
        where: 'request',
        problem: `must be LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED, got ${JSON.stringify(value)}`,
      },
      { target: 'status' },
    );
  return status;
}

/** MLflow 3 logged models (`/mlflow/logged-models…` in service.proto; the model id is a path parameter). */
export function loggedModelRoutes(router: MlflowRouter, tracking: TrackingService): void {
  const models = tracking.models;
  router.json('POST', 'mlflow/logged-models', 'write', async (call) => {
    const { input } = call;
    const name = boundedName(input, 'name', false);
    const modelType = optionalString(input, 'model_type');
    const sourceRunId = optionalString(input, 'source_run_id');
    const model = await models.create(
      call.scope,
      {
        experimentId: requiredString(input, 'experiment_id'),
        params: keyValues(input, 'params', 'param'),
        tags: keyValues(input, 'tags', 'tag'),
        ...(name === undefined ? {} : { name }),
        ...(modelType === undefined || modelType === '' ? {} : { modelType }),
        ...(sourceRunId === undefined || sourceRunId === '' ? {} : { sourceRunId }),
      },
      actorOf(call),
    );
    return { model };
  });
  router.json('GET', 'mlflow/logged-models/:model_id', 'read', async (call) => ({
    model: await models.get(call.scope, modelIdOf(call)),
  }));
  router.json('PATCH', 'mlflow/logged-models/:model_id', 'write', async (call) => {
    await models.change(call.scope, modelIdOf(call), { status: finalStatusOf(call.input) }, actorOf(call));
    return { model: await models.get(call.scope, modelIdOf(call)) };
  });
  router.json('DELETE', 'mlflow/logged-models/:model_id', 'delete', async (call) => {
    await models.change(call.scope, modelIdOf(call), { delete: true }, actorOf(call));
    return {};
  });
  router.json('PATCH', 'mlflow/logged-models/:model_id/tags', 'write', async (call) => {
    const tags = keyValues(call.input, 'tags', 'tag');
    await models.change(call.scope, modelIdOf(call), { tags }, actorOf(call));
    return { model: await models.get(call.scope, modelIdOf(call)) };
  });
  router.json('DELETE', 'mlflow/logged-models/:model_id/tags/:tag_key', 'write', async (call) => {
    const key = checkedKey((call.request.params as Record<string, string>)['tag_key'] ?? '', 'tag_key');
    await models.change(call.scope, modelIdOf(call), { deleteTag: key }, actorOf(call));
    return {};
  });
  router.json('POST', 'mlflow/logged-models/:model_id/params', 'write', async (call) => {
    const params = keyValues(call.input, 'params', 'param');
    await models.change(call.scope, modelIdOf(call), { params }, actorOf(call));
    return {};
  });
  router.json('POST', 'mlflow/logged-models/search', 'read', async ({ scope, input }) => {
    const datasets = input['datasets'];
    if (Array.isArray(datasets) && datasets.length > 0)
      throw arcaError(
        'InvalidParameter',
        { target: 'datasets', where: 'request', problem: 'filters by dataset, which Arca does not keep' },
        { target: 'datasets' },
      );
    const page = searchPageOf({ ...input, order_by: undefined }, 50);
    return models.search(scope, stringList(input, 'experiment_ids'), {
      ...page,
      orderBy: loggedModelOrderOf(input),
    });
  });
}
