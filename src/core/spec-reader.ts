import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
import { compact } from './compact.js';
import { closestName } from './did-you-mean.js';
import { arcaError, isArcaError, type ErrorDetail } from './errors.js';
import { assertAssetName, assertNewVersionLabel } from './names.js';
import { validTags } from './scope-spec.js';
import { yamlBoundsProblem, type YamlBoundsProblem } from './yaml-bounds.js';

export type SpecErrorCode = 'ComponentSpecInvalid' | 'EnvironmentSpecInvalid';

/** A mapping entry: the key node (for the line of an unknown or empty field) and its value. */
export interface SpecEntry {
  key: Node;
  value: Node | null;
}

/**
 * Reads an Azure ML YAML spec node by node and collects every problem with the 1-based line of the
 * node it is about, so one upload reports all its mistakes at once. `finish` throws them as one error.
 */
export class SpecReader {
  readonly #lines = new LineCounter();
  readonly #doc: Document;
  readonly #problems: { line: number; detail: ErrorDetail }[] = [];
  /** The keys `fields` did not know, per mapping read: a missing required field may be one of them, misspelt. */
  readonly #unknownKeys = new WeakMap<Map<string, SpecEntry>, { name: string; key: Node }[]>();
  /** A text too large, too deep or with too many aliases is never composed (see yaml-bounds). */
  readonly #outOfBounds: YamlBoundsProblem | undefined;

  constructor(
    readonly code: SpecErrorCode,
    readonly text: string,
  ) {
    this.#outOfBounds = yamlBoundsProblem(text);
    this.#doc = parseDocument(this.#outOfBounds === undefined ? text : '', {
      lineCounter: this.#lines,
      uniqueKeys: true,
      prettyErrors: true,
    });
  }

  /** The top-level mapping; a syntax error or a text that is not a mapping throws at once, as nothing else can be read. */
  root(): YAMLMap {
    if (this.#outOfBounds !== undefined) {
      this.report(this.#outOfBounds.line, '', this.#outOfBounds.message);
      return this.#fail();
    }
    const syntax = this.#doc.errors[0];
    if (syntax !== undefined) {
      // yaml appends ` at line L, column C:` and a source excerpt; the line goes in front instead.
      const reason = (syntax.message.split('\n')[0] ?? syntax.message).replace(/ at line \d+, column \d+:?\s*$/, '');
      this.report(syntax.linePos?.[0].line ?? 1, '', `YAML syntax error: ${reason}`);
      return this.#fail();
    }
    const contents = this.#doc.contents;
    if (isMap(contents)) return contents;
    this.report(
      contents,
      '',
      contents === null
        ? 'the file is empty; expected a mapping of fields'
        : `expected a mapping of fields, got ${describe(contents)}`,
    );
    return this.#fail();
  }

  /** True when the field is given a value other than null. */
  present(node: Node | null | undefined): boolean {
    return !isNull(node);
  }

  /** The 1-based line of an offset in the text. */
  lineAt(offset: number): number {
    return this.#lines.linePos(offset).line;
  }

  /** The 1-based line a node starts on; line 1 when the node has no position. */
  lineOf(node: Node | null | undefined): number {
    const offset = node?.range?.[0];
    return offset === undefined ? 1 : this.lineAt(offset);
  }

  /** Records a problem; `at` is a line number or the node the problem is about. */
  report(at: Node | number | null | undefined, target: string, problem: string, detailCode: string = this.code): void {
    const line = typeof at === 'number' ? at : this.lineOf(at);
    this.#problems.push({
      line,
      detail: { code: detailCode, message: `line ${line}: ${problem}`, ...(target === '' ? {} : { target }) },
    });
  }

  /** Runs a check from the rest of core (`assertAssetName` …) and turns its ArcaError into a problem at `node`. */
  check(node: Node | null, target: string, assertion: () => void): boolean {
    try {
      assertion();
      return true;
    } catch (error) {
      if (!isArcaError(error)) throw error;
      this.report(node, target, error.message, error.code);
      return false;
    }
  }

  /** The entries of a mapping keyed by name; keys outside `allowed` are reported at their line, with the likely one. */
  fields(map: YAMLMap, target: string, allowed: readonly string[]): Map<string, SpecEntry> {
    const entries = new Map<string, SpecEntry>();
    const unknown: { name: string; key: Node }[] = [];
    for (const pair of map.items) {
      const key = pair.key as Node;
      const name = isScalar(key) ? String(key.value) : undefined;
      if (name === undefined) this.report(key, target, `keys must be plain names, got ${describe(key)}`);
      else if (!allowed.includes(name)) unknown.push({ name, key });
      else entries.set(name, { key, value: this.deref(pair.value as Node | null) });
    }
    for (const { name, key } of unknown) {
      const meant = closestName(
        name,
        allowed.filter((field) => !entries.has(field)),
      );
      const hint =
        meant === undefined ? `known fields: ${allowed.join(', ')}` : `did you mean ${JSON.stringify(meant)}?`;
      const path = target === '' ? name : `${target}.${name}`;
      this.report(key, path, `unknown field ${JSON.stringify(name)}; ${hint}`, 'UnknownField');
    }
    this.#unknownKeys.set(entries, unknown);
    return entries;
  }

  /** An unknown key of the same mapping that looks like a misspelling of `name` (see `fields`). */
  misspelling(entries: Map<string, SpecEntry>, name: string): { name: string; key: Node } | undefined {
    return this.#unknownKeys.get(entries)?.find((unknown) => closestName(unknown.name, [name]) !== undefined);
  }

  /** `; is "nme" a misspelling of "name"?` when the mapping has such a key for one of `names`, else nothing. */
  misspellingHint(entries: Map<string, SpecEntry>, ...names: string[]): string {
    for (const name of names) {
      const misspelt = this.misspelling(entries, name);
      if (misspelt === undefined) continue;
      return `; is ${JSON.stringify(misspelt.name)} a misspelling of ${JSON.stringify(name)}?`;
    }
    return '';
  }

  /** The value of a required field, or undefined with "is required" reported at its key or, when absent, at `parent` (the mapping or its key). */
  required(entries: Map<string, SpecEntry>, name: string, parent: Node, target: string): Node | undefined {
    const entry = entries.get(name);
    if (entry === undefined || isNull(entry.value)) {
      // Absent, perhaps misspelt: then the problem is at the misspelt key.
      const misspelt = entry === undefined ? this.misspelling(entries, name) : undefined;
      const hint = entry === undefined ? this.misspellingHint(entries, name) : '';
      this.report(entry?.key ?? misspelt?.key ?? parent, target, `${target} is required${hint}`);
      return undefined;
    }
    return entry.value ?? undefined;
  }

  /** A string value; null and absent read as undefined. */
  string(node: Node | null | undefined, target: string): string | undefined {
    if (node === undefined || isNull(node)) return undefined;
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    this.report(node, target, `${target} must be a string, got ${describe(node)}`);
    return undefined;
  }

  /** The `name` (required, an asset name) and optional `version` (a version label) every spec starts with. */
  nameAndVersion(
    fields: Map<string, SpecEntry>,
    root: Node,
  ): { name: string | undefined; version: string | undefined } {
    const nameNode = this.required(fields, 'name', root, 'name');
    const name = this.label(nameNode, 'name');
    if (name !== undefined) this.check(nameNode ?? null, 'name', () => assertAssetName(name));
    const versionNode = fields.get('version')?.value;
    const version = this.label(versionNode, 'version');
    if (version !== undefined) this.check(versionNode ?? null, 'version', () => assertNewVersionLabel(version));
    return { name, version };
  }

  /** A name or version label: a plain `1` or `1.10` is read as written, not as a number. */
  label(node: Node | null | undefined, target: string): string | undefined {
    if (node !== undefined && isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean'))
      return this.source(node);
    return this.string(node, target);
  }

  boolean(node: Node | null | undefined, target: string): boolean | undefined {
    if (node === undefined || isNull(node)) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.report(node, target, `${target} must be true or false, got ${describe(node)}`);
    return undefined;
  }

  /** A mapping value; null and absent read as undefined. */
  mapping(node: Node | null | undefined, target: string): YAMLMap | undefined {
    if (node === undefined || isNull(node)) return undefined;
    if (isMap(node)) return node;
    this.report(node, target, `${target} must be a mapping, got ${describe(node)}`);
    return undefined;
  }

  /** Tags: a mapping of scalars, read as written (`epochs: 10` → `"10"`), under the rules of `validTags`. */
  tags(node: Node | null | undefined, target = 'tags'): Record<string, string> {
    const map = this.mapping(node, target);
    if (map === undefined) return {};
    const tags: Record<string, string> = {};
    for (const pair of map.items) {
      const key = pair.key as Node;
      const value = this.deref(pair.value as Node | null);
      const name = isScalar(key) ? String(key.value) : '';
      if (isScalar(value) && value.value !== null && typeof value.value !== 'object')
        tags[name] = typeof value.value === 'string' ? value.value : this.source(value);
      else
        this.report(
          value ?? key,
          `${target}.${name}`,
          `tag ${JSON.stringify(name)} must have a string value, got ${describe(value)}`,
          'TagInvalid',
        );
    }
    let valid: Record<string, string> = {};
    this.check(map, target, () => {
      valid = validTags(tags, target);
    });
    return valid;
  }

  /** The plain JavaScript form of a node, for fields kept as opaque metadata. */
  opaque(node: Node | null | undefined): unknown {
    if (node === undefined || node === null) return undefined;
    try {
      return node.toJS(this.#doc, { maxAliasCount: 100 });
    } catch (error) {
      // yaml refuses aliases that expand too far (a "billion laughs") with a ReferenceError.
      if (!(error instanceof ReferenceError)) throw error;
      this.report(node, '', 'its aliases (*name) expand to too many values; write the values out');
      return undefined;
    }
  }

  /** The source text of a node, trimmed (the value of a number scalar as written). */
  source(node: Node): string {
    const range = node.range;
    return range === undefined || range === null
      ? String((node as { value?: unknown }).value)
      : this.text.slice(range[0], range[1]).trim();
  }

  /** Follows an alias (`*base`) to the node it names. */
  deref(node: Node | null): Node | null {
    if (!isAlias(node)) return node;
    const target = node.resolve(this.#doc) as Node | undefined;
    if (target === undefined) this.report(node, '', `alias *${node.source} names no anchor`);
    return target ?? null;
  }

  /** Throws every problem collected as one ArcaError: the message lists them all, `details` one each. */
  finish(): void {
    if (this.#problems.length > 0) this.#fail();
  }

  #fail(): never {
    // In the order of the file, however the checks ran.
    const details = [...this.#problems].sort((a, b) => a.line - b.line).map((p) => p.detail);
    const [first] = details;
    if (first === undefined) throw new Error('SpecReader: nothing to report');
    throw arcaError(
      this.code,
      { problems: details.map((d) => d.message).join('; ') },
      {
        ...compact({ target: first.target }),
        details,
      },
    );
  }
}

function isNull(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** How a node reads in a message: `a mapping`, `a list`, `the number 3`, … */
export function describe(node: Node | null | undefined): string {
  if (isNull(node)) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (typeof node.value === 'string') return `the string ${JSON.stringify(node.value)}`;
    if (typeof node.value === 'number') return `the number ${node.value}`;
    if (typeof node.value === 'boolean') return `the boolean ${node.value}`;
  }
  return 'an unsupported value';
}
