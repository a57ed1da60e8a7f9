import { registeredModelFilter, orderByOf } from '../../core/mlflow/mlflow-filter.js';
import type { AliasService } from '../../services/assets/aliases.js';
import type { AssetService } from '../../services/assets/assets.js';
import type { ModelSourceResolver } from '../../services/mlflow/model-sources.js';
import { deleteModel } from '../../services/mlflow/model-delete.js';
import { latestVersions, parseStage } from '../../services/mlflow/model-stages.js';
import { optionalString, requiredString, stringList } from './mlflow-input.js';
import type { MlflowCall, MlflowRouter } from './mlflow-router.js';
import { description, maxResults, modelLocator, tagKey, tagsOf, tagValue } from './model-registry-input.js';
import { modelVersionView, registeredModelView } from './model-registry-views.js';
import { modelVersionRoutes } from './model-version-routes.js';

/** MLflow's `order_by` fields of registered models and the Arca list field each one is. */
const modelOrder = {
  name: 'name',
  creation_timestamp: 'created',
  last_updated_timestamp: 'updated',
  timestamp: 'updated',
};

/**
 * MLflow's model registry (`mlflow/protos/model_registry.proto`) over the models of the tracking URI's
 * scope: a registered model is an Arca model, its tags the asset's tags, its aliases Arca's aliases
 * (moved through the alias service: protection, approvals and history apply). docs/mlflow.md.
 */
export function modelRegistryRoutes(assets: AssetService, aliases: AliasService, sources: ModelSourceResolver) {
  return (router: MlflowRouter): void => {
    const locate = ({ scope, input }: MlflowCall) => modelLocator(scope, requiredString(input, 'name'));

    router.json('POST', 'mlflow/registered-models/create', 'write', async (call) => {
      const locator = locate(call);
      const tags = tagsOf(call.input);
      const text = description(call.input);
      const asset = await assets.createAsset(
        locator,
        { ...(text === undefined ? {} : { description: text }), ...(tags === undefined ? {} : { tags }) },
        call.principal,
      );
      return { registered_model: registeredModelView(asset) };
    });

    router.json('GET', 'mlflow/registered-models/get', 'read', async (call) => {
      const locator = locate(call);
      const asset = await assets.getAsset(locator);
      return { registered_model: registeredModelView(asset, await latestVersions(assets, locator, [])) };
    });

    router.json('PATCH', 'mlflow/registered-models/update', 'write', async (call) => {
      const locator = locate(call);
      const text = description(call.input);
      const asset =
        text === undefined
          ? await assets.getAsset(locator)
          : await assets.updateAsset(locator, { description: text }, call.principal);
      return { registered_model: registeredModelView(asset) };
    });

    // A rename keeps the model's versions, aliases and tags; its old name's labels are retired for good.
    router.json('POST', 'mlflow/registered-models/rename', 'write', async (call) => {
      const asset = await assets.renameAsset(locate(call), requiredString(call.input, 'new_name'), call.principal);
      return { registered_model: registeredModelView(asset) };
    });

    router.json('DELETE', 'mlflow/registered-models/delete', 'delete', async (call) => {
      await deleteModel(assets, locate(call), call.principal);
      return {};
    });

    router.json('GET', 'mlflow/registered-models/search', 'read', async ({ scope, input }) => {
      const top = maxResults(input, 100, 1000);
      const filter = registeredModelFilter(optionalString(input, 'filter'));
      const orderBy = orderByOf(stringList(input, 'order_by'), modelOrder);
      const cursor = optionalString(input, 'page_token');
      const page = await assets.listAssets(scope.kind, scope.name, 'model', {
        top,
        ...(filter === undefined ? {} : { filter }),
        ...(orderBy === undefined ? {} : { orderBy }),
        ...(cursor === undefined || cursor === '' ? {} : { cursor }),
      });
      return {
        registered_models: page.items.map((asset) => registeredModelView(asset)),
        ...(page.next === undefined ? {} : { next_page_token: page.next }),
      };
    });

    for (const method of ['GET', 'POST'] as const) {
      router.json(method, 'mlflow/registered-models/get-latest-versions', 'read', async (call) => {
        const locator = locate(call);
        const wanted = stringList(call.input, 'stages').map((stage) => parseStage(stage, 'stages'));
        return { model_versions: (await latestVersions(assets, locator, wanted)).map(modelVersionView) };
      });
    }

    router.json('POST', 'mlflow/registered-models/set-tag', 'write', async (call) => {
      const locator = locate(call);
      const key = tagKey(call.input);
      await assets.updateAsset(locator, { tags: { [key]: tagValue(call.input) } }, call.principal);
      return {};
    });

    router.json('DELETE', 'mlflow/registered-models/delete-tag', 'write', async (call) => {
      const locator = locate(call);
      await assets.updateAsset(locator, { tags: { [tagKey(call.input)]: null } }, call.principal);
      return {};
    });

    // Aliases: `latest` is Arca's own (AliasReserved: INVALID_PARAMETER_VALUE); a protected alias answers
    // PERMISSION_DENIED naming the approval to file (POST …/aliases/<alias>/approvals natively).
    router.json('POST', 'mlflow/registered-models/alias', 'aliases/write', async (call) => {
      const locator = locate(call);
      const alias = requiredString(call.input, 'alias');
      const label = requiredString(call.input, 'version');
      await aliases.set(locator, { alias, label }, call.access);
      return {};
    });

    router.json('DELETE', 'mlflow/registered-models/alias', 'aliases/write', async (call) => {
      const locator = locate(call);
      await aliases.remove(locator, requiredString(call.input, 'alias'), call.access);
      return {};
    });

    router.json('GET', 'mlflow/registered-models/alias', 'read', async (call) => {
      const locator = locate(call);
      const alias = requiredString(call.input, 'alias');
      const version = await assets.getVersion({ ...locator, alias });
      return { model_version: modelVersionView(version) };
    });

    modelVersionRoutes(assets, sources)(router);
  };
}
