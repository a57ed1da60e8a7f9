import { ociEmptyConfig } from '../../core/oci/oci-artifacts.js';
import type { Digest } from '../blob/blob-store.js';
import type { ExpressionBuilder } from 'kysely';
import { queries, type Session } from './session.js';
import type { Database } from './tables.js';
import type { ProvisioningState } from '../../core/model/scopes.js';

/** What a replication job copies: a version (files and manifests), or a manifest pushed at `/v2/`. */
export type ReplicationSubject = { versionId: string } | { assetId: string; manifestDigest: string };

/** A replica region of a scope, with how its provisioning went. */
export interface ReplicaRegion {
  region: string;
  provisioningState: ProvisioningState;
  error: string | null;
}

/** The replica regions of a scope (not the primary, not being removed), in order, with their provisioning state. */
export async function replicaRegionStates(session: Session, scopeId: string): Promise<ReplicaRegion[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('scope_regions')
    .select(['region', 'provisioning_state', 'error'])
    .where('scope_id', '=', scopeId)
    .where('is_primary', '=', 0)
    .where('provisioning_state', '!=', 'Deleting')
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ region: r.region, provisioningState: r.provisioning_state, error: r.error }));
}

/**
 * The replica regions of a scope that take copies: its regions but the primary, unless being removed
 * or failed to provision (a region provisioned again later is backfilled then).
 */
export async function replicaRegions(session: Session, scopeId: string): Promise<string[]> {
  return (await replicaRegionStates(session, scopeId))
    .filter((r) => r.provisioningState !== 'Failed')
    .map((r) => r.region);
}

/** The scope a subject belongs to (undefined once it is deleted). */
export async function scopeOfSubject(
  session: Session,
  subject: ReplicationSubject,
): Promise<{ id: string; location: string } | undefined> {
  const db = queries(session);
  const query = db
    .selectFrom('assets')
    .innerJoin('scopes', 'scopes.id', 'assets.scope_id')
    .select(['scopes.id', 'scopes.location']);
  if ('versionId' in subject)
    return query
      .innerJoin('versions', 'versions.asset_id', 'assets.id')
      .where('versions.id', '=', subject.versionId)
      .executeTakeFirst();
  return query.where('assets.id', '=', subject.assetId).executeTakeFirst();
}

/** Every blob a version or pushed manifest needs: files, manifests, what the manifests reference (and index children's). */
export async function subjectDigests(session: Session, subject: ReplicationSubject): Promise<Digest[]> {
  const db = queries(session);
  const digests = new Set<string>();
  let assetId: string;
  const manifests: string[] = [];
  if ('versionId' in subject) {
    const version = await db
      .selectFrom('versions')
      .select(['asset_id', 'manifest_digest'])
      .where('id', '=', subject.versionId)
      .executeTakeFirst();
    if (version === undefined) return [];
    assetId = version.asset_id;
    for (const f of await db
      .selectFrom('version_files')
      .select('digest')
      .where('version_id', '=', subject.versionId)
      .execute())
      digests.add(f.digest);
    if (version.manifest_digest !== null) manifests.push(version.manifest_digest);
  } else {
    assetId = subject.assetId;
    manifests.push(subject.manifestDigest);
  }
  const seen = new Set<string>();
  while (manifests.length > 0) {
    const manifest = manifests.pop() ?? '';
    if (seen.has(manifest)) continue;
    seen.add(manifest);
    digests.add(manifest);
    const refs = await db
      .selectFrom('oci_manifest_refs')
      .select(['digest', 'kind'])
      .where('asset_id', '=', assetId)
      .where('manifest_digest', '=', manifest)
      .execute();
    // A manifest made through the API (no refs recorded) is an artifact manifest over the files and the empty config.
    if (refs.length === 0 && 'versionId' in subject) digests.add(ociEmptyConfig.digest);
    for (const ref of refs) {
      if (ref.kind === 'manifest') manifests.push(ref.digest);
      else digests.add(ref.digest);
    }
  }
  // The index stores only digests it checked on the way in.
  return [...digests] as Digest[];
}

/** Up to `limit` ids of a scope's committed versions after `after` (a keyset page, by id). */
export async function committedVersionIdsAfter(
  session: Session,
  scopeId: string,
  after: string,
  limit: number,
): Promise<string[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('versions')
    .innerJoin('assets', 'assets.id', 'versions.asset_id')
    .select('versions.id')
    .where('assets.scope_id', '=', scopeId)
    .where('versions.state', '!=', 'pending')
    .where('versions.id', '>', after)
    .orderBy('versions.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The manifests pushed to a scope's repositories (at most `limit`), as replication subjects. */
export async function scopeManifestSubjects(
  session: Session,
  scopeId: string,
  limit: number,
): Promise<{ assetId: string; manifestDigest: string }[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('oci_manifests')
    .innerJoin('assets', 'assets.id', 'oci_manifests.asset_id')
    .select(['oci_manifests.asset_id', 'oci_manifests.digest'])
    .where('assets.scope_id', '=', scopeId)
    .limit(limit)
    .execute();
  return rows.map((m) => ({ assetId: m.asset_id, manifestDigest: m.digest }));
}

/** A claim on copying blob `digest` into `region`, held by `owner` until `leaseUntil` (ISO times). */
export interface BlobCopyClaim {
  region: string;
  digest: string;
  owner: string;
  now: string;
  leaseUntil: string;
}

/**
 * Takes the copy of `digest` into `region` for `owner`, in one statement: true when nobody held it or
 * the holder's lease had lapsed (a copier that died), false while another copier holds it.
 */
export async function claimBlobCopy(session: Session, claim: BlobCopyClaim): Promise<boolean> {
  const db = queries(session);
  const row = await db
    .insertInto('blob_copies')
    .values({
      region: claim.region,
      digest: claim.digest,
      owner: claim.owner,
      lease_expires_at: claim.leaseUntil,
    })
    .onConflict((oc) =>
      oc
        .columns(['region', 'digest'])
        .doUpdateSet({ owner: claim.owner, lease_expires_at: claim.leaseUntil })
        .where('blob_copies.lease_expires_at', '<', claim.now),
    )
    .returning('owner')
    .executeTakeFirst();
  return row?.owner === claim.owner;
}

/** Extends `owner`'s claim on a copy; false when it no longer holds it (its lease lapsed and another took it). */
export async function renewBlobCopy(session: Session, claim: Omit<BlobCopyClaim, 'now'>): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('blob_copies')
    .set({ lease_expires_at: claim.leaseUntil })
    .where('region', '=', claim.region)
    .where('digest', '=', claim.digest)
    .where('owner', '=', claim.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends `owner`'s claim on a copy (a claim another copier has taken over since is left alone). */
export async function releaseBlobCopy(
  session: Session,
  claim: Pick<BlobCopyClaim, 'region' | 'digest' | 'owner'>,
): Promise<void> {
  const db = queries(session);
  await db
    .deleteFrom('blob_copies')
    .where('region', '=', claim.region)
    .where('digest', '=', claim.digest)
    .where('owner', '=', claim.owner)
    .execute();
}

/** What a region's store holds of a scope's committed versions (their files; pushed manifests are not counted). */
export interface RegionHoldings {
  /** The scope's committed versions (ready or archived). */
  versions: number;
  /** Those whose every file the region holds. */
  replicatedVersions: number;
  /** When the oldest version still missing a file there was committed (null when none is). */
  oldestPendingAt: string | null;
  /** The distinct files of those versions the region holds, and their bytes. */
  blobs: number;
  bytes: number;
}

/** How much of a scope's content `region` holds: a replica's progress, or what removing it would drop. */
export async function regionHoldings(session: Session, scopeId: string, region: string): Promise<RegionHoldings> {
  const db = queries(session);
  const committed = db
    .selectFrom('versions')
    .innerJoin('assets', 'assets.id', 'versions.asset_id')
    .where('assets.scope_id', '=', scopeId)
    .where('versions.state', '!=', 'pending');
  const missing = (eb: ExpressionBuilder<Database, 'versions' | 'assets'>) =>
    eb.exists(
      eb
        .selectFrom('version_files')
        .select('version_files.digest')
        .whereRef('version_files.version_id', '=', 'versions.id')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('blobs')
                .select('blobs.digest')
                .where('blobs.region', '=', region)
                .whereRef('blobs.digest', '=', 'version_files.digest'),
            ),
          ),
        ),
    );
  const total = await committed.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const pending = await committed
    .where(missing)
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.min<string | null>(eb.fn.coalesce('versions.committed_at', 'versions.created_at')).as('oldest'),
    ])
    .executeTakeFirstOrThrow();
  const held = await db
    .selectFrom('blobs')
    .where('blobs.region', '=', region)
    .where(
      'blobs.digest',
      'in',
      committed.innerJoin('version_files', 'version_files.version_id', 'versions.id').select('version_files.digest'),
    )
    .select((eb) => [
      eb.fn.countAll<number | string>().as('blobs'),
      eb.fn.sum<number | string | null>('blobs.size').as('bytes'),
    ])
    .executeTakeFirstOrThrow();
  const versions = Number(total.n);
  return {
    versions,
    replicatedVersions: versions - Number(pending.n),
    oldestPendingAt: pending.oldest ?? null,
    blobs: Number(held.blobs),
    bytes: Number(held.bytes ?? 0),
  };
}
