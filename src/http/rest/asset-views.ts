import { latestAlias } from '../../core/asset-types.js';
import type { AssetRecord, CanRead, LatestVersion, VersionRecord } from '../../services/assets/asset-records.js';
import { linkFor, targetOf } from '../../services/assets/asset-records.js';
import type { AssetViewBody, VersionViewBody } from './asset-schemas.js';

export function assetView(asset: AssetRecord): AssetViewBody {
  const aliases = Object.fromEntries(asset.aliases.map((a) => [a.name, asset.aliasLabels.get(a.version_id) ?? '']));
  return {
    id: asset.id,
    reference: targetOf(asset.scope.kind, asset.scope.name, asset.type, asset.name),
    scope: { kind: asset.scope.kind, name: asset.scope.name },
    type: asset.type,
    name: asset.name,
    description: asset.description,
    tags: asset.tags,
    latest_version: aliases[latestAlias] ?? null,
    latest: asset.latest === undefined ? null : latestView(asset.latest),
    aliases,
    created_at: asset.created_at,
    created_by: asset.created_by,
    updated_at: asset.updated_at,
    updated_by: asset.updated_by,
  };
}

/** The latest version's fields that an asset filter also matches. */
function latestView({ row, tags, properties }: LatestVersion): NonNullable<AssetViewBody['latest']> {
  const optional = (key: 'flavor' | 'framework' | 'data_type' | 'job') =>
    row[key] === null ? {} : { [key]: row[key] as string };
  return {
    version: row.label,
    description: row.description,
    tags,
    properties,
    total_size: Number(row.total_size),
    ...optional('flavor'),
    ...optional('framework'),
    ...optional('data_type'),
    ...optional('job'),
  };
}

/** A version as the caller sees it: lineage inputs and the origin in scopes it cannot read are marked, not named. */
export function versionView(v: VersionRecord, canRead: CanRead): VersionViewBody {
  const origin = v.origin;
  const optional = (key: 'flavor' | 'framework' | 'data_type' | 'job' | 'source') =>
    v[key] === null ? {} : { [key]: v[key] as string };
  return {
    id: v.id,
    reference: targetOf(v.scope.kind, v.scope.name, v.asset.type, v.asset.name, v.label),
    scope: { kind: v.scope.kind, name: v.scope.name },
    type: v.asset.type,
    name: v.asset.name,
    version: v.label,
    description: v.description,
    tags: v.tags,
    properties: v.properties,
    ...optional('flavor'),
    ...optional('framework'),
    ...optional('data_type'),
    ...optional('job'),
    ...optional('source'),
    ...(v.spec === null ? {} : { spec: JSON.parse(v.spec) as Record<string, unknown> }),
    ...(v.spec_yaml === null || v.files === undefined ? {} : { spec_yaml: v.spec_yaml }),
    ...(v.derivedFrom ? { derived_from: v.derivedFrom.map((input) => linkFor(input, canRead)) } : {}),
    ...(v.regions ? { regions: v.regions } : {}),
    ...(origin === undefined
      ? {}
      : canRead(origin.scopeKind, origin.scope)
        ? { origin: targetOf(origin.scopeKind, origin.scope, origin.type, origin.name, origin.version) }
        : { origin_hidden: true as const }),
    state: v.state,
    total_size: Number(v.total_size),
    file_count: v.file_count,
    ...(v.files ? { files: v.files.map((f) => ({ path: f.path, size: Number(f.size), digest: f.digest })) } : {}),
    manifest_digest: v.manifest_digest,
    aliases: v.aliases,
    created_at: v.created_at,
    created_by: v.created_by,
    updated_at: v.updated_at,
    updated_by: v.updated_by,
    committed_at: v.committed_at,
  };
}
