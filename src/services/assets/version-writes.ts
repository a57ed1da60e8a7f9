import type { Scope } from '../../core/model/scopes.js';
import { createHash, randomUUID } from 'node:crypto';
import type { Digest } from '../../core/digest.js';
import type { Asset, Version, VersionFile } from '../../core/model/assets.js';
import type { AssetType, DataType } from '../../core/asset-types.js';
import { assetAuditAction } from '../../core/audit-actions.js';
import { isDigest } from '../../core/digest.js';
import { arcaError } from '../../core/errors.js';
import { nameKey } from '../../core/names.js';
import { artifactManifest, ociEmptyConfig } from '../../core/oci/oci-artifacts.js';
import type { BlobStore } from '../../storage/blob/blob-store.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session } from '../../storage/metadata/session.js';
import { isUniqueViolation } from '../../storage/metadata/metadata-store.js';
import {
  deletePendingVersion,
  findAsset,
  findVersion,
  createAsset,
  insertVersion,
  addVersionFiles,
  listVersionFiles,
  markAllowDuplicate,
  markVersionReady,
  nextVersionNumber,
  versionAllowsDuplicate,
} from '../../storage/metadata/assets-repository.js';
import { moveLatestTo } from '../../storage/metadata/alias-moves.js';
import { lockAssetRow } from '../../storage/metadata/row-locks.js';
import { blobsPresent, queueUnreferencedBlobs, recordBlob } from '../../storage/metadata/blobs-repository.js';
import { possessedDigests } from '../../storage/metadata/possession-repository.js';
import { replaceKv } from '../../storage/metadata/kv.js';
import { insertLineage } from '../../storage/metadata/lineage-repository.js';
import type { LineageRelation } from '../../storage/metadata/tables.js';
import { isoNow, type Clock } from '../clock.js';
import type { Principal } from '../access/identity.js';
import { lockLiveAsset, targetOf } from './asset-records.js';
import { assertLabelNotRetired, nextFreeNumber } from './immutability.js';
import type { ReadyHook } from '../replication/replication.js';
import type { BlobReach } from '../uploads/possession.js';
import { claimOfPending, unchangedLatest } from './unchanged-versions.js';
import { auditor } from '../audit/auditor.js';
import { eventEmitter, versionReference } from '../events/emitter.js';

export interface FileEntry {
  path: string;
  size: number;
  digest: string;
}

/** What a new version says about itself (already validated at the edge and by core rules). */
export interface NewVersion {
  version?: string;
  description?: string;
  tags?: Record<string, string>;
  properties?: Record<string, string>;
  flavor?: string;
  framework?: string;
  dataType?: DataType;
  job?: string;
  source?: string;
  files: FileEntry[];
  /** Environments and components: the YAML as written and as parsed (JSON). */
  spec?: { yaml: string; json: Record<string, unknown> };
  /** What the version was derived from (resolved to versions already). */
  lineage?: { relation: LineageRelation; targetVersionId: string }[];
}

const labelRetries = 8;

/** A small blob for `storeSmallBlob` (a manifest, an image layout's index) and the region it goes to. */
export interface SmallBlob {
  store: BlobStore;
  region: string;
  bytes: string | Buffer;
  clock: Clock;
}

/** An asset for `ensureAsset`: found by scope, type and name, else created by `actor`. */
export interface AssetToEnsure {
  scope: Scope;
  type: AssetType;
  name: string;
  actor: Principal;
  clock: Clock;
}

/** A version begun by `insertPendingVersion`. */
export interface PendingVersionInsert {
  scope: Scope;
  asset: Asset;
  input: NewVersion;
  actor: Principal;
  clock: Clock;
  pendingTtlSeconds: number;
  /** Keep the version even when it repeats the latest one (see commitPendingVersion). */
  allowDuplicate?: boolean;
}

/** A pending version for `commitPendingVersion`, with its files and the region's blob store. */
export interface PendingVersionCommit {
  blobs: BlobStore;
  scope: Scope;
  asset: Asset;
  version: Version;
  files: VersionFile[];
  actor: Principal;
  /** The blobs the committing caller can prove it holds. */
  reach: BlobReach;
  clock: Clock;
  onReady?: ReadyHook | undefined;
}

/** A pending version that repeats `latest`, for `dropDuplicate`. */
interface DuplicateVersion {
  scope: Scope;
  asset: Asset;
  version: Version;
  latest: Version;
  actor: Principal;
  now: string;
}

/** Stores a small blob (a manifest) in a region unless it is there already. */
export async function storeSmallBlob(db: Session, { store, region, bytes, clock }: SmallBlob): Promise<Digest> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}` as const;
  if ((await blobsPresent(db, region, [digest])).has(digest)) return digest;
  const writer = await store.writer(`small-${randomUUID()}`);
  try {
    await writer.write(Buffer.from(bytes));
    const info = await writer.commit(digest);
    await recordBlob(db, { region, digest, size: info.size, at: isoNow(clock) });
    return digest;
  } catch (error) {
    await writer.cancel();
    throw error;
  }
}

/** Finds the asset, creating it on first use (a concurrent creator wins the race harmlessly). */
export async function ensureAsset(
  store: MetadataStore,
  { scope, type, name, actor, clock }: AssetToEnsure,
): Promise<Asset> {
  const existing = await findAsset(store.session, scope.id, type, nameKey(name));
  if (existing) return existing;
  const now = isoNow(clock);
  try {
    return await createAsset(store.session, {
      id: randomUUID(),
      scopeId: scope.id,
      type,
      name,
      at: now,
      by: actor.name,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findAsset(store.session, scope.id, type, nameKey(name));
    if (winner === undefined) throw error;
    return winner;
  }
}

function sameFiles(a: FileEntry[], b: VersionFile[]): boolean {
  return (
    a.length === b.length &&
    a.every((f, i) => f.path === b[i]?.path && f.size === Number(b[i]?.size) && f.digest === b[i]?.digest)
  );
}

/**
 * Inserts a pending version. Without a label it takes the next integer, under the asset's row lock, so
 * concurrent begins get distinct numbers (a bounded retry remains for writers that insert versions
 * without that lock, like a share or an OCI push under an explicit tag). Re-beginning a pending
 * version with the same files returns it (an interrupted client resumes instead of starting over).
 */
export async function insertPendingVersion(
  store: MetadataStore,
  { scope, asset, input, actor, clock, pendingTtlSeconds, allowDuplicate = false }: PendingVersionInsert,
): Promise<{ row: Version; resumed: boolean }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.transaction(async (trx) => {
        // First: the asset's row lock, so the label read below and the insert are one step (see lockAssetRow).
        await lockLiveAsset(trx, asset);
        if (input.version !== undefined) {
          const existing = await findVersion(trx, asset.id, input.version);
          if (existing !== undefined) {
            if (existing.state === 'pending' && sameFiles(input.files, await listVersionFiles(trx, existing.id))) {
              if (allowDuplicate) await markAllowDuplicate(trx, existing.id);
              return { row: existing, resumed: true };
            }
            throw arcaError(
              'VersionAlreadyExists',
              'labelTaken',
              { type: asset.type, asset: asset.name, version: existing.label, state: existing.state },
              { target: 'version' },
            );
          }
        }
        const number =
          input.version === undefined
            ? await nextFreeNumber(trx, scope, asset, await nextVersionNumber(trx, asset.id))
            : undefined;
        const label = input.version ?? String(number);
        const now = isoNow(clock);
        const draft: Omit<Version, 'labelNumber'> = {
          id: randomUUID(),
          assetId: asset.id,
          label,
          description: input.description ?? null,
          state: 'pending',
          flavor: input.flavor ?? null,
          framework: input.framework ?? null,
          dataType: input.dataType ?? null,
          job: input.job ?? null,
          source: input.source ?? null,
          originVersionId: null,
          manifestDigest: null,
          totalSize: input.files.reduce((sum, f) => sum + f.size, 0),
          fileCount: input.files.length,
          createdAt: now,
          createdBy: actor.name,
          updatedAt: now,
          updatedBy: actor.name,
          committedAt: null,
          pendingExpiresAt: new Date(clock.now().getTime() + pendingTtlSeconds * 1000).toISOString(),
          spec: input.spec?.json ?? null,
          specYaml: input.spec?.yaml ?? null,
        };
        // A label of its own asks for that version: its commit does not answer the latest instead.
        const row = await insertVersion(trx, draft, allowDuplicate || input.version !== undefined);
        // After the insert: a delete that retires this label concurrently is seen here (or holds the row).
        await assertLabelNotRetired(trx, { scope, asset, label });
        await addVersionFiles(
          trx,
          row.id,
          // assertFileEntries checked every digest at the edge.
          input.files.map((f, position) => ({ path: f.path, size: f.size, digest: f.digest as Digest, position })),
        );
        await replaceKv(trx, 'version_tags', row.id, input.tags ?? {});
        await replaceKv(trx, 'version_properties', row.id, input.properties ?? {});
        await insertLineage(trx, row.id, input.lineage ?? []);
        await auditor(actor, now).append(trx, {
          action: assetAuditAction(asset.type, 'versions/begin'),
          target: targetOf(scope.kind, scope.name, asset.type, asset.name, label),
          outcome: 'succeeded',
          details: { files: input.files.length, size: row.totalSize },
        });
        return { row, resumed: false };
      });
    } catch (error) {
      // Another client took the same next integer first: take the one after it.
      if (isUniqueViolation(error) && input.version === undefined && attempt < labelRetries) continue;
      if (isUniqueViolation(error))
        throw arcaError(
          'VersionAlreadyExists',
          { type: asset.type, asset: asset.name, version: input.version ?? '(next)' },
          { target: 'version' },
        );
      throw error;
    }
  }
}

/**
 * Digests (with sizes) the caller still has to upload among `files`: those the scope's region lacks,
 * and those it holds but the caller cannot prove it holds (see `possessedDigests`). The second kind
 * looks exactly like the first, so the answer reveals nothing beyond the caller's reach; a declared
 * size is checked only against a blob the caller may read.
 */
export async function missingBlobs(
  db: Session,
  scope: Scope,
  files: FileEntry[],
  reach: BlobReach,
): Promise<FileEntry[]> {
  const unique = new Map(files.map((f) => [f.digest, f]));
  const present = await blobsPresent(db, scope.location, [...unique.keys()]);
  const possessed = await possessedDigests(
    db,
    { ...reach, scopeId: scope.id },
    [...present.keys()].filter((d) => d !== ociEmptyConfig.digest),
  );
  const missing: FileEntry[] = [];
  for (const file of unique.values()) {
    const size = present.get(file.digest);
    // The empty artifact config `{}` is public knowledge: holding it proves nothing worth hiding.
    if (size === undefined || (file.digest !== ociEmptyConfig.digest && !possessed.has(file.digest)))
      missing.push(file);
    else if (size !== file.size)
      throw arcaError('SizeMismatch', { path: file.path, declared: file.size, size }, { target: 'files' });
  }
  return missing;
}

/** Validates the file list's digests and sizes (paths are checked by core's file-path rules). */
export function assertFileEntries(files: FileEntry[]): void {
  files.forEach((file, i) => {
    if (!isDigest(file.digest))
      throw arcaError(
        'DigestInvalid',
        'fileDigest',
        { index: i, value: file.digest },
        { target: `files[${i}].digest` },
      );
    if (!Number.isSafeInteger(file.size) || file.size < 0)
      throw arcaError('InvalidRequestBody', 'fileSize', { index: i }, { target: `files[${i}].size` });
  });
}

/**
 * Makes a pending version ready: every blob present with its declared size and in the committing
 * caller's reach (a blob it cannot prove it holds is missing, as at begin), the OCI manifest stored,
 * then — in one transaction — state, `latest` and the audit record.
 *
 * Unless it was begun with allowDuplicate (or a label of its own), a version that repeats the latest
 * one (`unchangedLatest`) is dropped instead, in the same transaction, and that latest version
 * returned. The check runs under the asset's row lock, so of identical versions committed at once
 * the first is made and the others answer it.
 */
export async function commitPendingVersion(
  store: MetadataStore,
  { blobs, scope, asset, version, files, actor, reach, clock, onReady }: PendingVersionCommit,
): Promise<Version | undefined> {
  const entries = files.map((f) => ({ path: f.path, size: Number(f.size), digest: f.digest }));
  const missing = await missingBlobs(store.session, scope, entries, reach);
  if (missing.length > 0) {
    throw arcaError(
      'BlobsMissing',
      {
        count: missing.length,
        paths: `${missing
          .slice(0, 5)
          .map((m) => m.path)
          .join(', ')}${missing.length > 5 ? ', …' : ''}`,
      },
      {
        target: 'files',
        details: missing.map((m) => ({ code: 'BlobMissing', message: m.digest, target: m.path })),
      },
    );
  }
  await storeSmallBlob(store.session, { store: blobs, region: scope.location, bytes: ociEmptyConfig.bytes, clock });
  const manifestDigest = await storeSmallBlob(store.session, {
    store: blobs,
    region: scope.location,
    bytes: artifactManifest(asset.type, entries),
    clock,
  });
  return store.transaction(async (trx) => {
    const now = isoNow(clock);
    if (!(await versionAllowsDuplicate(trx, version.id))) {
      // First the asset's row lock (as a begin takes it), so `latest` cannot change under the comparison.
      await lockAssetRow(trx, asset.id);
      const latest = await unchangedLatest(trx, asset.id, await claimOfPending(trx, version, manifestDigest));
      if (
        latest !== undefined &&
        latest.id !== version.id &&
        (await dropDuplicate(trx, { scope, asset, version, latest, actor, now }))
      )
        return latest;
    }
    // Already committed (a concurrent or earlier commit won): nothing more to do, the caller answers the committed version.
    if (
      !(await markVersionReady(trx, version.id, {
        committedAt: now,
        manifestDigest: manifestDigest,
        updatedAt: now,
        updatedBy: actor.name,
      }))
    )
      return undefined;
    await moveLatestTo(trx, {
      historyId: randomUUID(),
      assetId: asset.id,
      toVersionId: version.id,
      at: now,
      by: actor.name,
    });
    await onReady?.(trx, scope.id, { versionId: version.id });
    await auditor(actor, now).append(trx, {
      action: assetAuditAction(asset.type, 'versions/commit'),
      target: targetOf(scope.kind, scope.name, asset.type, asset.name, version.label),
      outcome: 'succeeded',
      details: { files: entries.length, size: version.totalSize, manifest: manifestDigest },
    });
    await eventEmitter(actor, now).emit(trx, {
      type: 'dev.arca.version.created',
      scope,
      asset,
      subject: versionReference(scope, asset, version.label),
      data: {
        version: version.label,
        via: 'commit',
        manifest: manifestDigest,
        files: entries.length,
        size: Number(version.totalSize),
      },
    });
    return undefined;
  });
}

/**
 * Deletes a pending version that repeats `latest` (its blobs queued for the collector, which keeps
 * every one `latest` uses), with an audit record. False when it is no longer pending.
 */
async function dropDuplicate(
  trx: Session,
  { scope, asset, version, latest, actor, now }: DuplicateVersion,
): Promise<boolean> {
  await queueUnreferencedBlobs(trx, scope.location, version.id, now);
  if (!(await deletePendingVersion(trx, version.id))) return false;
  await auditor(actor, now).append(trx, {
    action: assetAuditAction(asset.type, 'versions/discard'),
    target: targetOf(scope.kind, scope.name, asset.type, asset.name, version.label),
    outcome: 'succeeded',
    details: {
      reason: 'unchanged: the latest version has these files and this metadata',
      latest: latest.label,
      manifest: latest.manifestDigest,
    },
  });
  return true;
}
