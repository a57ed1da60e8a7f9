/** The longest regular expression a filter's `~` accepts, in characters. */
export const maxRegexLength = 256;

/**
 * How many ways the quantifiers of a pattern may split a value, at most: two unbounded repetitions
 * (`.*x.*`). Three in a row over the same characters (`a*a*a*!`) already take seconds on a 256-character value.
 */
export const maxRegexSplits = 256 * 256;
/** The ways an unbounded repetition (`*`, `+`, `{n,}`) counts for: the longest values compared (tag values) are 256 characters. */
const unboundedChoices = 256;

/** An opened group while scanning: whether anything inside it repeats or alternates, and its ways to split. */
interface OpenGroup {
  repeats: boolean;
  alternates: boolean;
  /** The splits of the alternatives already closed by `|`, added up (alternatives are tried one after another). */
  closedSplits: number;
  /** The splits of the current alternative: the product of its quantifiers' choices. */
  splits: number;
}

/**
 * Why a `~` pattern is refused, or undefined when it is safe to run. V8's regular expressions
 * backtrack, so a pattern that can take exponential time on a crafted value would stall whoever
 * evaluates it: refused are patterns over 256 characters, patterns that do not compile with flag `u`,
 * nested quantifiers (a repeated group holding a quantifier: star height above 1), a repeated group
 * holding an alternation (`(a|a)*` backtracks as badly), backreferences, lookaround, and quantifiers
 * whose choices multiply past `maxRegexSplits` (polynomial backtracking: `a*a*a*!`).
 */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length > maxRegexLength) return `is ${pattern.length} characters long; the limit is ${maxRegexLength}`;
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message}`;
  }
  return scanForBacktracking(pattern);
}

/**
 * Walks a pattern that compiled with flag `u`: that mode's strict grammar (no `{` as a literal, no
 * octal escapes) lets a plain scan find every group, quantifier and escape.
 */
function scanForBacktracking(pattern: string): string | undefined {
  const groups: OpenGroup[] = [openGroup()];
  /** What the atom just read was: a group (with what it held) or anything else. */
  let last: OpenGroup | 'atom' | undefined;
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    const current = groups[groups.length - 1] as OpenGroup;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'uses a backreference, which can backtrack without bound';
      i += escapeLength(pattern, i);
      last = 'atom';
      continue;
    }
    if (ch === '[') {
      i = classEnd(pattern, i);
      last = 'atom';
      continue;
    }
    if (ch === '(') {
      if (/^\(\?<?[=!]/.test(pattern.slice(i, i + 4)))
        return 'uses a lookahead or lookbehind, which can backtrack without bound';
      groups.push(openGroup());
      i += 1;
      last = undefined;
      continue;
    }
    if (ch === ')') {
      const closed = groups.pop() as OpenGroup;
      const parent = groups[groups.length - 1] as OpenGroup;
      parent.repeats ||= closed.repeats;
      parent.alternates ||= closed.alternates;
      parent.splits *= closed.closedSplits + closed.splits;
      i += 1;
      last = closed;
      continue;
    }
    if (ch === '|') {
      current.alternates = true;
      current.closedSplits += current.splits;
      current.splits = 1;
      i += 1;
      last = undefined;
      continue;
    }
    const quantifier = quantifierAt(pattern, i);
    if (quantifier !== undefined) {
      if (typeof last === 'object' && last.repeats)
        return 'repeats a group that holds a quantifier (nested quantifiers), which can backtrack exponentially';
      if (typeof last === 'object' && last.alternates)
        return 'repeats a group that holds an alternation (|), which can backtrack exponentially; use a character class such as [ab]+';
      current.repeats = true;
      current.splits *= quantifier.choices;
      i += quantifier.length;
      last = undefined;
      continue;
    }
    i += 1;
    last = 'atom';
  }
  const root = groups[0] as OpenGroup;
  const splits = root.closedSplits + root.splits;
  if (splits > maxRegexSplits)
    return 'repeats too much in a row (more than two unbounded repetitions such as * or +, or their like), which can backtrack for seconds; bound some, as in [0-9]{1,8}';
  return undefined;
}

function openGroup(): OpenGroup {
  return { repeats: false, alternates: false, closedSplits: 0, splits: 1 };
}

/**
 * The quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy): its length and how
 * many repetition counts it lets backtracking try.
 */
function quantifierAt(pattern: string, i: number): { length: number; choices: number } | undefined {
  const match = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(pattern.slice(i));
  if (match === null) return undefined;
  const [text, symbol, min, comma, max] = match;
  const choices =
    symbol === '?'
      ? 2
      : symbol !== undefined || max === ''
        ? unboundedChoices
        : comma === undefined
          ? 1
          : Number(max) - Number(min) + 1;
  return { length: text.length, choices };
}

/** The length of the escape at `i`, taking `\u{…}`, `\p{…}` and `\P{…}` whole. */
function escapeLength(pattern: string, i: number): number {
  const kind = pattern[i + 1];
  if ((kind === 'u' || kind === 'p' || kind === 'P') && pattern[i + 2] === '{') {
    const close = pattern.indexOf('}', i + 3);
    return close === -1 ? pattern.length - i : close - i + 1;
  }
  return 2;
}

/** The index just after the character class opening at `i` (flag `u`: classes do not nest). */
function classEnd(pattern: string, i: number): number {
  let j = i + 1;
  while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
  return j + 1;
}
