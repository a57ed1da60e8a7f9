import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { AssetType } from '../../core/asset-types.js';
import type { Digest } from '../../core/digest.js';
import type { Alias, AliasHistoryEntry, Asset, Version, VersionFile, VersionSummary } from '../../core/model/assets.js';
import { compact } from '../../core/compact.js';
import { nameKey, type ScopeKind } from '../../core/names.js';
import { queries, type Queries, type Session } from './session.js';
import { inList } from './dialect.js';
import { scopeOf } from './scopes-repository.js';
import type { Scope } from '../../core/model/scopes.js';
import type { AliasesTable, AliasHistoryAction, AssetsTable, VersionFilesTable, VersionsTable } from './tables.js';

/** An asset as read. */
export function assetOf(row: Selectable<AssetsTable>): Asset {
  return {
    id: row.id,
    scopeId: row.scope_id,
    type: row.type as AssetType,
    name: row.name,
    nameKey: row.name_key,
    description: row.description,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function assetRowOf(asset: Asset): Selectable<AssetsTable> {
  return {
    id: asset.id,
    scope_id: asset.scopeId,
    type: asset.type,
    name: asset.name,
    name_key: asset.nameKey,
    description: asset.description,
    created_at: asset.createdAt,
    created_by: asset.createdBy,
    updated_at: asset.updatedAt,
    updated_by: asset.updatedBy,
  };
}

/** A version as read (`allow_duplicate` matters only to a commit, which reads it itself: `versionAllowsDuplicate`). */
export function versionOf(row: Omit<Selectable<VersionsTable>, 'allow_duplicate'>): Version {
  return {
    id: row.id,
    assetId: row.asset_id,
    label: row.label,
    labelNumber: row.label_number,
    description: row.description,
    state: row.state,
    flavor: row.flavor,
    framework: row.framework,
    dataType: row.data_type,
    job: row.job,
    source: row.source,
    originVersionId: row.origin_version_id,
    // Only digests of manifests Arca wrote (or checked at push) are stored.
    manifestDigest: row.manifest_digest as Digest | null,
    totalSize: row.total_size,
    fileCount: row.file_count,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    committedAt: row.committed_at,
    pendingExpiresAt: row.pending_expires_at,
    spec: row.spec === null ? null : (JSON.parse(row.spec) as Record<string, unknown>),
    specYaml: row.spec_yaml,
  };
}

/** The column of each version field. */
const versionColumns = {
  id: 'id',
  assetId: 'asset_id',
  label: 'label',
  labelNumber: 'label_number',
  description: 'description',
  state: 'state',
  flavor: 'flavor',
  framework: 'framework',
  dataType: 'data_type',
  job: 'job',
  source: 'source',
  originVersionId: 'origin_version_id',
  manifestDigest: 'manifest_digest',
  totalSize: 'total_size',
  fileCount: 'file_count',
  createdAt: 'created_at',
  createdBy: 'created_by',
  updatedAt: 'updated_at',
  updatedBy: 'updated_by',
  committedAt: 'committed_at',
  pendingExpiresAt: 'pending_expires_at',
  spec: 'spec',
  specYaml: 'spec_yaml',
} as const satisfies Record<keyof Version, keyof VersionsTable>;

/** The columns a (partial) version sets; the spec is stored as JSON text. */
function versionColumnsOf(fields: Partial<Version>): Updateable<VersionsTable> {
  const columns: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const column = versionColumns[field as keyof Version];
    columns[column] = field === 'spec' && value !== null ? JSON.stringify(value) : value;
  }
  return columns as Updateable<VersionsTable>;
}

/** A version file as read: only digests checked at begin are ever written to `version_files.digest`. */
function fileOf(row: Selectable<VersionFilesTable>): VersionFile {
  return {
    versionId: row.version_id,
    path: row.path,
    size: row.size,
    digest: row.digest as Digest,
    position: row.position,
  };
}

/** An alias as read, with its stored 0/1 flag made a boolean. */
export function aliasOf(row: Selectable<AliasesTable>): Alias {
  return {
    assetId: row.asset_id,
    name: row.name,
    versionId: row.version_id,
    protected: row.protected === 1,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Names an asset by: its scope's kind and case-folded name, its type and case-folded name. */
export interface AssetNames {
  scopeKind: ScopeKind;
  scopeNameKey: string;
  type: string;
  nameKey: string;
}

/** An asset with its scope, in one statement (a list's lookup); undefined when either is missing. */
export async function findScopedAsset(
  session: Session,
  names: AssetNames,
): Promise<{ scope: Scope; asset: Asset } | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('assets')
    .innerJoin('scopes', 'scopes.id', 'assets.scope_id')
    .selectAll('assets')
    .select([
      'scopes.kind as scope_kind',
      'scopes.name as scope_name',
      'scopes.name_key as scope_name_key',
      'scopes.description as scope_description',
      'scopes.location as scope_location',
      'scopes.public_network_access as scope_public_network_access',
      'scopes.provisioning_state as scope_provisioning_state',
      'scopes.created_at as scope_created_at',
      'scopes.created_by as scope_created_by',
      'scopes.updated_at as scope_updated_at',
      'scopes.updated_by as scope_updated_by',
    ])
    .where('scopes.kind', '=', names.scopeKind)
    .where('scopes.name_key', '=', names.scopeNameKey)
    .where('assets.type', '=', names.type)
    .where('assets.name_key', '=', names.nameKey)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const scope = scopeOf({
    id: row.scope_id,
    kind: row.scope_kind,
    name: row.scope_name,
    name_key: row.scope_name_key,
    description: row.scope_description,
    location: row.scope_location,
    public_network_access: row.scope_public_network_access,
    provisioning_state: row.scope_provisioning_state,
    created_at: row.scope_created_at,
    created_by: row.scope_created_by,
    updated_at: row.scope_updated_at,
    updated_by: row.scope_updated_by,
  });
  return { scope, asset: assetOf(row) };
}

export async function findAsset(
  session: Session,
  scopeId: string,
  type: string,
  nameKey: string,
): Promise<Asset | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('assets')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .where('type', '=', type)
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
  return row === undefined ? undefined : assetOf(row);
}

/** Makes an asset (no description yet) and returns it as stored; a unique violation when the name is taken. */
export async function createAsset(
  session: Session,
  asset: { id: string; scopeId: string; type: AssetType; name: string; at: string; by: string },
): Promise<Asset> {
  const created: Asset = {
    id: asset.id,
    scopeId: asset.scopeId,
    type: asset.type,
    name: asset.name,
    nameKey: nameKey(asset.name),
    description: null,
    createdAt: asset.at,
    createdBy: asset.by,
    updatedAt: asset.at,
    updatedBy: asset.by,
  };
  await insertAsset(session, created);
  return created;
}

export async function insertAsset(session: Session, asset: Asset): Promise<void> {
  const db = queries(session);
  await db.insertInto('assets').values(assetRowOf(asset)).execute();
}

/** Returns how many rows changed (0: the asset is gone). */
/**
 * Changes an asset's description (when given) and stamps who changed it when, locking its row until the
 * transaction ends: false when the asset is gone.
 */
export async function updateAsset(
  session: Session,
  id: string,
  change: { description?: string | null; at: string; by: string },
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('assets')
    .set({
      ...compact({ description: change.description }),
      updated_at: change.at,
      updated_by: change.by,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteAsset(session: Session, id: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('assets').where('id', '=', id).execute();
}

export async function findVersion(session: Session, assetId: string, label: string): Promise<Version | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('versions')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('label', '=', label)
    .executeTakeFirst();
  return row === undefined ? undefined : versionOf(row);
}

export async function findVersionById(session: Session, id: string): Promise<Version | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('versions').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : versionOf(row);
}

/** The label as an integer when it is one (no sign, no leading zero, at most 15 digits), else null. */
function labelNumberOf(label: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(label) ? Number(label) : null;
}

/**
 * Inserts a version and returns it as stored: its label's number (which orders versions and gives the
 * next label) is derived here, whatever `version` carries.
 */
export async function insertVersion(
  session: Session,
  version: Omit<Version, 'labelNumber'>,
  allowDuplicate = false,
): Promise<Version> {
  const db = queries(session);
  const inserted: Version = { ...version, labelNumber: labelNumberOf(version.label) };
  // A copy (share) decides allow_duplicate afresh.
  const row = { ...versionColumnsOf(inserted), allow_duplicate: allowDuplicate ? 1 : 0 } as Insertable<VersionsTable>;
  await db.insertInto('versions').values(row).execute();
  return inserted;
}

/** True when the version was begun to be made even if it repeats the latest one. */
export async function versionAllowsDuplicate(session: Session, id: string): Promise<boolean> {
  const db = queries(session);
  const row = await db.selectFrom('versions').select('allow_duplicate').where('id', '=', id).executeTakeFirst();
  return row !== undefined && Number(row.allow_duplicate) === 1;
}

/** Marks a pending version (resumed with allow_duplicate) as one to make even if it repeats the latest. */
export async function markAllowDuplicate(session: Session, id: string): Promise<void> {
  const db = queries(session);
  await db
    .updateTable('versions')
    .set({ allow_duplicate: 1 })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/** Returns how many rows changed (0: the version is gone). */
/**
 * Changes a version's description (when given) and stamps who changed it when, locking its row until the
 * transaction ends: false when the version is gone.
 */
export async function describeVersion(
  session: Session,
  id: string,
  change: { description?: string | null; at: string; by: string },
): Promise<boolean> {
  const fields = {
    ...compact({ description: change.description }),
    updatedAt: change.at,
    updatedBy: change.by,
  };
  return (await updateVersion(session, id, fields)) > 0;
}

export async function updateVersion(
  session: Session,
  id: string,
  fields: Partial<Omit<Version, 'id' | 'assetId'>>,
): Promise<number> {
  const db = queries(session);
  const result = await db.updateTable('versions').set(versionColumnsOf(fields)).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Moves a pending version to ready. True for the one caller that did it; false when it was not
 * pending any more (committed by a concurrent or earlier request, or removed).
 *
 * A conditional update rather than a read then a write: of concurrent commits, PostgreSQL lets one
 * change the row and re-checks `state = 'pending'` for the others once that one commits (they then
 * match nothing); SQLite runs them one after the other. So one commit event, one `committed_at`.
 */
export async function markVersionReady(
  session: Session,
  id: string,
  fields: Pick<Version, 'committedAt' | 'manifestDigest' | 'updatedAt' | 'updatedBy'>,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('versions')
    .set({ ...versionColumnsOf(fields), state: 'ready', pending_expires_at: null })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteVersion(session: Session, id: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('versions').where('id', '=', id).execute();
}

/** The next integer label: one more than the largest integer label the asset has ever kept. */
export async function nextVersionNumber(session: Session, assetId: string): Promise<number> {
  const db = queries(session);
  const row = await db
    .selectFrom('versions')
    .select((eb) => eb.fn.max('label_number').as('n'))
    .where('asset_id', '=', assetId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** Lists a version's files, each at its position. */
export async function addVersionFiles(
  session: Session,
  versionId: string,
  files: { path: string; size: number; digest: Digest; position: number }[],
): Promise<void> {
  await insertVersionFiles(
    session,
    files.map((f) => ({ versionId, path: f.path, size: f.size, digest: f.digest, position: f.position })),
  );
}

export async function insertVersionFiles(session: Session, files: VersionFile[]): Promise<void> {
  const db = queries(session);
  const rows = files.map((f) => ({
    version_id: f.versionId,
    path: f.path,
    size: f.size,
    digest: f.digest,
    position: f.position,
  }));
  // Chunked: SQLite caps the number of bound parameters per statement.
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('version_files')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function listVersionFiles(session: Session, versionId: string): Promise<VersionFile[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('version_files')
    .selectAll()
    .where('version_id', '=', versionId)
    .orderBy('position')
    .execute();
  return rows.map(fileOf);
}

export async function findVersionFile(
  session: Session,
  versionId: string,
  path: string,
): Promise<VersionFile | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('version_files')
    .selectAll()
    .where('version_id', '=', versionId)
    .where('path', '=', path)
    .executeTakeFirst();
  return row === undefined ? undefined : fileOf(row);
}

export async function findAlias(session: Session, assetId: string, name: string): Promise<Alias | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('aliases')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row === undefined ? undefined : aliasOf(row);
}

export async function listAliases(session: Session, assetId: string): Promise<Alias[]> {
  const db = queries(session);
  const rows = await db.selectFrom('aliases').selectAll().where('asset_id', '=', assetId).orderBy('name').execute();
  return rows.map(aliasOf);
}

/** What a version view shows beside its row: tags, properties and the names of the aliases on it. */
export interface VersionDetails {
  tags: Map<string, Record<string, string>>;
  properties: Map<string, Record<string, string>>;
  aliases: Map<string, string[]>;
}

/**
 * Tags, properties and alias names of many versions, by version id, in one statement: a list page
 * reads them for every row it shows. Keys and alias names come in bytewise order.
 */
export async function versionDetails(session: Session, versionIds: string[]): Promise<VersionDetails> {
  const db = queries(session);
  const details: VersionDetails = { tags: new Map(), properties: new Map(), aliases: new Map() };
  if (versionIds.length === 0) return details;
  const rows = await db
    .selectFrom('version_tags')
    .select([sql.lit('t').as('kind'), 'version_id', 'key', 'value'])
    .where(inList(db, 'version_tags.version_id', versionIds))
    .unionAll(
      db
        .selectFrom('version_properties')
        .select([sql.lit('p').as('kind'), 'version_id', 'key', 'value'])
        .where(inList(db, 'version_properties.version_id', versionIds)),
    )
    .unionAll(
      db
        .selectFrom('aliases')
        .select([sql.lit('a').as('kind'), 'version_id', 'name as key', sql.lit('').as('value')])
        .where(inList(db, 'aliases.version_id', versionIds)),
    )
    .execute();
  // Sorted here: an `order by` over the union makes PostgreSQL plan parallel workers (~6 ms to start).
  rows.sort((a, b) => compareCodePoints(a.key, b.key));
  for (const { kind, version_id: id, key, value } of rows) {
    if (kind === 'a') {
      details.aliases.set(id, [...(details.aliases.get(id) ?? []), key]);
    } else {
      const owners = kind === 't' ? details.tags : details.properties;
      const values = owners.get(id) ?? {};
      values[key] = value;
      owners.set(id, values);
    }
  }
  return details;
}

/** Code point order, which is the byte order of UTF-8: how both dialects order key columns. */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate starts a code point above U+FFFF: after every other UTF-16 unit, whatever its value.
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    return xSurrogate === ySurrogate ? x - y : xSurrogate ? 1 : -1;
  }
  return a.length - b.length;
}

// Alias writes (locks, chain, upsert) live in alias-moves.ts; re-exported for the callers that moved aliases before.
export { moveAlias } from './alias-moves.js';

/** An alias's moves, newest first (by their number in its chain, which clocks cannot reorder). */
/** The newest `limit` entries of an asset's alias history; `movesOnly` leaves out protection changes. */
export interface AliasHistoryQuery {
  assetId: string;
  alias: string;
  limit: number;
  movesOnly?: boolean;
}

/** An alias's history, newest first; `movesOnly` leaves out protection changes (where a rollback looks). */
export async function aliasHistory(
  session: Session,
  { assetId, alias, limit, ...options }: AliasHistoryQuery,
): Promise<AliasHistoryEntry[]> {
  const db = queries(session);
  let query = db
    .selectFrom('alias_history')
    .leftJoin('versions as f', 'f.id', 'alias_history.from_version_id')
    .leftJoin('versions as t', 't.id', 'alias_history.to_version_id')
    .select([
      'alias_history.id',
      'alias_history.alias',
      'alias_history.at',
      'alias_history.by',
      'alias_history.action',
      'alias_history.from_version_id as fromVersionId',
      'f.label as fromLabel',
      't.label as toLabel',
    ])
    .where('alias_history.asset_id', '=', assetId)
    .where('alias_history.alias', '=', alias);
  if (options.movesOnly === true) query = query.where('alias_history.action', '=', 'move');
  return query.orderBy('alias_history.seq', 'desc').limit(limit).execute();
}

/** The most recently committed ready version other than `exceptId`: where `latest` falls back to. */
export async function latestReadyVersion(
  session: Session,
  assetId: string,
  exceptId?: string,
): Promise<Version | undefined> {
  const db = queries(session);
  let query = db.selectFrom('versions').selectAll().where('asset_id', '=', assetId).where('state', '=', 'ready');
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  const row = await query.orderBy('committed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row === undefined ? undefined : versionOf(row);
}

/** Pending versions whose deadline passed: a client gave up on them. */
/**
 * Deletes a version only while it is still pending and expired: true when this call removed it, so of
 * several replicas sweeping at once exactly one records the expiry.
 */
export async function deleteExpiredPendingVersion(session: Session, id: string, now: string): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .deleteFrom('versions')
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('pending_expires_at', '<', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function expiredPendingVersions(session: Session, now: string, limit: number): Promise<Version[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('versions')
    .selectAll()
    .where('state', '=', 'pending')
    .where('pending_expires_at', '<', now)
    .limit(limit)
    .execute();
  return rows.map(versionOf);
}

/** The summaries of these versions (those that still exist), in no particular order. */
export async function versionSummaries(session: Session, ids: string[]): Promise<VersionSummary[]> {
  const db = queries(session);
  if (ids.length === 0) return [];
  return db
    .selectFrom('versions')
    .select([
      'id',
      'label',
      'description',
      'total_size as totalSize',
      'flavor',
      'framework',
      'data_type as dataType',
      'job',
    ])
    .where('id', 'in', ids)
    .execute();
}

/** Where a version lives, by name: its scope, its asset and its label. */
export interface VersionPlace {
  scopeKind: ScopeKind;
  scope: string;
  type: string;
  name: string;
  version: string;
}

/** Versions with the scope, type, name and label that place them. */
function placesQuery(db: Queries) {
  return db
    .selectFrom('versions')
    .innerJoin('assets', 'assets.id', 'versions.asset_id')
    .innerJoin('scopes', 'scopes.id', 'assets.scope_id')
    .select([
      'scopes.kind as scopeKind',
      'scopes.name as scope',
      'assets.type as type',
      'assets.name as name',
      'versions.label as version',
    ]);
}

/** Where the version `versionId` lives, or undefined when it no longer exists. */
export async function versionPlace(session: Session, versionId: string): Promise<VersionPlace | undefined> {
  const db = queries(session);
  return placesQuery(db).where('versions.id', '=', versionId).executeTakeFirst();
}

/** Where each copy shared from the version `originId` lives (pending ones included), in no particular order. */
export async function copiesOfVersion(session: Session, originId: string): Promise<VersionPlace[]> {
  const db = queries(session);
  return placesQuery(db).where('versions.origin_version_id', '=', originId).execute();
}

/** One entry of an alias's history, with the labels of the versions it moved from and to. */
export interface AliasMoveEntry {
  alias: string;
  action: AliasHistoryAction;
  at: string;
  by: string;
  fromVersion: string | null;
  toVersion: string | null;
}

/** Every entry of the asset's alias histories that moved an alias from or to `versionId`, oldest first. */
export async function aliasMovesOfVersion(
  session: Session,
  assetId: string,
  versionId: string,
): Promise<AliasMoveEntry[]> {
  const db = queries(session);
  return db
    .selectFrom('alias_history')
    .leftJoin('versions as f', 'f.id', 'alias_history.from_version_id')
    .leftJoin('versions as t', 't.id', 'alias_history.to_version_id')
    .select([
      'alias_history.alias',
      'alias_history.action',
      'alias_history.at',
      'alias_history.by',
      'f.label as fromVersion',
      't.label as toVersion',
    ])
    .where('alias_history.asset_id', '=', assetId)
    .where((eb) =>
      eb.or([eb('alias_history.from_version_id', '=', versionId), eb('alias_history.to_version_id', '=', versionId)]),
    )
    .orderBy('alias_history.at')
    .orderBy('alias_history.id')
    .execute();
}

/** The first committed (not pending) copy of the version `originId` in the asset, by creation. */
export async function firstCopyInAsset(
  session: Session,
  assetId: string,
  originId: string,
): Promise<Version | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('versions')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('origin_version_id', '=', originId)
    .where('state', '!=', 'pending')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : versionOf(row);
}

/** A version's link in a share chain: the scope it lives in and the version it was shared from (null: none). */
export async function shareLink(
  session: Session,
  versionId: string,
): Promise<{ id: string; originVersionId: string | null; scopeId: string } | undefined> {
  const db = queries(session);
  return db
    .selectFrom('versions')
    .innerJoin('assets', 'assets.id', 'versions.asset_id')
    .select(['versions.id', 'versions.origin_version_id as originVersionId', 'assets.scope_id as scopeId'])
    .where('versions.id', '=', versionId)
    .executeTakeFirst();
}

/** The id of the first committed (not pending) copy in the scope of any of the versions `originIds`, by creation. */
export async function firstCopyInScope(
  session: Session,
  scopeId: string,
  originIds: string[],
): Promise<string | undefined> {
  const db = queries(session);
  if (originIds.length === 0) return undefined;
  const copy = await db
    .selectFrom('versions')
    .innerJoin('assets', 'assets.id', 'versions.asset_id')
    .select('versions.id')
    .where('assets.scope_id', '=', scopeId)
    .where('versions.origin_version_id', 'in', originIds)
    .where('versions.state', '!=', 'pending')
    .orderBy('versions.created_at')
    .orderBy('versions.id')
    .limit(1)
    .executeTakeFirst();
  return copy?.id;
}

/** Protected aliases of the assets in a scope, by asset name then alias: at most `limit` of them. */
export async function protectedAliasesInScope(
  session: Session,
  scopeId: string,
  limit: number,
): Promise<{ type: string; name: string; alias: string }[]> {
  const db = queries(session);
  return db
    .selectFrom('aliases')
    .innerJoin('assets', 'assets.id', 'aliases.asset_id')
    .select(['assets.type', 'assets.name', 'aliases.name as alias'])
    .where('assets.scope_id', '=', scopeId)
    .where('aliases.protected', '=', 1)
    .orderBy('assets.name_key')
    .orderBy('aliases.name')
    .limit(limit)
    .execute();
}

/**
 * Deletes a version only while it is still pending: true when this call removed it (a commit that got
 * there first made it ready, and it stays).
 */
export async function deletePendingVersion(session: Session, id: string): Promise<boolean> {
  const db = queries(session);
  const result = await db.deleteFrom('versions').where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Locks a version until the transaction ends while it is still pending (a write that changes nothing):
 * true when it is, false when a commit made it ready first (or it is gone).
 */
export async function holdPendingVersion(session: Session, id: string): Promise<boolean> {
  const db = queries(session);
  const held = await db
    .updateTable('versions')
    .set((eb) => ({ state: eb.ref('state') }))
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(held.numUpdatedRows) > 0;
}

/** Where an asset lives: its scope (kind, name and region) and its own type and name. */
export async function assetPlace(
  session: Session,
  assetId: string,
): Promise<{ location: string; scopeKind: ScopeKind; scope: string; type: string; name: string } | undefined> {
  const db = queries(session);
  return db
    .selectFrom('assets')
    .innerJoin('scopes', 'scopes.id', 'assets.scope_id')
    .select(['scopes.location', 'scopes.kind as scopeKind', 'scopes.name as scope', 'assets.type', 'assets.name'])
    .where('assets.id', '=', assetId)
    .executeTakeFirst();
}
