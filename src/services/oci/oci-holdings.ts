import type { Asset } from '../../core/model/assets.js';
import { arcaError } from '../../core/errors.js';
import { isDigest } from '../../core/digest.js';
import { ociEmptyConfig } from '../../core/oci/oci-artifacts.js';
import type { ParsedManifest } from '../../core/oci/oci-manifests.js';
import type { Digest } from '../../storage/blob/blob-store.js';
import { findAlias, findVersion, findVersionById } from '../../storage/metadata/assets-repository.js';
import { blobsPresent } from '../../storage/metadata/blobs-repository.js';
import { findManifest, findTag, repositoryHoldsBlob } from '../../storage/metadata/oci-repository.js';
import { findVersionIdByManifest } from '../../storage/metadata/oci-versions-repository.js';
import type { Session } from '../../storage/metadata/session.js';
import type { OciRepository } from './oci-types.js';

/** What a repository holds, as pushes and pulls check it: blobs linked to it, manifests, tags. */

/** The manifest a tag names: a version's, then an alias's, then a plain tag's. */
export async function digestOfTag(db: Session, asset: Asset, tag: string): Promise<string> {
  // Versions, then aliases, then plain tags: a pushed tag never shadows a version or a (protected) alias.
  const version = await findVersion(db, asset.id, tag);
  if (version !== undefined && version.state !== 'pending' && version.manifestDigest !== null)
    return version.manifestDigest;
  const alias = await findAlias(db, asset.id, tag);
  const aliased = alias === undefined ? undefined : await findVersionById(db, alias.versionId);
  if (aliased !== undefined && aliased.state !== 'pending' && aliased.manifestDigest !== null)
    return aliased.manifestDigest;
  const tagged = await findTag(db, asset.id, tag);
  if (tagged !== undefined) return tagged.manifestDigest;
  throw arcaError('ManifestUnknown', 'noTag', { type: asset.type, asset: asset.name, tag }, { target: 'reference' });
}

/** Every blob and child manifest a pushed manifest names is held by its repository, at the size it declares. */
export async function assertReferencesHeld(db: Session, repo: OciRepository, manifest: ParsedManifest): Promise<void> {
  const region = repo.scope.location;
  const present = await blobsPresent(
    db,
    region,
    manifest.blobs.map((b) => b.digest),
  );
  for (const blob of manifest.blobs) {
    const size = present.get(blob.digest);
    const held =
      size !== undefined &&
      (await repositoryHoldsBlob(db, {
        scopeId: repo.scope.id,
        repository: repo.key,
        assetId: repo.asset?.id,
        digest: blob.digest,
      }));
    if (!held)
      throw arcaError(
        'ManifestBlobUnknown',
        { digest: blob.digest, repository: repo.name.full },
        { target: blob.digest },
      );
    if (size !== blob.size)
      throw arcaError('ManifestInvalid', { digest: blob.digest, declared: blob.size, size }, { target: blob.digest });
  }
  for (const child of manifest.manifests) {
    const known =
      repo.asset !== undefined &&
      ((await findManifest(db, repo.asset.id, child.digest)) !== undefined ||
        (await findVersionIdByManifest(db, repo.asset.id, child.digest, { committed: false })) !== undefined);
    if (!known)
      throw arcaError(
        'ManifestBlobUnknown',
        'indexChild',
        { digest: child.digest, repository: repo.name.full },
        { target: child.digest },
      );
  }
}

/** A blob the repository holds (linked to it, present in its region), else `BlobNotFound`. */
export async function heldBlob(
  db: Session,
  repo: OciRepository,
  digest: string,
): Promise<{ digest: Digest; size: number }> {
  // A string that is no digest names no blob the store could hold.
  const size = isDigest(digest) ? (await blobsPresent(db, repo.scope.location, [digest])).get(digest) : undefined;
  // The empty config `{}` of every artifact manifest belongs to each repository that has one.
  const emptyConfig = digest === ociEmptyConfig.digest && repo.asset !== undefined;
  if (
    size === undefined ||
    !isDigest(digest) ||
    (!emptyConfig &&
      !(await repositoryHoldsBlob(db, {
        scopeId: repo.scope.id,
        repository: repo.key,
        assetId: repo.asset?.id,
        digest,
      })))
  ) {
    throw arcaError('BlobNotFound', { store: repo.name.full, digest }, { target: 'digest' });
  }
  return { digest, size };
}
