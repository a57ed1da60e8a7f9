import { compact } from './compact.js';
import { assetTypeSegments, type AssetType } from './asset-types.js';
import { arcaError, type ArcaError } from './errors.js';
import {
  assertAliasName,
  assertAssetName,
  assertScopeName,
  assertVersionLabel,
  scopeSegments,
  type ScopeKind,
} from './names.js';

interface ReferenceBase {
  scopeKind: ScopeKind;
  scope: string;
  /** Absent when a short form was parsed without a `defaultType`. */
  assetType?: AssetType;
  name: string;
}

/** A version by label; without `version` (a bare name) it means the latest version. */
export interface VersionReference extends ReferenceBase {
  version?: string;
  alias?: undefined;
}

/** A version through an alias, resolved when read. */
export interface AliasReference extends ReferenceBase {
  alias: string;
  version?: undefined;
}

export type AssetReference = VersionReference | AliasReference;

/** The registry or workspace a short reference without a scope (`fraud:3`) is read in. */
export interface ReferenceContext {
  scopeKind: ScopeKind;
  scope: string;
}

export interface ParseReferenceOptions {
  context?: ReferenceContext;
  /** The asset type of short forms, which do not carry one (`arca model show r/fraud:3` passes `model`). */
  defaultType?: AssetType;
  /** The request field or parameter errors point at. */
  target?: string;
}

const acceptedForms = [
  'arca://registries/<registry>/<models|data|environments|components>/<name>/versions/<version>',
  'arca://registries/<registry>/<models|…>/<name>/aliases/<alias>',
  'arca://workspaces/<workspace>/<models|…>/<name>[/versions/<version>]',
  '<registry>/<name>:<version>',
  '<registry>/<name>@<alias>',
  '<registry>/<name>',
  'and inside a workspace or registry <name>:<version>, <name>@<alias> or <name>',
].join(', ');

/**
 * Parses an asset reference: `arca://registries/<r>/models/<name>/versions/<v>` (or `/aliases/<a>`,
 * or neither for the latest version), `arca://workspaces/<w>/data/…`, the short forms
 * `<registry>/<name>:<version>`, `<registry>/<name>@<alias>`, `<registry>/<name>`, and with a
 * context `<name>:<version>`, `<name>@<alias>`, `<name>`. A malformed reference throws
 * `ReferenceInvalid`; a bad part throws the code of its naming rule.
 */
export function parseReference(text: string, options: ParseReferenceOptions = {}): AssetReference {
  const target = options.target ?? 'reference';
  if (text === '') throw referenceError(text, 'it is empty', target);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme !== null) {
    if (scheme[1]?.toLowerCase() !== 'arca') throw referenceError(text, `only arca:// references are accepted`, target);
    return parseUrlForm(text, text.slice(scheme[0].length), target);
  }
  return parseShortForm(text, options, target);
}

function parseUrlForm(text: string, path: string, target: string): AssetReference {
  const [scopeSegment, scope, typeSegment, name, kindSegment, label, ...rest] = path.split('/');
  const scopeKind = (Object.keys(scopeSegments) as ScopeKind[]).find((kind) => scopeSegments[kind] === scopeSegment);
  if (scopeKind === undefined)
    throw referenceError(text, `it must start with arca://registries/ or arca://workspaces/`, target);
  const assetType = assetTypeForSegment(typeSegment ?? '');
  if (assetType === undefined)
    throw referenceError(text, `the asset type must be one of models, data, environments, components`, target);
  if (
    scope === undefined ||
    name === undefined ||
    rest.length > 0 ||
    (kindSegment !== undefined && label === undefined)
  ) {
    throw referenceError(text, 'it has the wrong number of path segments', target);
  }
  assertScopeName(scopeKind, scope, target);
  assertAssetName(name, target);
  const base = { scopeKind, scope, assetType, name };
  if (kindSegment === undefined || label === undefined) return base;
  if (kindSegment === 'versions') {
    assertVersionLabel(label, target);
    return { ...base, version: label };
  }
  if (kindSegment === 'aliases') {
    assertAliasName(label, target);
    return { ...base, alias: label };
  }
  throw referenceError(text, `after the name comes /versions/<version> or /aliases/<alias>`, target);
}

function parseShortForm(text: string, options: ParseReferenceOptions, target: string): AssetReference {
  const parts = text.split('/');
  if (parts.length > 2) throw referenceError(text, 'a short reference has at most one /', target);
  const [first, second] = parts as [string, string | undefined];
  let scopeKind: ScopeKind;
  let scope: string;
  let rest: string;
  if (second === undefined) {
    if (options.context === undefined)
      throw referenceError(
        text,
        'it names no registry; outside a workspace or registry write <registry>/<name>',
        target,
      );
    ({ scopeKind, scope } = options.context);
    rest = first;
  } else {
    // DESIGN.md: the scope of a short form is a registry; workspaces are named with arca://workspaces/….
    scopeKind = 'registry';
    scope = first;
    rest = second;
    assertScopeName(scopeKind, scope, target);
  }
  const base = { scopeKind, scope, ...compact({ assetType: options.defaultType }) };
  const colon = rest.indexOf(':');
  const at = rest.indexOf('@');
  if (colon >= 0 && at >= 0) throw referenceError(text, 'it has both :<version> and @<alias>; give one', target);
  const cut = colon >= 0 ? colon : at;
  const name = cut >= 0 ? rest.slice(0, cut) : rest;
  assertAssetName(name, target);
  if (cut < 0) return { ...base, name };
  const label = rest.slice(cut + 1);
  if (colon >= 0) {
    assertVersionLabel(label, target);
    return { ...base, name, version: label };
  }
  assertAliasName(label, target);
  return { ...base, name, alias: label };
}

/** The asset type of a plural path segment (`models` → `model`), or undefined. */
export function assetTypeForSegment(segment: string): AssetType | undefined {
  return (Object.keys(assetTypeSegments) as AssetType[]).find((type) => assetTypeSegments[type] === segment);
}

/** The canonical `arca://` form of a reference; a reference to the latest version has no version segment. */
export function formatReference(ref: AssetReference & { assetType: AssetType }): string {
  const base = `arca://${scopeSegments[ref.scopeKind]}/${ref.scope}/${assetTypeSegments[ref.assetType]}/${ref.name}`;
  if (ref.alias !== undefined) return `${base}/aliases/${ref.alias}`;
  return ref.version === undefined ? base : `${base}/versions/${ref.version}`;
}

function referenceError(text: string, problem: string, target: string): ArcaError {
  return arcaError('ReferenceInvalid', { text, problem, forms: acceptedForms }, { target });
}
