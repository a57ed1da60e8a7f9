import type { Command } from 'commander';
import { compact } from '../core/compact.js';
import { ArcaError } from '../core/errors.js';
import { parseReference, type ReferenceContext } from '../core/references.js';
import type { ArcaClient, AssetKind, AssetLocator, AssetScopeKind } from '../sdk/client.js';
import { usageError } from './cli-error.js';

/** `--registry R` / `--workspace W`: where an asset lives, or the context of a short reference. */
export interface ScopeFlags {
  registry?: string;
  workspace?: string;
}

/** An asset reference as the command line gave it, resolved to its asset and (maybe) a version or alias. */
export interface ResolvedRef {
  asset: AssetLocator;
  version?: string;
  alias?: string;
}

/** Adds `--registry` and `--workspace`, with `what` saying what they are for. */
export function addScopeOptions(command: Command, what: string): Command {
  return command
    .option('--registry <registry>', `the registry ${what}`)
    .option('--workspace <workspace>', `the workspace ${what}`);
}

/** Runs a check from `core`, turning its error into a usage error (exit 2) with the same code. */
export function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ArcaError) throw usageError(error.code, error.message);
    throw error;
  }
}

/** The registry or workspace the flags name; both is a usage error, neither is undefined. */
export function scopeOf(flags: ScopeFlags): ReferenceContext | undefined {
  if (flags.registry !== undefined && flags.workspace !== undefined)
    throw usageError('OptionsConflict', 'give --registry or --workspace, not both');
  if (flags.registry !== undefined) return { scopeKind: 'registry', scope: flags.registry };
  if (flags.workspace !== undefined) return { scopeKind: 'workspace', scope: flags.workspace };
  return undefined;
}

/** Like `scopeOf`, but one of the two must be given. */
export function requiredScope(flags: ScopeFlags, verb: string): ReferenceContext {
  const scope = scopeOf(flags);
  if (scope === undefined) throw usageError('ScopeMissing', `say where to ${verb}: --registry R or --workspace W`);
  return scope;
}

/** `a model`, `an environment`: an asset type (or any word) with its indefinite article, for messages. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/**
 * Parses a reference for a command of `type`: `arca://…`, `<registry>/<name>[:<version>|@<alias>]`,
 * or with `--registry`/`--workspace` `<name>[:<version>|@<alias>]`. A reference of another type
 * (`arca://…/data/…` given to `model`) is a usage error.
 */
export function resolveRef(text: string, type: AssetKind, flags: ScopeFlags): ResolvedRef {
  const context = scopeOf(flags);
  const ref = checked(() => parseReference(text, { defaultType: type, ...compact({ context }) }));
  if (ref.assetType !== type)
    throw usageError(
      'ReferenceInvalid',
      `${text} names ${withArticle(ref.assetType ?? 'different')} asset; use arca ${ref.assetType ?? type} … for it`,
    );
  const asset: AssetLocator = { scopeKind: ref.scopeKind as AssetScopeKind, scope: ref.scope, type, name: ref.name };
  if (ref.version !== undefined) return { asset, version: ref.version };
  if (ref.alias !== undefined) return { asset, alias: ref.alias };
  return { asset };
}

/** A reference that must name one version (`:<version>` or `@<alias>`), not just an asset. */
export function requireVersionPart(ref: ResolvedRef, text: string, verb: string): void {
  if (ref.version === undefined && ref.alias === undefined) {
    throw usageError(
      'VersionMissing',
      `${text} names an asset; name the version to ${verb} as ${text}:<version> or ${text}@<alias>`,
    );
  }
}

/** The label a reference names: its version, the version its alias points at, or (for a bare name) the latest. */
export async function versionLabel(client: ArcaClient, ref: ResolvedRef): Promise<string> {
  if (ref.version !== undefined) return ref.version;
  return (await client.assets.resolveAlias(ref.asset, ref.alias ?? 'latest')).version;
}
