import { sql, type Selectable } from 'kysely';
import { ociEmptyConfig } from '../../core/oci/oci-artifacts.js';
import type { Digest } from '../blob/blob-store.js';
import { queries, type Session } from './session.js';
import type { AssetsTable, OciManifestRefsTable, OciManifestsTable, ScopesTable } from './tables.js';

type OciManifestRow = Selectable<OciManifestsTable>;

/** A manifest pushed to an asset's repository, as the OCI API serves it. */
export interface OciManifest {
  assetId: string;
  digest: Digest;
  mediaType: string;
  artifactType: string | undefined;
  /** The manifest this one refers to (`subject`), for the referrers API. */
  subjectDigest: string | undefined;
  annotations: Record<string, string> | undefined;
  size: number;
  region: string;
  createdAt: string;
  createdBy: string;
}

/** A plain OCI tag: a name for a pushed manifest that is no version and no alias. */
export interface OciTag {
  assetId: string;
  tag: string;
  manifestDigest: Digest;
  updatedAt: string;
  updatedBy: string;
}

function manifestOf(row: OciManifestRow): OciManifest {
  return {
    assetId: row.asset_id,
    digest: row.digest as Digest,
    mediaType: row.media_type,
    artifactType: row.artifact_type ?? undefined,
    subjectDigest: row.subject_digest ?? undefined,
    annotations: row.annotations === null ? undefined : (JSON.parse(row.annotations) as Record<string, string>),
    size: Number(row.size),
    region: row.region,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** A blob in repository `repository` of scope `scopeId` (for `repositoryHoldsBlob`, also its asset, if any). */
export interface RepositoryBlob {
  scopeId: string;
  repository: string;
  digest: string;
  /** The repository's asset, when it has one: its manifests and versions hold blobs too. */
  assetId?: string | undefined;
}

/** Records that a repository of a scope holds a blob (uploaded or mounted into it). */
export async function linkRepositoryBlob(
  session: Session,
  { scopeId, repository, digest, at }: Omit<RepositoryBlob, 'assetId'> & { at: string },
): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('oci_repository_blobs')
    .values({ scope_id: scopeId, repository, digest, created_at: at })
    .onConflict((oc) => oc.columns(['scope_id', 'repository', 'digest']).doNothing())
    .execute();
}

export async function unlinkRepositoryBlob(
  session: Session,
  scopeId: string,
  repository: string,
  digest: string,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .deleteFrom('oci_repository_blobs')
    .where('scope_id', '=', scopeId)
    .where('repository', '=', repository)
    .where('digest', '=', digest)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * True when a repository holds a blob: uploaded or mounted into it, referenced by one of its
 * manifests, or a file of one of its versions (versions made through the API are OCI artifacts too).
 */
export async function repositoryHoldsBlob(
  session: Session,
  { scopeId, repository, assetId, digest }: RepositoryBlob,
): Promise<boolean> {
  const db = queries(session);
  const linked = await db
    .selectFrom('oci_repository_blobs')
    .select('digest')
    .where('scope_id', '=', scopeId)
    .where('repository', '=', repository)
    .where('digest', '=', digest)
    .executeTakeFirst();
  if (linked !== undefined) return true;
  if (assetId === undefined) return false;
  return assetUsesBlob(session, assetId, digest, { pending: false });
}

/**
 * True when a manifest pushed to the asset's repository (as config or layer) or a version of the asset (as a
 * file; a pending version's only with `pending`, whose upload may be under way) still uses the blob.
 */
export async function assetUsesBlob(
  session: Session,
  assetId: string,
  digest: string,
  { pending }: { pending: boolean },
): Promise<boolean> {
  const db = queries(session);
  const referenced = await db
    .selectFrom('oci_manifest_refs')
    .select('digest')
    .where('asset_id', '=', assetId)
    .where('digest', '=', digest)
    .where('kind', '=', 'blob')
    .limit(1)
    .executeTakeFirst();
  if (referenced !== undefined) return true;
  let files = db
    .selectFrom('version_files')
    .innerJoin('versions', 'versions.id', 'version_files.version_id')
    .select('version_files.digest')
    .where('version_files.digest', '=', digest)
    .where('versions.asset_id', '=', assetId);
  if (!pending) files = files.where('versions.state', '!=', 'pending');
  return (await files.limit(1).executeTakeFirst()) !== undefined;
}

export async function findManifest(
  session: Session,
  assetId: string,
  digest: string,
): Promise<OciManifest | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('oci_manifests')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('digest', '=', digest)
    .executeTakeFirst();
  return row === undefined ? undefined : manifestOf(row);
}

/** Inserts a manifest and what it references; pushing the same manifest again changes nothing. */
export async function insertManifest(
  session: Session,
  manifest: OciManifest,
  refs: { digest: string; kind: OciManifestRefsTable['kind'] }[],
): Promise<boolean> {
  const db = queries(session);
  if (await findManifest(session, manifest.assetId, manifest.digest)) return false;
  const row: OciManifestRow = {
    asset_id: manifest.assetId,
    digest: manifest.digest,
    media_type: manifest.mediaType,
    artifact_type: manifest.artifactType ?? null,
    subject_digest: manifest.subjectDigest ?? null,
    annotations: manifest.annotations === undefined ? null : JSON.stringify(manifest.annotations),
    size: manifest.size,
    region: manifest.region,
    created_at: manifest.createdAt,
    created_by: manifest.createdBy,
  };
  await db.insertInto('oci_manifests').values(row).execute();
  const unique = new Map(refs.map((r) => [r.digest, r.kind]));
  const values = [...unique].map(([digest, kind]) => ({
    asset_id: row.asset_id,
    manifest_digest: row.digest,
    digest,
    kind,
  }));
  for (let i = 0; i < values.length; i += 500)
    await db
      .insertInto('oci_manifest_refs')
      .values(values.slice(i, i + 500))
      .execute();
  return true;
}

export async function deleteManifest(session: Session, assetId: string, digest: string): Promise<string[]> {
  const db = queries(session);
  const refs = await db
    .selectFrom('oci_manifest_refs')
    .select('digest')
    .where('asset_id', '=', assetId)
    .where('manifest_digest', '=', digest)
    .where('kind', '=', 'blob')
    .execute();
  await db
    .deleteFrom('oci_manifest_refs')
    .where('asset_id', '=', assetId)
    .where('manifest_digest', '=', digest)
    .execute();
  await db.deleteFrom('oci_tags').where('asset_id', '=', assetId).where('manifest_digest', '=', digest).execute();
  await db.deleteFrom('oci_manifests').where('asset_id', '=', assetId).where('digest', '=', digest).execute();
  return refs.map((r) => r.digest);
}

export async function findTag(session: Session, assetId: string, tag: string): Promise<OciTag | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('oci_tags')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('tag', '=', tag)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        assetId: row.asset_id,
        tag: row.tag,
        manifestDigest: row.manifest_digest as Digest,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      };
}

export async function upsertTag(session: Session, tag: OciTag): Promise<void> {
  const db = queries(session);
  const fields = { manifest_digest: tag.manifestDigest, updated_at: tag.updatedAt, updated_by: tag.updatedBy };
  await db
    .insertInto('oci_tags')
    .values({ asset_id: tag.assetId, tag: tag.tag, ...fields })
    .onConflict((oc) => oc.columns(['asset_id', 'tag']).doUpdateSet(fields))
    .execute();
}

/** The blobs the given child manifests of an index reference (what an image layout of the index holds). */
export async function childManifestBlobs(
  session: Session,
  assetId: string,
  manifestDigests: string[],
): Promise<Digest[]> {
  const db = queries(session);
  if (manifestDigests.length === 0) return [];
  const rows = await db
    .selectFrom('oci_manifest_refs')
    .select('digest')
    .where('asset_id', '=', assetId)
    .where('kind', '=', 'blob')
    .where('manifest_digest', 'in', manifestDigests)
    .execute();
  return rows.map((r) => r.digest as Digest);
}

export async function deleteTag(session: Session, assetId: string, tag: string): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .deleteFrom('oci_tags')
    .where('asset_id', '=', assetId)
    .where('tag', '=', tag)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * A page of an asset's tags, sorted bytewise: its OCI tags and the labels of its ready or archived
 * versions (a version is pullable by its label), after `last`, at most `n`.
 */
export async function listTags(
  session: Session,
  assetId: string,
  n: number,
  last: string | undefined,
): Promise<string[]> {
  const db = queries(session);
  let tags = db.selectFrom('oci_tags').select('tag as name').where('asset_id', '=', assetId);
  let labels = db
    .selectFrom('versions')
    .select('label as name')
    .where('asset_id', '=', assetId)
    .where('state', '!=', 'pending')
    .where('manifest_digest', 'is not', null);
  if (last !== undefined) {
    tags = tags.where('tag', '>', last);
    labels = labels.where('label', '>', last);
  }
  const rows = await db
    .selectFrom(tags.union(labels).as('t'))
    .select('t.name')
    .orderBy(sql`t.name`)
    .limit(n)
    .execute();
  return rows.map((r) => r.name);
}

/** Manifests of an asset whose subject is `digest`, optionally of one artifact type. */
export async function listReferrers(
  session: Session,
  assetId: string,
  digest: string,
  artifactType: string | undefined,
): Promise<OciManifest[]> {
  const db = queries(session);
  let select = db
    .selectFrom('oci_manifests')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('subject_digest', '=', digest);
  if (artifactType !== undefined) select = select.where('artifact_type', '=', artifactType);
  const rows = await select.orderBy('created_at').orderBy('digest').limit(10_000).execute();
  return rows.map(manifestOf);
}

/** Which of `digests` nothing in their region references any more (see `blobReferenced`). */
export async function unreferencedDigests(session: Session, region: string, digests: string[]): Promise<string[]> {
  const orphans: string[] = [];
  for (const digest of new Set(digests)) if (!(await blobReferenced(session, region, digest))) orphans.push(digest);
  return orphans;
}

/**
 * Is a blob in use in a region: listed by a version (any state, pending included: its upload may be
 * under way) or as a version's manifest, or held by a pushed manifest or repository, an MLflow artifact
 * or an open MLflow multipart upload, of any scope that keeps content in that region (its primary or a
 * replica)? The empty artifact config always is.
 */
export async function blobReferenced(session: Session, region: string, digest: string): Promise<boolean> {
  const db = queries(session);
  if (digest === ociEmptyConfig.digest) return true;
  const scopesHere = db
    .selectFrom('scopes')
    .select('scopes.id')
    .where((eb) =>
      eb.or([
        eb('scopes.location', '=', region),
        eb.exists(
          eb
            .selectFrom('scope_regions')
            .select('scope_regions.region')
            .whereRef('scope_regions.scope_id', '=', 'scopes.id')
            .where('scope_regions.region', '=', region),
        ),
      ]),
    );
  const assetsHere = db.selectFrom('assets').select('assets.id').where('assets.scope_id', 'in', scopesHere);
  const checks = [
    () =>
      db
        .selectFrom('version_files')
        .innerJoin('versions', 'versions.id', 'version_files.version_id')
        .select('version_files.digest')
        .where('version_files.digest', '=', digest)
        .where('versions.asset_id', 'in', assetsHere)
        .limit(1)
        .executeTakeFirst(),
    () =>
      db
        .selectFrom('versions')
        .select('versions.id')
        .where('versions.manifest_digest', '=', digest)
        .where('versions.asset_id', 'in', assetsHere)
        .limit(1)
        .executeTakeFirst(),
    () =>
      db
        .selectFrom('oci_manifests')
        .select('oci_manifests.digest')
        .where('oci_manifests.digest', '=', digest)
        .where('oci_manifests.asset_id', 'in', assetsHere)
        .limit(1)
        .executeTakeFirst(),
    () =>
      db
        .selectFrom('oci_manifest_refs')
        .select('oci_manifest_refs.digest')
        .where('oci_manifest_refs.digest', '=', digest)
        .where('oci_manifest_refs.asset_id', 'in', assetsHere)
        .limit(1)
        .executeTakeFirst(),
    () =>
      db
        .selectFrom('oci_repository_blobs')
        .select('oci_repository_blobs.digest')
        .where('oci_repository_blobs.digest', '=', digest)
        .where('oci_repository_blobs.scope_id', 'in', scopesHere)
        .limit(1)
        .executeTakeFirst(),
    () =>
      db
        .selectFrom('mlflow_artifacts')
        .select('mlflow_artifacts.digest')
        .where('mlflow_artifacts.digest', '=', digest)
        .where('mlflow_artifacts.scope_id', 'in', scopesHere)
        .limit(1)
        .executeTakeFirst(),
    // A multipart upload's parts wait for `mpu/complete`, however long the client takes (until the upload expires).
    () =>
      db
        .selectFrom('mlflow_artifact_upload_parts')
        .innerJoin('mlflow_artifact_uploads', 'mlflow_artifact_uploads.id', 'mlflow_artifact_upload_parts.upload_id')
        .select('mlflow_artifact_upload_parts.digest')
        .where('mlflow_artifact_upload_parts.digest', '=', digest)
        .where('mlflow_artifact_uploads.scope_id', 'in', scopesHere)
        .limit(1)
        .executeTakeFirst(),
  ];
  for (const check of checks) if ((await check()) !== undefined) return true;
  return false;
}

export async function queueForGc(session: Session, region: string, digests: string[], at: string): Promise<void> {
  const db = queries(session);
  for (const digest of digests) {
    await db
      .insertInto('gc_candidates')
      .values({ region, digest, queued_at: at })
      .onConflict((oc) => oc.columns(['region', 'digest']).doUpdateSet({ queued_at: at }))
      .execute();
  }
}

/** Every registry and workspace a repository name can reach (not being created or deleted). */
export async function listReachableScopes(
  session: Session,
): Promise<Pick<Selectable<ScopesTable>, 'id' | 'kind' | 'name' | 'name_key'>[]> {
  const db = queries(session);
  return db
    .selectFrom('scopes')
    .select(['id', 'kind', 'name', 'name_key'])
    .where('provisioning_state', 'not in', ['Creating', 'Deleting'])
    .execute();
}

/** The type and name key of every asset of a scope: its OCI repositories. */
export async function listScopeAssetKeys(
  session: Session,
  scopeId: string,
): Promise<{ type: AssetsTable['type']; name_key: string }[]> {
  const db = queries(session);
  return db.selectFrom('assets').select(['type', 'name_key']).where('scope_id', '=', scopeId).execute();
}
