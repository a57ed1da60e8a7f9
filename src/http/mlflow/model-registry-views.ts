import type { AssetRecord } from '../../services/assets/asset-records.js';

/** Milliseconds since the epoch, as MLflow's int64 timestamps (JSON numbers). */
export function epochMillis(iso: string): number {
  return Date.parse(iso);
}

/** An Arca model as MLflow's `RegisteredModel` (fields as the proto names them). */
export function registeredModelView(asset: AssetRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    name: asset.name,
    creation_timestamp: epochMillis(asset.createdAt),
    last_updated_timestamp: epochMillis(asset.updatedAt),
  };
  if (asset.description !== null) view['description'] = asset.description;
  const tags = Object.entries(asset.tags).map(([key, value]) => ({ key, value }));
  if (tags.length > 0) view['tags'] = tags;
  const aliases = asset.aliases
    .filter((alias) => alias.name !== 'latest')
    .map((alias) => ({ alias: alias.name, version: asset.aliasLabels.get(alias.versionId) ?? '' }));
  if (aliases.length > 0) view['aliases'] = aliases;
  return view;
}
