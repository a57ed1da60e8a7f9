import { arcaError } from '../../core/errors.js';
import { filePathProblem } from '../../core/file-paths.js';

/** The read-only directory under which a scope's Arca model versions are served to MLflow clients. */
export const arcaVersionsRoot = '_arca';

/**
 * A path under `mlflow-artifacts:/` as a client sends it, checked with Arca's file-path rules (relative, no `..`,
 * `.`, empty segment, `\`, NUL or control character, at most 1,024 bytes): `FilePathInvalid` otherwise, which an
 * MLflow client sees as INVALID_PARAMETER_VALUE. One trailing `/` (a directory as the client names it) is dropped.
 */
export function artifactPath(path: string, target = 'path'): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const problem = filePathProblem(trimmed);
  if (problem !== undefined) throw arcaError('FilePathInvalid', { path, problem }, { target });
  return trimmed;
}

/** A directory to list: '' (or absent) is the root; anything else follows `artifactPath`. */
export function artifactDirectory(path: string | undefined): string {
  return path === undefined || path === '' || path === '/' ? '' : artifactPath(path);
}

/** A path a client may write: `_arca/…` is Arca's versions, served read-only. */
export function writableArtifactPath(path: string): string {
  const checked = artifactPath(path);
  if (checked === arcaVersionsRoot || checked.startsWith(`${arcaVersionsRoot}/`))
    throw arcaError(
      'InvalidParameter',
      {
        target: 'path',
        where: 'request',
        problem: `is under ${arcaVersionsRoot}/, where Arca's versions are read-only`,
      },
      { target: 'path' },
    );
  return checked;
}

/** A model version's file as `_arca/models/<name>/versions/<label>[/<file>]` names it. */
export interface ArcaVersionPath {
  name: string;
  version: string;
  /** The file or directory inside the version ('' for the version itself). */
  inside: string;
}

/** The model version a `_arca/…` path names, undefined for any other path (a malformed `_arca/…` too). */
export function arcaVersionPath(path: string): ArcaVersionPath | undefined {
  const segments = path.split('/');
  if (segments[0] !== arcaVersionsRoot || segments[1] !== 'models' || segments[3] !== 'versions') return undefined;
  const [name, version] = [segments[2], segments[4]];
  if (name === undefined || version === undefined) return undefined;
  return { name, version, inside: segments.slice(5).join('/') };
}

/** One entry of an MLflow listing: a path relative to the directory listed, and a size for files. */
export interface ListedArtifact {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/**
 * The entries directly inside `dir` ('' for the root) of files listed by their full paths, sorted: each file of
 * the directory itself, and each subdirectory once. A path that is `dir` itself (a file) lists nothing, as
 * MLflow's server answers for a file.
 */
export function directoryEntries(dir: string, files: Iterable<{ path: string; size: number }>): ListedArtifact[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const entries = new Map<string, ListedArtifact>();
  for (const file of files) {
    if (!file.path.startsWith(prefix)) continue;
    const rest = file.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) entries.set(rest, { path: rest, is_dir: false, file_size: file.size });
    else entries.set(rest.slice(0, slash), { path: rest.slice(0, slash), is_dir: true });
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The artifact path an MLflow URI names on this server: `mlflow-artifacts:/<path>`, `mlflow-artifacts://<host>/<path>`,
 * or `<base>/api/2.0/mlflow-artifacts/artifacts/<path>` for the tracking URI `base` (http or https, the same host,
 * port and scope). Undefined for anything else (`s3://…`, `runs:/…`, another server or scope) or a path that
 * breaks Arca's file-path rules.
 */
export function artifactPathOf(uri: string, base: string): string | undefined {
  let rest: string | undefined;
  const scheme = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(uri);
  if (scheme !== null) rest = scheme[1];
  else {
    const parsed = urlOf(uri);
    const home = urlOf(base);
    if (parsed === undefined || home === undefined || !/^https?:$/.test(parsed.protocol)) return undefined;
    // URL parsing resolves `..` and `%2e%2e` away: a URI that has them names another path than it shows.
    if (hasDotSegment(uri)) return undefined;
    if (parsed.protocol !== home.protocol || parsed.host !== home.host) return undefined;
    const root = `${home.pathname.replace(/\/+$/, '')}/api/2.0/mlflow-artifacts/artifacts/`;
    if (!parsed.pathname.startsWith(root)) return undefined;
    rest = parsed.pathname.slice(root.length);
    try {
      rest = rest
        .split('/')
        .map((segment) => decodeURIComponent(segment))
        .join('/');
    } catch {
      return undefined;
    }
  }
  if (rest === undefined) return undefined;
  const trimmed = rest.replace(/\/+$/, '');
  return trimmed !== '' && filePathProblem(trimmed) === undefined ? trimmed : undefined;
}

function urlOf(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Whether the path of `uri` as written has a `.` or `..` segment, plain or percent-encoded. */
function hasDotSegment(uri: string): boolean {
  const path = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(uri)?.[1] ?? '';
  return path.split(/[/\\]/).some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}
