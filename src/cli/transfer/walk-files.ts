import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { filePathProblem, findPathCollision, pathCollisionProblem } from '../../core/file-paths.js';
import { usageError } from '../cli-error.js';

/** A file on disk that becomes one file of a version. */
export interface LocalFile {
  /** The path inside the version: relative, `/`-separated. */
  path: string;
  /** Where to read it. */
  absolute: string;
  size: number;
}

/** What `--path` named and the files found there. */
export interface LocalTree {
  kind: 'file' | 'folder';
  files: LocalFile[];
  /** Symbolic links left out because they lead outside the folder (or nowhere). */
  skippedLinks: string[];
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

function checkedPath(path: string, source: string): string {
  const problem = filePathProblem(path);
  if (problem !== undefined)
    throw usageError('FilePathInvalid', `${source} cannot be stored as ${JSON.stringify(path)}: ${problem}`);
  return path;
}

/**
 * Refuses local files that cannot be one version's files: two whose paths differ only in case or
 * Unicode normalisation, or a file whose name is another's folder under another case (a Linux
 * folder can hold them; a checkout on macOS or Windows would lose one). A usage error naming both.
 */
export function assertDistinctPaths(files: readonly LocalFile[]): void {
  const paths = files.map((file) => file.path);
  const collision = findPathCollision(paths);
  if (collision === undefined) return;
  const problem = pathCollisionProblem(paths, collision, (i) => files[i]?.absolute ?? '?');
  throw usageError('FilePathInvalid', `${problem}; rename one of them`);
}

/**
 * Lists what `--path` names: one file, or every regular file under a folder with its relative
 * `/`-separated path. Symbolic links are followed while they stay inside the folder (each real
 * directory is visited once, so a loop ends); the others are skipped. A path that does not exist
 * is a usage error (naming it `shownAs`, as the user typed it).
 */
export async function listLocalFiles(root: string, shownAs = root): Promise<LocalTree> {
  const top = await stat(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
      throw usageError('PathNotFound', `--path ${shownAs}: no such file or folder`);
    throw usageError('PathUnreadable', `--path ${shownAs}: ${error.message}`);
  });
  if (top.isFile()) {
    return {
      kind: 'file',
      files: [{ path: checkedPath(basename(root), root), absolute: root, size: top.size }],
      skippedLinks: [],
    };
  }
  if (!top.isDirectory()) throw usageError('PathInvalid', `--path ${shownAs} is neither a file nor a folder`);
  const realRoot = await realpath(root);
  const files: LocalFile[] = [];
  const skippedLinks: string[] = [];
  const visited = new Set<string>([realRoot]);

  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw usageError('PathUnreadable', `${dir}: ${(error as Error).message}`);
    }
    for (const entry of entries) {
      const absolute = join(dir, entry.name);
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isFile()) {
        files.push({ path: checkedPath(path, absolute), absolute, size: (await stat(absolute)).size });
      } else if (entry.isDirectory()) {
        visited.add(await realpath(absolute));
        await walk(absolute, path);
      } else if (entry.isSymbolicLink()) {
        const target = await realpath(absolute).catch(() => undefined);
        if (target === undefined || !isInside(realRoot, target)) {
          skippedLinks.push(path);
          continue;
        }
        const info = await stat(target);
        if (info.isFile()) files.push({ path: checkedPath(path, absolute), absolute: target, size: info.size });
        else if (info.isDirectory() && !visited.has(target)) {
          visited.add(target);
          await walk(absolute, path);
        }
      }
      // Sockets, FIFOs and devices hold no file content: left out.
    }
  };
  await walk(root, '');
  const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  files.sort((a, b) => byCodeUnit(a.path, b.path));
  return { kind: 'folder', files, skippedLinks: skippedLinks.sort(byCodeUnit) };
}
