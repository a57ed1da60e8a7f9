import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { ComponentSpec } from '../../core/component-spec.js';
import type { EnvironmentSpec } from '../../core/environment-spec.js';
import { filePathProblem } from '../../core/file-paths.js';
import { usageError } from '../cli-error.js';
import { listLocalFiles, type LocalFile } from './walk-files.js';

/** A local path an environment or component YAML names, with the field that names it. */
export interface SpecPath {
  field: 'conda_file' | 'build.path' | 'code';
  path: string;
}

/** What a YAML's paths hold: the files of the version, and the links left out. */
export interface SpecFiles {
  files: LocalFile[];
  skippedLinks: string[];
}

/** `azureml:…`, `arca://…`, `https://…`, `git+https://…`: a place the server or a job resolves, not a local path. */
const uriPattern = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * The local paths whose files belong to the version: an environment's conda file (when it is a
 * path, not inline) and its Docker build context (`build.path`); a component's `code` folder.
 */
export function localPathsOf(spec: EnvironmentSpec | ComponentSpec): SpecPath[] {
  const paths: SpecPath[] =
    'command' in spec
      ? [...(spec.code === undefined ? [] : [{ field: 'code' as const, path: spec.code }])]
      : [
          ...(typeof spec.condaFile === 'string' ? [{ field: 'conda_file' as const, path: spec.condaFile }] : []),
          ...(spec.build === undefined ? [] : [{ field: 'build.path' as const, path: spec.build.path }]),
        ];
  return paths.filter((p) => !uriPattern.test(p.path));
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Lists the files the YAML's paths name, each stored under its path relative to the YAML file's
 * folder (`conda.yml`, `docker/Dockerfile`, `src/train.py`), so the version holds the same layout
 * the YAML describes. A path outside that folder or one that does not exist is a usage error.
 */
export async function listSpecFiles(yamlFile: string, paths: readonly SpecPath[]): Promise<SpecFiles> {
  const base = dirname(resolve(yamlFile));
  const files = new Map<string, LocalFile>();
  const skippedLinks: string[] = [];
  for (const { field, path } of paths) {
    const absolute = resolve(base, path);
    const rel = relative(base, absolute);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw usageError(
        'PathInvalid',
        `${yamlFile}: ${field} ${path} lies outside the YAML file's folder; a version stores its files by their path relative to that folder`,
      );
    }
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
        throw usageError(
          'PathNotFound',
          `${yamlFile}: ${field} ${path}: no such file or folder (paths are relative to ${base})`,
        );
      throw usageError('PathUnreadable', `${yamlFile}: ${field} ${path}: ${error.message}`);
    });
    const prefix = rel === '' ? '' : `${rel.split(sep).join('/')}/`;
    const tree = info.isDirectory() ? await listLocalFiles(absolute, path) : undefined;
    const found =
      tree === undefined
        ? [{ path: rel.split(sep).join('/'), absolute, size: info.size }]
        : tree.files.map((f) => ({ ...f, path: `${prefix}${f.path}` }));
    for (const file of found) {
      const problem = filePathProblem(file.path);
      if (problem !== undefined)
        throw usageError(
          'FilePathInvalid',
          `${file.absolute} cannot be stored as ${JSON.stringify(file.path)}: ${problem}`,
        );
      files.set(file.path, file);
    }
    skippedLinks.push(...(tree?.skippedLinks ?? []).map((link) => `${prefix}${link}`));
  }
  return {
    files: [...files.values()].sort((a, b) => byCodeUnit(a.path, b.path)),
    skippedLinks: skippedLinks.sort(byCodeUnit),
  };
}
