import type { ScopeKind } from '../../core/names.js';
import type { BeginCaller } from '../assets/assets.js';
import type { FileEntry } from '../assets/version-writes.js';

/** What model-versions/create names as the version's bytes: MLflow's `source`, and the run or logged model. */
export interface ModelSourceRequest {
  source: string;
  /** The tracking URI the client addressed: an http(s) source under it names Arca's own artifacts. */
  base?: string;
  runId?: string;
  modelId?: string;
}

/** The files of a source whose bytes Arca holds (a version is made of them, no byte copied), or `external`. */
export type ResolvedSource = { kind: 'arca'; files: FileEntry[] } | { kind: 'external' };

/** Decides whether Arca holds the bytes a source names, for the caller (who must be able to read them). */
export interface ModelSourceResolver {
  resolve(
    scope: { kind: ScopeKind; name: string },
    request: ModelSourceRequest,
    caller: BeginCaller,
  ): Promise<ResolvedSource>;
}

/** Every source is another server's: the version records it and holds no bytes (until artifacts are served). */
export const externalOnly: ModelSourceResolver = {
  resolve: () => Promise.resolve({ kind: 'external' }),
};
