import { assetTypeSegments, type AssetType } from '../../core/asset-types.js';
import { retiredLabelColumns } from './retired-labels-repository.js';
import { queries, type Tx } from './session.js';

/** An asset's rename, in the transaction that holds its row lock. */
export interface AssetRename {
  asset: { id: string; scopeId: string; type: AssetType; nameKey: string };
  scope: { kind: string; nameKey: string };
  name: string;
  key: string;
  at: string;
  by: string;
}

/**
 * Renames an asset's rows. When the name's key changes, every label it committed is retired under the old
 * name (and the labels the old name had retired follow to the new one): `<old>:3` can then never serve other
 * bytes, whatever is made under the old name later, nor can the new name hand out a label it once had. Its
 * OCI repository (blobs linked to it, uploads under way) moves with it.
 */
export async function renameAssetRows(trx: Tx, rename: AssetRename): Promise<void> {
  const db = queries(trx);
  const { asset, scope } = rename;
  if (rename.key !== asset.nameKey) {
    await db
      .insertInto('retired_version_labels')
      .columns(retiredLabelColumns)
      .expression((eb) =>
        eb
          .selectFrom('retired_version_labels')
          .select((s) => [
            'scope_kind',
            'scope_key',
            'asset_type',
            s.val(rename.key).as('asset_key'),
            'label',
            'label_number',
            'manifest_digest',
            'retired_at',
            'retired_by',
          ])
          .where('scope_kind', '=', scope.kind)
          .where('scope_key', '=', scope.nameKey)
          .where('asset_type', '=', asset.type)
          .where('asset_key', '=', asset.nameKey),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db
      .insertInto('retired_version_labels')
      .columns(retiredLabelColumns)
      .expression((eb) =>
        eb
          .selectFrom('versions')
          .select((s) => [
            s.val(scope.kind).as('scope_kind'),
            s.val(scope.nameKey).as('scope_key'),
            s.val(asset.type).as('asset_type'),
            s.val(asset.nameKey).as('asset_key'),
            'versions.label',
            'versions.label_number',
            'versions.manifest_digest',
            s.val(rename.at).as('retired_at'),
            s.val(rename.by).as('retired_by'),
          ])
          .where('versions.asset_id', '=', asset.id)
          .where('versions.state', '!=', 'pending'),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    const segment = assetTypeSegments[asset.type];
    const [from, to] = [`${segment}/${asset.nameKey}`, `${segment}/${rename.key}`];
    await db
      .updateTable('oci_repository_blobs')
      .set({ repository: to })
      .where('scope_id', '=', asset.scopeId)
      .where('repository', '=', from)
      .execute();
    await db
      .updateTable('upload_sessions')
      .set({ repository: to })
      .where('scope_id', '=', asset.scopeId)
      .where('repository', '=', from)
      .execute();
  }
  await db
    .updateTable('assets')
    .set({ name: rename.name, name_key: rename.key, updated_at: rename.at, updated_by: rename.by })
    .where('id', '=', asset.id)
    .execute();
}
