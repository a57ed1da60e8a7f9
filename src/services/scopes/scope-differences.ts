import { arcaError, type ArcaError } from '../../core/errors.js';
import type { ScopeDefinition } from '../../core/scope-spec.js';
import type { ScopeRecord } from '../../storage/metadata/scopes-repository.js';

/**
 * How a registry or workspace compares with a definition of it: what `createOrUpdate` needs to tell
 * "already exactly so" from "exists and differs", and to refuse a region removal nobody asked for.
 */

const label = { registry: 'registry', workspace: 'workspace' } as const;

/** Every region and the scope itself provisioned: nothing a re-apply would retry. */
export function isSettled(scope: ScopeRecord): boolean {
  return scope.provisioning_state === 'Succeeded' && scope.regions.every((r) => r.provisioningState === 'Succeeded');
}

/** How an existing scope differs from a definition of it, in words; empty when the definition describes it exactly. */
export function scopeDifferences(scope: ScopeRecord, definition: ScopeDefinition): string[] {
  const differences: string[] = [];
  if (scope.location !== definition.location) {
    differences.push(`its location is ${scope.location}, not ${definition.location}`);
  }
  if ((scope.description ?? null) !== definition.description) differences.push('its description differs');
  const tagKeys = [...new Set([...Object.keys(scope.tags), ...Object.keys(definition.tags)])].sort();
  const changedTags = tagKeys.filter((key) => scope.tags[key] !== definition.tags[key]);
  if (changedTags.length === 1) differences.push(`tag ${changedTags.join('')} differs`);
  if (changedTags.length > 1) differences.push(`tags ${changedTags.join(', ')} differ`);
  if (scope.kind === 'registry' && (scope.public_network_access ?? null) !== definition.publicNetworkAccess) {
    differences.push('its public_network_access differs');
  }
  const wanted = new Map(definition.regions.map((r) => [r.location, r]));
  const current = new Set(scope.regions.map((r) => r.region));
  const missing = scope.regions.filter((r) => !wanted.has(r.region)).map((r) => r.region);
  const extra = definition.regions.filter((r) => !current.has(r.location)).map((r) => r.location);
  if (missing.length > 0) differences.push(`it also replicates to ${missing.join(', ')}`);
  if (extra.length > 0) differences.push(`it does not replicate to ${extra.join(', ')}`);
  for (const region of scope.regions) {
    const other = wanted.get(region.region);
    const sameStorage =
      other?.storageAccountType === region.storageAccountType && other.storageAccountHns === region.storageAccountHns;
    if (other !== undefined && !sameStorage) {
      differences.push(`the storage_config of ${region.region} differs`);
    }
  }
  return differences;
}

/** `RegistryAlreadyExists` / `WorkspaceAlreadyExists`, naming how the existing one differs. */
export function alreadyExists(scope: ScopeRecord, differences: string[]): ArcaError {
  const code = scope.kind === 'registry' ? 'RegistryAlreadyExists' : 'WorkspaceAlreadyExists';
  return arcaError(
    code,
    'differs',
    { kind: label[scope.kind], name: scope.name, differences: differences.join('; ') },
    { target: 'name' },
  );
}

/** Regions the definition leaves out are removed only when the caller named each of them in `removeRegions`. */
export function assertRemovalsNamed(scope: ScopeRecord, definition: ScopeDefinition, removeRegions: string[]): void {
  const wanted = new Set(definition.regions.map((r) => r.location));
  const current = new Set(scope.regions.map((r) => r.region));
  for (const region of removeRegions) {
    if (!current.has(region) || wanted.has(region)) {
      const owner = `${label[scope.kind]} ${scope.name}`;
      const why = current.has(region) ? 'the definition still lists it' : `${owner} has no such region`;
      throw arcaError('InvalidParameter', 'removeRegion', { region, why }, { target: 'remove_region' });
    }
  }
  const implied = [...current].filter((region) => !wanted.has(region) && !removeRegions.includes(region));
  if (implied.length === 0) return;
  throw arcaError(
    'RegionRemovalNotExplicit',
    { regions: implied.join(', '), kind: label[scope.kind], name: scope.name, region: implied[0] ?? '' },
    { target: 'replication_locations' },
  );
}
