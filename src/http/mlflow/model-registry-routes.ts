import type { AssetService } from '../../services/assets/assets.js';
import { requiredString } from './mlflow-input.js';
import { registeredModelView } from './model-registry-views.js';
import type { MlflowRouter } from './mlflow-router.js';

/** MLflow's model registry (`mlflow/protos/model_registry.proto`) over the models of the tracking URI's scope. */
export function modelRegistryRoutes(assets: AssetService) {
  return (router: MlflowRouter): void => {
    router.json('GET', 'mlflow/registered-models/get', 'read', async ({ scope, input }) => {
      const asset = await assets.getAsset({
        scopeKind: scope.kind,
        scope: scope.name,
        type: 'model',
        name: requiredString(input, 'name'),
      });
      return { registered_model: registeredModelView(asset) };
    });
  };
}
