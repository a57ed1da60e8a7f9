import { queries, type Session } from './session.js';

/** One MLflow artifact of a scope: a path under `mlflow-artifacts:/` naming a blob. */
export interface MlflowArtifact {
  path: string;
  digest: string;
  size: number;
  createdAt: string;
  createdBy: string;
}

function artifactOf(row: {
  path: string;
  digest: string;
  size: number | string;
  created_at: string;
  created_by: string;
}): MlflowArtifact {
  return {
    path: row.path,
    digest: row.digest,
    size: Number(row.size),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/**
 * The paths strictly under directory `dir` ('' for the root) as a bytewise range: `dir/` up to `dir0`
 * (`0` follows `/`), so no LIKE pattern needs escaping and the primary key serves the scan.
 */
function rangeUnder(dir: string): { from: string; to: string | undefined } {
  return dir === '' ? { from: '', to: undefined } : { from: `${dir}/`, to: `${dir}0` };
}

/** Stores (or replaces) the artifact at `path`. */
export async function putMlflowArtifact(
  session: Session,
  scopeId: string,
  artifact: Omit<MlflowArtifact, 'createdAt' | 'createdBy'> & { at: string; by: string },
): Promise<void> {
  const db = queries(session);
  const values = { digest: artifact.digest, size: artifact.size, created_at: artifact.at, created_by: artifact.by };
  await db
    .insertInto('mlflow_artifacts')
    .values({ scope_id: scopeId, path: artifact.path, ...values })
    .onConflict((oc) => oc.columns(['scope_id', 'path']).doUpdateSet(values))
    .execute();
}

export async function findMlflowArtifact(
  session: Session,
  scopeId: string,
  path: string,
): Promise<MlflowArtifact | undefined> {
  const row = await queries(session)
    .selectFrom('mlflow_artifacts')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .where('path', '=', path)
    .executeTakeFirst();
  return row === undefined ? undefined : artifactOf(row);
}

/** Up to `limit` artifacts under directory `dir` ('' for every one of the scope), in bytewise path order. */
export async function listMlflowArtifactsUnder(
  session: Session,
  scopeId: string,
  dir: string,
  limit: number,
  /** A later page: from this path on (inclusive), or past it (exclusive: the last path read). */
  start?: { path: string; inclusive: boolean },
): Promise<MlflowArtifact[]> {
  const { from, to } = rangeUnder(dir);
  let select = queries(session)
    .selectFrom('mlflow_artifacts')
    .selectAll()
    .where('scope_id', '=', scopeId)
    .where('path', '>=', from);
  if (start !== undefined) select = select.where('path', start.inclusive ? '>=' : '>', start.path);
  if (to !== undefined) select = select.where('path', '<', to);
  const rows = await select.orderBy('path').limit(limit).execute();
  return rows.map(artifactOf);
}

/** The file at `path`, if any, that is a directory of `path`'s (`a` for `a/b/c`): a file cannot hold files. */
export async function findMlflowArtifactAbove(
  session: Session,
  scopeId: string,
  path: string,
): Promise<string | undefined> {
  const segments = path.split('/');
  const parents = segments.slice(1).map((_, i) => segments.slice(0, i + 1).join('/'));
  if (parents.length === 0) return undefined;
  const row = await queries(session)
    .selectFrom('mlflow_artifacts')
    .select('path')
    .where('scope_id', '=', scopeId)
    .where('path', 'in', parents)
    .limit(1)
    .executeTakeFirst();
  return row?.path;
}

/**
 * Removes the file at `path` and every file under the directory `path` ('' for all); returns what went.
 * Call it in a transaction: the rows it reports are the rows it removes.
 */
export async function deleteMlflowArtifacts(
  session: Session,
  scopeId: string,
  path: string,
): Promise<MlflowArtifact[]> {
  const db = queries(session);
  const { from, to } = rangeUnder(path);
  let select = db.selectFrom('mlflow_artifacts').selectAll().where('scope_id', '=', scopeId);
  let remove = db.deleteFrom('mlflow_artifacts').where('scope_id', '=', scopeId);
  if (path !== '') {
    select = select.where((eb) =>
      eb.or([eb('path', '=', path), eb.and([eb('path', '>=', from), eb('path', '<', to ?? '')])]),
    );
    remove = remove.where((eb) =>
      eb.or([eb('path', '=', path), eb.and([eb('path', '>=', from), eb('path', '<', to ?? '')])]),
    );
  }
  const gone = await select.execute();
  if (gone.length > 0) await remove.execute();
  return gone.map(artifactOf);
}

/** An open multipart upload of one artifact. */
export interface MlflowArtifactUpload {
  id: string;
  scopeId: string;
  path: string;
  numParts: number;
  principalId: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
}

export async function insertMlflowArtifactUpload(session: Session, upload: MlflowArtifactUpload): Promise<void> {
  await queries(session)
    .insertInto('mlflow_artifact_uploads')
    .values({
      id: upload.id,
      scope_id: upload.scopeId,
      path: upload.path,
      num_parts: upload.numParts,
      principal_id: upload.principalId,
      created_at: upload.createdAt,
      created_by: upload.createdBy,
      expires_at: upload.expiresAt,
    })
    .execute();
}

export async function findMlflowArtifactUpload(
  session: Session,
  id: string,
): Promise<MlflowArtifactUpload | undefined> {
  const row = await queries(session)
    .selectFrom('mlflow_artifact_uploads')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    scopeId: row.scope_id,
    path: row.path,
    numParts: Number(row.num_parts),
    principalId: row.principal_id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
  };
}

/** Records a received part (a part sent again replaces the earlier one). */
export async function recordMlflowArtifactUploadPart(
  session: Session,
  part: { uploadId: string; partNumber: number; digest: string; size: number },
): Promise<void> {
  const values = { digest: part.digest, size: part.size };
  await queries(session)
    .insertInto('mlflow_artifact_upload_parts')
    .values({ upload_id: part.uploadId, part_number: part.partNumber, ...values })
    .onConflict((oc) => oc.columns(['upload_id', 'part_number']).doUpdateSet(values))
    .execute();
}

/** The parts received so far, by part number. */
export async function listMlflowArtifactUploadParts(
  session: Session,
  uploadId: string,
): Promise<{ partNumber: number; digest: string; size: number }[]> {
  const rows = await queries(session)
    .selectFrom('mlflow_artifact_upload_parts')
    .selectAll()
    .where('upload_id', '=', uploadId)
    .orderBy('part_number')
    .execute();
  return rows.map((r) => ({ partNumber: Number(r.part_number), digest: r.digest, size: Number(r.size) }));
}

/** Ends a multipart upload (its parts' rows go with it; their blobs are the collector's once nothing names them). */
export async function deleteMlflowArtifactUpload(session: Session, id: string): Promise<boolean> {
  const db = queries(session);
  await db.deleteFrom('mlflow_artifact_upload_parts').where('upload_id', '=', id).execute();
  const result = await db.deleteFrom('mlflow_artifact_uploads').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Multipart uploads of a scope that expired before `now` (for their removal). */
export async function expiredMlflowArtifactUploads(session: Session, now: string, limit: number): Promise<string[]> {
  const rows = await queries(session)
    .selectFrom('mlflow_artifact_uploads')
    .select('id')
    .where('expires_at', '<', now)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
