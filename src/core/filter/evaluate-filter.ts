import type { FilterComparison, FilterField, FilterNode } from './ast.js';

/**
 * The value of a field in the thing being filtered: a plain field's value, or for a keyed field
 * (`tags.team`) the value under `field.key`. Undefined is absent, as SQL's NULL or a missing key row.
 */
export type FilterValueOf = (field: FilterField) => string | number | undefined;

/** A validated filter turned into a predicate, its regular expressions compiled once. */
export type FilterPredicate = (valueOf: FilterValueOf) => boolean;

/**
 * Evaluates a validated filter (`validateFilter`'s result) in memory with the semantics of its SQL
 * form (filter-sql.ts): text compares by code point (SQL's byte order over UTF-8), `like` folds ASCII
 * case only with `%`, `_` and the escape `\`, and a comparison with an absent value is false, so
 * `not` of it is true (a keyed `!=` means "has the key, with another value"). `~` runs the pattern
 * with flag `u`, unanchored.
 */
export function filterPredicate(node: FilterNode): FilterPredicate {
  switch (node.kind) {
    case 'and': {
      const items = node.items.map(filterPredicate);
      return (valueOf) => items.every((item) => item(valueOf));
    }
    case 'or': {
      const items = node.items.map(filterPredicate);
      return (valueOf) => items.some((item) => item(valueOf));
    }
    case 'not': {
      const item = filterPredicate(node.item);
      return (valueOf) => !item(valueOf);
    }
    case 'compare': {
      const test = valueTest(node);
      return (valueOf) => {
        const value = valueOf(node.field);
        return value !== undefined && test(value);
      };
    }
  }
}

function valueTest(node: FilterComparison): (value: string | number) => boolean {
  const expected = node.value;
  switch (node.op) {
    case '~': {
      const pattern = new RegExp(String(expected), 'u');
      return (value) => pattern.test(String(value));
    }
    case 'like': {
      const pattern = likeTokens(foldAscii(String(expected)));
      return (value) => likeMatches([...foldAscii(String(value))], pattern);
    }
    case '=':
      return (value) => compareValues(value, expected) === 0;
    case '!=':
      return (value) => compareValues(value, expected) !== 0;
    case '<':
      return (value) => compareValues(value, expected) < 0;
    case '>':
      return (value) => compareValues(value, expected) > 0;
    case '<=':
      return (value) => compareValues(value, expected) <= 0;
    case '>=':
      return (value) => compareValues(value, expected) >= 0;
  }
}

/** Numbers compare as numbers; anything else as text, by code point (the order of UTF-8 bytes). */
function compareValues(left: string | number, right: string | number): number {
  if (typeof left === 'number' && typeof right === 'number') return left < right ? -1 : left > right ? 1 : 0;
  return compareCodePoints(String(left), String(right));
}

/**
 * Code-point order, which is UTF-8 byte order: UTF-16 code units put U+E000–U+FFFF after the
 * surrogates of higher code points, so those two ranges are swapped back.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate && !ySurrogate && y >= 0xe000) return 1;
    if (ySurrogate && !xSurrogate && x >= 0xe000) return -1;
    return x - y;
  }
  return a.length - b.length;
}

function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

type LikeToken = { kind: 'any' } | { kind: 'one' } | { kind: 'char'; char: string };

/** A `like` pattern as tokens over code points: `%`, `_`, and characters (`\x` is `x` itself). */
function likeTokens(pattern: string): LikeToken[] {
  const chars = [...pattern];
  const tokens: LikeToken[] = [];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char === '\\' && i + 1 < chars.length) tokens.push({ kind: 'char', char: chars[++i] as string });
    else if (char === '%') tokens.push({ kind: 'any' });
    else if (char === '_') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char });
  }
  return tokens;
}

/** Wildcard matching that backtracks only to the last `%`: time in O(text × pattern), never exponential. */
function likeMatches(text: readonly string[], pattern: readonly LikeToken[]): boolean {
  let t = 0;
  let p = 0;
  let lastAny = -1;
  let resumeAt = 0;
  while (t < text.length) {
    const token = pattern[p];
    if (token !== undefined && (token.kind === 'one' || (token.kind === 'char' && token.char === text[t]))) {
      t++;
      p++;
    } else if (token?.kind === 'any') {
      lastAny = p++;
      resumeAt = t;
    } else if (lastAny >= 0) {
      p = lastAny + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p]?.kind === 'any') p++;
  return p === pattern.length;
}
