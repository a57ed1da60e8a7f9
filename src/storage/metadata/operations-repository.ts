import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Operation, OperationStatus } from '../../core/model/scopes.js';
import { createdBefore } from './created-order.js';
import { queries, type Session } from './session.js';
import { visibleScopesCondition, type ScopeVisibility } from './scope-visibility.js';
import type { OperationsTable } from './tables.js';

type OperationRow = Selectable<OperationsTable>;

/** JSON columns are parsed here: callers see the payload and the error as values. */
function operationOf(row: OperationRow): Operation {
  return {
    id: row.id,
    kind: row.kind,
    targetKind: row.target_kind,
    targetName: row.target_name,
    targetId: row.target_id,
    status: row.status,
    payload: JSON.parse(row.payload) as unknown,
    error: row.error === null ? null : (JSON.parse(row.error) as { code: string; message: string }),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    attempts: Number(row.attempts),
  };
}

function operationRow(operation: Omit<Operation, 'attempts'>): Insertable<OperationsTable> {
  return {
    id: operation.id,
    kind: operation.kind,
    target_kind: operation.targetKind,
    target_name: operation.targetName,
    target_id: operation.targetId,
    status: operation.status,
    payload: JSON.stringify(operation.payload),
    error: operation.error === null ? null : JSON.stringify(operation.error),
    created_at: operation.createdAt,
    created_by: operation.createdBy,
    updated_at: operation.updatedAt,
    ended_at: operation.endedAt,
    lease_owner: operation.leaseOwner,
    lease_expires_at: operation.leaseExpiresAt,
  };
}

/** The columns of an operation that ended at `now` as `status` (its lease let go; the error of a failure or cancel). */
function endedColumns(
  status: Exclude<OperationStatus, 'Running'>,
  now: string,
  error: { code: string; message: string } | undefined,
): Updateable<OperationsTable> {
  return {
    status,
    updated_at: now,
    ended_at: now,
    lease_owner: null,
    lease_expires_at: null,
    error: error === undefined ? null : JSON.stringify(error),
  };
}

export async function insertOperation(session: Session, operation: Omit<Operation, 'attempts'>): Promise<void> {
  const db = queries(session);
  await db.insertInto('operations').values(operationRow(operation)).execute();
}

export async function findOperation(session: Session, id: string): Promise<Operation | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('operations').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : operationOf(row);
}

/** The running operation on a target, if any (at most one runs per target). */
export async function findRunningOperationFor(session: Session, targetId: string): Promise<Operation | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('operations')
    .selectAll()
    .where('target_id', '=', targetId)
    .where('status', '=', 'Running')
    .executeTakeFirst();
  return row === undefined ? undefined : operationOf(row);
}

/** Operation `id`'s lease as `owner` asks for it at `now`, to hold until `leaseUntil`. */
export interface OperationLease {
  id: string;
  owner: string;
  now: string;
  leaseUntil: string;
}

/** How operation `id`, held by `owner`, ended at `now` (with the error of a failure). */
export interface OperationEnd {
  id: string;
  owner: string;
  status: Exclude<OperationStatus, 'Running'>;
  now: string;
  error?: { code: string; message: string } | undefined;
}

/**
 * Takes the lease of a running operation when it is free or expired. Returns true when this owner
 * now holds it: a single conditional UPDATE, so two processes can never both win.
 */
export async function claimOperation(
  session: Session,
  { id, owner, now, leaseUntil }: OperationLease,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('operations')
    .set((eb) => ({
      lease_owner: owner,
      lease_expires_at: leaseUntil,
      updated_at: now,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'Running')
    .where((eb) =>
      eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now), eb('lease_owner', '=', owner)]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends the lease this owner holds; false when it lost the lease to another process. */
export async function renewOperationLease(
  session: Session,
  { id, owner, now, leaseUntil }: OperationLease,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('operations')
    .set({ lease_expires_at: leaseUntil, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'Running')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Running operations whose lease has expired: their process died, so another may take them over. */
export async function listAbandonedOperations(session: Session, now: string, limit: number): Promise<Operation[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('operations')
    .selectAll()
    .where('status', '=', 'Running')
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map(operationOf);
}

/** Ends a running operation this owner holds; false when it lost the lease to another process. */
export async function finishOperation(
  session: Session,
  { id, owner, status, now, error }: OperationEnd,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('operations')
    .set(endedColumns(status, now, error))
    .where('id', '=', id)
    .where('status', '=', 'Running')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Which operations a caller may see (those of the scopes it may read operations of). */
export type OperationVisibility = ScopeVisibility;

/** A page of operations, newest first: by status and kind, after a cursor, within what the caller may see. */
export interface OperationListQuery {
  visible: OperationVisibility;
  status?: OperationStatus | undefined;
  kind?: string | undefined;
  /** The last operation of the previous page. */
  before?: { createdAt: string; id: string } | undefined;
  limit: number;
}

export async function listOperations(session: Session, query: OperationListQuery): Promise<Operation[]> {
  const db = queries(session);
  let select = db.selectFrom('operations').selectAll();
  const visible = visibleScopesCondition(query.visible, 'target_kind', 'target_id');
  if (visible !== undefined) select = select.where(visible);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.kind !== undefined) select = select.where('kind', '=', query.kind);
  const before = query.before;
  if (before !== undefined) select = select.where(createdBefore(before));
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(operationOf);
}

/** The newest operation on a target, whatever its status. */
export async function findLatestOperationFor(session: Session, targetId: string): Promise<Operation | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('operations')
    .selectAll()
    .where('target_id', '=', targetId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : operationOf(row);
}

/**
 * Ends a running operation as `Canceled`, whoever holds its lease: its runner finds out at its next lease
 * renewal and stops. False when it had already ended (one conditional UPDATE, so a finish and a cancel
 * racing each other leave exactly one outcome).
 */
export async function cancelOperation(
  session: Session,
  { id, now, error }: { id: string; now: string; error: { code: string; message: string } },
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('operations')
    .set(endedColumns('Canceled', now, error))
    .where('id', '=', id)
    .where('status', '=', 'Running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Sets a failed or cancelled operation running again, held by `owner`; false when it is not failed or
 * cancelled (any more): of two retries at once, exactly one wins.
 */
export async function restartOperation(
  session: Session,
  { id, owner, now, leaseUntil }: OperationLease,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('operations')
    .set({
      status: 'Running',
      updated_at: now,
      ended_at: null,
      error: null,
      lease_owner: owner,
      lease_expires_at: leaseUntil,
    })
    .where('id', '=', id)
    .where('status', 'in', ['Failed', 'Canceled'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
