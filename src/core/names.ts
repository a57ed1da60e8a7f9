import { arcaError } from './errors.js';

/** Registry and workspace names: 2–32 characters, `[A-Za-z0-9][A-Za-z0-9_-]{1,31}`. */
export const scopeNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/;
/** Region names: `[a-z][a-z0-9-]{1,31}`. */
export const regionNamePattern = /^[a-z][a-z0-9-]{1,31}$/;

export type ScopeKind = 'registry' | 'workspace';

/** URL and reference segments of the scope kinds. */
export const scopeSegments = { registry: 'registries', workspace: 'workspaces' } as const satisfies Record<
  ScopeKind,
  string
>;
export type ScopeSegment = (typeof scopeSegments)[ScopeKind];

/** Explains which part of the naming rule a scope name breaks, or returns undefined when it is valid. */
export function scopeNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length < 2) return 'it must be at least 2 characters long';
  if (name.length > 32) return `it is ${name.length} characters long; the limit is 32`;
  if (!/^[A-Za-z0-9]/.test(name)) return 'it must start with a letter or a digit';
  const bad = [...name].find((ch) => !/[A-Za-z0-9_-]/.test(ch));
  if (bad !== undefined)
    return `it contains ${JSON.stringify(bad)}; only ASCII letters, digits, '_' and '-' are allowed`;
  return undefined;
}

/** Throws `RegistryNameInvalid` / `WorkspaceNameInvalid` naming the broken rule. */
export function assertScopeName(kind: ScopeKind, name: string, target = 'name'): void {
  const problem = scopeNameProblem(name);
  if (problem === undefined) return;
  throw arcaError(kind === 'registry' ? 'RegistryNameInvalid' : 'WorkspaceNameInvalid', { name, problem }, { target });
}

/** Throws `RegionNameInvalid` when a region name breaks `[a-z][a-z0-9-]{1,31}`. */
export function assertRegionName(region: string, target = 'location'): void {
  if (!regionNamePattern.test(region)) {
    throw arcaError('RegionNameInvalid', { region }, { target });
  }
}

/** The form names are compared in: unique case-insensitively, kept as typed. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** Asset names: 1–255 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`. */
export const assetNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
/** Version labels and alias names: 1–128 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`. */
export const versionLabelPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Explains which part of the rule `[A-Za-z0-9][A-Za-z0-9._-]*` of at most `limit` characters a name breaks, or undefined when it is valid. */
export function labelProblem(name: string, limit: number): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > limit) return `it is ${name.length} characters long; the limit is ${limit}`;
  if (!/^[A-Za-z0-9]/.test(name)) return 'it must start with a letter or a digit';
  const bad = [...name].find((ch) => !/[A-Za-z0-9._-]/.test(ch));
  if (bad !== undefined)
    return `it contains ${JSON.stringify(bad)}; only ASCII letters, digits, '.', '_' and '-' are allowed`;
  return undefined;
}

/** Throws `AssetNameInvalid` naming the broken rule (1–255 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`). */
export function assertAssetName(name: string, target = 'name'): void {
  const problem = labelProblem(name, 255);
  if (problem === undefined) return;
  throw arcaError('AssetNameInvalid', { name, problem }, { target });
}

/** Throws `VersionLabelInvalid` naming the broken rule (1–128 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`). */
export function assertVersionLabel(label: string, target = 'version'): void {
  const problem = labelProblem(label, 128);
  if (problem === undefined) return;
  throw arcaError('VersionLabelInvalid', { label, problem }, { target });
}

/**
 * A label for a version being made: a valid label that is not `latest`, the alias that always names the
 * newest ready version (a version called `latest` would be shadowed by it in every reference).
 */
export function assertNewVersionLabel(label: string, target = 'version'): void {
  assertVersionLabel(label, target);
  if (nameKey(label) !== 'latest') return;
  throw arcaError('VersionLabelInvalid', 'reserved', { label }, { target });
}

/** Throws `AliasNameInvalid` naming the broken rule (the rule of version labels). */
export function assertAliasName(alias: string, target = 'alias'): void {
  const problem = labelProblem(alias, 128);
  if (problem === undefined) return;
  throw arcaError('AliasNameInvalid', { alias, problem }, { target });
}

/** Users, service principals, groups and custom roles: 1–128 characters, `[A-Za-z0-9][A-Za-z0-9._@-]*`. */
export function assertPrincipalName(name: string, target = 'name'): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/.test(name)) {
    throw arcaError('PrincipalNameInvalid', { name }, { target });
  }
}
