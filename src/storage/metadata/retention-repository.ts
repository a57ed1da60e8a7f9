import type { AssetType } from '../../core/asset-types.js';
import type { VersionState } from '../../core/model/assets.js';
import { queries, type Session } from './session.js';

/** A stored retention policy (`policy` is the validated policy, as JSON). */
export interface StoredRetentionPolicy {
  scopeId: string;
  policy: string;
  intervalSeconds: number | null;
  updatedAt: string;
  updatedBy: string;
}

/** Sets a scope's policy, replacing the one it had. */
export async function putRetentionPolicy(session: Session, row: StoredRetentionPolicy): Promise<void> {
  const values = {
    policy: row.policy,
    interval_seconds: row.intervalSeconds,
    updated_at: row.updatedAt,
    updated_by: row.updatedBy,
  };
  await queries(session)
    .insertInto('retention_policies')
    .values({ scope_id: row.scopeId, ...values })
    .onConflict((c) => c.column('scope_id').doUpdateSet(values))
    .execute();
}

export async function findRetentionPolicy(
  session: Session,
  scopeId: string,
): Promise<StoredRetentionPolicy | undefined> {
  const row = await queries(session)
    .selectFrom('retention_policies')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        scopeId: row.scope_id,
        policy: row.policy,
        intervalSeconds: row.interval_seconds === null ? null : Number(row.interval_seconds),
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      };
}

/** Removes a scope's policy; false when it had none. */
export async function deleteRetentionPolicy(session: Session, scopeId: string): Promise<boolean> {
  const result = await queries(session)
    .deleteFrom('retention_policies')
    .where('scope_id', '=', scopeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The policies that run by themselves (an interval), with their scope's id. */
export async function scheduledRetentionPolicies(
  session: Session,
  limit: number,
): Promise<{ scopeId: string; intervalSeconds: number }[]> {
  const rows = await queries(session)
    .selectFrom('retention_policies')
    .select(['scope_id', 'interval_seconds'])
    .where('interval_seconds', 'is not', null)
    .orderBy('scope_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ scopeId: r.scope_id, intervalSeconds: Number(r.interval_seconds) }));
}

/** The assets of a scope of the given types, by name. */
export async function assetsOfTypes(
  session: Session,
  scopeId: string,
  types: readonly AssetType[],
): Promise<{ id: string; type: AssetType; name: string }[]> {
  if (types.length === 0) return [];
  const rows = await queries(session)
    .selectFrom('assets')
    .select(['id', 'type', 'name'])
    .where('scope_id', '=', scopeId)
    .where('type', 'in', [...types])
    .orderBy('type')
    .orderBy('name_key')
    .execute();
  return rows.map((r) => ({ ...r, type: r.type as AssetType }));
}

/** A version as retention weighs it: state, when it became ready, and what holds on to it. */
export interface VersionHolds {
  id: string;
  label: string;
  state: VersionState;
  /** When it was committed (created, for a pending one). */
  readyAt: string;
  aliases: string[];
  /** The aliases a pending approval would point at it. */
  pendingApprovals: string[];
  /** Versions that derive from it (lineage inputs), other than itself. */
  derivedBy: string[];
  /** Versions elsewhere whose origin it is (shared into another scope). */
  sharedAs: string[];
}

/** The versions of an asset (all, or only `versionIds`) with what holds on to each, in four queries. */
export async function versionHolds(
  session: Session,
  assetId: string,
  versionIds?: readonly string[],
): Promise<VersionHolds[]> {
  const db = queries(session);
  let query = db
    .selectFrom('versions')
    .select(['id', 'label', 'state', 'committed_at', 'created_at'])
    .where('asset_id', '=', assetId);
  if (versionIds !== undefined) {
    if (versionIds.length === 0) return [];
    query = query.where('id', 'in', [...versionIds]);
  }
  const versions = await query.execute();
  const ids = versions.map((v) => v.id);
  if (ids.length === 0) return [];
  // One after another: in a transaction they share one connection.
  const aliases = await db
    .selectFrom('aliases')
    .select(['name', 'version_id'])
    .where('version_id', 'in', ids)
    .orderBy('name')
    .execute();
  const approvals = await db
    .selectFrom('approvals')
    .select(['alias', 'version_id'])
    .where('version_id', 'in', ids)
    .where('state', '=', 'pending')
    .orderBy('alias')
    .execute();
  const derived = await db
    .selectFrom('version_lineage')
    .select(['version_id', 'target_version_id'])
    .distinct()
    .where('target_version_id', 'in', ids)
    .whereRef('version_id', '!=', 'target_version_id')
    .orderBy('version_id')
    .execute();
  const shared = await db
    .selectFrom('versions')
    .select(['id', 'origin_version_id'])
    .where('origin_version_id', 'in', ids)
    .whereRef('id', '!=', 'origin_version_id')
    .orderBy('id')
    .execute();
  const group = <R>(rows: R[], key: (r: R) => string | null, value: (r: R) => string) => {
    const map = new Map<string, string[]>();
    for (const row of rows) {
      const k = key(row);
      if (k !== null) map.set(k, [...(map.get(k) ?? []), value(row)]);
    }
    return map;
  };
  const aliasesOf = group(
    aliases,
    (r) => r.version_id,
    (r) => r.name,
  );
  const approvalsOf = group(
    approvals,
    (r) => r.version_id,
    (r) => r.alias,
  );
  const derivedOf = group(
    derived,
    (r) => r.target_version_id,
    (r) => r.version_id,
  );
  const sharedOf = group(
    shared,
    (r) => r.origin_version_id,
    (r) => r.id,
  );
  return versions.map((v) => ({
    id: v.id,
    label: v.label,
    state: v.state,
    readyAt: v.committed_at ?? v.created_at,
    aliases: aliasesOf.get(v.id) ?? [],
    pendingApprovals: approvalsOf.get(v.id) ?? [],
    derivedBy: derivedOf.get(v.id) ?? [],
    sharedAs: sharedOf.get(v.id) ?? [],
  }));
}
