import { ArcaError } from './errors.js';

/** The longest file path accepted, in UTF-8 bytes. */
export const maxFilePathBytes = 1024;

const encoder = new TextEncoder();

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
  if (control !== undefined) return `it contains the control character U+${control.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/\p{Cs}/u.test(path)) return 'it is not valid Unicode (a lone surrogate)';
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
  if (problem !== undefined) throw new ArcaError('FilePathInvalid', `file path ${JSON.stringify(path)} is invalid: ${problem}`, { target });
}

/**
 * Checks every path of a version's file list and returns the list sorted by path (code point order,
 * so the same files give the same manifest whatever order a client sends). A path listed twice, or
 * a path that is also a directory of another (`a` and `a/b`), throws `FilePathInvalid`.
 */
export function normaliseFileList<T extends { path: string }>(files: readonly T[], target = 'files'): T[] {
  const indexByPath = new Map<string, number>();
  files.forEach((file, i) => {
    assertFilePath(file.path, `${target}[${i}].path`);
    const earlier = indexByPath.get(file.path);
    if (earlier !== undefined) {
      throw new ArcaError('FilePathInvalid', `file path ${JSON.stringify(file.path)} is listed twice (${target}[${earlier}] and ${target}[${i}])`, { target: `${target}[${i}].path` });
    }
    indexByPath.set(file.path, i);
  });
  files.forEach((file, i) => {
    const segments = file.path.split('/');
    for (let end = 1; end < segments.length; end++) {
      const directory = segments.slice(0, end).join('/');
      if (indexByPath.has(directory)) {
        throw new ArcaError('FilePathInvalid',
          `file path ${JSON.stringify(file.path)} lies inside ${JSON.stringify(directory)}, which is listed as a file (${target}[${indexByPath.get(directory)}])`,
          { target: `${target}[${i}].path` });
      }
    }
  });
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
