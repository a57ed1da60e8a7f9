import { assetTypeSegments, type AssetType } from '../../core/asset-types.js';
import type { ScopeKind } from '../../core/names.js';
import { isRepositoryComponent } from '../../core/oci/oci-manifests.js';
import type { Session } from '../../storage/metadata/session.js';
import { listReachableScopes, listScopeAssetKeys } from '../../storage/metadata/oci-repository.js';

/** A registry or workspace the catalogue asks the caller's access about. */
export interface CatalogScope {
  kind: ScopeKind;
  name: string;
}

/** A page of `/v2/_catalog`: repository names in lexical order, and whether more follow. */
export interface CatalogPage {
  repositories: string[];
  more: boolean;
}

/**
 * The repositories (`<scope>/<type>/<name>`, as `/v2/` reaches them) of the registries and workspaces
 * `canRead` allows, in lexical order: up to `n` after `last`. Names are compared in JavaScript, not by
 * the database's collation, so pages follow the same byte order on SQLite and PostgreSQL. Only the
 * scopes a page reaches are read: a scope whose names all sort before `last` is skipped unread.
 */
export async function catalogPage(
  db: Session,
  canRead: (scope: CatalogScope) => boolean,
  n: number,
  last: string | undefined,
): Promise<CatalogPage> {
  const scopes = await listReachableScopes(db);
  // A workspace named like a registry is not reachable over /v2/ (the registry wins the name).
  const registries = new Set(scopes.filter((s) => s.kind === 'registry').map((s) => s.name_key));
  const readable = scopes
    .filter((s) => (s.kind === 'registry' || !registries.has(s.name_key)) && isRepositoryComponent(s.name_key))
    .filter((s) => canRead({ kind: s.kind, name: s.name }))
    .map((s) => ({ id: s.id, prefix: `${s.name_key}/` }))
    .sort((a, b) => compare(a.prefix, b.prefix));
  const names: string[] = [];
  for (const scope of readable) {
    if (last !== undefined && last > scope.prefix && !last.startsWith(scope.prefix)) continue;
    const found = (await listScopeAssetKeys(db, scope.id))
      .filter((a) => isRepositoryComponent(a.name_key))
      .map((a) => `${scope.prefix}${assetTypeSegments[a.type as AssetType]}/${a.name_key}`)
      .filter((name) => last === undefined || name > last)
      .sort(compare);
    names.push(...found);
    if (names.length > n) break;
  }
  return { repositories: names.slice(0, n), more: names.length > n };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
