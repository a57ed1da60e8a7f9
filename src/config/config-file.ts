import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Document, LineCounter, Node } from 'yaml';
import { yamlModule } from '../core/yaml-module.js';
import { yamlBoundsProblem } from '../core/yaml-bounds.js';
import { ConfigError } from './config-error.js';
import type { LocateInFile } from './region-store-config.js';

/** The key errors about the file as a whole (missing, unreadable, not YAML) are reported under. */
export const fileKey = '(file)';

/** A parsed `arca.yaml`: its top-level mapping as plain values, and a way to point at any of them. */
export interface ConfigFile {
  readonly path: string;
  readonly values: Record<string, unknown>;
  readonly locate: LocateInFile;
}

function readText(path: string, explicit: boolean): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return undefined;
    const reason =
      code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new ConfigError(fileKey, `cannot read config file ${path}: ${reason}`);
  }
}

function childOf(doc: Document, node: unknown, segment: string): { key: Node; value: Node | undefined } | undefined {
  const { isAlias, isMap, isScalar } = yamlModule();
  const map = isAlias(node) ? node.resolve(doc) : node;
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === segment) {
      return { key: pair.key, value: (pair.value ?? undefined) as Node | undefined };
    }
  }
  return undefined;
}

function locator(doc: Document, path: string, lines: LineCounter): LocateInFile {
  return (keys, what = 'value') => {
    let node: unknown = doc.contents;
    let found: Node | undefined;
    for (const segment of keys) {
      const child = childOf(doc, node, segment);
      if (child === undefined) break;
      found = what === 'key' && segment === keys[keys.length - 1] ? child.key : (child.value ?? child.key);
      node = child.value;
    }
    const offset = found?.range?.[0];
    if (offset === undefined) return { from: path, text: false };
    const { line, col } = lines.linePos(offset);
    return { from: `${path}:${line}:${col}`, text: false };
  };
}

/**
 * Reads the config file: `configPath` (resolved against `cwd`; missing is an error) or, when none is
 * given, `<cwd>/arca.yaml` if it exists. Returns undefined when there is no file to read.
 */
export function readConfigFile(configPath: string | undefined, cwd: string): ConfigFile | undefined {
  const path = resolve(cwd, configPath ?? 'arca.yaml');
  const text = readText(path, configPath !== undefined);
  if (text === undefined) return undefined;
  const outOfBounds = yamlBoundsProblem(text);
  if (outOfBounds !== undefined) {
    throw new ConfigError(
      fileKey,
      `cannot read config file ${path} at line ${outOfBounds.line}, column ${outOfBounds.col}: ${outOfBounds.message}`,
    );
  }
  const { LineCounter, parseDocument } = yamlModule();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const [syntax] = doc.errors;
  if (syntax !== undefined) {
    const where = syntax.linePos?.[0];
    const reason = syntax.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    const at = where === undefined ? '' : ` at line ${where.line}, column ${where.col}`;
    throw new ConfigError(fileKey, `YAML syntax error in ${path}${at}: ${reason}`);
  }
  let values: unknown;
  try {
    values = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(fileKey, `cannot read config file ${path}: ${(e as Error).message}`);
  }
  if (values === null || values === undefined) return { path, values: {}, locate: locator(doc, path, lines) };
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new ConfigError(
      fileKey,
      `${path} must hold a mapping of config keys (e.g. "port: 8600"), not ${Array.isArray(values) ? 'a list' : 'a single value'}`,
    );
  }
  return { path, values: values as Record<string, unknown>, locate: locator(doc, path, lines) };
}
