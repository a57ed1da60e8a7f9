import { compact } from '../../core/compact.js';
import { versionProperty } from '../../core/mlflow/mlflow-filter.js';
import type { AssetLocator, VersionRecord } from '../assets/asset-records.js';
import type { AssetService, BeginCaller } from '../assets/assets.js';
import type { ModelSourceRequest, ModelSourceResolver } from './model-sources.js';

/** model-versions/create as the client sends it, validated at the edge. */
export interface MlflowVersionRequest extends ModelSourceRequest {
  description?: string;
  tags?: Record<string, string>;
}

/**
 * Registers a version of a model: of the files Arca holds for the source (begun and committed through the
 * asset service, so no byte is copied and the usual checks, audit and events apply), or of none when the
 * source is another server's. Either way the version records its source, run and logged model, which is
 * its lineage to the run in `arca model show`. MLflow always makes a new version (allowDuplicate).
 */
export async function createModelVersion(
  assets: AssetService,
  sources: ModelSourceResolver,
  locator: AssetLocator,
  request: MlflowVersionRequest,
  caller: BeginCaller,
): Promise<VersionRecord> {
  const resolved = await sources.resolve(
    { kind: locator.scopeKind, name: locator.scope },
    compact({ source: request.source, base: request.base, runId: request.runId, modelId: request.modelId }),
    caller,
  );
  const external = resolved.kind === 'external';
  const properties: Record<string, string> = {
    [versionProperty.source]: request.source,
    ...(request.runId === undefined ? {} : { [versionProperty.runId]: request.runId }),
    ...(request.modelId === undefined ? {} : { [versionProperty.modelId]: request.modelId }),
    ...(external ? { [versionProperty.external]: 'true' } : {}),
  };
  // Said plainly where a person looks first, unless the client wrote a description of its own.
  const description =
    request.description ??
    (external ? `Arca holds no bytes for this version: its files are at ${request.source}` : undefined);
  const begun = await assets.beginVersion(
    locator,
    {
      files: resolved.kind === 'arca' ? resolved.files : [],
      source: request.source,
      properties,
      allowDuplicate: true,
      ...compact({ job: request.runId, description, tags: request.tags }),
    },
    caller,
  );
  if (begun.version.state !== 'pending') return begun.version;
  const { version } = await assets.commitVersion(
    { ...locator, version: begun.version.label },
    caller.actor,
    caller.reach,
  );
  return version;
}
