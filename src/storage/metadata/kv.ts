import { queries, type Session } from './session.js';

/** The key/value side tables (tags and properties) of scopes, assets and versions. */
export type KvTable = 'asset_tags' | 'version_tags' | 'version_properties';
type OwnerColumn<T extends KvTable> = T extends 'asset_tags' ? 'asset_id' : 'version_id';

function ownerColumn(table: KvTable): 'asset_id' | 'version_id' {
  return table === 'asset_tags' ? 'asset_id' : 'version_id';
}

/** Replaces every key/value of an owner. */
export async function replaceKv(
  session: Session,
  table: KvTable,
  ownerId: string,
  values: Record<string, string>,
): Promise<void> {
  const db = queries(session);
  const owner = ownerColumn(table);
  await db
    .deleteFrom(table)
    .where(owner as OwnerColumn<typeof table>, '=', ownerId)
    .execute();
  const rows = Object.entries(values).map(([key, value]) => ({ [owner]: ownerId, key, value }));
  if (rows.length > 0)
    await db
      .insertInto(table)
      .values(rows as never)
      .execute();
}

/**
 * Applies a merge patch to an owner's stored rows: a string sets the key (upsert), null removes it;
 * keys the patch does not name are never touched.
 *
 * Why key-wise statements rather than read, merge, replace all: a replace deletes and rewrites every
 * key, so two patches of distinct keys running together undid each other (a key acknowledged with 200
 * went missing) or collided on the primary key (500). Here each key is one atomic statement on both
 * dialects (`ON CONFLICT … DO UPDATE`); concurrent patches of the same key end with one of the values.
 * Callers write the owner's row first in the same transaction, so patches of one owner run one after
 * the other on PostgreSQL (no lock-order deadlock between their key rows).
 */
export async function patchKv(
  session: Session,
  table: KvTable,
  ownerId: string,
  patch: Record<string, string | null>,
): Promise<void> {
  const db = queries(session);
  const owner = ownerColumn(table) as 'version_id';
  const keys = Object.keys(patch).sort();
  const removed = keys.filter((key) => patch[key] === null);
  const rows = keys.flatMap((key) => {
    const value = patch[key];
    return value === null || value === undefined ? [] : [{ [owner]: ownerId, key, value }];
  });
  if (removed.length > 0)
    await db
      .deleteFrom(table as 'version_tags')
      .where(owner, '=', ownerId)
      .where('key', 'in', removed)
      .execute();
  if (rows.length > 0) {
    await db
      .insertInto(table as 'version_tags')
      .values(rows as never)
      .onConflict((oc) => oc.columns([owner, 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }
}

/** Key/values of many owners at once, grouped by owner id (keys in bytewise order). */
export async function loadKv(
  session: Session,
  table: KvTable,
  ownerIds: string[],
): Promise<Map<string, Record<string, string>>> {
  const db = queries(session);
  const result = new Map<string, Record<string, string>>();
  if (ownerIds.length === 0) return result;
  const owner = ownerColumn(table);
  const rows = await db
    .selectFrom(table)
    .select([owner as 'version_id', 'key', 'value'])
    .where(owner as 'version_id', 'in', ownerIds)
    .orderBy('key')
    .execute();
  for (const row of rows) {
    const id = (row as Record<string, string>)[owner] as string;
    const values = result.get(id) ?? {};
    values[row.key] = row.value;
    result.set(id, values);
  }
  return result;
}

/** Applies a merge patch: a string sets the key, null removes it. Returns the merged values. */
export function mergeKv(current: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
