import { ArcaError, arcaError } from './errors.js';

/** The longest file path accepted, in UTF-8 bytes. */
export const maxFilePathBytes = 1024;

const encoder = new TextEncoder();

/**
 * Characters that change how a name displays without being seen: format characters (Unicode category
 * Cf: bidi controls, zero-width spaces and joiners, U+FEFF, soft hyphen, …), line and paragraph
 * separators, and the Hangul fillers that render as blanks.
 */
const invisiblePattern = /[\p{Cf}\u2028\u2029\u115F\u1160\u3164\uFFA0]/u;
const bidiPattern = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

function codePointName(character: string): string {
  return `U+${character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '?'}`;
}

/**
 * Explains why a path cannot name a file inside a version, or returns undefined when it can: paths
 * are relative, `/`-separated, with no empty, `.` or `..` segment, no `\`, no control character and
 * at most 1,024 UTF-8 bytes, so that no download can write outside its target directory.
 */
export function filePathProblem(path: string): string | undefined {
  if (path.length === 0) return 'it is empty';
  const bytes = encoder.encode(path).length;
  if (bytes > maxFilePathBytes) return `it is ${bytes} bytes long in UTF-8; the limit is ${maxFilePathBytes}`;
  if (path.includes('\0')) return 'it contains a NUL character';
  const control = /\p{Cc}/u.exec(path)?.[0];
  if (control !== undefined) return `it contains the control character ${codePointName(control)}`;
  if (/\p{Cs}/u.test(path)) return 'it is not valid Unicode (a lone surrogate)';
  const invisible = invisiblePattern.exec(path)?.[0];
  if (invisible !== undefined) {
    const kind = bidiPattern.test(invisible) ? 'the bidirectional control character' : 'the invisible character';
    return `it contains ${kind} ${codePointName(invisible)}, which makes a name look like another`;
  }
  if (path.includes('\\')) return `it contains "\\"; separate directories with "/"`;
  if (path.startsWith('/')) return 'it is absolute; paths are relative to the version';
  if (/^[A-Za-z]:/.test(path)) return 'it starts with a drive letter; paths are relative to the version';
  for (const segment of path.split('/')) {
    if (segment === '') return 'it has an empty segment ("//" or a trailing "/")';
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`;
  }
  return undefined;
}

/** Throws `FilePathInvalid` naming the problem when a path cannot name a file inside a version. */
export function assertFilePath(path: string, target = 'path'): void {
  const problem = filePathProblem(path);
  if (problem !== undefined) throw arcaError('FilePathInvalid', { path, problem }, { target });
}

/** Two paths of one file list that cannot both be checked out: indexes into the list and why. */
export interface PathCollision {
  first: number;
  second: number;
  /** The same path twice; the same name under case folding or NFC; or a path inside one that is a file. */
  kind: 'duplicate' | 'folded' | 'inside';
  /** For `inside`: the directory of `second` that `first` names as a file. */
  directory?: string;
}

/**
 * The key two paths share when a case-insensitive, normalising file system (macOS, Windows) would
 * store them as one: `A.txt` and `a.txt`, or `é` composed and decomposed.
 */
function foldedPath(path: string): string {
  return path.normalize('NFC').toLowerCase().normalize('NFC');
}

/**
 * The first pair of paths that would collide in a checkout: a path listed twice, two paths that
 * differ only in case or Unicode normalisation, or a path inside a directory that is listed as a
 * file (`a` and `a/b`, also `Dir` and `dir/x`). Undefined when every path can be written.
 */
export function findPathCollision(paths: readonly string[]): PathCollision | undefined {
  const indexByFolded = new Map<string, number>();
  for (const [i, path] of paths.entries()) {
    const folded = foldedPath(path);
    const earlier = indexByFolded.get(folded);
    if (earlier !== undefined)
      return { first: earlier, second: i, kind: paths[earlier] === path ? 'duplicate' : 'folded' };
    indexByFolded.set(folded, i);
  }
  for (const [i, path] of paths.entries()) {
    const segments = foldedPath(path).split('/');
    for (let end = 1; end < segments.length; end++) {
      const file = indexByFolded.get(segments.slice(0, end).join('/'));
      if (file !== undefined)
        return { first: file, second: i, kind: 'inside', directory: path.split('/').slice(0, end).join('/') };
    }
  }
  return undefined;
}

/** `"cafe\u0301.txt"`: the path with every character outside ASCII written as its code point. */
function escapedNonAscii(path: string): string {
  return `"${[...path].map((c) => (c.charCodeAt(0) < 0x80 ? c : `\\u{${c.codePointAt(0)?.toString(16).toUpperCase()}}`)).join('')}"`;
}

/** Why two colliding paths cannot be one version's, naming both; `where` says where each was found. */
export function pathCollisionProblem(
  paths: readonly string[],
  collision: PathCollision,
  where: (index: number) => string,
): string {
  const first = JSON.stringify(paths[collision.first]);
  const second = JSON.stringify(paths[collision.second]);
  const places = `(${where(collision.first)} and ${where(collision.second)})`;
  if (collision.kind === 'duplicate') return `file path ${first} is listed twice ${places}`;
  if (collision.kind === 'folded') {
    const [a = '', b = ''] = [paths[collision.first], paths[collision.second]];
    // Composed and decomposed forms print alike: spell out their code points so a person sees the difference.
    const spelled =
      a.normalize('NFC') === b.normalize('NFC') ? ` (${escapedNonAscii(a)} and ${escapedNonAscii(b)})` : '';
    return (
      `file paths ${first} and ${second} ${places} differ only in case or Unicode normalisation${spelled}: ` +
      'on macOS and Windows they are one file, so a checkout would lose one'
    );
  }
  const directory = JSON.stringify(collision.directory);
  if (collision.directory === paths[collision.first])
    return `file path ${second} lies inside ${directory}, which is listed as a file ${places}`;
  return `file path ${second} lies inside ${directory}, which on macOS and Windows is the same name as the file ${first} ${places}`;
}

/**
 * Checks every path of a version's file list and returns the list sorted by path (code point order,
 * so the same files give the same manifest whatever order a client sends). A path listed twice, two
 * paths that differ only in case or Unicode normalisation, or a path that is also a directory of
 * another (`a` and `a/b`) throws `FilePathInvalid` naming both.
 */
export function normaliseFileList<T extends { path: string }>(files: readonly T[], target = 'files'): T[] {
  files.forEach((file, i) => assertFilePath(file.path, `${target}[${i}].path`));
  const paths = files.map((file) => file.path);
  const collision = findPathCollision(paths);
  if (collision !== undefined) {
    throw new ArcaError(
      'FilePathInvalid',
      pathCollisionProblem(paths, collision, (i) => `${target}[${i}]`),
      { target: `${target}[${collision.second}].path` },
    );
  }
  return [...files].sort((a, b) => compareCodePoints(a.path, b.path));
}

/** Orders strings by Unicode code point, as UTF-8 bytes (and SQL's binary collation) do; `<` compares UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
}
