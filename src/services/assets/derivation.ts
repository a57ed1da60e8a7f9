import { compact } from '../../core/compact.js';
import { latestAlias, type AssetType } from '../../core/asset-types.js';
import type { Version } from '../../core/model/assets.js';
import type { ComponentSpec } from '../../core/component-spec.js';
import type { EnvironmentSpec } from '../../core/environment-spec.js';
import { arcaError } from '../../core/errors.js';
import { nameKey, type ScopeKind } from '../../core/names.js';
import { parseReference } from '../../core/references.js';
import type { Session } from '../../storage/metadata/session.js';
import { findAsset } from '../../storage/metadata/assets-repository.js';
import { lineageEdges, lineageNodes, type LineageEdge } from '../../storage/metadata/lineage-repository.js';
import { findScopeRowByName } from '../../storage/metadata/scopes-repository.js';
import type { LineageRelation } from '../../storage/metadata/tables.js';
import { requireVersion, targetOf, type AssetLocator, type CanRead } from './asset-records.js';

export type { CanRead } from './asset-records.js';

/** The codes a component or environment YAML is refused with. */
type SpecErrorCode = 'ComponentSpecInvalid' | 'EnvironmentSpecInvalid';

/** What a new version says it was derived from, as references. */
export interface LineageRequest {
  data?: string[];
  model?: string;
  component?: string;
  environment?: string;
}

export interface PreparedSpec {
  spec?: { yaml: string; json: Record<string, unknown> };
  /** The label the YAML gives, when the request gives none. */
  version?: string;
  /** The YAML's description and tags: the version's, unless the request gives its own. */
  description?: string;
  tags?: Record<string, string>;
  lineage: { relation: LineageRelation; targetVersionId: string }[];
}

const specTypes: readonly AssetType[] = ['environment', 'component'];

/**
 * Resolves a reference to a ready (or archived) version the caller may read; an alias or a bare
 * name resolves now (lineage records the version, not the alias). Errors use `code` and `target`.
 */
export async function resolveVersionReference(
  db: Session,
  text: string,
  options: {
    context: { scopeKind: ScopeKind; scope: string };
    type: AssetType;
    target: string;
    code: 'LineageInvalid' | SpecErrorCode;
    canRead: CanRead;
    prefix?: string;
  },
): Promise<Version> {
  const fail = (problem: string) =>
    options.code === 'LineageInvalid'
      ? arcaError('LineageInvalid', { target: options.target, reference: text, problem }, { target: options.target })
      : arcaError(
          options.code,
          'reference',
          { prefix: options.prefix ?? '', target: options.target, reference: text, problem },
          { target: options.target },
        );
  let ref;
  try {
    ref = parseReference(text, { context: options.context, defaultType: options.type, target: options.target });
  } catch (error) {
    throw fail(`is not a reference: ${(error as Error).message}`);
  }
  if (ref.assetType !== undefined && ref.assetType !== options.type)
    throw fail(`names a ${ref.assetType}; a ${options.type} is expected here`);
  // Unreadable and missing look the same: a reference never reveals what the caller cannot see.
  const notFound = fail(`does not resolve to a ${options.type} version you can read`);
  if (!options.canRead(ref.scopeKind, ref.scope)) throw notFound;
  const scope = await findScopeRowByName(db, ref.scopeKind, nameKey(ref.scope));
  const asset = scope === undefined ? undefined : await findAsset(db, scope.id, options.type, nameKey(ref.name));
  if (asset === undefined) throw notFound;
  const version = await requireVersion(
    db,
    asset,
    ref.alias !== undefined
      ? { alias: ref.alias }
      : ref.version !== undefined
        ? { version: ref.version }
        : { alias: latestAlias },
  ).catch(() => undefined);
  if (version === undefined || version.state === 'pending') throw notFound;
  return version;
}

/** The 1-based line where a top-level key of a YAML document starts (for errors the parser cannot see). */
function lineOfKey(yaml: string, key: string): number {
  const match = new RegExp(`^${key}\\s*:`, 'm').exec(yaml);
  return match === null ? 1 : yaml.slice(0, match.index).split('\n').length;
}

/**
 * Parses the YAML of an environment or component version (models and data take none), checks its
 * name and version against the request, and resolves a component's environment (a lineage edge).
 */
export async function prepareSpec(
  db: Session,
  locator: AssetLocator,
  request: { spec?: string; version?: string; files: { path: string }[] },
  canRead: CanRead,
): Promise<PreparedSpec> {
  if (!specTypes.includes(locator.type)) {
    if (request.spec !== undefined)
      throw arcaError('InvalidRequestBody', 'specNotTaken', { type: locator.type }, { target: 'spec' });
    return { lineage: [] };
  }
  if (request.spec === undefined)
    throw arcaError('InvalidRequestBody', 'specMissing', { type: locator.type }, { target: 'spec' });
  const code: SpecErrorCode = locator.type === 'component' ? 'ComponentSpecInvalid' : 'EnvironmentSpecInvalid';
  // The spec readers (and the yaml package under them) load with the first spec: a server starts without them.
  const [{ environmentReferenceOf, parseComponentSpec }, { parseEnvironmentSpec }] = await Promise.all([
    import('../../core/component-spec.js'),
    import('../../core/environment-spec.js'),
  ]);
  const parsed = locator.type === 'component' ? parseComponentSpec(request.spec) : parseEnvironmentSpec(request.spec);
  if (nameKey(parsed.name) !== nameKey(locator.name)) {
    throw arcaError(
      code,
      'nameMismatch',
      { line: lineOfKey(request.spec, 'name'), yamlName: parsed.name, type: locator.type, name: locator.name },
      { target: 'name' },
    );
  }
  if (parsed.version !== undefined && request.version !== undefined && parsed.version !== request.version) {
    throw arcaError(
      code,
      'versionMismatch',
      { line: lineOfKey(request.spec, 'version'), yamlVersion: parsed.version, version: request.version },
      { target: 'version' },
    );
  }
  assertFilesListed(request.spec, code, parsed, request.files);
  const lineage: PreparedSpec['lineage'] = [];
  if (locator.type === 'component' && 'command' in parsed) {
    const environment = await resolveVersionReference(db, environmentReferenceOf(parsed), {
      context: locator,
      type: 'environment',
      target: 'environment',
      code,
      canRead,
      prefix: `line ${lineOfKey(request.spec, 'environment')}: `,
    });
    lineage.push({ relation: 'environment', targetVersionId: environment.id });
  }
  return {
    // The parsed spec as stored and served: JSON, so fields the YAML left out are not kept as undefined.
    spec: { yaml: request.spec, json: JSON.parse(JSON.stringify(parsed)) as Record<string, unknown> },
    lineage,
    ...compact({ version: parsed.version, description: parsed.description }),
    ...(Object.keys(parsed.tags).length === 0 ? {} : { tags: parsed.tags }),
  };
}

/** A local path of a YAML (`./src/`, `conda.yml`) as a version file path; undefined for a reference or URL. */
function localPath(path: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/')) return undefined;
  const normal = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
  return normal;
}

/**
 * The files the YAML points at must be in the version: an environment's conda file and build
 * context, a component's code folder (when they are local paths, relative to the YAML's folder).
 */
function assertFilesListed(
  yaml: string,
  code: SpecErrorCode,
  spec: ComponentSpec | EnvironmentSpec,
  files: { path: string }[],
): void {
  const wanted: { key: string; field: string; path: string; folder: boolean }[] = [];
  if ('command' in spec) {
    if (spec.code !== undefined) wanted.push({ key: 'code', field: 'code', path: spec.code, folder: true });
  } else {
    if (typeof spec.condaFile === 'string')
      wanted.push({ key: 'conda_file', field: 'conda_file', path: spec.condaFile, folder: false });
    if (spec.build !== undefined)
      wanted.push({ key: 'build', field: 'build.path', path: spec.build.path, folder: true });
  }
  for (const want of wanted) {
    const path = localPath(want.path);
    if (path === undefined) continue;
    const found = want.folder
      ? files.some((f) => path === '' || f.path.startsWith(`${path}/`))
      : files.some((f) => f.path === path);
    if (!found) {
      throw arcaError(
        code,
        'fileNotListed',
        {
          line: lineOfKey(yaml, want.key),
          field: want.field,
          path: want.path,
          what: want.folder ? 'a folder with no file' : 'a file that is not',
          which: want.folder ? 'its files' : 'it',
        },
        { target: want.field },
      );
    }
  }
}

/** Resolves the `lineage` of a version request: each reference a readable version of the right type. */
export async function resolveLineage(
  db: Session,
  locator: AssetLocator,
  request: LineageRequest | undefined,
  canRead: CanRead,
): Promise<PreparedSpec['lineage']> {
  if (request === undefined) return [];
  const wanted: { relation: LineageRelation; type: AssetType; ref: string; target: string }[] = [
    ...(request.data ?? []).map((ref, i) => ({
      relation: 'data' as const,
      type: 'data' as const,
      ref,
      target: `lineage.data[${i}]`,
    })),
    ...(request.model === undefined
      ? []
      : [{ relation: 'model' as const, type: 'model' as const, ref: request.model, target: 'lineage.model' }]),
    ...(request.component === undefined
      ? []
      : [
          {
            relation: 'component' as const,
            type: 'component' as const,
            ref: request.component,
            target: 'lineage.component',
          },
        ]),
    ...(request.environment === undefined
      ? []
      : [
          {
            relation: 'environment' as const,
            type: 'environment' as const,
            ref: request.environment,
            target: 'lineage.environment',
          },
        ]),
  ];
  const edges: PreparedSpec['lineage'] = [];
  for (const want of wanted) {
    const version = await resolveVersionReference(db, want.ref, {
      context: locator,
      type: want.type,
      target: want.target,
      code: 'LineageInvalid',
      canRead,
    });
    edges.push({ relation: want.relation, targetVersionId: version.id });
  }
  return edges;
}

export interface LineageNode {
  id: string;
  reference: string;
  type: string;
  name: string;
  version: string;
  state: string;
  scope: { kind: ScopeKind; name: string };
}

/** A version in a scope the caller may not read: only that it is there (its id is the graph's own, `hidden-1`, …). */
export interface HiddenLineageNode {
  id: string;
  hidden: true;
}

export interface LineageGraph {
  root: string;
  nodes: (LineageNode | HiddenLineageNode)[];
  edges: { from: string; to: string; relation: LineageRelation }[];
  /** Versions in reach the caller may not read: shown as hidden nodes, and not walked through. */
  hidden: number;
  /** True when the walk stopped at its bound (5,000 versions) before `depth` was reached. */
  truncated: boolean;
}

const maxGraphNodes = 5_000;

/** A walk of the lineage graph from `root`, `depth` steps `direction`, showing only what `canRead` allows. */
export interface LineageWalk {
  root: Version;
  depth: number;
  direction: 'up' | 'down' | 'both';
  canRead: CanRead;
}

/**
 * Walks lineage from a version up to what it derives from and/or down to what derives from it,
 * `depth` steps each way (edges are by version id). A version the caller may not read is a hidden
 * node with an id of the graph's own, joined by its edges to what the caller sees and never walked
 * through: the reader learns that an input or a use exists elsewhere, nothing naming it.
 */
export async function lineageGraph(
  db: Session,
  { root, depth, direction, canRead }: LineageWalk,
): Promise<LineageGraph> {
  const nodes = new Map<string, LineageNode>();
  const hidden = new Set<string>();
  const edges = new Map<string, LineageEdge>();
  const hiddenEdges = new Map<string, LineageEdge>();
  const admit = async (ids: string[]): Promise<string[]> => {
    const fresh = ids.filter((id) => !nodes.has(id) && !hidden.has(id));
    const admitted: string[] = [];
    for (const row of await lineageNodes(db, fresh)) {
      if (!canRead(row.scopeKind, row.scopeName)) {
        hidden.add(row.id);
        continue;
      }
      nodes.set(row.id, {
        id: row.id,
        reference: targetOf(row.scopeKind, row.scopeName, row.assetType, row.assetName, row.label),
        type: row.assetType,
        name: row.assetName,
        version: row.label,
        state: row.state,
        scope: { kind: row.scopeKind, name: row.scopeName },
      });
      admitted.push(row.id);
    }
    return admitted;
  };
  let truncated = false;
  await admit([root.id]);
  for (const way of direction === 'both' ? (['up', 'down'] as const) : [direction]) {
    let frontier = [root.id];
    for (let step = 0; step < depth && frontier.length > 0; step++) {
      if (nodes.size >= maxGraphNodes) {
        truncated = true;
        break;
      }
      const found = await lineageEdges(db, frontier, way);
      const next = await admit(found.map((e) => (way === 'up' ? e.to : e.from)));
      for (const edge of found) {
        const key = `${edge.from}>${edge.to}>${edge.relation}`;
        if (nodes.has(edge.from) && nodes.has(edge.to)) edges.set(key, edge);
        else if (hidden.has(edge.from) || hidden.has(edge.to)) hiddenEdges.set(key, edge);
      }
      frontier = next;
    }
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // Hidden versions are numbered in the order of what the caller sees of them (their edges), never by their ids.
  const seen = new Map<string, string[]>();
  for (const e of hiddenEdges.values()) {
    const [id, side] = hidden.has(e.to)
      ? [e.to, `< ${e.relation} ${nodes.get(e.from)?.reference ?? ''}`]
      : [e.from, `> ${e.relation} ${nodes.get(e.to)?.reference ?? ''}`];
    seen.set(id, [...(seen.get(id) ?? []), side]);
  }
  const placeholders = new Map(
    [...seen.entries()]
      .map(([id, sides]) => [id, sides.sort(byText).join('|')] as const)
      .sort((a, b) => byText(a[1], b[1]))
      .map(([id], i) => [id, `hidden-${i + 1}`]),
  );
  const shown = (id: string) => placeholders.get(id) ?? id;
  const throughHidden = [...hiddenEdges.values()].map((e) => ({ ...e, from: shown(e.from), to: shown(e.to) }));
  const visibleEdges = [...edges.values(), ...throughHidden];
  const refOf = (id: string) => nodes.get(id)?.reference ?? id;
  const key = (e: LineageEdge) => `${refOf(e.from)} ${e.relation} ${refOf(e.to)}`;
  return {
    root: root.id,
    nodes: [
      ...[...nodes.values()].sort((a, b) => byText(a.reference, b.reference)),
      ...[...placeholders.values()].map((id) => ({ id, hidden: true as const })),
    ],
    edges: visibleEdges.sort((a, b) => byText(key(a), key(b))),
    hidden: hidden.size,
    truncated,
  };
}
