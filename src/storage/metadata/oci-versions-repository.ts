import { randomUUID } from 'node:crypto';
import { queries, type Session } from './session.js';
import type { Digest } from '../../core/digest.js';
import type { Version } from '../../core/model/assets.js';
import { insertVersion, insertVersionFiles, updateVersion, versionOf } from './assets-repository.js';

/** The id of a version of the asset whose manifest is `digest`; `committed` leaves pending ones out. */
export async function findVersionIdByManifest(
  session: Session,
  assetId: string,
  digest: string,
  { committed }: { committed: boolean },
): Promise<string | undefined> {
  const db = queries(session);
  let select = db
    .selectFrom('versions')
    .select('id')
    .where('asset_id', '=', assetId)
    .where('manifest_digest', '=', digest);
  if (committed) select = select.where('state', '!=', 'pending');
  return (await select.executeTakeFirst())?.id;
}

/** Every version of the asset whose manifest is `digest`, pending ones included. */
export async function versionsByManifest(session: Session, assetId: string, digest: string): Promise<Version[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('versions')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('manifest_digest', '=', digest)
    .execute();
  return rows.map(versionOf);
}

/** True when the asset has an alias of that name and it is protected. */
export async function aliasIsProtected(session: Session, assetId: string, name: string): Promise<boolean> {
  const db = queries(session);
  const row = await db
    .selectFrom('aliases')
    .select('protected')
    .where('asset_id', '=', assetId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.protected === 1;
}

/** A committed version made by an OCI push: its manifest and the files of its image layout. */
export interface PushedVersion {
  assetId: string;
  label: string;
  manifestDigest: string;
  files: { path: string; size: number; digest: string }[];
  at: string;
  by: string;
}

/**
 * Inserts a version made by a push, ready at once, with its files; returns its id. The push checked
 * every digest (the manifest's by its parse, each layout file's as it was hashed or found present).
 */
export async function insertPushedVersion(session: Session, version: PushedVersion): Promise<string> {
  const id = randomUUID();
  await insertVersion(session, {
    id,
    assetId: version.assetId,
    label: version.label,
    description: null,
    state: 'ready',
    flavor: null,
    framework: null,
    dataType: null,
    job: null,
    source: null,
    originVersionId: null,
    manifestDigest: version.manifestDigest as Digest,
    totalSize: version.files.reduce((sum, f) => sum + f.size, 0),
    fileCount: version.files.length,
    createdAt: version.at,
    createdBy: version.by,
    updatedAt: version.at,
    updatedBy: version.by,
    committedAt: version.at,
    pendingExpiresAt: null,
    spec: null,
    specYaml: null,
  });
  await insertVersionFiles(
    session,
    version.files.map((f, position) => ({
      versionId: id,
      path: f.path,
      size: f.size,
      digest: f.digest as Digest,
      position,
    })),
  );
  return id;
}

/** Makes a pending version the image a push names: ready, with that manifest, size and file count. */
export async function completePushedVersion(
  session: Session,
  version: Version,
  push: { manifestDigest: string; totalSize: number; fileCount: number; at: string; by: string },
): Promise<void> {
  await updateVersion(session, version.id, {
    manifestDigest: push.manifestDigest as Digest,
    totalSize: push.totalSize,
    fileCount: push.fileCount,
    state: version.state === 'pending' ? 'ready' : version.state,
    updatedAt: push.at,
    updatedBy: push.by,
    pendingExpiresAt: null,
    committedAt: version.committedAt ?? push.at,
  });
}
