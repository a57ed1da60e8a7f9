import { arcaError, isArcaError } from '../../core/errors.js';
import { modelVersionFilter, orderByOf, versionProperty } from '../../core/mlflow/mlflow-filter.js';
import type { AssetLocator, VersionRecord } from '../../services/assets/asset-records.js';
import type { AssetService, BeginCaller } from '../../services/assets/assets.js';
import { createModelVersion } from '../../services/mlflow/model-versions.js';
import type { ModelSourceResolver } from '../../services/mlflow/model-sources.js';
import { parseStage, transitionStage } from '../../services/mlflow/model-stages.js';
import { blobReachOf } from '../../services/uploads/possession.js';
import { optionalString, requiredString, stringList } from './mlflow-input.js';
import type { MlflowCall, MlflowRouter } from './mlflow-router.js';
import {
  description,
  maxResults,
  modelLocator,
  optionalBoolean,
  sourceOf,
  tagKey,
  tagsOf,
  tagValue,
} from './model-registry-input.js';
import { modelVersionView } from './model-registry-views.js';

/**
 * MLflow's `order_by` fields of model versions and the Arca list field each one is. `version_number` is the
 * creation order: Arca orders labels as text ('10' before '9'), and the integer labels follow creation.
 */
const versionOrder = { name: 'name', version_number: 'created', creation_timestamp: 'created' };

/** A search answers at most this many versions a page (MLflow's client asks for 10000 by default). */
const versionPage = 1000;

/**
 * The version a request names. An integer label that does not exist is RESOURCE_DOES_NOT_EXIST; any other
 * text that is no label of the model is INVALID_PARAMETER_VALUE (MLflow's versions are integers; Arca's
 * non-integer labels, made natively, are addressed by their label).
 */
async function versionAt(assets: AssetService, locator: AssetLocator, label: string): Promise<VersionRecord> {
  try {
    return await assets.getVersion({ ...locator, version: label });
  } catch (error) {
    if (isArcaError(error) && error.code === 'VersionNotFound' && !/^[0-9]+$/.test(label))
      throw arcaError(
        'InvalidParameter',
        {
          target: 'version',
          where: 'request',
          problem: `must be an integer version number (or a label of ${locator.name}); got ${JSON.stringify(label)}`,
        },
        { target: 'version' },
      );
    throw error;
  }
}

/** The model versions of MLflow's registry: an MLflow version is an Arca version, its label the version string. */
export function modelVersionRoutes(assets: AssetService, sources: ModelSourceResolver) {
  return (router: MlflowRouter): void => {
    const locate = ({ scope, input }: MlflowCall) => modelLocator(scope, requiredString(input, 'name'));
    /** The model and the version's label, checked to exist. */
    const located = async (call: MlflowCall) => {
      const locator = locate(call);
      const record = await versionAt(assets, locator, requiredString(call.input, 'version'));
      return { locator: { ...locator, version: record.label }, record };
    };

    router.json('POST', 'mlflow/model-versions/create', 'write', async (call) => {
      const locator = locate(call);
      const source = sourceOf(call.input);
      const runId = optionalString(call.input, 'run_id');
      const modelId = optionalString(call.input, 'model_id');
      const tags = tagsOf(call.input);
      const text = description(call.input);
      // MLflow registers versions of a registered model that exists: no model is made implicitly here.
      await assets.getAsset(locator);
      const caller: BeginCaller = {
        actor: call.principal,
        canRead: (kind, scope) =>
          call.access.allows(kind === 'registry' ? 'registries/assets/read' : 'workspaces/assets/read', {
            kind,
            name: scope,
          }),
        reach: blobReachOf(call.access),
      };
      const version = await createModelVersion(
        assets,
        sources,
        locator,
        {
          source,
          base: call.base,
          ...(runId === undefined || runId === '' ? {} : { runId }),
          ...(modelId === undefined || modelId === '' ? {} : { modelId }),
          ...(text === undefined ? {} : { description: text }),
          ...(tags === undefined ? {} : { tags }),
        },
        caller,
      );
      return { model_version: modelVersionView(version) };
    });

    router.json('GET', 'mlflow/model-versions/get', 'read', async (call) => ({
      model_version: modelVersionView((await located(call)).record),
    }));

    router.json('PATCH', 'mlflow/model-versions/update', 'write', async (call) => {
      const { locator, record } = await located(call);
      const text = description(call.input);
      const version =
        text === undefined ? record : await assets.updateVersion(locator, { description: text }, call.principal);
      return { model_version: modelVersionView(version) };
    });

    // MLflow deletes a version with its aliases: `force` (a protected alias still refuses it).
    router.json('DELETE', 'mlflow/model-versions/delete', 'delete', async (call) => {
      const { locator } = await located(call);
      await assets.deleteVersion(locator, { force: true }, call.principal);
      return {};
    });

    router.json('GET', 'mlflow/model-versions/search', 'read', async ({ scope, input }) => {
      const top = Math.min(maxResults(input, versionPage, 200_000), versionPage);
      const { model, filter } = modelVersionFilter(optionalString(input, 'filter'));
      if (model === undefined)
        throw arcaError(
          'InvalidParameter',
          {
            target: 'filter',
            where: 'request',
            problem: "must name the model (name = '<model>'): Arca searches the versions of one model",
          },
          { target: 'filter' },
        );
      const orderBy = orderByOf(stringList(input, 'order_by'), versionOrder);
      const cursor = optionalString(input, 'page_token');
      const page = await assets.listVersions(modelLocator(scope, model), {
        top,
        includeArchived: true,
        ...(filter === undefined ? {} : { filter }),
        ...(orderBy === undefined ? {} : { orderBy }),
        ...(cursor === undefined || cursor === '' ? {} : { cursor }),
      });
      return {
        model_versions: page.items.map(modelVersionView),
        ...(page.next === undefined ? {} : { next_page_token: page.next }),
      };
    });

    // Bytes Arca holds are served under the tracking URI's mlflow-artifacts; an external source is answered as is.
    router.json('GET', 'mlflow/model-versions/get-download-uri', 'read', async (call) => {
      const { record } = await located(call);
      const external = record.properties[versionProperty.external] === 'true';
      const source = record.properties[versionProperty.source] ?? record.source ?? '';
      const served = `${call.base}/api/2.0/mlflow-artifacts/artifacts/_arca/models/${encodeURIComponent(record.asset.name)}/versions/${encodeURIComponent(record.label)}`;
      return { artifact_uri: external ? source : served };
    });

    router.json('POST', 'mlflow/model-versions/set-tag', 'write', async (call) => {
      const { locator } = await located(call);
      const key = tagKey(call.input);
      await assets.updateVersion(locator, { tags: { [key]: tagValue(call.input) } }, call.principal);
      return {};
    });

    router.json('DELETE', 'mlflow/model-versions/delete-tag', 'write', async (call) => {
      const { locator } = await located(call);
      await assets.updateVersion(locator, { tags: { [tagKey(call.input)]: null } }, call.principal);
      return {};
    });

    router.json('POST', 'mlflow/model-versions/transition-stage', 'write', async (call) => {
      const { locator } = await located(call);
      const stage = parseStage(requiredString(call.input, 'stage'));
      const archiveExisting = optionalBoolean(call.input, 'archive_existing_versions') ?? false;
      const version = await transitionStage(assets, locator, stage, archiveExisting, call.principal);
      return { model_version: modelVersionView(version) };
    });
  };
}
