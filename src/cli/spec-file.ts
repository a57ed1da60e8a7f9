import { readFileSync } from 'node:fs';
import type * as Yaml from 'yaml';
import { ArcaApiError } from '../sdk/client.js';
import { usageError } from './cli-error.js';

/** A resource file (`registry.yml`, `workspace.yml`) parsed into its JSON form, remembering where each field sits. */
export interface SpecFile {
  /** The path as the user gave it, for messages. */
  readonly path: string;
  readonly value: Record<string, unknown>;
  /** `file:line:column` of a field named like the server's error targets (`replication_locations[1].location`). */
  locate(target: string): string | undefined;
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
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
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
  if (outOfBounds !== undefined) throw usageError('YamlInvalid', `${path}:${outOfBounds.line}:${outOfBounds.col}: ${outOfBounds.message}`);
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
  };
}

/** Adds the file position of the field a server error names, so `UnknownField` points into the file. */
export function withFilePosition(error: unknown, file: SpecFile): unknown {
  if (!(error instanceof ArcaApiError) || error.target === undefined) return error;
  const where = file.locate(error.target);
  return where === undefined ? error : new ArcaApiError(error.status, error.code, `${error.message} (${where})`, error.target);
}
