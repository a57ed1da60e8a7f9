import type { Selectable } from 'kysely';
import type { UploadSession } from '../../core/model/uploads.js';
import { queries, type Session } from './session.js';
import type { UploadSessionsTable } from './tables.js';

type UploadSessionRow = Selectable<UploadSessionsTable>;

function uploadSessionOf(row: UploadSessionRow): UploadSession {
  return {
    id: row.id,
    region: row.region,
    scopeId: row.scope_id,
    offset: Number(row.offset),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    repository: row.repository,
  };
}

/** Which of `digests` the region's store holds, with their sizes. */
export async function blobsPresent(session: Session, region: string, digests: string[]): Promise<Map<string, number>> {
  const db = queries(session);
  const present = new Map<string, number>();
  for (let i = 0; i < digests.length; i += 500) {
    const rows = await db
      .selectFrom('blobs')
      .select(['digest', 'size'])
      .where('region', '=', region)
      .where('digest', 'in', digests.slice(i, i + 500))
      .execute();
    for (const row of rows) present.set(row.digest, Number(row.size));
  }
  return present;
}

/** A blob a region's store holds: its digest and size, and since when. */
export interface StoredBlob {
  region: string;
  digest: string;
  size: number;
  at: string;
}

/** Records that the region's store now holds a blob (idempotent). */
export async function recordBlob(session: Session, { region, digest, size, at }: StoredBlob): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('blobs')
    .values({ region, digest, size, created_at: at })
    .onConflict((oc) => oc.columns(['region', 'digest']).doNothing())
    .execute();
}

/** Opens an upload session (nothing received yet) and returns it as stored. */
export async function insertUploadSession(
  session: Session,
  upload: {
    id: string;
    region: string;
    scopeId: string;
    at: string;
    by: string;
    expiresAt: string;
    /** OCI uploads: the repository of the scope the blob joins when the upload finishes. */
    repository: string | null;
  },
): Promise<UploadSession> {
  const db = queries(session);
  const row: UploadSessionRow = {
    id: upload.id,
    region: upload.region,
    scope_id: upload.scopeId,
    offset: 0,
    created_at: upload.at,
    created_by: upload.by,
    updated_at: upload.at,
    expires_at: upload.expiresAt,
    repository: upload.repository,
  };
  await db.insertInto('upload_sessions').values(row).execute();
  return uploadSessionOf(row);
}

export async function findUploadSession(session: Session, id: string): Promise<UploadSession | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('upload_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : uploadSessionOf(row);
}

/** Records how many bytes a session's store holds now, and pushes its expiry out. */
export async function recordUploadOffset(
  session: Session,
  id: string,
  progress: { offset: number; at: string; expiresAt: string },
): Promise<void> {
  const db = queries(session);
  await db
    .updateTable('upload_sessions')
    .set({ offset: progress.offset, updated_at: progress.at, expires_at: progress.expiresAt })
    .where('id', '=', id)
    .execute();
}

export async function deleteUploadSession(session: Session, id: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('upload_sessions').where('id', '=', id).execute();
}

/** Deletes a session only while it is still expired: true when this call removed it (one replica records it). */
export async function deleteExpiredUploadSession(session: Session, id: string, now: string): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .deleteFrom('upload_sessions')
    .where('id', '=', id)
    .where('expires_at', '<', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function expiredUploadSessions(session: Session, now: string, limit: number): Promise<UploadSession[]> {
  const db = queries(session);
  const rows = await db.selectFrom('upload_sessions').selectAll().where('expires_at', '<', now).limit(limit).execute();
  return rows.map(uploadSessionOf);
}

/**
 * Queues the blobs of a version being deleted that no other version in the region still lists.
 * Call before deleting the version's rows, in the same transaction. The collector re-checks
 * references (and a grace period) before it removes anything, so a concurrent commit is safe.
 */
export async function queueUnreferencedBlobs(
  session: Session,
  region: string,
  versionId: string,
  at: string,
): Promise<number> {
  const db = queries(session);
  const files = await db
    .selectFrom('version_files')
    .select('digest')
    .distinct()
    .where('version_id', '=', versionId)
    .execute();
  let queued = 0;
  for (const { digest } of files) {
    const other = await db
      .selectFrom('version_files')
      .innerJoin('versions', 'versions.id', 'version_files.version_id')
      .innerJoin('assets', 'assets.id', 'versions.asset_id')
      .innerJoin('scopes', 'scopes.id', 'assets.scope_id')
      .select('version_files.version_id')
      .where('version_files.digest', '=', digest)
      .where('version_files.version_id', '!=', versionId)
      .where('scopes.location', '=', region)
      .limit(1)
      .executeTakeFirst();
    if (other !== undefined) continue;
    await db
      .insertInto('gc_candidates')
      .values({ region, digest, queued_at: at })
      .onConflict((oc) => oc.columns(['region', 'digest']).doUpdateSet({ queued_at: at }))
      .execute();
    queued++;
  }
  return queued;
}
