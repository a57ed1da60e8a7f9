import { randomUUID } from 'node:crypto';
import type { AssetType } from '../core/asset-types.js';
import { assetAuditAction } from '../core/audit-actions.js';
import { ArcaError } from '../core/errors.js';
import { assertAssetName, assertVersionLabel, type ScopeKind } from '../core/names.js';
import { ociEmptyConfig } from '../core/oci-manifest.js';
import type { BlobStore } from '../storage/blob/blob-store.js';
import type { MetadataStore } from '../storage/metadata/metadata-store.js';
import { isUniqueViolation } from '../storage/metadata/metadata-store.js';
import { findVersion, insertVersion, insertVersionFiles, listVersionFiles, type VersionRow } from '../storage/metadata/assets-repository.js';
import { moveLatestTo } from '../storage/metadata/alias-moves.js';
import { appendAudit } from '../storage/metadata/audit-repository.js';
import { blobsPresent, recordBlob } from '../storage/metadata/blobs-repository.js';
import { loadKv, replaceKv } from '../storage/metadata/kv.js';
import { isoNow, type Clock } from './clock.js';
import type { Principal } from './identity.js';
import type { RegionStores } from './region-stores.js';
import type { ReadyHook } from './replication.js';
import { requireAsset, requireScope, requireVersion, targetOf, versionRecord, type VersionLocator, type VersionRecord } from './asset-records.js';
import { ensureAsset } from './version-writes.js';
import { assertLabelNotRetired } from './immutability.js';

export interface ShareTarget {
  scopeKind: ScopeKind;
  scope: string;
  /** Asset name in the target (default: the same name). */
  name?: string;
  /** Version label in the target (default: the same label). */
  version?: string;
}

/**
 * Makes a ready version available in another registry or workspace. In the same region nothing is
 * copied: the new version lists the same blobs. Across regions the blobs the target region lacks are
 * streamed store to store first (replication proper comes with the jobs issue).
 */
export async function shareVersion(store: MetadataStore, regions: RegionStores, clock: Clock, origin: VersionLocator, target: ShareTarget, actor: Principal, onReady?: ReadyHook): Promise<VersionRecord> {
  const fromScope = await requireScope(store.db, origin.scopeKind, origin.scope);
  const fromAsset = await requireAsset(store.db, fromScope, origin.type, origin.name);
  const source = await requireVersion(store.db, fromAsset, origin);
  if (source.state !== 'ready') throw new ArcaError('VersionNotReady', `version ${source.label} is ${source.state}; only a ready version can be shared`, { target: 'version' });
  const name = target.name ?? fromAsset.name;
  const label = target.version ?? source.label;
  assertAssetName(name);
  assertVersionLabel(label);
  const toScope = await requireScope(store.db, target.scopeKind, target.scope);
  if (toScope.id === fromScope.id && name.toLowerCase() === fromAsset.name_key) {
    throw new ArcaError('VersionAlreadyExists', `sharing ${targetOf(fromScope.kind, fromScope.name, fromAsset.type, fromAsset.name, source.label)} onto itself; give another --name or a target`, { target: 'name' });
  }
  const files = await listVersionFiles(store.db, source.id);
  if (toScope.location !== fromScope.location) {
    const digests = [...new Set([...files.map((f) => f.digest), ...(source.manifest_digest ? [source.manifest_digest, ociEmptyConfig.digest] : [])])];
    await copyMissingBlobs(store, regions, clock, fromScope.location, toScope.location, digests);
  }
  const toAsset = await ensureAsset(store, toScope, fromAsset.type as AssetType, name, actor, clock);
  try {
    const row = await store.transaction(async (trx) => {
      const existing = await findVersion(trx, toAsset.id, label);
      if (existing) throw new ArcaError('VersionAlreadyExists', `${toAsset.type} ${toAsset.name} in ${toScope.kind} ${toScope.name} already has version ${label}; pass another --version`, { target: 'version' });
      const now = isoNow(clock);
      const copy: VersionRow = {
        ...source, id: randomUUID(), asset_id: toAsset.id, label, label_number: /^[1-9][0-9]{0,14}$/.test(label) ? Number(label) : null,
        origin_version_id: source.id, created_at: now, created_by: actor.name, updated_at: now, updated_by: actor.name, committed_at: now, pending_expires_at: null,
      };
      await insertVersion(trx, copy);
      await assertLabelNotRetired(trx, toScope, toAsset, label);
      await insertVersionFiles(trx, files.map((f) => ({ ...f, version_id: copy.id })));
      for (const table of ['version_tags', 'version_properties'] as const) await replaceKv(trx, table, copy.id, (await loadKv(trx, table, [source.id])).get(source.id) ?? {});
      await moveLatestTo(trx, { historyId: randomUUID(), assetId: toAsset.id, toVersionId: copy.id, at: now, by: actor.name });
      await onReady?.(trx, toScope.id, { versionId: copy.id });
      await appendAudit(trx, {
        at: now, principal: actor.name, action: assetAuditAction(toAsset.type, 'versions/share'), target: targetOf(toScope.kind, toScope.name, toAsset.type, toAsset.name, label), outcome: 'succeeded',
        details: { origin: targetOf(fromScope.kind, fromScope.name, fromAsset.type, fromAsset.name, source.label), copiedAcrossRegions: toScope.location !== fromScope.location },
      });
      return copy;
    });
    return versionRecord(store.db, toScope, toAsset, row, true);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ArcaError('VersionAlreadyExists', `${toAsset.type} ${toAsset.name} already has version ${label}`, { target: 'version' });
    throw error;
  }
}

async function copyMissingBlobs(store: MetadataStore, regions: RegionStores, clock: Clock, from: string, to: string, digests: string[]): Promise<void> {
  const present = await blobsPresent(store.db, to, digests);
  const source = resolve(regions, from);
  const target = resolve(regions, to);
  for (const digest of digests.filter((d) => !present.has(d))) {
    const writer = await target.writer(`share-${randomUUID()}`);
    try {
      for await (const chunk of await source.reader(digest as `sha256:${string}`)) await writer.write(chunk as Buffer);
      const info = await writer.commit(digest as `sha256:${string}`);
      await recordBlob(store.db, to, info.digest, info.size, isoNow(clock));
    } catch (error) {
      await writer.cancel();
      throw error;
    }
  }
}

function resolve(regions: RegionStores, region: string): BlobStore {
  const store = regions.resolve(region);
  if (store === undefined) throw new ArcaError('StorageUnavailable', `region ${region} has no blob store configured`);
  return store;
}
