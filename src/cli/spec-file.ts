import { readFileSync } from 'node:fs';
import type * as Yaml from 'yaml';
import { closestName } from '../core/did-you-mean.js';
import type { MappingShape } from '../core/file-shapes.js';
import { ArcaApiError } from '../sdk/errors.js';
import { usageError } from './cli-error.js';

/** A resource file (`registry.yml`, `workspace.yml`) parsed into its JSON form, remembering where each field sits. */
export interface SpecFile {
  /** The path as the user gave it, for messages. */
  readonly path: string;
  readonly value: Record<string, unknown>;
  /** `file:line:column` of a field named like the server's error targets (`replication_locations[1].location`). */
  locate(target: string): string | undefined;
  /**
   * Checks the keys against `shape` before anything is sent: every unknown key and every missing
   * required one is a usage error at its `file:line:column`, a likely misspelling named as such.
   * `flags` are the fields the command line may give instead (`{location: '--location'}`); `given`
   * those it did give.
   */
  checkFields(shape: MappingShape, options?: FieldCheckOptions): void;
}

export interface FieldCheckOptions {
  flags?: Readonly<Record<string, string>>;
  given?: readonly string[];
}

interface FieldProblem {
  offset: number;
  unknown: boolean;
  message: string;
}

/** The unknown and missing keys of one mapping and, through `shape`, of the mappings inside it. */
function fieldProblems(
  yaml: typeof Yaml,
  node: unknown,
  shape: MappingShape,
  target: string,
  options: FieldCheckOptions,
): FieldProblem[] {
  const { isMap, isScalar, isSeq } = yaml;
  if (!isMap(node)) return []; // a value of the wrong type is the server's to name
  const problems: FieldProblem[] = [];
  const known = Object.keys(shape.fields);
  const present = new Set<string>();
  const unknown: { name: string; offset: number }[] = [];
  const pathOf = (name: string) => (target === '' ? name : `${target}.${name}`);
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const offset = pair.key.range?.[0] ?? 0;
    const value = Object.hasOwn(shape.fields, name) ? shape.fields[name] : undefined;
    if (value === undefined) {
      unknown.push({ name, offset });
      continue;
    }
    present.add(name);
    if (value === null) continue;
    if ('fields' in value) problems.push(...fieldProblems(yaml, pair.value, value, pathOf(name), {}));
    else if (isSeq(pair.value)) {
      pair.value.items.forEach((item, i) => {
        problems.push(...fieldProblems(yaml, item, value.items, `${pathOf(name)}[${i}]`, {}));
      });
    }
  }
  const missing = (shape.required ?? []).filter((name) => !present.has(name) && !(options.given ?? []).includes(name));
  for (const { name, offset } of unknown) {
    const meant = closestName(
      name,
      known.filter((k) => !present.has(k)),
    );
    const hint = meant === undefined ? `known fields: ${known.join(', ')}` : `did you mean ${JSON.stringify(meant)}?`;
    problems.push({ offset, unknown: true, message: `unknown field ${JSON.stringify(pathOf(name))}; ${hint}` });
  }
  for (const name of missing) {
    const misspelt = unknown.find((u) => closestName(u.name, [name]) !== undefined);
    const flag = options.flags?.[name];
    const instead = flag === undefined ? '' : ` (or pass ${flag})`;
    const guess = misspelt === undefined ? '' : `; is ${JSON.stringify(misspelt.name)} a misspelling of it?`;
    const offset = misspelt?.offset ?? node.range?.[0] ?? 0;
    problems.push({ offset, unknown: false, message: `${JSON.stringify(pathOf(name))} is required${instead}${guess}` });
  }
  return problems;
}

/** `replication_locations[1].location` → `['replication_locations', 1, 'location']` */
function targetPath(target: string): (string | number)[] {
  return target.split('.').flatMap((part) => {
    const [name = '', ...indexes] = part.split('[');
    return [...(name === '' ? [] : [name]), ...indexes.map((i) => Number.parseInt(i, 10))];
  });
}

/** The offset of the field: the key when it names a mapping entry, else the value itself. */
function offsetOf(yaml: typeof Yaml, doc: Yaml.Document, path: (string | number)[]): number | undefined {
  const { isMap, isPair, isScalar, isSeq } = yaml;
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) return undefined;
      offset = (pair.key as Yaml.Node).range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      offset = (node as Yaml.Node | undefined)?.range?.[0];
    } else {
      return undefined;
    }
  }
  return offset;
}

/** The first line of a YAML error, without the ` at line L, column C` the location already says. */
function reasonOf(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?\s*$/, '');
}

/** The file's plain value; aliases that expand to too many values (a "billion laughs") are a usage error. */
function aliasesExpanded(doc: Yaml.Document, path: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw usageError('YamlInvalid', `${path}:1:1: its aliases (*name) expand to too many values; write the values out`);
  }
}

/** The text of a resource file; a missing or unreadable file is a usage error naming it. */
export function readSpecText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usageError('FileNotFound', `${path}: no such file`);
    throw usageError('FileUnreadable', `${path}: ${(error as Error).message}`);
  }
}

/**
 * Reads and parses a YAML (or JSON) resource file. A missing file and a syntax error are usage
 * errors; the syntax error names `file:line:column`.
 */
export async function readSpecFile(path: string): Promise<SpecFile> {
  const text = readSpecText(path);
  // Loaded here, not at start-up: only the commands that read a file pay for the parser.
  const [yaml, { yamlBoundsProblem }] = await Promise.all([import('yaml'), import('../core/yaml-bounds.js')]);
  const outOfBounds = yamlBoundsProblem(text);
  if (outOfBounds !== undefined)
    throw usageError('YamlInvalid', `${path}:${outOfBounds.line}:${outOfBounds.col}: ${outOfBounds.message}`);
  const lines = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: lines });
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = first.linePos?.[0];
    throw usageError('YamlInvalid', `${path}:${at?.line ?? 1}:${at?.col ?? 1}: ${reasonOf(first.message)}`);
  }
  const value = aliasesExpanded(doc, path);
  if (!yaml.isMap(doc.contents) || typeof value !== 'object' || value === null) {
    throw usageError('YamlInvalid', `${path}:1:1: the file must be a mapping of fields (name, location, …)`);
  }
  return {
    path,
    value: value as Record<string, unknown>,
    locate(target) {
      const offset = offsetOf(yaml, doc, targetPath(target));
      if (offset === undefined) return undefined;
      const { line, col } = lines.linePos(offset);
      return `${path}:${line}:${col}`;
    },
    checkFields(shape, options = {}) {
      const problems = fieldProblems(yaml, doc.contents, shape, '', options).sort((a, b) => a.offset - b.offset);
      if (problems.length === 0) return;
      const where = (offset: number) => {
        const { line, col } = lines.linePos(offset);
        return `${path}:${line}:${col}`;
      };
      const code = problems.some((p) => p.unknown) ? 'UnknownField' : 'FieldMissing';
      throw usageError(code, problems.map((p) => `${where(p.offset)}: ${p.message}`).join('; '));
    },
  };
}

/** Adds the file position of the field a server error names, so `UnknownField` points into the file. */
export function withFilePosition(error: unknown, file: SpecFile): unknown {
  if (!(error instanceof ArcaApiError) || error.target === undefined) return error;
  const where = file.locate(error.target);
  return where === undefined
    ? error
    : new ArcaApiError(error.status, error.code, `${error.message} (${where})`, error.target);
}
