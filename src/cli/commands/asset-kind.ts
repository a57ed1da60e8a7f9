import type { AliasMove, Asset, AssetKind, Version } from '../../sdk/client.js';
import { formatTags, type Column } from '../output.js';
import { formatBytes } from '../progress.js';

/** What the `model`, `data`, `environment` and `component` command groups differ in. */
export interface AssetKindSpec {
  type: AssetKind;
  /** The group's name and how messages call one asset: `model`, `data`. */
  noun: string;
  /** The noun with its article, for help text: `a model`, `an environment`. */
  aNoun: string;
  /** How help text calls several: `models`, `data assets`. */
  plural: string;
  /**
   * What `create` reads: `path`, a file or folder named with `--name` (models, data); `spec`, an
   * Azure-ML-style YAML file (`--file`) that names the asset and the files it needs (environments, components).
   */
  source: 'path' | 'spec';
}

export const modelKind: AssetKindSpec = {
  type: 'model',
  noun: 'model',
  aNoun: 'a model',
  plural: 'models',
  source: 'path',
};
export const dataKind: AssetKindSpec = {
  type: 'data',
  noun: 'data',
  aNoun: 'a data asset',
  plural: 'data assets',
  source: 'path',
};
export const environmentKind: AssetKindSpec = {
  type: 'environment',
  noun: 'environment',
  aNoun: 'an environment',
  plural: 'environments',
  source: 'spec',
};
export const componentKind: AssetKindSpec = {
  type: 'component',
  noun: 'component',
  aNoun: 'a component',
  plural: 'components',
  source: 'spec',
};

/**
 * The tags an asset filter matches: the asset's own, then its latest version's (a pair both have is
 * shown once; a key both have with different values shows both, as `tags.<key>` matches either).
 */
function filterTags(asset: Asset): string {
  const own = Object.entries(asset.tags);
  const latest = Object.entries(asset.latest?.tags ?? {}).filter(([k, v]) => asset.tags[k] !== v);
  return [...own, ...latest].map(([k, v]) => `${k}=${v}`).join(', ');
}

/** Table columns of an asset: Description and Tags are the asset's own and its latest version's, as a filter sees them. */
export const assetColumns: readonly Column<Asset>[] = [
  { header: 'Name', cell: (a) => a.name },
  { header: 'Latest', cell: (a) => a.latest_version ?? '' },
  { header: 'Aliases', cell: (a) => formatTags(a.aliases) },
  { header: 'Description', cell: (a) => a.description ?? a.latest?.description ?? '' },
  { header: 'Tags', cell: filterTags },
];

/** Table columns of a version in a list. */
export const versionColumns: readonly Column<Version>[] = [
  { header: 'Name', cell: (v) => v.name },
  { header: 'Version', cell: (v) => v.version },
  { header: 'State', cell: (v) => v.state },
  { header: 'Size', cell: (v) => formatBytes(v.total_size) },
  { header: 'Files', cell: (v) => String(v.file_count) },
  { header: 'Aliases', cell: (v) => v.aliases.join(', ') },
  { header: 'Tags', cell: (v) => formatTags(v.tags) },
  { header: 'Created', cell: (v) => v.created_at },
];

/** Table columns of one version shown on its own: the list's, its canonical reference and what it was derived from. */
export const versionDetailColumns: readonly Column<Version>[] = [
  ...versionColumns.filter((c) => c.header !== 'Created'),
  { header: 'Reference', cell: (v) => v.reference },
  {
    header: 'Derived from',
    cell: (v) =>
      (v.derived_from ?? []).map((d) => `${d.relation}: ${d.reference ?? '(in a scope you cannot read)'}`).join('\n'),
  },
];

/** A replica's error in a table cell is cut to this; `-o json` has all of it. */
const regionErrorLength = 60;

/** `eastus (primary)`, `westus: replicated`, one region a line, a replica's last error cut short. */
export function formatRegions(regions: NonNullable<Version['regions']>): string {
  const short = (error: string) =>
    error.length <= regionErrorLength ? error : `${error.slice(0, regionErrorLength - 1)}…`;
  return regions
    .map((r) =>
      r.role === 'primary'
        ? `${r.region} (primary)`
        : `${r.region}: ${r.state ?? 'unknown'}${r.error === undefined ? '' : ` (${short(r.error)})`}`,
    )
    .join('\n');
}

/** The columns of one version: with a Regions column when the server showed where its copies are. */
export function versionDetailColumnsOf(version: Version): readonly Column<Version>[] {
  if (version.regions === undefined) return versionDetailColumns;
  return [...versionDetailColumns, { header: 'Regions', cell: (v) => formatRegions(v.regions ?? []) }];
}

/** Table columns of an asset shown on its own. */
export const assetDetailColumns: readonly Column<Asset>[] = [
  ...assetColumns,
  { header: 'Reference', cell: (a) => a.reference },
];

/** Table columns of alias history. */
export const aliasMoveColumns: readonly Column<AliasMove>[] = [
  { header: 'Alias', cell: (m) => m.alias },
  { header: 'Change', cell: (m) => m.action },
  { header: 'From', cell: (m) => m.from_version ?? '' },
  { header: 'To', cell: (m) => m.to_version ?? '' },
  { header: 'At', cell: (m) => m.at },
  { header: 'By', cell: (m) => m.by },
];
