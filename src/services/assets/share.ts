import type { Scope } from '../../core/model/scopes.js';
import { randomUUID } from 'node:crypto';
import type { Digest } from '../../core/digest.js';
import type { Asset, Version } from '../../core/model/assets.js';
import { assetAuditAction } from '../../core/audit-actions.js';
import { arcaError } from '../../core/errors.js';
import { assertAssetName, assertNewVersionLabel, nameKey, type ScopeKind } from '../../core/names.js';
import { ociEmptyConfig } from '../../core/oci/oci-artifacts.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session } from '../../storage/metadata/session.js';
import { isUniqueViolation } from '../../storage/metadata/metadata-store.js';
import {
  addVersionFiles,
  findAsset,
  findVersion,
  firstCopyInAsset,
  firstCopyInScope,
  insertVersion,
  listVersionFiles,
  shareLink,
} from '../../storage/metadata/assets-repository.js';
import { insertLineage, lineageEdges } from '../../storage/metadata/lineage-repository.js';
import type { LineageRelation } from '../../storage/metadata/tables.js';
import { moveLatestTo } from '../../storage/metadata/alias-moves.js';
import { blobsPresent, recordBlob } from '../../storage/metadata/blobs-repository.js';
import { loadKv, replaceKv } from '../../storage/metadata/kv.js';
import { isoNow, type Clock } from '../clock.js';
import type { Principal } from '../access/identity.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import type { ReadyHook } from '../replication/replication.js';
import {
  requireAsset,
  requireScope,
  requireVersion,
  targetOf,
  versionRecord,
  type VersionLocator,
  type VersionRecord,
} from './asset-records.js';
import { ensureAsset } from './version-writes.js';
import { assertLabelNotRetired } from './immutability.js';
import { eventEmitter, versionReference } from '../events/emitter.js';
import { auditor } from '../audit/auditor.js';

export interface ShareTarget {
  scopeKind: ScopeKind;
  scope: string;
  /** Asset name in the target (default: the same name). */
  name?: string;
  /** Version label in the target (default: the same label). */
  version?: string;
  /** Make another copy even when the version was already shared into the target under this name. */
  allowDuplicate?: boolean;
}

/** The version in the target, and whether this share made it (false: it was shared there before). */
export interface SharedVersion {
  version: VersionRecord;
  created: boolean;
}

/** A share of `origin` into `target` by `actor`, for `shareVersion`. */
export interface VersionShare {
  regions: RegionStores;
  clock: Clock;
  origin: VersionLocator;
  target: ShareTarget;
  actor: Principal;
  onReady?: ReadyHook | undefined;
}

/**
 * Makes a ready version available in another registry or workspace. In the same region nothing is
 * copied: the new version lists the same blobs. When the target's primary region is another one, the
 * blobs it lacks are streamed store to store into it first, within the request; the target's replica
 * regions then get them by replication, as for any new version. The copy keeps the origin's lineage
 * (an input already shared into the target points at that copy). A version already shared into the
 * target under the same name answers with that copy (`created: false`) unless `allowDuplicate`.
 */
export async function shareVersion(
  store: MetadataStore,
  { regions, clock, origin, target, actor, onReady }: VersionShare,
): Promise<SharedVersion> {
  const fromScope = await requireScope(store.session, origin.scopeKind, origin.scope);
  const fromAsset = await requireAsset(store.session, fromScope, origin.type, origin.name);
  const source = await requireVersion(store.session, fromAsset, origin);
  if (source.state !== 'ready')
    throw arcaError('VersionNotReady', 'share', { version: source.label, state: source.state }, { target: 'version' });
  const name = target.name ?? fromAsset.name;
  const label = target.version ?? source.label;
  assertAssetName(name);
  assertNewVersionLabel(label);
  const toScope = await requireScope(store.session, target.scopeKind, target.scope);
  if (toScope.id === fromScope.id && name.toLowerCase() === fromAsset.nameKey) {
    throw arcaError(
      'VersionAlreadyExists',
      'shareOntoItself',
      { source: targetOf(fromScope.kind, fromScope.name, fromAsset.type, fromAsset.name, source.label) },
      { target: 'name' },
    );
  }
  if (target.allowDuplicate !== true) {
    const existing = await existingCopy(store.session, {
      scopeId: toScope.id,
      type: fromAsset.type,
      name,
      originId: source.id,
    });
    if (existing !== undefined) return { version: await recordOf(store.session, toScope, existing), created: false };
  }
  const files = await listVersionFiles(store.session, source.id);
  if (toScope.location !== fromScope.location) {
    const digests = [
      ...new Set([
        ...files.map((f) => f.digest),
        ...(source.manifestDigest ? [source.manifestDigest, ociEmptyConfig.digest] : []),
      ]),
    ];
    await copyMissingBlobs(store, { regions, clock, from: fromScope.location, to: toScope.location, digests });
  }
  const toAsset = await ensureAsset(store, {
    scope: toScope,
    type: fromAsset.type,
    name,
    actor,
    clock,
  });
  try {
    const row = await store.transaction(async (trx) => {
      const existing = await findVersion(trx, toAsset.id, label);
      if (existing)
        throw arcaError(
          'VersionAlreadyExists',
          'shareTarget',
          { type: toAsset.type, asset: toAsset.name, kind: toScope.kind, scope: toScope.name, version: label },
          { target: 'version' },
        );
      const now = isoNow(clock);
      const draft: Omit<Version, 'labelNumber'> = {
        ...source,
        id: randomUUID(),
        assetId: toAsset.id,
        label,
        originVersionId: source.id,
        createdAt: now,
        createdBy: actor.name,
        updatedAt: now,
        updatedBy: actor.name,
        committedAt: now,
        pendingExpiresAt: null,
      };
      const copy = await insertVersion(trx, draft);
      await assertLabelNotRetired(trx, { scope: toScope, asset: toAsset, label });
      await addVersionFiles(trx, copy.id, files);
      await insertLineage(trx, copy.id, await lineageOfCopy(trx, source.id, toScope.id));
      for (const table of ['version_tags', 'version_properties'] as const)
        await replaceKv(trx, table, copy.id, (await loadKv(trx, table, [source.id])).get(source.id) ?? {});
      await moveLatestTo(trx, {
        historyId: randomUUID(),
        assetId: toAsset.id,
        toVersionId: copy.id,
        at: now,
        by: actor.name,
      });
      await onReady?.(trx, toScope.id, { versionId: copy.id });
      await auditor(actor, now).append(trx, {
        action: assetAuditAction(toAsset.type, 'versions/share'),
        target: targetOf(toScope.kind, toScope.name, toAsset.type, toAsset.name, label),
        outcome: 'succeeded',
        details: {
          origin: targetOf(fromScope.kind, fromScope.name, fromAsset.type, fromAsset.name, source.label),
          copiedAcrossRegions: toScope.location !== fromScope.location,
        },
      });
      const events = eventEmitter(actor, now);
      const subject = versionReference(toScope, toAsset, label);
      await events.emit(trx, {
        type: 'dev.arca.version.created',
        scope: toScope,
        asset: toAsset,
        subject,
        data: {
          version: label,
          via: 'share',
          manifest: copy.manifestDigest,
          files: files.length,
          size: Number(copy.totalSize),
        },
      });
      await events.emit(trx, {
        type: 'dev.arca.version.shared',
        scope: toScope,
        asset: toAsset,
        subject,
        data: {
          version: label,
          origin: targetOf(fromScope.kind, fromScope.name, fromAsset.type, fromAsset.name, source.label),
        },
      });
      return copy;
    });
    return {
      version: await versionRecord(store.session, { scope: toScope, asset: toAsset, row, withFiles: true }),
      created: true,
    };
  } catch (error) {
    if (isUniqueViolation(error) && target.allowDuplicate !== true) {
      // A concurrent share of the same version got there first: answer with its copy, as a later share would.
      const existing = await existingCopy(store.session, {
        scopeId: toScope.id,
        type: fromAsset.type,
        name,
        originId: source.id,
      });
      if (existing !== undefined) return { version: await recordOf(store.session, toScope, existing), created: false };
    }
    if (isUniqueViolation(error))
      throw arcaError(
        'VersionAlreadyExists',
        { type: toAsset.type, asset: toAsset.name, version: label },
        { target: 'version' },
      );
    throw error;
  }
}

/** A copy of version `originId` looked up in a scope under an asset's type and name. */
interface CopyLookup {
  scopeId: string;
  type: string;
  name: string;
  originId: string;
}

/** The blobs among `digests` to copy from region `from`'s store into region `to`'s (see copyMissingBlobs). */
interface BlobCopy {
  regions: RegionStores;
  clock: Clock;
  from: string;
  to: string;
  digests: Digest[];
}

/** The first copy of `originId` already shared into the scope under the asset name, if any. */
async function existingCopy(db: Session, { scopeId, type, name, originId }: CopyLookup) {
  const asset = await findAsset(db, scopeId, type, nameKey(name));
  if (asset === undefined) return undefined;
  const row = await firstCopyInAsset(db, asset.id, originId);
  return row === undefined ? undefined : { asset, row };
}

function recordOf(db: Session, scope: Scope, copy: { asset: Asset; row: Version }): Promise<VersionRecord> {
  return versionRecord(db, { scope, asset: copy.asset, row: copy.row, withFiles: true });
}

/** Bounds the walk up a chain of shares (a copy of a copy …); chains are short, a cycle is impossible. */
const maxShareChain = 16;

/**
 * The origin's lineage edges for its copy in `scopeId`: each input the origin derives from is
 * replaced by its copy in that scope when it (or a version it was shared from) was shared there,
 * so a reader of the scope can follow it; otherwise the edge keeps pointing at the input itself.
 */
async function lineageOfCopy(
  db: Session,
  originId: string,
  scopeId: string,
): Promise<{ relation: LineageRelation; targetVersionId: string }[]> {
  const edges = await lineageEdges(db, [originId], 'up');
  return Promise.all(
    edges.map(async (edge) => ({
      relation: edge.relation,
      targetVersionId: (await copyInScope(db, edge.to, scopeId)) ?? edge.to,
    })),
  );
}

/**
 * The version of `versionId`'s share chain (itself, what it was shared from, …) that lives in the
 * scope, or a copy of one of them there.
 */
async function copyInScope(db: Session, versionId: string, scopeId: string): Promise<string | undefined> {
  const chain: string[] = [];
  for (let id: string | null = versionId; id !== null && chain.length < maxShareChain && !chain.includes(id);) {
    const row = await shareLink(db, id);
    if (row === undefined) break;
    if (row.scopeId === scopeId) return row.id;
    chain.push(row.id);
    id = row.originVersionId;
  }
  return firstCopyInScope(db, scopeId, chain);
}

/** Streams the blobs region `to` lacks among `digests` from region `from`'s store into its own. */
async function copyMissingBlobs(store: MetadataStore, { regions, clock, from, to, digests }: BlobCopy): Promise<void> {
  const present = await blobsPresent(store.session, to, digests);
  const source = regions.require(from);
  const target = regions.require(to);
  for (const digest of digests.filter((d) => !present.has(d))) {
    const writer = await target.writer(`share-${randomUUID()}`);
    try {
      for await (const chunk of await source.reader(digest)) await writer.write(chunk as Buffer);
      const info = await writer.commit(digest);
      await recordBlob(store.session, { region: to, digest: info.digest, size: info.size, at: isoNow(clock) });
    } catch (error) {
      await writer.cancel();
      throw error;
    }
  }
}
