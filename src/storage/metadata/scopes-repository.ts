import { CompiledQuery, sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { compact } from '../../core/compact.js';
import type { ProvisioningState, Scope, ScopeRecord, ScopeRegion } from '../../core/model/scopes.js';
import { onPostgres } from './dialect.js';
import { queries, readRows, sessionOf, type Queries, type Session } from './session.js';
import type { ScopeKindColumn, ScopeRegionsTable, ScopesTable } from './tables.js';

type ScopeRow = Selectable<ScopesTable>;
type ScopeRegionRow = Selectable<ScopeRegionsTable>;

export function scopeOf(row: Omit<ScopeRow, 'version'>): Scope {
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

/** A scope row with its tags and regions aggregated into JSON arrays, in the order `attachDetails` gives them. */
type ScopeRowWithDetails = ScopeRow & {
  /** `[key, value]` pairs by key: JSON text on SQLite, parsed already on PostgreSQL. */
  tags: string | [string, string][];
  /** `[region, is_primary, position, storage_account_type, storage_account_hns, provisioning_state, error]` by position. */
  regions: string | RegionTuple[];
};

type RegionTuple = [
  string,
  number,
  number,
  string | null,
  number | null,
  ScopeRegionRow['provisioning_state'],
  string | null,
];

const regionTuple =
  'region, is_primary, position, storage_account_type, storage_account_hns, provisioning_state, error';

/**
 * One statement for a scope with its tags and regions (the read behind every `GET` of a registry or
 * workspace): fixed SQL per dialect, so nothing is built or compiled per request and SQLite's statement
 * cache keeps it prepared. Three statements, each through the query builder, were a tenth of such a request.
 */
const scopeByNameSql = {
  sqlite: `select s.*,
    (select json_group_array(json_array(key, value) order by key) from scope_tags where scope_id = s.id) as tags,
    (select json_group_array(json_array(${regionTuple}) order by position) from scope_regions where scope_id = s.id) as regions
  from scopes s where s.kind = ? and s.name_key = ?`,
  postgres: `select s.*,
    coalesce((select json_agg(json_build_array(key, value) order by key) from scope_tags where scope_id = s.id), '[]') as tags,
    coalesce((select json_agg(json_build_array(${regionTuple}) order by position) from scope_regions where scope_id = s.id), '[]') as regions
  from scopes s where s.kind = $1 and s.name_key = $2`,
};

const scopeByNameQueries = {
  sqlite: CompiledQuery.raw(scopeByNameSql.sqlite),
  postgres: CompiledQuery.raw(scopeByNameSql.postgres),
};

export async function findScopeByName(
  session: Session,
  kind: ScopeKindColumn,
  nameKey: string,
): Promise<ScopeRecord | undefined> {
  return (await findVersionedScope(session, kind, nameKey))?.scope;
}

/** A scope of the version its row holds now, tags and regions included (one statement, one snapshot). */
export async function findVersionedScope(
  session: Session,
  kind: ScopeKindColumn,
  nameKey: string,
): Promise<{ scope: ScopeRecord; version: number } | undefined> {
  const db = queries(session);
  const template = scopeByNameQueries[onPostgres(db) ? 'postgres' : 'sqlite'];
  const { rows } = await db.executeQuery<ScopeRowWithDetails>({ ...template, parameters: [kind, nameKey] });
  const row = rows[0];
  if (row === undefined) return undefined;
  const { tags, regions, version, ...scope } = row;
  const tagPairs = typeof tags === 'string' ? (JSON.parse(tags) as [string, string][]) : tags;
  const regionTuples = typeof regions === 'string' ? (JSON.parse(regions) as RegionTuple[]) : regions;
  const record: ScopeRecord = {
    ...scopeOf(scope),
    tags: Object.fromEntries(tagPairs),
    regions: regionTuples.map(([region, isPrimary, position, type, hns, state, error]) =>
      regionOf({
        scope_id: scope.id,
        region,
        is_primary: isPrimary,
        position,
        storage_account_type: type,
        storage_account_hns: hns,
        provisioning_state: state,
        error,
      }),
    ),
  };
  return { scope: record, version: Number(version) };
}

/** Fixed SQL per dialect, like `scopeByNameQueries`: what `findScopeVersion` runs on every show. */
const scopeVersionQueries = {
  sqlite: CompiledQuery.raw('select id, version from scopes where kind = ? and name_key = ?'),
  postgres: CompiledQuery.raw('select id, version from scopes where kind = $1 and name_key = $2'),
};

/**
 * The id and version of a scope now: a reader that kept the scope of that id at that version may show it
 * again, since every change to the scope, its tags or its regions bumps the version in its transaction.
 */
export async function findScopeVersion(
  session: Session,
  kind: ScopeKindColumn,
  nameKey: string,
): Promise<{ id: string; version: number } | undefined> {
  const template = scopeVersionQueries[onPostgres(queries(session)) ? 'postgres' : 'sqlite'];
  const rows = await readRows<{ id: string; version: number | string }>(session, {
    ...template,
    parameters: [kind, nameKey],
  });
  const row = rows[0];
  return row === undefined ? undefined : { id: row.id, version: Number(row.version) };
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
  await db
    .updateTable('scopes')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

/**
 * Runs `write` (a change to the tags or regions of a scope) in one transaction with a bump of the
 * scope's version, taken first: the scope's row is locked before its tags' and regions', as
 * `lockScopeRow` does, and a reader sees the new version only with the change.
 */
async function withVersionBump(
  session: Session,
  scopeId: string,
  write: (db: Queries) => Promise<void>,
): Promise<void> {
  const db = queries(session);
  if (!db.isTransaction) return db.transaction().execute((trx) => withVersionBump(sessionOf(trx), scopeId, write));
  await db
    .updateTable('scopes')
    .set({ version: sql<number>`version + 1` })
    .where('id', '=', scopeId)
    .execute();
  await write(db);
}

export async function replaceScopeTags(session: Session, scopeId: string, tags: Record<string, string>): Promise<void> {
  await withVersionBump(session, scopeId, async (db) => {
    await db.deleteFrom('scope_tags').where('scope_id', '=', scopeId).execute();
    const rows = Object.entries(tags).map(([key, value]) => ({ scope_id: scopeId, key, value }));
    if (rows.length > 0) await db.insertInto('scope_tags').values(rows).execute();
  });
}

export async function insertScopeRegion(session: Session, scopeId: string, region: ScopeRegion): Promise<void> {
  await withVersionBump(session, scopeId, async (db) => {
    await db.insertInto('scope_regions').values(regionRow(scopeId, region)).execute();
  });
}

export async function updateScopeRegion(
  session: Session,
  scopeId: string,
  region: string,
  fields: Partial<Pick<ScopeRegion, 'provisioningState' | 'error' | 'storageAccountType' | 'storageAccountHns'>>,
): Promise<void> {
  const { provisioningState, error, storageAccountType, storageAccountHns } = fields;
  await withVersionBump(session, scopeId, async (db) => {
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
  });
}

export async function deleteScopeRegion(session: Session, scopeId: string, region: string): Promise<void> {
  await withVersionBump(session, scopeId, async (db) => {
    await db.deleteFrom('scope_regions').where('scope_id', '=', scopeId).where('region', '=', region).execute();
  });
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
  await db
    .updateTable('scopes')
    .set({ provisioning_state: state, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
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
