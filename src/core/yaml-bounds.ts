import { yamlModule } from './yaml-module.js';

/**
 * What a YAML file from a user may hold. Specs, registry files and configs are a few kilobytes, nest
 * a few levels and use an alias or two; these bounds leave room for far more and stop what a parser
 * or its recursion cannot survive (a 50,000-deep nesting, an alias bomb, a file of megabytes).
 */
export const yamlBounds = {
  /** UTF-8 bytes (an Azure ML spec is a few kilobytes; the REST body's `spec` field allows 256 KiB of text). */
  maxBytes: 131_072,
  /** Nested mappings and lists. */
  maxDepth: 64,
  /** Alias nodes (`*name`) in the text; their expansion is bounded separately by yaml's `maxAliasCount`. */
  maxAliases: 100,
} as const;

export type YamlBounds = { readonly [K in keyof typeof yamlBounds]: number };

/** Why a text is out of bounds, and where (1-based). */
export interface YamlBoundsProblem {
  line: number;
  col: number;
  message: string;
}

interface PendingToken {
  token: unknown;
  depth: number;
}

/**
 * Checks a YAML text against the bounds before anything composes it: its size, how deep its
 * collections nest and how many aliases it holds. It reads yaml's token tree (made without
 * recursion) with a loop of its own, so a hostile file fails here with a line, never as a stack
 * overflow or a minute of CPU in the composer. Returns undefined when the text is within bounds.
 */
export function yamlBoundsProblem(text: string, bounds: YamlBounds = yamlBounds): YamlBoundsProblem | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > bounds.maxBytes) {
    return { line: 1, col: 1, message: `the YAML is ${bytes} bytes; at most ${bounds.maxBytes} are accepted` };
  }
  const { LineCounter, Parser } = yamlModule();
  const lines = new LineCounter();
  const at = (offset: number, message: string): YamlBoundsProblem => ({ ...lines.linePos(offset), message });
  const pending: PendingToken[] = [];
  for (const token of new Parser(lines.addNewLine).parse(text)) pending.push({ token, depth: 0 });
  let aliases = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { token, depth } = next;
    if (typeof token !== 'object' || token === null) continue;
    const { type, offset, value, items } = token as {
      type?: string;
      offset?: number;
      value?: unknown;
      items?: unknown;
    };
    if (type === 'alias' && ++aliases > bounds.maxAliases) {
      return at(offset ?? 0, `the YAML holds more than ${bounds.maxAliases} aliases (*name); write the values out`);
    }
    const collection = type === 'block-map' || type === 'block-seq' || type === 'flow-collection';
    const inner = collection ? depth + 1 : depth;
    if (inner > bounds.maxDepth) {
      return at(offset ?? 0, `the YAML nests mappings and lists more than ${bounds.maxDepth} levels deep`);
    }
    if (value !== undefined) pending.push({ token: value, depth: inner });
    if (Array.isArray(items)) {
      for (const item of items as { key?: unknown; value?: unknown }[]) {
        if (item.key !== undefined && item.key !== null) pending.push({ token: item.key, depth: inner });
        if (item.value !== undefined) pending.push({ token: item.value, depth: inner });
      }
    }
  }
  return undefined;
}
