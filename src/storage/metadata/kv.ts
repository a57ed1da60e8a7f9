import type { Db } from './metadata-store.js';

/** The key/value side tables (tags and properties) of scopes, assets and versions. */
export type KvTable = 'asset_tags' | 'version_tags' | 'version_properties';
type OwnerColumn<T extends KvTable> = T extends 'asset_tags' ? 'asset_id' : 'version_id';

function ownerColumn(table: KvTable): 'asset_id' | 'version_id' {
  return table === 'asset_tags' ? 'asset_id' : 'version_id';
}

/** Replaces every key/value of an owner. */
export async function replaceKv(db: Db, table: KvTable, ownerId: string, values: Record<string, string>): Promise<void> {
  const owner = ownerColumn(table);
  await db.deleteFrom(table).where(owner as OwnerColumn<typeof table>, '=', ownerId).execute();
  const rows = Object.entries(values).map(([key, value]) => ({ [owner]: ownerId, key, value }));
  if (rows.length > 0) await db.insertInto(table).values(rows as never).execute();
}

/** Key/values of many owners at once, grouped by owner id (keys in bytewise order). */
export async function loadKv(db: Db, table: KvTable, ownerIds: string[]): Promise<Map<string, Record<string, string>>> {
  const result = new Map<string, Record<string, string>>();
  if (ownerIds.length === 0) return result;
  const owner = ownerColumn(table);
  const rows = await db.selectFrom(table).select([owner as 'version_id', 'key', 'value']).where(owner as 'version_id', 'in', ownerIds).orderBy('key').execute();
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
