import { randomUUID } from 'node:crypto';
import type { Asset } from '../../core/model/assets.js';
import { latestAlias } from '../../core/asset-types.js';
import { arcaError, type ArcaError } from '../../core/errors.js';
import { scopeSegments } from '../../core/names.js';
import { imageLayoutFiles, type LayoutFile } from '../../core/oci/oci-layout.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import { lockAlias, moveLatestTo } from '../../storage/metadata/alias-moves.js';
import {
  findAlias,
  findVersion,
  findVersionById,
  moveAlias,
  nextVersionNumber,
} from '../../storage/metadata/assets-repository.js';
import { blobsPresent } from '../../storage/metadata/blobs-repository.js';
import { childManifestBlobs, upsertTag } from '../../storage/metadata/oci-repository.js';
import {
  aliasIsProtected,
  completePushedVersion,
  insertPushedVersion,
} from '../../storage/metadata/oci-versions-repository.js';
import { lockAssetRow } from '../../storage/metadata/row-locks.js';
import type { Session, Tx } from '../../storage/metadata/session.js';
import { targetOf } from '../assets/asset-records.js';
import { assertLabelNotRetired, nextFreeNumber } from '../assets/immutability.js';
import { storeSmallBlob } from '../assets/version-writes.js';
import { auditor } from '../audit/auditor.js';
import { eventEmitter, versionReference } from '../events/emitter.js';
import { emitAliasMove } from '../events/alias-events.js';
import type { Clock } from '../clock.js';
import type { ImageLayout, TagPush } from './oci-types.js';

/**
 * A manifest pushed by tag: an environment's tag registers (or completes) the environment version of
 * that label, stored as an OCI image layout; another type's tag is a plain tag beside its immutable versions.
 */

/** Where an image layout's small files are stored. */
export interface LayoutStores {
  regions: RegionStores;
  clock: Clock;
}

/** Tags a pushed manifest; returns the environment version it is (id and label), when it is one. */
export async function tagPushedManifest(
  trx: Tx,
  { repo, asset, tag, digest, manifest, manifestSize, actor, now, options }: TagPush,
  stores: LayoutStores,
): Promise<{ id: string; label: string } | undefined> {
  const existing = await findVersion(trx, asset.id, tag);
  // A committed version never changes: the same manifest again is a no-op, any other is refused.
  if (existing !== undefined && existing.state !== 'pending' && existing.manifestDigest !== digest) {
    throw arcaError(
      'VersionImmutable',
      { type: asset.type, asset: asset.name, version: tag, manifest: existing.manifestDigest ?? 'no manifest' },
      { target: 'reference' },
    );
  }
  // A label the asset used before and deleted is never served again, as a version or as a tag.
  if (existing === undefined)
    await assertLabelNotRetired(trx, { scope: repo.scope, asset, label: tag, target: 'reference' });
  // Nor does a push take the name of a protected alias (which would shadow it for pulls).
  if (existing === undefined) await refuseProtectedAlias(trx, asset, tag);
  if (asset.type !== 'environment') {
    if (existing === undefined)
      await upsertTag(trx, { assetId: asset.id, tag, manifestDigest: digest, updatedAt: now, updatedBy: actor.name });
    return undefined;
  }
  // An environment version is the image its tag names.
  const size = manifestSize + [...manifest.blobs, ...manifest.manifests].reduce((sum, d) => sum + d.size, 0);
  const count = manifest.blobs.length + manifest.manifests.length;
  if (existing !== undefined) {
    if (existing.state !== 'pending') return { id: existing.id, label: existing.label };
    await completePushedVersion(trx, existing, {
      manifestDigest: digest,
      totalSize: size,
      fileCount: count,
      at: now,
      by: actor.name,
    });
    await auditor(actor, now).append(trx, {
      action: 'environments/versions/push',
      target: targetOf(repo.scope.kind, repo.scope.name, asset.type, asset.name, tag),
      outcome: 'succeeded',
      details: { from: existing.manifestDigest, to: digest },
    });
    await emitPushedVersion(trx, { repo, asset, actor, now }, { label: tag, digest, files: count, size });
    return { id: existing.id, label: existing.label };
  }
  // `:latest` (what `docker push` sends by default) or another alias names no version: the push registers
  // the next numbered one and the alias moves to it, so pushing a new build under it never changes a version.
  let label = tag;
  const movesAlias = tag === latestAlias || (await findAlias(trx, asset.id, tag)) !== undefined;
  if (movesAlias) {
    // Numbered under the asset's row lock, as a REST begin without a label is (see lockAssetRow).
    await lockAssetRow(trx, asset.id);
    // Protection is read under the alias's lock: it cannot change between this check and the move.
    const alias = tag === latestAlias ? await findAlias(trx, asset.id, tag) : await lockAlias(trx, asset.id, tag);
    if (alias?.protected === true) throw aliasProtected(asset, tag);
    if (alias !== undefined && tag !== latestAlias && options.mayMoveAliases !== true) {
      const permission = `${scopeSegments[repo.scope.kind]}/assets/aliases/write`;
      throw arcaError(
        'Forbidden',
        'aliasPush',
        { tag, type: asset.type, asset: asset.name, permission },
        { target: permission },
      );
    }
    const current = alias === undefined ? undefined : await findVersionById(trx, alias.versionId);
    if (current !== undefined && current.manifestDigest === digest) return { id: current.id, label: current.label };
    label = String(await nextFreeNumber(trx, repo.scope, asset, await nextVersionNumber(trx, asset.id)));
  }
  // Its files are the image as an OCI image layout: what `environment download` writes and skopeo reads.
  const files = await layoutFiles(
    trx,
    { repo, asset, label, head: { mediaType: manifest.mediaType, digest, size: manifestSize }, manifest },
    stores,
  );
  const versionId = await insertPushedVersion(trx, {
    assetId: asset.id,
    label,
    manifestDigest: digest,
    files,
    at: now,
    by: actor.name,
  });
  await moveLatestTo(trx, {
    historyId: randomUUID(),
    assetId: asset.id,
    toVersionId: versionId,
    at: now,
    by: actor.name,
  });
  await auditor(actor, now).append(trx, {
    action: 'environments/versions/push',
    target: targetOf(repo.scope.kind, repo.scope.name, asset.type, asset.name, label),
    outcome: 'succeeded',
    details: { digest, ...(label === tag ? {} : { tag }) },
  });
  await emitPushedVersion(
    trx,
    { repo, asset, actor, now },
    { label, digest, files: files.length, size: totalOf(files) },
  );
  if (movesAlias && tag !== latestAlias) {
    const { fromVersionId } = await moveAlias(trx, {
      historyId: randomUUID(),
      assetId: asset.id,
      name: tag,
      toVersionId: versionId,
      at: now,
      by: actor.name,
    });
    await auditor(actor, now).append(trx, {
      action: `${scopeSegments[repo.scope.kind]}/assets/aliases/write`,
      target: `${targetOf(repo.scope.kind, repo.scope.name, asset.type, asset.name)}/aliases/${tag}`,
      outcome: 'succeeded',
      details: { from: fromVersionId, to: versionId, version: label, via: 'oci/manifests/push', digest },
    });
    if (fromVersionId !== versionId) {
      const from = fromVersionId === null ? undefined : await findVersionById(trx, fromVersionId);
      await emitAliasMove(trx, eventEmitter(actor, now), {
        scope: repo.scope,
        asset,
        alias: tag,
        from: from?.label ?? null,
        to: label,
        via: 'push',
      });
    }
  }
  return { id: versionId, label };
}

/**
 * An image's files as an OCI image layout tagged `label` (see imageLayoutFiles): its blobs, an index's
 * child manifests and their blobs, and the layout's two small files, stored here as blobs of the region.
 */
async function layoutFiles(
  trx: Session,
  { repo, asset, label, head, manifest }: ImageLayout,
  { regions, clock }: LayoutStores,
): Promise<LayoutFile[]> {
  const region = repo.scope.location;
  const blobs = [...manifest.blobs, ...manifest.manifests].map((d) => ({ digest: d.digest as string, size: d.size }));
  if (manifest.manifests.length > 0) {
    const refs = await childManifestBlobs(
      trx,
      asset.id,
      manifest.manifests.map((m) => m.digest),
    );
    const sizes = await blobsPresent(trx, region, refs);
    for (const digest of refs) {
      const size = sizes.get(digest);
      if (size !== undefined) blobs.push({ digest, size });
    }
  }
  const files = imageLayoutFiles(label, head, blobs);
  for (const file of files)
    if (file.bytes !== undefined)
      await storeSmallBlob(trx, {
        store: regions.require(region),
        region,
        bytes: file.bytes,
        clock,
      });
  return files;
}

/** A push never takes the name of a protected alias: moving one needs an approval. */
export async function refuseProtectedAlias(db: Session, asset: Asset, tag: string): Promise<void> {
  if ((await findVersion(db, asset.id, tag)) !== undefined) return;
  if (await aliasIsProtected(db, asset.id, tag)) throw aliasProtected(asset, tag);
}

function aliasProtected(asset: Asset, tag: string): ArcaError {
  return arcaError('AliasProtected', 'push', { tag, type: asset.type, asset: asset.name }, { target: 'reference' });
}

/** `dev.arca.version.created` (via `push`) for an environment version an OCI push made ready. */
async function emitPushedVersion(
  trx: Tx,
  { repo, asset, actor, now }: Pick<TagPush, 'repo' | 'asset' | 'actor' | 'now'>,
  { label, digest, files, size }: { label: string; digest: string; files: number; size: number },
): Promise<void> {
  await eventEmitter(actor, now).emit(trx, {
    type: 'dev.arca.version.created',
    scope: repo.scope,
    asset,
    subject: versionReference(repo.scope, asset, label),
    data: { version: label, via: 'push', manifest: digest, files, size },
  });
}

function totalOf(files: LayoutFile[]): number {
  return files.reduce((sum, file) => sum + file.size, 0);
}
