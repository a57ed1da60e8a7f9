import { assetAuditAction } from '../../core/audit-actions.js';
import { arcaError } from '../../core/errors.js';
import { assertAssetName, nameKey } from '../../core/names.js';
import { renameAssetRows } from '../../storage/metadata/asset-rename-repository.js';
import { findAsset } from '../../storage/metadata/assets-repository.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { isUniqueViolation } from '../../storage/metadata/metadata-store.js';
import type { Principal } from '../access/identity.js';
import { auditor } from '../audit/auditor.js';
import { isoNow, type Clock } from '../clock.js';
import { lockLiveAsset, requireAsset, requireScope, targetOf, type AssetLocator } from './asset-records.js';

/**
 * Renames an asset in its scope (MLflow's registered-models/rename). Its versions, aliases, tags and lineage
 * stay with it (they hang on its id); the labels it committed are retired under the old name, so a reference
 * to `<old>:<label>` can never serve other bytes. Audited as `<types>/rename` under the old name.
 */
export async function renameAsset(
  store: MetadataStore,
  clock: Clock,
  locator: AssetLocator,
  newName: string,
  actor: Principal,
): Promise<void> {
  assertAssetName(newName, 'new_name');
  const scope = await requireScope(store.session, locator.scopeKind, locator.scope);
  const asset = await requireAsset(store.session, scope, locator.type, locator.name);
  const key = nameKey(newName);
  const taken = () =>
    arcaError(
      'AssetAlreadyExists',
      { kind: scope.kind, scope: scope.name, type: asset.type, name: newName },
      { target: 'new_name' },
    );
  if (key !== asset.nameKey && (await findAsset(store.session, scope.id, asset.type, key)) !== undefined) throw taken();
  await store
    .transaction(async (trx) => {
      await lockLiveAsset(trx, asset);
      const now = isoNow(clock);
      await renameAssetRows(trx, {
        asset,
        scope: { kind: scope.kind, nameKey: scope.nameKey },
        name: newName,
        key,
        at: now,
        by: actor.name,
      });
      await auditor(actor, now).append(trx, {
        action: assetAuditAction(asset.type, 'rename'),
        target: targetOf(scope.kind, scope.name, asset.type, asset.name),
        outcome: 'succeeded',
        details: { name: newName },
      });
    })
    .catch((error: unknown) => {
      // A create or rename of the same name elsewhere won the race on the unique name key.
      throw isUniqueViolation(error) ? taken() : error;
    });
}
