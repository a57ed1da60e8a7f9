import type { Insertable, Selectable, Updateable } from 'kysely';
import { compact } from '../../core/compact.js';
import type { ProvisioningState, Scope, ScopeRecord, ScopeRegion } from '../../core/model/scopes.js';
import { queries, type Queries, type Session } from './session.js';
import type { ScopeKindColumn, ScopeRegionsTable, ScopesTable } from './tables.js';

type ScopeRow = Selectable<ScopesTable>;
type ScopeRegionRow = Selectable<ScopeRegionsTable>;

export function scopeOf(row: ScopeRow): Scope {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    nameKey: row.name_key,
    description: row.description,
    location: row.location,
    publicNetworkAccess: row.public_network_access,
    provisioningState: row.provisioning_state,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function scopeRow(scope: Scope): Insertable<ScopesTable> {
  return {
    id: scope.id,
    kind: scope.kind,
    name: scope.name,
    name_key: scope.nameKey,
    description: scope.description,
    location: scope.location,
    public_network_access: scope.publicNetworkAccess,
    provisioning_state: scope.provisioningState,
    created_at: scope.createdAt,
    created_by: scope.createdBy,
    updated_at: scope.updatedAt,
    updated_by: scope.updatedBy,
  };
}

function regionRow(scopeId: string, region: ScopeRegion): ScopeRegionRow {
  return {
    scope_id: scopeId,
    region: region.region,
    is_primary: Number(region.isPrimary),
    position: region.position,
    storage_account_type: region.storageAccountType,
    storage_account_hns: region.storageAccountHns === null ? null : Number(region.storageAccountHns),
    provisioning_state: region.provisioningState,
    error: region.error,
  };
}

function regionOf(row: ScopeRegionRow): ScopeRegion {
  return {
    region: row.region,
    isPrimary: Number(row.is_primary) === 1,
    position: row.position,
    storageAccountType: row.storage_account_type,
    storageAccountHns: row.storage_account_hns === null ? null : Number(row.storage_account_hns) === 1,
    provisioningState: row.provisioning_state,
    error: row.error,
  };
}

export interface ScopeListQuery {
  kind: ScopeKindColumn;
  /** Only scopes carrying every one of these tags (value undefined: any value). */
  tags?: { key: string; value?: string }[];
  /** Keyset cursor: the `name_key` of the last row of the previous page. */
  afterNameKey?: string;
  /** Only these names (case-folded): the ones the caller may read. */
  nameKeys?: string[];
  limit: number;
}

/** Registries and workspaces share one table and one set of rules; `kind` tells them apart. */
export async function insertScope(
  session: Session,
  scope: Scope,
  tags: Record<string, string>,
  regions: ScopeRegion[],
): Promise<void> {
  const db = queries(session);
  await db.insertInto('scopes').values(scopeRow(scope)).execute();
  await replaceScopeTags(session, scope.id, tags);
  if (regions.length > 0)
    await db
      .insertInto('scope_regions')
      .values(regions.map((r) => regionRow(scope.id, r)))
      .execute();
}

export async function findScopeByName(
  session: Session,
  kind: ScopeKindColumn,
  nameKey: string,
): Promise<ScopeRecord | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('scopes')
    .selectAll()
    .where('kind', '=', kind)
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const [withDetails] = await attachDetails(db, [row]);
  return withDetails;
}

/** The scope row alone, without tags and regions: what asset requests need, at one query. */
export async function findScopeRowByName(
  session: Session,
  kind: ScopeKindColumn,
  nameKey: string,
): Promise<Scope | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('scopes')
    .selectAll()
    .where('kind', '=', kind)
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
  return row === undefined ? undefined : scopeOf(row);
}

export async function findScopeById(session: Session, id: string): Promise<ScopeRecord | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('scopes').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  const [withDetails] = await attachDetails(db, [row]);
  return withDetails;
}

/** One page of scopes ordered by case-folded name, after the cursor; fetches `limit + 1` to tell if more follow. */
export async function listScopes(
  session: Session,
  query: ScopeListQuery,
): Promise<{ items: ScopeRecord[]; more: boolean }> {
  const db = queries(session);
  let select = db.selectFrom('scopes').selectAll('scopes').where('scopes.kind', '=', query.kind);
  for (const tag of query.tags ?? []) {
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('scope_tags')
          .select('scope_tags.scope_id')
          .whereRef('scope_tags.scope_id', '=', 'scopes.id')
          .where('scope_tags.key', '=', tag.key)
          .$if(tag.value !== undefined, (q) => q.where('scope_tags.value', '=', tag.value as string)),
      ),
    );
  }
  if (query.afterNameKey !== undefined) select = select.where('scopes.name_key', '>', query.afterNameKey);
  if (query.nameKeys !== undefined) select = select.where('scopes.name_key', 'in', query.nameKeys);
  const rows = await select
    .orderBy('scopes.name_key')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  return { items: await attachDetails(db, rows.slice(0, query.limit)), more };
}

export async function updateScopeFields(
  session: Session,
  id: string,
  fields: Partial<Pick<Scope, 'description' | 'publicNetworkAccess' | 'provisioningState' | 'updatedAt' | 'updatedBy'>>,
): Promise<void> {
  const db = queries(session);
  const { description, publicNetworkAccess, provisioningState, updatedAt, updatedBy } = fields;
  const set: Updateable<ScopesTable> = compact({
    description,
    public_network_access: publicNetworkAccess,
    provisioning_state: provisioningState,
    updated_at: updatedAt,
    updated_by: updatedBy,
  });
  if (Object.keys(set).length === 0) return;
  await db.updateTable('scopes').set(set).where('id', '=', id).execute();
}

export async function replaceScopeTags(session: Session, scopeId: string, tags: Record<string, string>): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('scope_tags').where('scope_id', '=', scopeId).execute();
  const rows = Object.entries(tags).map(([key, value]) => ({ scope_id: scopeId, key, value }));
  if (rows.length > 0) await db.insertInto('scope_tags').values(rows).execute();
}

export async function insertScopeRegion(session: Session, scopeId: string, region: ScopeRegion): Promise<void> {
  const db = queries(session);
  await db.insertInto('scope_regions').values(regionRow(scopeId, region)).execute();
}

export async function updateScopeRegion(
  session: Session,
  scopeId: string,
  region: string,
  fields: Partial<Pick<ScopeRegion, 'provisioningState' | 'error' | 'storageAccountType' | 'storageAccountHns'>>,
): Promise<void> {
  const db = queries(session);
  const { provisioningState, error, storageAccountType, storageAccountHns } = fields;
  await db
    .updateTable('scope_regions')
    .set({
      ...compact({ provisioning_state: provisioningState, error, storage_account_type: storageAccountType }),
      ...(storageAccountHns === undefined
        ? {}
        : { storage_account_hns: storageAccountHns === null ? null : Number(storageAccountHns) }),
    })
    .where('scope_id', '=', scopeId)
    .where('region', '=', region)
    .execute();
}

export async function deleteScopeRegion(session: Session, scopeId: string, region: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('scope_regions').where('scope_id', '=', scopeId).where('region', '=', region).execute();
}

/** The regions of a scope a reader may name (primary first, then replicas in order), leaving out those being removed. */
export async function scopeRegionNames(session: Session, scopeId: string): Promise<string[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('scope_regions')
    .select('region')
    .where('scope_id', '=', scopeId)
    .where('provisioning_state', '!=', 'Deleting')
    .orderBy('is_primary', 'desc')
    .orderBy('position')
    .execute();
  return rows.map((r) => r.region);
}

export async function setScopeProvisioningState(session: Session, id: string, state: ProvisioningState): Promise<void> {
  const db = queries(session);
  await db.updateTable('scopes').set({ provisioning_state: state }).where('id', '=', id).execute();
}

export async function deleteScope(session: Session, id: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('scopes').where('id', '=', id).execute();
}

export async function countScopeAssets(session: Session, scopeId: string): Promise<number> {
  const db = queries(session);
  const row = await db
    .selectFrom('assets')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('scope_id', '=', scopeId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function attachDetails(db: Queries, rows: ScopeRow[]): Promise<ScopeRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [tags, regions] = await Promise.all([
    db.selectFrom('scope_tags').selectAll().where('scope_id', 'in', ids).orderBy('key').execute(),
    db.selectFrom('scope_regions').selectAll().where('scope_id', 'in', ids).orderBy('position').execute(),
  ]);
  // Records are built in one pass, of one shape (a page holds up to a thousand): no spread copies.
  const tagsOf = new Map<string, Record<string, string>>();
  for (const tag of tags) {
    let forScope = tagsOf.get(tag.scope_id);
    if (forScope === undefined) tagsOf.set(tag.scope_id, (forScope = {}));
    forScope[tag.key] = tag.value;
  }
  const regionsOf = groupBy(regions, (r) => r.scope_id);
  return rows.map((row): ScopeRecord => {
    const record = scopeOf(row) as ScopeRecord;
    record.tags = tagsOf.get(row.id) ?? {};
    record.regions = (regionsOf.get(row.id) ?? []).map(regionOf);
    return record;
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
