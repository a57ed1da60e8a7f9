import { arcaError } from '../../core/errors.js';
import type { Principal } from '../access/identity.js';
import type { AssetLocator } from '../assets/asset-records.js';
import type { AssetService } from '../assets/assets.js';

/**
 * registered-models/delete: MLflow deletes a model with its versions. Each version goes through
 * `deleteVersion` (its aliases with it, its label retired, its blobs queued for collection, each audited),
 * then the empty model. A protected alias refuses the whole delete before anything is deleted.
 */
export async function deleteModel(assets: AssetService, locator: AssetLocator, actor: Principal): Promise<void> {
  const asset = await assets.getAsset(locator);
  const guarded = asset.aliases.find((alias) => alias.protected);
  if (guarded !== undefined)
    throw arcaError(
      'VersionProtected',
      {
        aliases: guarded.name,
        type: asset.type,
        asset: asset.name,
        version: asset.aliasLabels.get(guarded.versionId) ?? '',
      },
      { target: 'version' },
    );
  // Pending versions too: a filter on `state` lists every state.
  const filter = "state = 'pending' or state = 'ready' or state = 'archived'";
  for (;;) {
    const page = await assets.listVersions(locator, { top: 100, filter });
    if (page.items.length === 0) break;
    for (const version of page.items)
      await assets.deleteVersion({ ...locator, version: version.label }, { force: true }, actor);
  }
  await assets.deleteAsset(locator, actor);
}
