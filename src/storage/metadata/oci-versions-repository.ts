import { randomUUID } from 'node:crypto';
import { queries, type Session } from './session.js';
import { insertVersion, insertVersionFiles, updateVersion, type VersionRow } from './assets-repository.js';

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
export async function versionsByManifest(session: Session, assetId: string, digest: string): Promise<VersionRow[]> {
  const db = queries(session);
  return db
    .selectFrom('versions')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('manifest_digest', '=', digest)
    .execute();
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

/** Inserts a version made by a push, ready at once, with its files; returns its id. */
export async function insertPushedVersion(session: Session, version: PushedVersion): Promise<string> {
  const id = randomUUID();
  await insertVersion(session, {
    id,
    asset_id: version.assetId,
    label: version.label,
    label_number: /^[1-9][0-9]{0,14}$/.test(version.label) ? Number(version.label) : null,
    description: null,
    state: 'ready',
    flavor: null,
    framework: null,
    data_type: null,
    job: null,
    source: null,
    origin_version_id: null,
    manifest_digest: version.manifestDigest,
    total_size: version.files.reduce((sum, f) => sum + f.size, 0),
    file_count: version.files.length,
    created_at: version.at,
    created_by: version.by,
    updated_at: version.at,
    updated_by: version.by,
    committed_at: version.at,
    pending_expires_at: null,
    spec: null,
    spec_yaml: null,
  });
  await insertVersionFiles(
    session,
    version.files.map((f, position) => ({ version_id: id, path: f.path, size: f.size, digest: f.digest, position })),
  );
  return id;
}

/** Makes a pending version the image a push names: ready, with that manifest, size and file count. */
export async function completePushedVersion(
  session: Session,
  version: VersionRow,
  push: { manifestDigest: string; totalSize: number; fileCount: number; at: string; by: string },
): Promise<void> {
  await updateVersion(session, version.id, {
    manifest_digest: push.manifestDigest,
    total_size: push.totalSize,
    file_count: push.fileCount,
    state: version.state === 'pending' ? 'ready' : version.state,
    updated_at: push.at,
    updated_by: push.by,
    pending_expires_at: null,
    committed_at: version.committed_at ?? push.at,
  });
}
