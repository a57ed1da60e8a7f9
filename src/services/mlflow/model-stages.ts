import { arcaError } from '../../core/errors.js';
import type { Version } from '../../core/model/assets.js';
import type { Principal } from '../access/identity.js';
import type { AssetLocator, VersionRecord } from '../assets/asset-records.js';
import type { AssetService } from '../assets/assets.js';

/**
 * MLflow's stages (deprecated in MLflow 3) over Arca: `Archived` is an archived version, `Staging` and
 * `Production` are the version tag `mlflow.stage`, `None` is a ready version without it (docs/mlflow.md).
 */
export const stages = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof stages)[number];

export const stageTag = 'mlflow.stage';

export function stageOf(version: Pick<Version, 'state'> & { tags: Record<string, string> }): Stage {
  if (version.state === 'archived') return 'Archived';
  const tagged = version.tags[stageTag];
  return tagged === 'Staging' || tagged === 'Production' ? tagged : 'None';
}

/** A stage as a client writes it (any case, as MLflow accepts); anything else is INVALID_PARAMETER_VALUE. */
export function parseStage(text: string, field = 'stage'): Stage {
  const stage = stages.find((s) => s.toLowerCase() === text.trim().toLowerCase());
  if (stage === undefined)
    throw arcaError(
      'InvalidParameter',
      { target: field, where: 'request', problem: `must be one of ${stages.join(', ')} (got ${JSON.stringify(text)})` },
      { target: field },
    );
  return stage;
}

/** The filter (Arca's language) of the versions in a stage; ready versions are listed unless it names `state`. */
function stageFilter(stage: Stage): string {
  const tag = `tags."${stageTag}"`;
  switch (stage) {
    case 'Archived':
      return "state = 'archived'";
    case 'None':
      return `not ${tag} = 'Staging' and not ${tag} = 'Production'`;
    default:
      return `${tag} = '${stage}'`;
  }
}

/** Every version of a model in a stage (pages of 1000 until the last). */
async function versionsIn(assets: AssetService, locator: AssetLocator, stage: Stage): Promise<VersionRecord[]> {
  const all: VersionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await assets.listVersions(locator, {
      top: 1000,
      filter: stageFilter(stage),
      ...(cursor === undefined ? {} : { cursor }),
    });
    all.push(...page.items);
    cursor = page.next;
  } while (cursor !== undefined);
  return all;
}

/**
 * The newest version in each of `wanted` stages (all four when none is named), as get-latest-versions
 * answers: one list of one row per stage, whatever the number of versions ("newest" is the last created,
 * which for the integer labels Arca and MLflow give is the highest number).
 */
export async function latestVersions(
  assets: AssetService,
  locator: AssetLocator,
  wanted: Stage[],
): Promise<VersionRecord[]> {
  const asked = wanted.length === 0 ? [...stages] : wanted;
  const found = await Promise.all(
    asked.map(async (stage) => (await assets.listVersions(locator, { top: 1, filter: stageFilter(stage) })).items),
  );
  return found.flat();
}

/**
 * Moves a version to a stage through the asset service (audited, evented like a native change). With
 * `archiveExisting`, the other versions in that stage (Staging or Production) are archived.
 */
export async function transitionStage(
  assets: AssetService,
  locator: AssetLocator & { version: string },
  stage: Stage,
  archiveExisting: boolean,
  actor: Principal,
): Promise<VersionRecord> {
  const current = await assets.getVersion(locator);
  const tag = stage === 'Staging' || stage === 'Production' ? stage : null;
  if (stage === 'Archived') {
    if (current.tags[stageTag] !== undefined)
      await assets.updateVersion(locator, { tags: { [stageTag]: null } }, actor);
    await assets.archiveVersion(locator, actor);
  } else {
    if (current.state === 'archived') await assets.restoreVersion(locator, actor);
    if (current.tags[stageTag] !== (tag ?? undefined))
      await assets.updateVersion(locator, { tags: { [stageTag]: tag } }, actor);
  }
  if (archiveExisting && tag !== null) {
    for (const other of await versionsIn(assets, locator, stage)) {
      if (other.label === current.label) continue;
      const at = { ...locator, version: other.label };
      await assets.updateVersion(at, { tags: { [stageTag]: null } }, actor);
      await assets.archiveVersion(at, actor);
    }
  }
  return assets.getVersion(locator);
}
