import { arcaError } from '../../core/errors.js';
import type { Asset, Version } from '../../core/model/assets.js';
import type { Scope } from '../../core/model/scopes.js';
import type { Session, Tx } from '../../storage/metadata/session.js';
import { protectedAliasesInScope } from '../../storage/metadata/assets-repository.js';
import {
  findRetiredLabel,
  largestRetiredNumber,
  retireLabel,
  retireScopeLabels,
  type LabelOwner,
} from '../../storage/metadata/retired-labels-repository.js';
import { aliasesOfVersionForDelete } from '../../storage/metadata/version-locks.js';

/**
 * What is committed never changes: a deleted version's label is retired for good (a tombstone), and
 * a version a protected alias points at cannot be deleted by any route, forced or not.
 */

/** The names a label is retired under (they outlive the asset's row). */
export function labelOwner(scope: Pick<Scope, 'kind' | 'nameKey'>, asset: Pick<Asset, 'type' | 'nameKey'>): LabelOwner {
  return { scopeKind: scope.kind, scopeKey: scope.nameKey, assetType: asset.type, assetKey: asset.nameKey };
}

/** A label about to be given to a version of `asset`; `target` names the request field that carries it. */
export interface NewLabel {
  scope: Pick<Scope, 'kind' | 'nameKey'>;
  asset: Pick<Asset, 'type' | 'name' | 'nameKey'>;
  label: string;
  target?: string;
}

/** A version deleted at `at` by `by`, whose label `retireVersionLabel` retires. */
export interface DeletedVersion {
  scope: Pick<Scope, 'kind' | 'nameKey'>;
  asset: Pick<Asset, 'type' | 'nameKey'>;
  version: Version;
  at: string;
  by: string;
}

/** Refuses a label the asset used before and deleted (`VersionAlreadyExists`). Call in the creating transaction. */
export async function assertLabelNotRetired(
  db: Session,
  { scope, asset, label, target = 'version' }: NewLabel,
): Promise<void> {
  const retired = await findRetiredLabel(db, labelOwner(scope, asset), label);
  if (retired === undefined) return;
  throw arcaError(
    'VersionAlreadyExists',
    'labelRetired',
    { type: asset.type, asset: asset.name, version: label, retiredAt: retired.retired_at },
    { target },
  );
}

/** The next integer label: above every label the asset holds and every one it retired. */
export async function nextFreeNumber(
  db: Session,
  scope: Pick<Scope, 'kind' | 'nameKey'>,
  asset: Pick<Asset, 'type' | 'nameKey'>,
  nextHeld: number,
): Promise<number> {
  return Math.max(nextHeld, (await largestRetiredNumber(db, labelOwner(scope, asset))) + 1);
}

/** Retires a version's label as it is deleted (a pending version never served content, so its label stays free). */
export async function retireVersionLabel(
  db: Session,
  { scope, asset, version, at, by }: DeletedVersion,
): Promise<void> {
  if (version.state === 'pending') return;
  await retireLabel(db, { owner: labelOwner(scope, asset), version, at, by });
}

/**
 * Refuses to delete a version while a protected alias points at it (`VersionProtected`), even with force.
 * Call first in the deleting transaction (it locks what it reads on PostgreSQL).
 */
export async function assertNotProtected(
  db: Tx,
  asset: Pick<Asset, 'type' | 'name'>,
  version: Pick<Version, 'id' | 'label'>,
): Promise<void> {
  const protectedAliases = (await aliasesOfVersionForDelete(db, version.id)).filter((a) => a.protected);
  if (protectedAliases.length === 0) return;
  const names = protectedAliases.map((a) => a.name).join(', ');
  throw arcaError(
    'VersionProtected',
    { aliases: names, type: asset.type, asset: asset.name, version: version.label },
    { target: 'version' },
  );
}

/**
 * Readies a scope's forced delete: refused (`VersionProtected`) while any of its assets has a protected
 * alias; otherwise retires the label of every committed version in it, so a scope and asset made again
 * under the same names never serve other content under an old label.
 */
export async function retireScopeForDelete(
  db: Session,
  scope: Pick<Scope, 'id' | 'kind' | 'name' | 'nameKey'>,
  at: string,
  by: string,
): Promise<number> {
  const guarded = await protectedAliasesInScope(db, scope.id, 6);
  if (guarded.length > 0) {
    const names = guarded
      .slice(0, 5)
      .map((g) => `${g.type} ${g.name}@${g.alias}`)
      .join(', ');
    throw arcaError(
      'VersionProtected',
      'scope',
      { kind: scope.kind, scope: scope.name, aliases: `${names}${guarded.length > 5 ? ', …' : ''}` },
      { target: 'force' },
    );
  }
  return retireScopeLabels(db, { id: scope.id, kind: scope.kind, name_key: scope.nameKey }, at, by);
}
