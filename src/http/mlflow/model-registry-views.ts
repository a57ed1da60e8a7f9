import { latestAlias } from '../../core/asset-types.js';
import { versionProperty } from '../../core/mlflow/mlflow-filter.js';
import type { AssetRecord, VersionRecord } from '../../services/assets/asset-records.js';
import { stageOf } from '../../services/mlflow/model-stages.js';

/** Milliseconds since the epoch, as MLflow's int64 timestamps (JSON numbers). */
export function epochMillis(iso: string): number {
  return Date.parse(iso);
}

const keyValues = (values: Record<string, string>) => Object.entries(values).map(([key, value]) => ({ key, value }));

/** An Arca model as MLflow's `RegisteredModel` (fields as the proto names them; absent ones omitted). */
export function registeredModelView(asset: AssetRecord, latest?: VersionRecord[]): Record<string, unknown> {
  const view: Record<string, unknown> = {
    name: asset.name,
    creation_timestamp: epochMillis(asset.createdAt),
    last_updated_timestamp: epochMillis(asset.updatedAt),
    user_id: asset.createdBy,
  };
  if (asset.description !== null) view['description'] = asset.description;
  if (latest !== undefined && latest.length > 0) view['latest_versions'] = latest.map(modelVersionView);
  const tags = keyValues(asset.tags);
  if (tags.length > 0) view['tags'] = tags;
  // `latest` is Arca's own alias (it follows the newest version by itself): never shown as an MLflow alias.
  const aliases = asset.aliases
    .filter((alias) => alias.name !== latestAlias)
    .map((alias) => ({ alias: alias.name, version: asset.aliasLabels.get(alias.versionId) ?? '' }));
  if (aliases.length > 0) view['aliases'] = aliases;
  return view;
}

/** An Arca version as MLflow's `ModelVersion`: its label is the version string (an integer when it is one). */
export function modelVersionView(version: VersionRecord): Record<string, unknown> {
  const properties = version.properties;
  const view: Record<string, unknown> = {
    name: version.asset.name,
    version: version.label,
    creation_timestamp: epochMillis(version.createdAt),
    last_updated_timestamp: epochMillis(version.updatedAt),
    user_id: version.createdBy,
    current_stage: stageOf(version),
  };
  if (version.description !== null) view['description'] = version.description;
  const source = properties[versionProperty.source] ?? version.source;
  if (source !== null && source !== undefined) view['source'] = source;
  const runId = properties[versionProperty.runId];
  if (runId !== undefined) view['run_id'] = runId;
  // The client polls until READY; a version still waiting for its bytes is PENDING_REGISTRATION.
  view['status'] = version.state === 'pending' ? 'PENDING_REGISTRATION' : 'READY';
  const tags = keyValues(version.tags);
  if (tags.length > 0) view['tags'] = tags;
  const aliases = version.aliases.filter((alias) => alias !== latestAlias);
  if (aliases.length > 0) view['aliases'] = aliases;
  const modelId = properties[versionProperty.modelId];
  if (modelId !== undefined) view['model_id'] = modelId;
  return view;
}
