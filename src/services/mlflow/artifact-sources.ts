import { arcaError } from '../../core/errors.js';
import type { ScopeKind } from '../../core/names.js';
import { artifactPathOf } from './artifact-paths.js';
import type { MlflowArtifactService } from './artifacts.js';
import type { ModelSourceRequest, ModelSourceResolver } from './model-sources.js';

/** Where the tracking store says a run's or a logged model's artifacts are. */
export interface ArtifactLocations {
  /** `runs:/<run_id>/<path>` → the run's artifact URI joined with the path. */
  runArtifactUri(scope: { kind: ScopeKind; name: string }, runId: string): Promise<string>;
  /** `models:/<model_id>` → the logged model's artifact location. */
  loggedModelLocation(scope: { kind: ScopeKind; name: string }, modelId: string): Promise<string>;
}

const loggedModelUri = /^models:\/(m-[0-9a-f]{32})\/?$/;
const runUri = /^runs:\/([0-9a-f]{32})(?:\/(.*))?$/;

/**
 * Model-version sources that name bytes uploaded through `mlflow-artifacts` in the same scope — directly
 * (`mlflow-artifacts:/…`, or this server's `…/api/2.0/mlflow-artifacts/artifacts/…` URL), through a run
 * (`runs:/<run>/<path>`) or through a logged model (`models:/m-…`, or `model_id`) — resolve to the files
 * there, by digest: the version lists the same blobs and no byte is copied. Any other source is external.
 */
export function artifactSources(artifacts: MlflowArtifactService, locations: ArtifactLocations): ModelSourceResolver {
  return {
    async resolve(scope, request, _caller) {
      const uri = await locationOf(scope, request, locations);
      const path = artifactPathOf(uri, request.base ?? '');
      // `_arca/…` names a version's files, which are no artifacts: such a source is recorded as it is.
      if (path === undefined || path === '_arca' || path.startsWith('_arca/')) return { kind: 'external' };
      const files = await artifacts.filesUnder(scope, path);
      if (files.length === 0)
        throw arcaError('MlflowArtifactNotFound', { path, where: `${scope.kind} ${scope.name}` }, { target: 'source' });
      return { kind: 'arca', files: files.map((f) => ({ path: f.path, size: f.size, digest: f.digest })) };
    },
  };
}

/** The artifact URI a source names: itself, or the run's or logged model's location it points through. */
async function locationOf(
  scope: { kind: ScopeKind; name: string },
  request: ModelSourceRequest,
  locations: ArtifactLocations,
): Promise<string> {
  const model =
    loggedModelUri.exec(request.source)?.[1] ?? (request.source.startsWith('models:/') ? request.modelId : undefined);
  if (model !== undefined) return locations.loggedModelLocation(scope, model);
  const run = runUri.exec(request.source);
  if (run !== null) {
    const root = (await locations.runArtifactUri(scope, run[1] ?? '')).replace(/\/+$/, '');
    return run[2] === undefined || run[2] === '' ? root : `${root}/${run[2]}`;
  }
  return request.source;
}
