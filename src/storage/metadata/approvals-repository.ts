import type { Selectable } from 'kysely';
import type { Approval, ApprovalState, LabelledApproval, PlacedApproval } from '../../core/model/approvals.js';
import { queries, type Session } from './session.js';
import type { ApprovalsTable } from './tables.js';

type ApprovalRow = Selectable<ApprovalsTable>;

function approvalOf(row: ApprovalRow): Approval {
  return {
    id: row.id,
    assetId: row.asset_id,
    alias: row.alias,
    versionId: row.version_id,
    state: row.state,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
  };
}

/** Files a pending request to move an alias of the asset to a version; returns it as stored. */
export async function insertApproval(
  session: Session,
  request: {
    id: string;
    assetId: string;
    alias: string;
    versionId: string;
    reason: string | null;
    by: string;
    at: string;
  },
): Promise<Approval> {
  const db = queries(session);
  const row: ApprovalRow = {
    id: request.id,
    asset_id: request.assetId,
    alias: request.alias,
    version_id: request.versionId,
    state: 'pending',
    reason: request.reason,
    requested_by: request.by,
    requested_at: request.at,
    decided_by: null,
    decided_at: null,
    decision_reason: null,
  };
  await db.insertInto('approvals').values(row).execute();
  return approvalOf(row);
}

export async function findApproval(session: Session, assetId: string, id: string): Promise<Approval | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('approvals')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : approvalOf(row);
}

/** An asset's approval requests, newest first, each with the label of its version. */
export async function listApprovals(
  session: Session,
  assetId: string,
  state?: ApprovalState,
): Promise<LabelledApproval[]> {
  const db = queries(session);
  let query = db
    .selectFrom('approvals')
    .innerJoin('versions', 'versions.id', 'approvals.version_id')
    .selectAll('approvals')
    .select('versions.label as version')
    .where('approvals.asset_id', '=', assetId);
  if (state !== undefined) query = query.where('approvals.state', '=', state);
  const rows = await query.orderBy('approvals.requested_at', 'desc').limit(1000).execute();
  return rows.map(({ version, ...row }) => ({ ...approvalOf(row), version }));
}

/** Pending requests of every asset, newest first (at most `limit`), with the scope and asset each is about. */
export async function listPendingApprovals(session: Session, limit: number): Promise<PlacedApproval[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('approvals')
    .innerJoin('versions', 'versions.id', 'approvals.version_id')
    .innerJoin('assets', 'assets.id', 'approvals.asset_id')
    .innerJoin('scopes', 'scopes.id', 'assets.scope_id')
    .selectAll('approvals')
    .select([
      'versions.label as version',
      'assets.type as asset_type',
      'assets.name as asset_name',
      'scopes.kind as scope_kind',
      'scopes.name as scope_name',
    ])
    .where('approvals.state', '=', 'pending')
    .orderBy('approvals.requested_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(({ version, asset_type, asset_name, scope_kind, scope_name, ...row }) => ({
    ...approvalOf(row),
    version,
    scopeKind: scope_kind,
    scope: scope_name,
    assetType: asset_type,
    asset: asset_name,
  }));
}

/** Records a decision only if the request is still pending: two deciders cannot both win. */
export async function decideApproval(
  session: Session,
  id: string,
  decision: { state: 'approved' | 'rejected'; by: string; at: string; reason: string | null },
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('approvals')
    .set({ state: decision.state, decided_by: decision.by, decided_at: decision.at, decision_reason: decision.reason })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
