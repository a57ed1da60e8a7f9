import { randomUUID } from 'node:crypto';
import { onPostgres } from './dialect.js';
import { latestAlias } from '../../core/asset-types.js';
import { ArcaError, arcaError } from '../../core/errors.js';
import { queries, type Queries, type Session, type Tx } from './session.js';
import { aliasOf, type AliasRow, type VersionRow } from './assets-repository.js';

/**
 * Every alias write goes through here, inside the caller's transaction. The rules, one per invariant:
 *
 * - An alias only points at a ready version: the target row is read with a share lock (PostgreSQL
 *   `FOR SHARE`), which an archive (`update … state`) or a delete (`FOR UPDATE`) of that version waits
 *   for, and which waits for them: whichever comes second sees the first one's result.
 * - History is a strict chain: the alias row is locked (`FOR UPDATE`) before its current target is
 *   read, and the history entry (numbered `seq`, unique per alias) is written in the same transaction.
 * - A new alias is created once: `insert … on conflict do nothing`; the loser waits for the winner's
 *   commit, then locks the row the winner made and moves it like any other.
 *
 * Row locks rather than serialisable transactions: the conflicts are on one known row each, so a
 * lock waits instead of failing and needs no retry loop. SQLite has one writer at a time; the first
 * statement is a write, so the transaction holds the write lock before it reads (BEGIN IMMEDIATE
 * semantics: another process cannot commit between our read and our write).
 *
 * Lock order, everywhere: version being changed → alias row → target version; the audit lock
 * (appendAudit) last. Keeping one order is what keeps two of these from deadlocking.
 */

export interface AliasMove {
  historyId: string;
  assetId: string;
  name: string;
  /** null removes the alias. */
  toVersionId: string | null;
  at: string;
  by: string;
  protected?: boolean;
  /** Read under the alias's lock: true keeps the alias where it is (no move, no history). */
  keep?: (currentVersionId: string) => Promise<boolean>;
}

/** Locks an alias for the rest of the transaction and returns it, or undefined when it does not exist. */
export async function lockAlias(session: Tx, assetId: string, name: string): Promise<AliasRow | undefined> {
  const db = queries(session);
  const query = db.selectFrom('aliases').selectAll().where('asset_id', '=', assetId).where('name', '=', name);
  if (onPostgres(db)) {
    const row = await query.forUpdate().executeTakeFirst();
    return row === undefined ? undefined : aliasOf(row);
  }
  // A write that changes nothing: SQLite's write lock, taken before the read below.
  await db
    .updateTable('aliases')
    .set((eb) => ({ protected: eb.ref('protected') }))
    .where('asset_id', '=', assetId)
    .where('name', '=', name)
    .execute();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : aliasOf(row);
}

/**
 * Reads a version an alias is about to point at, locked against archive and delete until the
 * transaction ends: `VersionNotFound` when it is gone, `AliasTargetInvalid` unless it is ready.
 */
export async function lockAliasTarget(session: Tx, assetId: string, versionId: string): Promise<VersionRow> {
  const db = queries(session);
  const query = db.selectFrom('versions').selectAll().where('id', '=', versionId).where('asset_id', '=', assetId);
  const version = await (onPostgres(db) ? query.forShare() : query).executeTakeFirst();
  if (version === undefined) throw arcaError('VersionNotFound', 'aliasTargetDeleted', {}, { target: 'version' });
  if (version.state !== 'ready')
    throw arcaError('AliasTargetInvalid', { version: version.label, state: version.state }, { target: 'version' });
  return version;
}

/** Points an alias at a ready version (or removes it) and records the move as the next link of its history. */
export async function moveAlias(session: Tx, move: AliasMove): Promise<{ fromVersionId: string | null }> {
  const db = queries(session);
  let current = await lockAlias(session, move.assetId, move.name);
  if ((current?.version_id ?? null) === move.toVersionId) return { fromVersionId: move.toVersionId };
  if (current !== undefined && (await move.keep?.(current.version_id))) return { fromVersionId: current.version_id };
  if (move.toVersionId !== null) await lockAliasTarget(session, move.assetId, move.toVersionId);
  if (move.toVersionId === null) {
    await db.deleteFrom('aliases').where('asset_id', '=', move.assetId).where('name', '=', move.name).execute();
  } else if (current === undefined) {
    const row = {
      asset_id: move.assetId,
      name: move.name,
      version_id: move.toVersionId,
      protected: Number(move.protected ?? false),
      updated_at: move.at,
      updated_by: move.by,
    };
    const inserted = await db
      .insertInto('aliases')
      .values(row)
      .onConflict((oc) => oc.columns(['asset_id', 'name']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      // Another transaction created it first (we waited for its commit): move the row it made.
      current = await lockAlias(session, move.assetId, move.name);
      if (current?.version_id === move.toVersionId) return { fromVersionId: move.toVersionId };
      if (current !== undefined && (await move.keep?.(current.version_id)))
        return { fromVersionId: current.version_id };
      await db
        .updateTable('aliases')
        .set({ version_id: move.toVersionId, updated_at: move.at, updated_by: move.by })
        .where('asset_id', '=', move.assetId)
        .where('name', '=', move.name)
        .execute();
    }
  } else {
    await db
      .updateTable('aliases')
      .set({ version_id: move.toVersionId, updated_at: move.at, updated_by: move.by })
      .where('asset_id', '=', move.assetId)
      .where('name', '=', move.name)
      .execute();
  }
  const fromVersionId = current?.version_id ?? null;
  await appendAliasHistory(db, {
    id: move.historyId,
    assetId: move.assetId,
    alias: move.name,
    fromVersionId,
    toVersionId: move.toVersionId,
    at: move.at,
    by: move.by,
    action: 'move',
  });
  return { fromVersionId };
}

/** Appends the next link of an alias's history (its `seq` one past the last). */
async function appendAliasHistory(
  db: Queries,
  entry: {
    id: string;
    assetId: string;
    alias: string;
    fromVersionId: string | null;
    toVersionId: string | null;
    at: string;
    by: string;
    action: 'move' | 'protect' | 'unprotect';
  },
): Promise<void> {
  const last = await db
    .selectFrom('alias_history')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('asset_id', '=', entry.assetId)
    .where('alias', '=', entry.alias)
    .executeTakeFirst();
  await db
    .insertInto('alias_history')
    .values({
      id: entry.id,
      asset_id: entry.assetId,
      alias: entry.alias,
      seq: Number(last?.seq ?? 0) + 1,
      from_version_id: entry.fromVersionId,
      to_version_id: entry.toVersionId,
      at: entry.at,
      by: entry.by,
      action: entry.action,
    })
    .execute();
}

/**
 * Switches an alias's protection on or off, recording who did it and when as the next link of its
 * history (from and to both name its version: the alias does not move). No entry when nothing changes.
 * Returns whether it changed.
 */
export async function setAliasProtection(
  session: Tx,
  change: { historyId: string; assetId: string; name: string; protected: boolean; at: string; by: string },
): Promise<boolean> {
  const db = queries(session);
  const current = await lockAlias(session, change.assetId, change.name);
  if (current === undefined || current.protected === change.protected) return false;
  await db
    .updateTable('aliases')
    .set({ protected: Number(change.protected) })
    .where('asset_id', '=', change.assetId)
    .where('name', '=', change.name)
    .execute();
  await appendAliasHistory(db, {
    id: change.historyId,
    assetId: change.assetId,
    alias: change.name,
    fromVersionId: current.version_id,
    toVersionId: current.version_id,
    at: change.at,
    by: change.by,
    action: change.protected ? 'protect' : 'unprotect',
  });
  return true;
}

/**
 * Moves `latest` to a version just committed (commit, share, push), unless under its lock `latest`
 * turns out to name a ready version committed after it (a concurrent commit that took the lock first
 * but stamped a later time): `latest` always names the newest committed version, in the same order
 * `moveLatestOff` picks a fallback (committed time, then id).
 */
export async function moveLatestTo(
  session: Tx,
  move: Omit<AliasMove, 'name' | 'keep'> & { toVersionId: string },
): Promise<void> {
  const db = queries(session);
  const read = (id: string) =>
    db.selectFrom('versions').select(['id', 'state', 'committed_at']).where('id', '=', id).executeTakeFirst();
  const keep = async (currentVersionId: string): Promise<boolean> => {
    const current = await read(currentVersionId);
    const target = await read(move.toVersionId);
    return current?.state === 'ready' && target !== undefined && newer(current, target);
  };
  await moveAlias(session, { ...move, name: latestAlias, keep });
}

function newer(
  a: { id: string; committed_at: string | null },
  b: { id: string; committed_at: string | null },
): boolean {
  const [x, y] = [a.committed_at ?? '', b.committed_at ?? ''];
  return x !== y ? x > y : a.id > b.id;
}

/**
 * When `latest` points at `versionId` (being archived or deleted), moves it to the newest other ready
 * version, or removes it when there is none, with history. A candidate archived or deleted meanwhile
 * is passed over (bounded: each pass excludes one more of the asset's versions).
 */
export async function moveLatestOff(
  session: Tx,
  move: Omit<AliasMove, 'name' | 'toVersionId'> & { versionId: string },
): Promise<void> {
  const db = queries(session);
  const latest = await lockAlias(session, move.assetId, latestAlias);
  if (latest?.version_id !== move.versionId) return;
  const passedOver: string[] = [move.versionId];
  for (;;) {
    const candidate = await db
      .selectFrom('versions')
      .select('id')
      .where('asset_id', '=', move.assetId)
      .where('state', '=', 'ready')
      .where('id', 'not in', passedOver)
      .orderBy('committed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (candidate === undefined) break;
    try {
      await lockAliasTarget(session, move.assetId, candidate.id);
    } catch (error) {
      if (error instanceof ArcaError && (error.code === 'AliasTargetInvalid' || error.code === 'VersionNotFound')) {
        passedOver.push(candidate.id);
        continue;
      }
      throw error;
    }
    await moveAlias(session, { ...move, name: latestAlias, toVersionId: candidate.id });
    return;
  }
  await moveAlias(session, { ...move, name: latestAlias, toVersionId: null });
}

/**
 * Takes every alias off a version about to be deleted, each with a history entry (none is dropped
 * unrecorded by the foreign key's cascade): `latest` moves back to the newest other ready version (or
 * goes, see `moveLatestOff`), every other alias goes. The caller has locked them (`aliasesOfVersionForDelete`)
 * and checked none is protected. Returns the names of the aliases that pointed at the version.
 */
export async function moveAliasesOffVersion(
  session: Tx,
  move: { assetId: string; versionId: string; at: string; by: string },
): Promise<string[]> {
  const db = queries(session);
  const aliases = await db
    .selectFrom('aliases')
    .select('name')
    .where('version_id', '=', move.versionId)
    .orderBy('name')
    .execute();
  for (const { name } of aliases) {
    const common = { historyId: randomUUID(), assetId: move.assetId, at: move.at, by: move.by };
    if (name === latestAlias) await moveLatestOff(session, { ...common, versionId: move.versionId });
    else await moveAlias(session, { ...common, name, toVersionId: null });
  }
  return aliases.map((a) => a.name);
}

/**
 * Archives a ready version: a conditional update, so of two archives only one acts, and the row lock
 * it takes orders it against alias moves to this version (see `lockAliasTarget`). False when the
 * version was not ready any more. The caller then refuses (rolls back) if an alias points at it.
 */
/** Restores an archived version: a conditional update, so of two racing restores one does the work (and moves `latest`). */
export async function restoreArchivedVersion(
  session: Session,
  versionId: string,
  at: string,
  by: string,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('versions')
    .set({ state: 'ready', updated_at: at, updated_by: by })
    .where('id', '=', versionId)
    .where('state', '=', 'archived')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function archiveReadyVersion(
  session: Session,
  versionId: string,
  at: string,
  by: string,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('versions')
    .set({ state: 'archived', updated_at: at, updated_by: by })
    .where('id', '=', versionId)
    .where('state', '=', 'ready')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
