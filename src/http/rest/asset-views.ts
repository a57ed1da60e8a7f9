import { latestAlias } from '../../core/asset-types.js';
import type { VersionSummary } from '../../core/model/assets.js';
import type {
  AssetRecord,
  CanRead,
  LatestVersion,
  TrainingRun,
  VersionRecord,
} from '../../services/assets/asset-records.js';
import { linkFor, targetOf } from '../../services/assets/asset-records.js';
import type { AssetViewBody, VersionViewBody } from './asset-schemas.js';

export function assetView(asset: AssetRecord): AssetViewBody {
  const aliases = Object.fromEntries(asset.aliases.map((a) => [a.name, asset.aliasLabels.get(a.versionId) ?? '']));
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
    created_at: asset.createdAt,
    created_by: asset.createdBy,
    updated_at: asset.updatedAt,
    updated_by: asset.updatedBy,
  };
}

/** The latest version's fields that an asset filter also matches. */
function latestView({ row, tags, properties }: LatestVersion): NonNullable<AssetViewBody['latest']> {
  return {
    version: row.label,
    description: row.description,
    tags,
    properties,
    total_size: Number(row.totalSize),
    ...optionalFields(row),
  };
}

/**
 * A version as the caller sees it: lineage inputs and the origin in scopes it cannot read are marked, not
 * named. Built in one pass, in the order a compiled serializer writes the fields (the required ones, then
 * the optional ones set, each in schema order), so `JSON.stringify` of a list page is byte for byte what
 * that serializer wrote.
 */
export function versionView(v: VersionRecord, canRead: CanRead): VersionViewBody {
  const view: VersionViewBody = {
    id: v.id,
    reference: targetOf(v.scope.kind, v.scope.name, v.asset.type, v.asset.name, v.label),
    scope: { kind: v.scope.kind, name: v.scope.name },
    type: v.asset.type,
    name: v.asset.name,
    version: v.label,
    description: v.description,
    tags: v.tags,
    properties: v.properties,
    state: v.state,
    total_size: Number(v.totalSize),
    file_count: v.fileCount,
    manifest_digest: v.manifestDigest,
    aliases: v.aliases,
    created_at: v.createdAt,
    created_by: v.createdBy,
    updated_at: v.updatedAt,
    updated_by: v.updatedBy,
    committed_at: v.committedAt,
  };
  if (v.flavor !== null) view.flavor = v.flavor;
  if (v.framework !== null) view.framework = v.framework;
  if (v.dataType !== null) view.data_type = v.dataType;
  if (v.job !== null) view.job = v.job;
  if (v.source !== null) view.source = v.source;
  const origin = v.origin;
  if (origin !== undefined) {
    if (canRead(origin.scopeKind, origin.scope))
      view.origin = targetOf(origin.scopeKind, origin.scope, origin.type, origin.name, origin.version);
    else view.origin_hidden = true;
  }
  if (v.spec !== null) view.spec = v.spec;
  if (v.specYaml !== null && v.files !== undefined) view.spec_yaml = v.specYaml;
  if (v.regions) view.regions = v.regions;
  if (v.derivedFrom) view.derived_from = v.derivedFrom.map((input) => linkFor(input, canRead));
  if (v.run) view.run = runView(v.run);
  if (v.files) view.files = v.files.map((f) => ({ path: f.path, size: Number(f.size), digest: f.digest }));
  return view;
}

/** The MLflow run a version was registered from, under the names MLflow gives its fields. */
function runView(run: TrainingRun): NonNullable<VersionViewBody['run']> {
  return {
    experiment_id: run.experimentId,
    run_id: run.runId,
    run_name: run.runName,
    status: run.status,
    user_id: run.userId,
    start_time: run.startTime,
    ...(run.endTime === undefined ? {} : { end_time: run.endTime }),
    params: run.params,
    metrics: run.metrics,
  };
}

/** The model and data fields a version has set (a null one is left out), under their served names. */
function optionalFields(v: Pick<VersionSummary, 'flavor' | 'framework' | 'dataType' | 'job'>) {
  return {
    ...(v.flavor === null ? {} : { flavor: v.flavor }),
    ...(v.framework === null ? {} : { framework: v.framework }),
    ...(v.dataType === null ? {} : { data_type: v.dataType }),
    ...(v.job === null ? {} : { job: v.job }),
  };
}
