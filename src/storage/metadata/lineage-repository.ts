import { queries, type Session } from './session.js';
import type { LineageRelation } from './tables.js';

export interface LineageEdge {
  from: string;
  to: string;
  relation: LineageRelation;
}

/** A version, with where it lives, as a lineage graph shows it. */
export interface LineageNodeRow {
  id: string;
  label: string;
  state: string;
  asset_type: string;
  asset_name: string;
  scope_kind: 'registry' | 'workspace';
  scope_name: string;
}

export async function insertLineage(
  session: Session,
  versionId: string,
  edges: { relation: LineageRelation; targetVersionId: string }[],
): Promise<void> {
  const db = queries(session);
  const unique = new Map(edges.map((e) => [`${e.relation}\u0000${e.targetVersionId}`, e]));
  if (unique.size === 0) return;
  await db
    .insertInto('version_lineage')
    .values(
      [...unique.values()].map((e) => ({
        version_id: versionId,
        relation: e.relation,
        target_version_id: e.targetVersionId,
      })),
    )
    .execute();
}

/** Edges from `ids` to what they derive from (`up`) or from what derives from `ids` (`down`). */
export async function lineageEdges(session: Session, ids: string[], direction: 'up' | 'down'): Promise<LineageEdge[]> {
  const db = queries(session);
  if (ids.length === 0) return [];
  const column = direction === 'up' ? 'version_id' : 'target_version_id';
  const rows = await db.selectFrom('version_lineage').selectAll().where(column, 'in', ids).limit(10_000).execute();
  return rows.map((r) => ({ from: r.version_id, to: r.target_version_id, relation: r.relation }));
}

/** Versions derived from `versionId` (other than itself), at most `limit`. */
export async function derivedVersions(session: Session, versionId: string, limit: number): Promise<string[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('version_lineage')
    .select('version_id')
    .distinct()
    .where('target_version_id', '=', versionId)
    .where('version_id', '!=', versionId)
    .limit(limit)
    .execute();
  return rows.map((r) => r.version_id);
}

export async function lineageNodes(session: Session, ids: string[]): Promise<LineageNodeRow[]> {
  const db = queries(session);
  if (ids.length === 0) return [];
  return db
    .selectFrom('versions')
    .innerJoin('assets', 'assets.id', 'versions.asset_id')
    .innerJoin('scopes', 'scopes.id', 'assets.scope_id')
    .select([
      'versions.id as id',
      'versions.label as label',
      'versions.state as state',
      'assets.type as asset_type',
      'assets.name as asset_name',
      'scopes.kind as scope_kind',
      'scopes.name as scope_name',
    ])
    .where('versions.id', 'in', ids)
    .execute();
}
