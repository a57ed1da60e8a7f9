import { arcaError } from './errors.js';
import { assertRegionName, assertScopeName, type ScopeKind } from './names.js';

/** Storage account types Azure registries accept; kept as metadata and mapped to a storage class where a backend has one. */
export const storageAccountTypes = [
  'Standard_LRS',
  'Standard_GRS',
  'Standard_RAGRS',
  'Standard_ZRS',
  'Standard_GZRS',
  'Standard_RAGZRS',
  'Premium_LRS',
  'Premium_ZRS',
] as const;
export type StorageAccountType = (typeof storageAccountTypes)[number];

export interface StorageConfig {
  storage_account_type?: string;
  storage_account_hns?: boolean;
}

export interface RegionSpec {
  location: string;
  storage_config?: StorageConfig;
}

/** The body of `PUT /registries/{name}`: the JSON form of Azure ML's `registry.yml`. */
export interface RegistrySpec {
  $schema?: string;
  name?: string;
  description?: string;
  tags?: Record<string, string>;
  location: string;
  replication_locations?: RegionSpec[];
  public_network_access?: 'enabled' | 'disabled';
}

/** The body of `PUT /workspaces/{name}`. */
export interface WorkspaceSpec {
  $schema?: string;
  name?: string;
  description?: string;
  tags?: Record<string, string>;
  location: string;
  storage_config?: StorageConfig;
}

/** A validated region entry. */
export interface RegionDefinition {
  location: string;
  storageAccountType: StorageAccountType | string | null;
  storageAccountHns: boolean | null;
}

/** A validated registry or workspace, regions in order with the primary first. */
export interface ScopeDefinition {
  kind: ScopeKind;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  location: string;
  publicNetworkAccess: 'enabled' | 'disabled' | null;
  regions: RegionDefinition[];
}

/** Checks a registry spec against Arca's rules and returns its normalised definition. */
export function defineRegistry(pathName: string, spec: RegistrySpec): ScopeDefinition {
  const base = defineCommon('registry', pathName, spec);
  const listed = spec.replication_locations ?? [{ location: spec.location }];
  const seen = new Set<string>();
  listed.forEach((region, index) => {
    assertRegionName(region.location, `replication_locations[${index}].location`);
    if (seen.has(region.location)) {
      throw arcaError(
        'RegionDuplicated',
        { region: region.location },
        { target: `replication_locations[${index}].location` },
      );
    }
    seen.add(region.location);
  });
  if (!seen.has(spec.location)) {
    throw arcaError('PrimaryLocationMissing', { location: spec.location }, { target: 'replication_locations' });
  }
  const regions = listed.map((region, index) => defineRegion(region, `replication_locations[${index}]`));
  // The primary always comes first, whatever order the file lists regions in.
  regions.sort((a, b) => Number(b.location === spec.location) - Number(a.location === spec.location));
  return { ...base, publicNetworkAccess: spec.public_network_access ?? null, regions };
}

/** Checks a workspace spec against Arca's rules and returns its normalised definition. */
export function defineWorkspace(pathName: string, spec: WorkspaceSpec): ScopeDefinition {
  const base = defineCommon('workspace', pathName, spec);
  return {
    ...base,
    publicNetworkAccess: null,
    regions: [{ location: spec.location, ...storageConfig(spec.storage_config, 'storage_config') }],
  };
}

/** Checks one region entry (name and storage_config); `target` is its path in the request. */
export function defineRegion(region: RegionSpec, target: string): RegionDefinition {
  assertRegionName(region.location, `${target}.location`);
  return { location: region.location, ...storageConfig(region.storage_config, `${target}.storage_config`) };
}

function defineCommon(
  kind: ScopeKind,
  pathName: string,
  spec: { name?: string; description?: string; tags?: Record<string, string>; location: string },
): Omit<ScopeDefinition, 'regions' | 'publicNetworkAccess'> {
  assertScopeName(kind, pathName);
  if (spec.name !== undefined && spec.name !== pathName) {
    throw arcaError('NameMismatch', { bodyName: spec.name, urlName: pathName }, { target: 'name' });
  }
  assertRegionName(spec.location, 'location');
  return {
    kind,
    name: pathName,
    description: spec.description ?? null,
    tags: validTags(spec.tags ?? {}),
    location: spec.location,
  };
}

/** Tags are string → string; keys 1–128 characters, values up to 256, at most 50 per resource. */
export function validTags(tags: Record<string, string>, target = 'tags'): Record<string, string> {
  const entries = Object.entries(tags);
  if (entries.length > 50) throw arcaError('TagInvalid', 'tooMany', { max: 50, count: entries.length }, { target });
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > 128)
      throw arcaError('TagInvalid', 'keyLength', { key }, { target: `${target}.${key}` });
    if (typeof value !== 'string' || value.length > 256)
      throw arcaError('TagInvalid', { key }, { target: `${target}.${key}` });
  }
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function storageConfig(
  config: StorageConfig | undefined,
  target: string,
): { storageAccountType: StorageAccountType | null; storageAccountHns: boolean | null } {
  const type = config?.storage_account_type;
  if (type !== undefined && !(storageAccountTypes as readonly string[]).includes(type)) {
    throw arcaError(
      'StorageConfigInvalid',
      { value: type, accepted: storageAccountTypes.join(', ') },
      { target: `${target}.storage_account_type` },
    );
  }
  return {
    storageAccountType: (type as StorageAccountType | undefined) ?? null,
    storageAccountHns: config?.storage_account_hns ?? null,
  };
}
