import type { Asset } from '../../core/model/assets.js';
import type { Scope } from '../../core/model/scopes.js';
import { assetTypeSegments } from '../../core/asset-types.js';
import { nameKey, type ScopeKind } from '../../core/names.js';
import {
  assetUsesBlob,
  deleteManifest as deleteManifestRows,
  queueForGc,
  unlinkRepositoryBlob,
  unreferencedDigests,
} from '../../storage/metadata/oci-repository.js';
import type { Tx } from '../../storage/metadata/session.js';
import { targetOf } from '../assets/asset-records.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import { eventEmitter } from '../events/emitter.js';

/** A pushed manifest about to go: by an OCI `DELETE` by digest, or by a retention run. */
export interface ManifestRemoval {
  scope: Pick<Scope, 'id' | 'kind' | 'name' | 'location'>;
  asset: Pick<Asset, 'id' | 'type' | 'name'>;
  digest: string;
  mediaType: string;
  actor: AuditActor;
  now: string;
  /** What the audit event and `dev.arca.image.deleted` add: the versions that went with it, the retention rule. */
  details?: Record<string, unknown>;
  /**
   * Also unlink from the repository the blobs this manifest was the last in it to use (retention: an
   * OCI delete leaves them, as the client may push another manifest over them; `DELETE …/blobs/` unlinks).
   */
  releaseBlobs?: boolean;
}

/**
 * Removes a pushed manifest, its tags and its references in the caller's transaction, queues the blobs
 * nothing else holds for GC (freed after its grace period), audits `oci/manifests/delete` and emits
 * `dev.arca.image.deleted`. The one path for both the OCI delete and retention.
 */
export async function removePushedManifest(
  trx: Tx,
  { scope, asset, digest, mediaType, actor, now, details = {}, releaseBlobs = false }: ManifestRemoval,
): Promise<void> {
  const released = await deleteManifestRows(trx, asset.id, digest);
  if (releaseBlobs) {
    const repository = `${assetTypeSegments[asset.type]}/${nameKey(asset.name)}`;
    for (const blob of released)
      if (!(await assetUsesBlob(trx, asset.id, blob, { pending: true })))
        await unlinkRepositoryBlob(trx, scope.id, repository, blob);
  }
  await queueForGc(trx, scope.location, await unreferencedDigests(trx, scope.location, [...released, digest]), now);
  await auditor(actor, now).append(trx, {
    action: 'oci/manifests/delete',
    target: targetOf(scope.kind as ScopeKind, scope.name, asset.type, asset.name),
    outcome: 'succeeded',
    details: { digest, ...details },
  });
  await eventEmitter(actor, now).emit(trx, {
    type: 'dev.arca.image.deleted',
    scope,
    asset,
    data: { digest, mediaType, repository: `${scope.name}/${assetTypeSegments[asset.type]}/${asset.name}`, ...details },
  });
}
