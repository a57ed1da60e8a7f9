import { compact } from '../../core/compact.js';
import { arcaError } from '../../core/errors.js';
import type { Scope } from '../../core/model/scopes.js';
import { formatReference } from '../../core/references.js';
import { latestAlias, type AssetType } from '../../core/asset-types.js';
import { nameKey, type ScopeKind } from '../../core/names.js';
import type { Session, Tx } from '../../storage/metadata/session.js';
import { lockAssetRow } from '../../storage/metadata/row-locks.js';
import {
  findAlias,
  findAsset,
  findScopedAsset,
  findVersion,
  findVersionById,
  listAliases,
  listVersionFiles,
  versionDetails,
  versionPlace,
  versionSummaries,
  type VersionDetails,
} from '../../storage/metadata/assets-repository.js';
import type { Alias, Asset, Version, VersionFile, VersionSummary } from '../../core/model/assets.js';
import { loadKv } from '../../storage/metadata/kv.js';
import type { RegionState } from '../replication/replication.js';
import { lineageEdges, lineageNodes } from '../../storage/metadata/lineage-repository.js';
import { findScopeRowByName, scopeRegionNames } from '../../storage/metadata/scopes-repository.js';

/** Where an asset lives: a registry or workspace, a type and a name. */
export interface AssetLocator {
  scopeKind: ScopeKind;
  scope: string;
  type: AssetType;
  name: string;
}

/** A version by exact label, or through an alias resolved at read time. */
export type VersionLocator = AssetLocator &
  ({ version: string; alias?: undefined } | { alias: string; version?: undefined });

export interface AssetRecord extends Asset {
  scope: Scope;
  tags: Record<string, string>;
  aliases: Alias[];
  /** label of each aliased version, by version id */
  aliasLabels: Map<string, string>;
  /** The version `latest` names, with the fields an asset filter matches on it (none: no ready version). */
  latest?: LatestVersion;
}

/** An asset's latest version as an asset filter sees it. */
export interface LatestVersion {
  row: Omit<VersionSummary, 'id'>;
  tags: Record<string, string>;
  properties: Record<string, string>;
}

export interface VersionRecord extends Version {
  scope: Scope;
  asset: Asset;
  tags: Record<string, string>;
  properties: Record<string, string>;
  aliases: string[];
  files?: VersionFile[];
  /** What the version was derived from (loaded with its files), with where each input lives. */
  derivedFrom?: LineageInput[];
  /** Where its copies stand, per region (shown for a single version). */
  regions?: RegionState[];
  origin?: { scopeKind: ScopeKind; scope: string; type: string; name: string; version: string };
  /** The MLflow run it was registered from (shown for a single version), when the run is in its scope. */
  run?: TrainingRun;
}

/** An MLflow run as a version's lineage shows it: where it ran, how it ended, its params and latest metrics. */
export interface TrainingRun {
  experimentId: string;
  runId: string;
  runName: string;
  status: string;
  userId: string;
  startTime: number;
  endTime?: number;
  params: Record<string, string>;
  metrics: Record<string, number>;
}

export async function requireScope(db: Session, kind: ScopeKind, name: string): Promise<Scope> {
  const scope = await findScopeRowByName(db, kind, nameKey(name));
  if (scope === undefined)
    throw arcaError(kind === 'registry' ? 'RegistryNotFound' : 'WorkspaceNotFound', { name }, { target: kind });
  return scope;
}

/** A read that names a region names one of the scope's: the error lists them, so a typo is seen at once. */
export async function assertScopeRegion(db: Session, scope: Scope, region: string): Promise<void> {
  const regions = await scopeRegionNames(db, scope.id);
  if (regions.includes(region)) return;
  throw arcaError(
    'RegionNotInScope',
    { kind: scope.kind, scope: scope.name, region, regions: regions.join(', ') },
    { target: 'region' },
  );
}

export async function requireAsset(db: Session, scope: Scope, type: AssetType, name: string): Promise<Asset> {
  const asset = await findAsset(db, scope.id, type, nameKey(name));
  if (asset === undefined)
    throw arcaError('AssetNotFound', { kind: scope.kind, scope: scope.name, type, name }, { target: 'name' });
  return asset;
}

/**
 * Takes the asset's row lock in `trx` (see lockAssetRow); an asset deleted since it was read is
 * `AssetNotFound` ("deleted meanwhile") rather than a write against a row that is gone.
 */
export async function lockLiveAsset(trx: Tx, asset: Pick<Asset, 'id' | 'type' | 'name'>): Promise<void> {
  if (await lockAssetRow(trx, asset.id)) return;
  throw arcaError('AssetNotFound', 'deletedMeanwhile', { type: asset.type, name: asset.name }, { target: 'name' });
}

/**
 * The scope and asset a locator names, in one lookup; when it finds nothing, the scope and then the
 * asset are looked up alone so that the error names what is missing (`WorkspaceNotFound`, `AssetNotFound`…).
 */
export async function requireScopedAsset(db: Session, locator: AssetLocator): Promise<{ scope: Scope; asset: Asset }> {
  const found = await findScopedAsset(db, {
    scopeKind: locator.scopeKind,
    scopeNameKey: nameKey(locator.scope),
    type: locator.type,
    nameKey: nameKey(locator.name),
  });
  if (found !== undefined) return found;
  const scope = await requireScope(db, locator.scopeKind, locator.scope);
  return { scope, asset: await requireAsset(db, scope, locator.type, locator.name) };
}

/** Finds the version a locator means; an alias resolves to the version it points at now. */
export async function requireVersion(
  db: Session,
  asset: Asset,
  locator: { version?: string | undefined; alias?: string | undefined },
): Promise<Version> {
  if (locator.alias !== undefined) {
    const alias = await findAlias(db, asset.id, locator.alias);
    if (alias === undefined)
      throw arcaError(
        'AliasNotFound',
        { type: asset.type, asset: asset.name, alias: locator.alias },
        { target: 'alias' },
      );
    const version = await findVersionById(db, alias.versionId);
    if (version === undefined) throw arcaError('VersionNotFound', 'aliasDangling', { alias: locator.alias });
    return version;
  }
  const version = await findVersion(db, asset.id, locator.version ?? '');
  if (version === undefined)
    throw arcaError(
      'VersionNotFound',
      { type: asset.type, asset: asset.name, version: locator.version ?? '' },
      { target: 'version' },
    );
  return version;
}

export async function assetRecord(db: Session, scope: Scope, asset: Asset): Promise<AssetRecord> {
  const [tags, aliases] = await Promise.all([loadKv(db, 'asset_tags', [asset.id]), listAliases(db, asset.id)]);
  const labels = new Map<string, string>();
  const latestId = aliases.find((a) => a.name === latestAlias)?.versionId;
  let latest: LatestVersion | undefined;
  if (aliases.length > 0) {
    const rows = await versionSummaries(
      db,
      aliases.map((a) => a.versionId),
    );
    for (const row of rows) labels.set(row.id, row.label);
    const row = rows.find((r) => r.id === latestId);
    if (row !== undefined) {
      const [versionTags, properties] = await Promise.all([
        loadKv(db, 'version_tags', [row.id]),
        loadKv(db, 'version_properties', [row.id]),
      ]);
      latest = { row, tags: versionTags.get(row.id) ?? {}, properties: properties.get(row.id) ?? {} };
    }
  }
  return {
    ...asset,
    scope,
    tags: tags.get(asset.id) ?? {},
    aliases,
    aliasLabels: labels,
    ...compact({ latest }),
  };
}

/** Versions of an asset to make records of; `withFiles` adds their files, lineage inputs and origin. */
export interface VersionsToRecord {
  scope: Scope;
  asset: Asset;
  rows: Version[];
  withFiles?: boolean;
  /** Their tags, properties and aliases when already read (with the list page): not read again. */
  details?: VersionDetails | undefined;
}

/** Attaches tags, properties, aliases (and, when asked, files and origin) to version rows. */
export async function versionRecords(
  db: Session,
  { scope, asset, rows, withFiles = false, details }: VersionsToRecord,
): Promise<VersionRecord[]> {
  const { tags, properties, aliases } =
    details ??
    (await versionDetails(
      db,
      rows.map((r) => r.id),
    ));
  const records: VersionRecord[] = [];
  for (const row of rows) {
    // The added fields first, then the row: V8 copies a row into a literal that already has fields
    // quickly, while adding fields after a spread reshapes each object (~15x the cost of a page's records).
    const record: VersionRecord = {
      scope,
      asset,
      tags: tags.get(row.id) ?? {},
      properties: properties.get(row.id) ?? {},
      aliases: aliases.get(row.id) ?? [],
      ...row,
    };
    if (withFiles) record.files = await listVersionFiles(db, row.id);
    if (withFiles) record.derivedFrom = await lineageNeighbours(db, row.id, 'up');
    if (withFiles && row.originVersionId !== null) {
      const origin = await versionPlace(db, row.originVersionId);
      if (origin) record.origin = origin;
    }
    records.push(record);
  }
  return records;
}

/** One version's record, with its files, lineage inputs and origin unless `withFiles` is false. */
export async function versionRecord(
  db: Session,
  { scope, asset, row, withFiles = true }: Omit<VersionsToRecord, 'rows'> & { row: Version },
): Promise<VersionRecord> {
  const [record] = await versionRecords(db, { scope, asset, rows: [row], withFiles });
  if (record === undefined) throw arcaError('InternalError', 'versionVanished', {});
  return record;
}

/** One end of a lineage edge seen from the other: how they relate, the version's reference and its scope. */
export interface LineageInput {
  relation: string;
  reference: string;
  scopeKind: ScopeKind;
  scope: string;
}

/** A lineage neighbour as a reader sees it: its reference, or only that it lives in a scope the reader cannot read. */
export type LineageLink = { relation: string; reference: string } | { relation: string; hidden: true };

/** Whether the caller may read assets of a registry or workspace (the route's access context decides). */
export type CanRead = (kind: ScopeKind, scope: string) => boolean;

/** Nothing identifying of a version the reader may not read: not its scope, name, type or id. */
export function linkFor(input: LineageInput, canRead: CanRead): LineageLink {
  return canRead(input.scopeKind, input.scope)
    ? { relation: input.relation, reference: input.reference }
    : { relation: input.relation, hidden: true };
}

/** The versions at the other end of a version's lineage edges: what it derives from (`up`), what derives from it (`down`). */
export async function lineageNeighbours(
  db: Session,
  versionId: string,
  direction: 'up' | 'down',
): Promise<LineageInput[]> {
  const edges = await lineageEdges(db, [versionId], direction);
  const other = (e: { from: string; to: string }) => (direction === 'up' ? e.to : e.from);
  const nodes = new Map((await lineageNodes(db, edges.map(other))).map((n) => [n.id, n]));
  return edges
    .flatMap((edge) => {
      const node = nodes.get(other(edge));
      if (node === undefined) return [];
      const reference = targetOf(node.scopeKind, node.scopeName, node.assetType, node.assetName, node.label);
      return [{ relation: edge.relation, reference, scopeKind: node.scopeKind, scope: node.scopeName }];
    })
    .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
}

/** The canonical reference of an asset or version (core's `formatReference`), for views and audit targets. */
export function targetOf(scopeKind: ScopeKind, scope: string, type: string, name: string, version?: string): string {
  return formatReference({
    scopeKind,
    scope,
    assetType: type as AssetType,
    name,
    ...compact({ version }),
  });
}
