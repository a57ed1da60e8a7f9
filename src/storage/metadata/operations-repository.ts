import type { Selectable } from 'kysely';
import { queries, type Session } from './session.js';
import type { OperationStatus, OperationsTable } from './tables.js';

export type OperationRow = Selectable<OperationsTable>;

export async function insertOperation(session: Session, row: Omit<OperationRow, 'attempts'>): Promise<void> {
  const db = queries(session);
  await db.insertInto('operations').values(row).execute();
}

export async function findOperation(session: Session, id: string): Promise<OperationRow | undefined> {
  const db = queries(session);
  return db.selectFrom('operations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The running operation on a target, if any (at most one runs per target). */
export async function findRunningOperationFor(session: Session, targetId: string): Promise<OperationRow | undefined> {
  const db = queries(session);
  return db
    .selectFrom('operations')
    .selectAll()
    .where('target_id', '=', targetId)
    .where('status', '=', 'Running')
    .executeTakeFirst();
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
export async function listAbandonedOperations(session: Session, now: string, limit: number): Promise<OperationRow[]> {
  const db = queries(session);
  return db
    .selectFrom('operations')
    .selectAll()
    .where('status', '=', 'Running')
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/** Ends a running operation this owner holds; false when it lost the lease to another process. */
export async function finishOperation(
  session: Session,
  { id, owner, status, now, error }: OperationEnd,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('operations')
    .set({
      status,
      updated_at: now,
      ended_at: now,
      lease_owner: null,
      lease_expires_at: null,
      error: error === undefined ? null : JSON.stringify(error),
    })
    .where('id', '=', id)
    .where('status', '=', 'Running')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
