import { sql, type Selectable } from 'kysely';
import type { Db } from './metadata-store.js';
import type { OciManifestRefsTable, OciManifestsTable, OciTagsTable } from './schema.js';

export type OciManifestRow = Selectable<OciManifestsTable>;
export type OciTagRow = Selectable<OciTagsTable>;

/** Records that a repository of a scope holds a blob (uploaded or mounted into it). */
export async function linkRepositoryBlob(db: Db, scopeId: string, repository: string, digest: string, at: string): Promise<void> {
  await db.insertInto('oci_repository_blobs').values({ scope_id: scopeId, repository, digest, created_at: at })
    .onConflict((oc) => oc.columns(['scope_id', 'repository', 'digest']).doNothing()).execute();
}

export async function unlinkRepositoryBlob(db: Db, scopeId: string, repository: string, digest: string): Promise<boolean> {
  const result = await db.deleteFrom('oci_repository_blobs').where('scope_id', '=', scopeId).where('repository', '=', repository).where('digest', '=', digest).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * True when a repository holds a blob: uploaded or mounted into it, referenced by one of its
 * manifests, or a file of one of its versions (versions made through the API are OCI artifacts too).
 */
export async function repositoryHoldsBlob(db: Db, scopeId: string, repository: string, assetId: string | undefined, digest: string): Promise<boolean> {
  const linked = await db.selectFrom('oci_repository_blobs').select('digest')
    .where('scope_id', '=', scopeId).where('repository', '=', repository).where('digest', '=', digest).executeTakeFirst();
  if (linked !== undefined) return true;
  if (assetId === undefined) return false;
  const referenced = await db.selectFrom('oci_manifest_refs').select('digest').where('asset_id', '=', assetId).where('digest', '=', digest).where('kind', '=', 'blob').limit(1).executeTakeFirst();
  if (referenced !== undefined) return true;
  const file = await db.selectFrom('version_files').innerJoin('versions', 'versions.id', 'version_files.version_id').select('version_files.digest')
    .where('version_files.digest', '=', digest).where('versions.asset_id', '=', assetId).where('versions.state', '!=', 'pending').limit(1).executeTakeFirst();
  return file !== undefined;
}

export async function findManifest(db: Db, assetId: string, digest: string): Promise<OciManifestRow | undefined> {
  return db.selectFrom('oci_manifests').selectAll().where('asset_id', '=', assetId).where('digest', '=', digest).executeTakeFirst();
}

/** Inserts a manifest and what it references; pushing the same manifest again changes nothing. */
export async function insertManifest(db: Db, row: OciManifestRow, refs: { digest: string; kind: OciManifestRefsTable['kind'] }[]): Promise<boolean> {
  if (await findManifest(db, row.asset_id, row.digest)) return false;
  await db.insertInto('oci_manifests').values(row).execute();
  const unique = new Map(refs.map((r) => [r.digest, r.kind]));
  const values = [...unique].map(([digest, kind]) => ({ asset_id: row.asset_id, manifest_digest: row.digest, digest, kind }));
  for (let i = 0; i < values.length; i += 500) await db.insertInto('oci_manifest_refs').values(values.slice(i, i + 500)).execute();
  return true;
}

export async function deleteManifest(db: Db, assetId: string, digest: string): Promise<string[]> {
  const refs = await db.selectFrom('oci_manifest_refs').select('digest').where('asset_id', '=', assetId).where('manifest_digest', '=', digest).where('kind', '=', 'blob').execute();
  await db.deleteFrom('oci_manifest_refs').where('asset_id', '=', assetId).where('manifest_digest', '=', digest).execute();
  await db.deleteFrom('oci_tags').where('asset_id', '=', assetId).where('manifest_digest', '=', digest).execute();
  await db.deleteFrom('oci_manifests').where('asset_id', '=', assetId).where('digest', '=', digest).execute();
  return refs.map((r) => r.digest);
}

export async function findTag(db: Db, assetId: string, tag: string): Promise<OciTagRow | undefined> {
  return db.selectFrom('oci_tags').selectAll().where('asset_id', '=', assetId).where('tag', '=', tag).executeTakeFirst();
}

export async function upsertTag(db: Db, row: OciTagRow): Promise<void> {
  await db.insertInto('oci_tags').values(row)
    .onConflict((oc) => oc.columns(['asset_id', 'tag']).doUpdateSet({ manifest_digest: row.manifest_digest, updated_at: row.updated_at, updated_by: row.updated_by })).execute();
}

export async function deleteTag(db: Db, assetId: string, tag: string): Promise<boolean> {
  const result = await db.deleteFrom('oci_tags').where('asset_id', '=', assetId).where('tag', '=', tag).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * A page of an asset's tags, sorted bytewise: its OCI tags and the labels of its ready or archived
 * versions (a version is pullable by its label), after `last`, at most `n`.
 */
export async function listTags(db: Db, assetId: string, n: number, last: string | undefined): Promise<string[]> {
  let tags = db.selectFrom('oci_tags').select('tag as name').where('asset_id', '=', assetId);
  let labels = db.selectFrom('versions').select('label as name').where('asset_id', '=', assetId).where('state', '!=', 'pending').where('manifest_digest', 'is not', null);
  if (last !== undefined) {
    tags = tags.where('tag', '>', last);
    labels = labels.where('label', '>', last);
  }
  const rows = await db.selectFrom(tags.union(labels).as('t')).select('t.name').orderBy(sql`t.name`).limit(n).execute();
  return rows.map((r) => r.name);
}

/** Manifests of an asset whose subject is `digest`, optionally of one artifact type. */
export async function listReferrers(db: Db, assetId: string, digest: string, artifactType: string | undefined): Promise<OciManifestRow[]> {
  let select = db.selectFrom('oci_manifests').selectAll().where('asset_id', '=', assetId).where('subject_digest', '=', digest);
  if (artifactType !== undefined) select = select.where('artifact_type', '=', artifactType);
  return select.orderBy('created_at').orderBy('digest').limit(10_000).execute();
}

/** Which of `digests` no manifest, repository link or version file in the region references any more. */
export async function unreferencedDigests(db: Db, region: string, digests: string[]): Promise<string[]> {
  const orphans: string[] = [];
  for (const digest of new Set(digests)) {
    const manifestRef = await db.selectFrom('oci_manifest_refs').innerJoin('oci_manifests', (j) => j.onRef('oci_manifests.asset_id', '=', 'oci_manifest_refs.asset_id').onRef('oci_manifests.digest', '=', 'oci_manifest_refs.manifest_digest'))
      .select('oci_manifest_refs.digest').where('oci_manifest_refs.digest', '=', digest).where('oci_manifests.region', '=', region).limit(1).executeTakeFirst();
    if (manifestRef) continue;
    const asManifest = await db.selectFrom('oci_manifests').select('digest').where('digest', '=', digest).where('region', '=', region).limit(1).executeTakeFirst();
    if (asManifest) continue;
    const linked = await db.selectFrom('oci_repository_blobs').innerJoin('scopes', 'scopes.id', 'oci_repository_blobs.scope_id').select('oci_repository_blobs.digest')
      .where('oci_repository_blobs.digest', '=', digest).where('scopes.location', '=', region).limit(1).executeTakeFirst();
    if (linked) continue;
    const file = await db.selectFrom('version_files').innerJoin('versions', 'versions.id', 'version_files.version_id').innerJoin('assets', 'assets.id', 'versions.asset_id')
      .innerJoin('scopes', 'scopes.id', 'assets.scope_id').select('version_files.digest').where('version_files.digest', '=', digest).where('scopes.location', '=', region).limit(1).executeTakeFirst();
    if (file) continue;
    const versionManifest = await db.selectFrom('versions').innerJoin('assets', 'assets.id', 'versions.asset_id').innerJoin('scopes', 'scopes.id', 'assets.scope_id')
      .select('versions.id').where('versions.manifest_digest', '=', digest).where('scopes.location', '=', region).limit(1).executeTakeFirst();
    if (versionManifest) continue;
    orphans.push(digest);
  }
  return orphans;
}

export async function queueForGc(db: Db, region: string, digests: string[], at: string): Promise<void> {
  for (const digest of digests) {
    await db.insertInto('gc_candidates').values({ region, digest, queued_at: at }).onConflict((oc) => oc.columns(['region', 'digest']).doUpdateSet({ queued_at: at })).execute();
  }
}
