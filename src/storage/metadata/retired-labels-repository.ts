import type { Selectable } from 'kysely';
import type { Version } from '../../core/model/assets.js';
import { queries, type Session } from './session.js';
import type { RetiredVersionLabelsTable } from './tables.js';

export type RetiredLabelRow = Selectable<RetiredVersionLabelsTable>;

/** Which asset a label belongs to, by the names that survive the asset's own row. */
export interface LabelOwner {
  scopeKind: string;
  scopeKey: string;
  assetType: string;
  assetKey: string;
}

/** The columns of a tombstone, in the order the bulk retirements select them. */
export const retiredLabelColumns = [
  'scope_kind',
  'scope_key',
  'asset_type',
  'asset_key',
  'label',
  'label_number',
  'manifest_digest',
  'retired_at',
  'retired_by',
] as const;

/** A committed version's label to retire, with who retired it when. */
export interface LabelRetirement {
  owner: LabelOwner;
  version: Pick<Version, 'label' | 'labelNumber' | 'manifestDigest'>;
  at: string;
  by: string;
}

/** Retires a committed version's label, in the transaction that deletes the version. */
export async function retireLabel(session: Session, { owner, version, at, by }: LabelRetirement): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('retired_version_labels')
    .values({
      scope_kind: owner.scopeKind,
      scope_key: owner.scopeKey,
      asset_type: owner.assetType,
      asset_key: owner.assetKey,
      label: version.label,
      label_number: version.labelNumber,
      manifest_digest: version.manifestDigest,
      retired_at: at,
      retired_by: by,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Retires the label of every committed version of a scope's assets (a scope deleted with force). Returns how many. */
export async function retireScopeLabels(
  session: Session,
  scope: { id: string; kind: string; name_key: string },
  at: string,
  by: string,
): Promise<number> {
  const db = queries(session);
  const result = await db
    .insertInto('retired_version_labels')
    .columns(retiredLabelColumns)
    .expression((eb) =>
      eb
        .selectFrom('versions')
        .innerJoin('assets', 'assets.id', 'versions.asset_id')
        .select((s) => [
          s.val(scope.kind).as('scope_kind'),
          s.val(scope.name_key).as('scope_key'),
          'assets.type as asset_type',
          'assets.name_key as asset_key',
          'versions.label',
          'versions.label_number',
          'versions.manifest_digest',
          s.val(at).as('retired_at'),
          s.val(by).as('retired_by'),
        ])
        .where('assets.scope_id', '=', scope.id)
        .where('versions.state', '!=', 'pending'),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** The tombstone of `label`, if the asset retired it. */
export async function findRetiredLabel(
  session: Session,
  owner: LabelOwner,
  label: string,
): Promise<RetiredLabelRow | undefined> {
  const db = queries(session);
  return db
    .selectFrom('retired_version_labels')
    .selectAll()
    .where('scope_kind', '=', owner.scopeKind)
    .where('scope_key', '=', owner.scopeKey)
    .where('asset_type', '=', owner.assetType)
    .where('asset_key', '=', owner.assetKey)
    .where('label', '=', label)
    .executeTakeFirst();
}

/** The largest integer label the asset retired (0 when none): auto-numbering starts above it. */
export async function largestRetiredNumber(session: Session, owner: LabelOwner): Promise<number> {
  const db = queries(session);
  const row = await db
    .selectFrom('retired_version_labels')
    .select((eb) => eb.fn.max('label_number').as('n'))
    .where('scope_kind', '=', owner.scopeKind)
    .where('scope_key', '=', owner.scopeKey)
    .where('asset_type', '=', owner.assetType)
    .where('asset_key', '=', owner.assetKey)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
