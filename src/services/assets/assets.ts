import { compact } from '../../core/compact.js';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { latestAlias, type AssetType } from '../../core/asset-types.js';
import { assetAuditAction } from '../../core/audit-actions.js';
import { claimOfRequest, unchangedLatest } from './unchanged-versions.js';
import {
  assetFilterFields,
  assetOrderFields,
  filterMentions,
  parseListQuery,
  versionFilterFields,
  versionOrderFields,
} from '../../core/asset-queries.js';
import type { ScopeKind } from '../../core/names.js';
import { listAssetsPage, listVersionsPage } from '../../storage/metadata/asset-lists.js';
import { queueUnreferencedBlobs } from '../../storage/metadata/blobs-repository.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../cursor.js';
import { shareVersion, type SharedVersion, type ShareTarget } from './share.js';
import { versionEvidence, type VersionEvidence } from './evidence.js';
import { maxConfigBytes, readConfig, readManifest, referrerOf, type ImageDetails } from './image-details.js';
import { layoutBlobPath } from '../../core/oci/oci-layout.js';
import { versionArchive } from './version-archive.js';
import type { VersionFile } from '../../core/model/assets.js';
import { maxManifestBytes } from '../../core/oci/oci-manifests.js';
import { listReferrers } from '../../storage/metadata/oci-repository.js';
import type { ServedRange } from '../../core/byte-ranges.js';
import { arcaError } from '../../core/errors.js';
import { normaliseFileList } from '../../core/file-paths.js';
import { assertAssetName, assertNewVersionLabel, nameKey } from '../../core/names.js';
import { isUniqueViolation, type MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  assetPlace,
  createAsset,
  deleteAsset,
  findAsset,
  deleteExpiredPendingVersion,
  deleteVersion,
  describeVersion,
  expiredPendingVersions,
  findVersionFile,
  holdPendingVersion,
  listVersionFiles,
  updateAsset,
} from '../../storage/metadata/assets-repository.js';
import {
  archiveReadyVersion,
  moveAliasesOffVersion,
  moveLatestOff,
  moveLatestTo,
  restoreArchivedVersion,
} from '../../storage/metadata/alias-moves.js';
import { loadKv, patchKv } from '../../storage/metadata/kv.js';
import { isoNow, type Clock } from '../clock.js';
import type { ReadyHook, ReplicationService } from '../replication/replication.js';
import {
  lineageGraph,
  prepareSpec,
  resolveLineage,
  type CanRead,
  type LineageGraph,
  type LineageRequest,
} from './derivation.js';
import { derivedVersions, lineageNodes } from '../../storage/metadata/lineage-repository.js';
import type { Principal } from '../access/identity.js';
import type { Scope } from '../../core/model/scopes.js';
import type { BlobReach } from '../uploads/possession.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import {
  assertScopeRegion,
  assetRecord,
  requireAsset,
  requireScope,
  requireScopedAsset,
  requireVersion,
  targetOf,
  versionRecord,
  versionRecords,
  type AssetLocator,
  type AssetRecord,
  type TrainingRun,
  type VersionLocator,
  type VersionRecord,
} from './asset-records.js';
import { assertNotProtected, retireVersionLabel } from './immutability.js';
import { renameAsset } from './asset-rename.js';
import {
  assertFileEntries,
  commitPendingVersion,
  ensureAsset,
  insertPendingVersion,
  missingBlobs,
  type FileEntry,
  type NewVersion,
} from './version-writes.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import type { Tx } from '../../storage/metadata/session.js';
import { eventEmitter, emitTagChanges, tagChanges } from '../events/emitter.js';
import { emitVersionDeleted, emitVersionEvent } from '../events/version-events.js';

export interface AssetOptions {
  /** A version not committed within this long is removed. */
  pendingTtlSeconds: number;
  /** Queues replication of a version that became ready (in its transaction). */
  onReady?: ReadyHook;
  /** Where a version's copies stand per region, and which store serves a read. */
  replication?: Pick<ReplicationService, 'regionStates' | 'storeFor' | 'openBlob'>;
  /** The region this process serves reads from when a request names none. */
  localRegion?: string;
  /** Downloads from stores that presign redirect to a URL valid this long (0 or absent: streamed). */
  presignSeconds?: number;
  /** The MLflow run of a scope by id (absent, or undefined when the scope has no such run): a version's lineage. */
  runOf?: (scope: Scope, runId: string) => Promise<TrainingRun | undefined>;
}

export interface KvPatch {
  description?: string | null;
  tags?: Record<string, string | null>;
  properties?: Record<string, string | null>;
}

/**
 * A version as a client begins it: environments and components send their YAML as `spec`.
 * `allowDuplicate` makes a new version even when it would repeat the latest one.
 */
export type BeginRequest = Omit<NewVersion, 'spec' | 'lineage'> & {
  spec?: string;
  lineage?: LineageRequest;
  allowDuplicate?: boolean;
};

/**
 * What a begin answers: the pending version and the blobs still to upload, or — `unchanged` — the
 * latest version, which already is what the request describes (nothing was begun).
 */
export interface BeginResult {
  version: VersionRecord;
  missing: FileEntry[];
  resumed: boolean;
  unchanged: boolean;
}

export interface ListRequest {
  filter?: string;
  orderBy?: string;
  cursor?: string;
  top: number;
}

/** The phases of a version list, in order: told to `onPhase` as each ends (for a `Server-Timing` header). */
export type ListPhase = 'scope' | 'query' | 'records';

/** A version list request: ready versions, archived ones too when asked; `onPhase` hears where the time went. */
export type VersionListRequest = ListRequest & { includeArchived?: boolean; onPhase?: (phase: ListPhase) => void };

export interface FileRead {
  stream: Readable;
  digest: string;
  size: number;
  /** The byte range served, when a range was asked for. */
  range?: { start: number; end: number };
  /** The region whose store served the bytes. */
  servedFrom?: string;
  /** True when the region asked for does not hold the file yet and the primary served it. */
  fallback?: boolean;
}

/** Who begins a version: the principal, what it may read (for lineage) and the blobs it can prove it holds. */
export interface BeginCaller {
  actor: Principal;
  canRead: CanRead;
  reach: BlobReach;
}

/**
 * What a removal on a policy's behalf (retention) adds to an archive or delete: a re-check in the version's
 * transaction (it throws to leave the version as it is) and what the audit event records about the run.
 */
export interface RemovalCheck {
  recheck(trx: Tx, versionId: string): Promise<void>;
  details: Record<string, unknown>;
}

/** Models and data (and later environments and components): versions, aliases, tags, reads. */
export class AssetService {
  constructor(
    private readonly store: MetadataStore,
    private readonly regions: RegionStores,
    private readonly clock: Clock,
    private readonly options: AssetOptions,
  ) {}

  /** Registers a pending version and answers which blobs the client still has to upload (all it cannot prove it holds). */
  async beginVersion(
    locator: AssetLocator,
    request: BeginRequest,
    { actor, canRead, reach }: BeginCaller,
  ): Promise<BeginResult> {
    assertAssetName(locator.name);
    if (request.version !== undefined) assertNewVersionLabel(request.version);
    // Environments and components are described by their YAML; any version may say what it derives from.
    const { spec: specYaml, lineage: lineageRequest, allowDuplicate = false, ...rest } = request;
    const prepared = await prepareSpec(
      this.store.session,
      locator,
      {
        files: request.files,
        ...compact({ spec: specYaml, version: request.version }),
      },
      canRead,
    );
    const lineage = [
      ...prepared.lineage,
      ...(await resolveLineage(this.store.session, locator, lineageRequest, canRead)),
    ];
    const version = request.version ?? prepared.version;
    // Sorted by path: the same files give the same manifest whatever order the client sent.
    const description = request.description ?? prepared.description;
    const tags = prepared.tags === undefined ? request.tags : { ...prepared.tags, ...request.tags };
    const input: NewVersion = {
      ...rest,
      files: normaliseFileList(request.files),
      lineage,
      ...compact({ description, tags, version, spec: prepared.spec }),
    };
    assertFileEntries(input.files);
    if (input.dataType === 'uri_file' && input.files.length !== 1) {
      throw arcaError('InvalidRequestBody', 'uriFileCount', { count: input.files.length }, { target: 'files' });
    }
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    const asset = await ensureAsset(this.store, {
      scope,
      type: locator.type,
      name: locator.name,
      actor,
      clock: this.clock,
    });
    const missing = await missingBlobs(this.store.session, scope, input.files, reach);
    // Unchanged (only when the caller proved it holds every file: a digest is not a capability): answer
    // the latest version and begin nothing. A label of its own, other than the latest's, asks for a new one.
    if (!allowDuplicate && missing.length === 0) {
      const latest = await unchangedLatest(this.store.session, asset.id, claimOfRequest(asset.type, input));
      if (latest !== undefined && (input.version === undefined || input.version === latest.label)) {
        return {
          version: await versionRecord(this.store.session, { scope, asset, row: latest }),
          missing: [],
          resumed: false,
          unchanged: true,
        };
      }
    }
    const { row, resumed } = await insertPendingVersion(this.store, {
      scope,
      asset,
      input,
      actor,
      clock: this.clock,
      pendingTtlSeconds: this.options.pendingTtlSeconds,
      allowDuplicate,
    });
    return {
      version: await versionRecord(this.store.session, { scope, asset, row }),
      missing,
      resumed,
      unchanged: false,
    };
  }

  /**
   * Commits a pending version (idempotent for a ready one); every blob must be within the caller's reach.
   * A version that turns out to repeat the latest one (unless begun with allowDuplicate) is dropped and the
   * latest answered, `unchanged`.
   */
  async commitVersion(
    locator: VersionLocator,
    actor: Principal,
    reach: BlobReach,
  ): Promise<{ version: VersionRecord; unchanged: boolean }> {
    const { scope, asset, version } = await this.locate(locator);
    let label = version.label;
    let unchanged = false;
    if (version.state === 'pending') {
      const files = await listVersionFiles(this.store.session, version.id);
      const existing = await commitPendingVersion(this.store, {
        blobs: this.regions.require(scope.location),
        scope,
        asset,
        version,
        files,
        actor,
        reach,
        clock: this.clock,
        onReady: this.options.onReady,
      });
      if (existing !== undefined) [label, unchanged] = [existing.label, true];
    } else if (version.state === 'archived') {
      throw arcaError('VersionNotReady', 'archived', { version: version.label }, { target: 'version' });
    }
    return { version: await this.getVersion({ ...locator, version: label, alias: undefined }), unchanged };
  }

  /**
   * Makes an asset with no version yet (MLflow's registered-models/create; natively an asset appears with its
   * first version). `AssetAlreadyExists` when the name is taken, whatever its case.
   */
  async createAsset(
    locator: AssetLocator,
    patch: { description?: string; tags?: Record<string, string> },
    actor: Principal,
  ): Promise<AssetRecord> {
    assertAssetName(locator.name);
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    const taken = () =>
      arcaError(
        'AssetAlreadyExists',
        { kind: scope.kind, scope: scope.name, type: locator.type, name: locator.name },
        { target: 'name' },
      );
    if ((await findAsset(this.store.session, scope.id, locator.type, nameKey(locator.name))) !== undefined)
      throw taken();
    await this.store
      .transaction(async (trx) => {
        const now = isoNow(this.clock);
        const asset = await createAsset(trx, {
          id: randomUUID(),
          scopeId: scope.id,
          type: locator.type,
          name: locator.name,
          at: now,
          by: actor.name,
        });
        if (patch.description !== undefined)
          await updateAsset(trx, asset.id, { description: patch.description, at: now, by: actor.name });
        if (patch.tags !== undefined) await patchKv(trx, 'asset_tags', asset.id, patch.tags);
        await auditor(actor, now).append(trx, {
          action: assetAuditAction(asset.type, 'create'),
          target: targetOf(scope.kind, scope.name, asset.type, asset.name),
          outcome: 'succeeded',
          details: patch,
        });
        await emitTagChanges(trx, eventEmitter(actor, now), { scope, asset }, tagChanges({}, patch.tags ?? {}));
      })
      .catch((error: unknown) => {
        // A concurrent create of the same name lost the race on the unique name key.
        throw isUniqueViolation(error) ? taken() : error;
      });
    return this.getAsset(locator);
  }

  /**
   * Deletes an asset that has no version left (`AssetNotEmpty` otherwise: its versions go one by one through
   * `deleteVersion`, which retires their labels, so a model made again under the name never reuses one).
   */
  async deleteAsset(locator: AssetLocator, actor: Principal): Promise<void> {
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    const asset = await requireAsset(this.store.session, scope, locator.type, locator.name);
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      // The asset's row first: a version begun meanwhile waits for it, then finds the asset gone.
      if (!(await updateAsset(trx, asset.id, { at: now, by: actor.name }))) return;
      const left = await listVersionsPage(trx, {
        assetId: asset.id,
        query: { orderBy: [{ field: 'created', direction: 'desc' }], states: undefined },
        limit: 1,
      });
      if (left.rows.length > 0)
        throw arcaError('AssetNotEmpty', { type: asset.type, name: asset.name }, { target: 'name' });
      await deleteAsset(trx, asset.id);
      await auditor(actor, now).append(trx, {
        action: assetAuditAction(asset.type, 'delete'),
        target: targetOf(scope.kind, scope.name, asset.type, asset.name),
        outcome: 'succeeded',
      });
    });
  }

  /** Renames the asset (see `renameAsset`); answers it under its new name. */
  async renameAsset(locator: AssetLocator, newName: string, actor: Principal): Promise<AssetRecord> {
    await renameAsset(this.store, this.clock, locator, newName, actor);
    return this.getAsset({ ...locator, name: newName });
  }

  async getAsset(locator: AssetLocator): Promise<AssetRecord> {
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    return assetRecord(
      this.store.session,
      scope,
      await requireAsset(this.store.session, scope, locator.type, locator.name),
    );
  }

  async updateAsset(locator: AssetLocator, patch: KvPatch, actor: Principal): Promise<AssetRecord> {
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    const asset = await requireAsset(this.store.session, scope, locator.type, locator.name);
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      // The asset's row first: it holds the row lock for the key-wise merge below (see patchKv).
      if (
        !(await updateAsset(trx, asset.id, {
          ...compact({ description: patch.description }),
          at: now,
          by: actor.name,
        }))
      ) {
        throw arcaError(
          'AssetNotFound',
          'deletedMeanwhile',
          { type: asset.type, name: asset.name },
          { target: 'name' },
        );
      }
      const tags = patch.tags === undefined ? [] : tagChanges(await kvOf(trx, 'asset_tags', asset.id), patch.tags);
      if (patch.tags !== undefined) await patchKv(trx, 'asset_tags', asset.id, patch.tags);
      await auditor(actor, now).append(trx, {
        action: assetAuditAction(asset.type, 'update'),
        target: targetOf(scope.kind, scope.name, asset.type, asset.name),
        outcome: 'succeeded',
        details: patch,
      });
      await emitTagChanges(trx, eventEmitter(actor, now), { scope, asset }, tags);
    });
    return this.getAsset(locator);
  }

  async getVersion(locator: VersionLocator): Promise<VersionRecord> {
    const { scope, asset, version } = await this.locate(locator);
    const record = await versionRecord(this.store.session, { scope, asset, row: version, withFiles: true });
    if (this.options.replication !== undefined && version.state !== 'pending')
      record.regions = await this.options.replication.regionStates(scope, version.id);
    // Registered through MLflow from a run: the run is its lineage (experiment, params, metrics).
    const runId = record.properties['mlflow.run_id'];
    if (runId !== undefined && this.options.runOf !== undefined) {
      const run = await this.options.runOf(scope, runId);
      if (run !== undefined) record.run = run;
    }
    return record;
  }

  /** Changes a version's description, tags or properties; its files never change. */
  async updateVersion(locator: VersionLocator, patch: KvPatch, actor: Principal): Promise<VersionRecord> {
    const { scope, asset, version } = await this.locate(locator);
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      // The version's row first: it holds the row lock for the key-wise merges below (see patchKv).
      if (
        !(await describeVersion(trx, version.id, {
          ...compact({ description: patch.description }),
          at: now,
          by: actor.name,
        }))
      ) {
        throw arcaError(
          'VersionNotFound',
          'deletedMeanwhile',
          { type: asset.type, asset: asset.name, version: version.label },
          { target: 'version' },
        );
      }
      const tags = patch.tags === undefined ? [] : tagChanges(await kvOf(trx, 'version_tags', version.id), patch.tags);
      for (const [table, values] of [
        ['version_tags', patch.tags],
        ['version_properties', patch.properties],
      ] as const) {
        if (values !== undefined) await patchKv(trx, table, version.id, values);
      }
      await auditor(actor, now).append(trx, {
        action: assetAuditAction(asset.type, 'versions/update'),
        target: targetOf(scope.kind, scope.name, asset.type, asset.name, version.label),
        outcome: 'succeeded',
        details: patch,
      });
      await emitTagChanges(trx, eventEmitter(actor, now), { scope, asset, version: version.label }, tags);
    });
    return this.getVersion({ ...locator, version: version.label, alias: undefined });
  }

  /**
   * Hides a ready version from lists and alias targets; `latest` falls back to the previous one. A
   * `removal` (retention) re-checks the version inside the transaction, after its row is locked.
   */
  async archiveVersion(locator: VersionLocator, actor: AuditActor, removal?: RemovalCheck): Promise<VersionRecord> {
    const { scope, asset, version } = await this.locate(locator);
    if (version.state === 'pending')
      throw arcaError('VersionNotReady', 'pending', { version: version.label }, { target: 'version' });
    if (version.state === 'ready') {
      await this.store.transaction(async (trx) => {
        const now = isoNow(this.clock);
        // The state change comes first: it locks the version row, so an alias move to it waits for this
        // transaction (and then sees it archived), and a move that came first is seen by the check below.
        if (!(await archiveReadyVersion(trx, version.id, now, actor.name))) return;
        await removal?.recheck(trx, version.id);
        const record = await versionRecord(trx, { scope, asset, row: version, withFiles: false });
        const pinned = record.aliases.filter((a) => a !== latestAlias);
        if (pinned.length > 0)
          throw arcaError(
            'VersionInUse',
            'archive',
            { aliases: pinned.join(', '), version: version.label },
            { target: 'version' },
          );
        // Only when `latest` is on it (read after the update: no move onto it can be pending now); locking
        // `latest` otherwise would wait on a delete that holds it and waits for this version: a deadlock.
        if (record.aliases.includes(latestAlias))
          await moveLatestOff(trx, {
            historyId: randomUUID(),
            assetId: asset.id,
            versionId: version.id,
            at: now,
            by: actor.name,
          });
        await auditor(actor, now).append(trx, {
          action: assetAuditAction(asset.type, 'versions/archive'),
          target: targetOf(scope.kind, scope.name, asset.type, asset.name, version.label),
          outcome: 'succeeded',
          ...compact({ details: removal?.details }),
        });
        // Archived by a retention run: the event says so, with the rule (and the job), as the audit event does.
        await emitVersionEvent(
          trx,
          eventEmitter(actor, now),
          'dev.arca.version.archived',
          { scope, asset, version },
          removal?.details,
        );
      });
    }
    return this.getVersion({ ...locator, version: version.label, alias: undefined });
  }

  async restoreVersion(locator: VersionLocator, actor: Principal): Promise<VersionRecord> {
    const { scope, asset, version } = await this.locate(locator);
    if (version.state === 'archived') {
      await this.store.transaction(async (trx) => {
        const now = isoNow(this.clock);
        if (!(await restoreArchivedVersion(trx, version.id, now, actor.name))) return;
        // `latest` is always the newest ready version: a restored one may be it again (moved with history).
        await moveLatestTo(trx, {
          historyId: randomUUID(),
          assetId: asset.id,
          toVersionId: version.id,
          at: now,
          by: actor.name,
        });
        await auditor(actor, now).append(trx, {
          action: assetAuditAction(asset.type, 'versions/restore'),
          target: targetOf(scope.kind, scope.name, asset.type, asset.name, version.label),
          outcome: 'succeeded',
        });
        await emitVersionEvent(trx, eventEmitter(actor, now), 'dev.arca.version.restored', { scope, asset, version });
      });
    }
    return this.getVersion({ ...locator, version: version.label, alias: undefined });
  }

  /**
   * Deletes a version's metadata. Refused while an alias other than `latest` points at it, unless
   * forced (the aliases go too, recorded in their history); refused while a protected alias points at
   * it, forced or not. A committed version's label is retired for good. Blobs stay for garbage
   * collection, which never removes one another version still uses.
   */
  async deleteVersion(
    locator: VersionLocator,
    options: { force: boolean },
    actor: AuditActor,
    removal?: RemovalCheck,
  ): Promise<void> {
    const { scope, asset, version } = await this.locate(locator);
    await this.store.transaction(async (trx) => {
      await assertNotProtected(trx, asset, version);
      await removal?.recheck(trx, version.id);
      const record = await versionRecord(trx, { scope, asset, row: version, withFiles: false });
      const pinned = record.aliases.filter((a) => a !== latestAlias);
      if (pinned.length > 0 && !options.force) {
        throw arcaError('VersionInUse', { aliases: pinned.join(', '), version: version.label }, { target: 'version' });
      }
      const derived = await derivedVersions(trx, version.id, 100);
      if (derived.length > 0 && !options.force) {
        const names = (await lineageNodes(trx, derived)).map((n) =>
          targetOf(n.scopeKind, n.scopeName, n.assetType, n.assetName, n.label),
        );
        throw arcaError(
          'VersionInUse',
          'derived',
          {
            version: version.label,
            derived: `${names.slice(0, 5).join(', ')}${derived.length > 5 ? ', …' : ''}`,
          },
          { target: 'version' },
        );
      }
      const derivedBy =
        derived.length === 0
          ? []
          : (await lineageNodes(trx, derived)).map((n) =>
              targetOf(n.scopeKind, n.scopeName, n.assetType, n.assetName, n.label),
            );
      const now = isoNow(this.clock);
      // Every alias leaves the version with a history entry (`latest` moves back, the others go).
      const removed = await moveAliasesOffVersion(trx, {
        assetId: asset.id,
        versionId: version.id,
        at: now,
        by: actor.name,
      });
      const queued = await queueUnreferencedBlobs(trx, scope.location, version.id, now);
      await retireVersionLabel(trx, { scope, asset, version, at: now, by: actor.name });
      await deleteVersion(trx, version.id);
      await auditor(actor, now).append(trx, {
        action: assetAuditAction(asset.type, 'versions/delete'),
        target: targetOf(scope.kind, scope.name, asset.type, asset.name, version.label),
        outcome: 'succeeded',
        details: {
          force: options.force,
          aliasesRemoved: pinned,
          blobsQueuedForGc: queued,
          ...(derivedBy.length > 0 ? { lineageRemovedFrom: derivedBy } : {}),
          ...removal?.details,
        },
      });
      await emitVersionDeleted(
        trx,
        eventEmitter(actor, now),
        { scope, asset, version },
        { force: options.force, aliases: removed, extra: removal?.details },
      );
    });
  }

  /** Streams one file of a ready or archived version, whole or a byte range. */
  /**
   * A presigned URL of a version's file in the store that would serve it, when downloads are
   * redirected and that store can presign (S3, Azure); undefined means: stream it with `openFile`.
   */
  async fileUrl(
    locator: VersionLocator,
    path: string,
    region?: string,
  ): Promise<{ url: string; servedFrom: string } | undefined> {
    const seconds = this.options.presignSeconds ?? 0;
    if (seconds <= 0 || this.options.replication === undefined) return undefined;
    const { scope, file } = await this.readableFile(locator, path, region);
    const source = await this.options.replication.storeFor(scope, region ?? this.options.localRegion, file.digest);
    if (source.store.presignedUrl === undefined) return undefined;
    // A store that cannot presign right now still streams: the redirect is an optimisation, never a failure.
    const url = await source.store.presignedUrl(file.digest, seconds).catch(() => undefined);
    return url === undefined ? undefined : { url, servedFrom: source.region };
  }

  /**
   * Opens a file of a version for reading, from `region` (default: this process's region) when the
   * version is replicated there, otherwise from the primary (`servedFrom` says which, `fallback` that
   * the region asked for did not hold it yet).
   */
  async openFile(
    locator: VersionLocator,
    path: string,
    rangeFor?: (size: number) => ServedRange | undefined,
    region?: string,
  ): Promise<FileRead> {
    const { scope, file } = await this.readableFile(locator, path, region);
    return this.openStoredFile(scope, file, rangeFor?.(Number(file.size)), region);
  }

  /**
   * A committed version's files as one tar stream (`<asset>-<version>.tar`), each file read like `openFile`
   * reads it (same region choice and fallback) and checked against its digest as it streams.
   */
  async openArchive(locator: VersionLocator, region?: string): Promise<{ filename: string; stream: Readable }> {
    const { scope, asset, version } = await this.locate(locator);
    if (region !== undefined) await assertScopeRegion(this.store.session, scope, region);
    if (version.state === 'pending')
      throw arcaError('VersionNotReady', { version: version.label }, { target: 'version' });
    const files = await listVersionFiles(this.store.session, version.id);
    const mtime = Math.floor(Date.parse(version.committedAt ?? version.createdAt) / 1000);
    const stream = versionArchive(
      files,
      mtime,
      async (file) => (await this.openStoredFile(scope, file, undefined, region)).stream,
    );
    return { filename: `${asset.name}-${version.label}.tar`, stream };
  }

  /** The bytes of one file of a version: from the region asked for (or the local one) when it holds them, else the primary. */
  private async openStoredFile(
    scope: { id: string; location: string },
    file: VersionFile,
    range: ServedRange | undefined,
    region: string | undefined,
  ): Promise<FileRead> {
    const size = Number(file.size);
    const digest = file.digest;
    const wanted = region ?? this.options.localRegion;
    const bounds = range === undefined ? undefined : { offset: range.start, length: range.end - range.start + 1 };
    const source =
      this.options.replication === undefined
        ? {
            stream: await this.regions.require(scope.location).reader(digest, bounds),
            servedFrom: scope.location,
            fallback: wanted !== undefined && wanted !== scope.location,
          }
        : await this.options.replication.openBlob(scope, wanted, digest, bounds);
    return {
      ...source,
      digest,
      size,
      ...compact({ range }),
    };
  }

  /** A page of a scope's assets of one type, filtered and ordered (`name` by default). */
  async listAssets(
    scopeKind: ScopeKind,
    scopeName: string,
    type: AssetType,
    request: ListRequest,
  ): Promise<{ items: AssetRecord[]; next?: string }> {
    const scope = await requireScope(this.store.session, scopeKind, scopeName);
    const query = parseListQuery(request.filter, request.orderBy, assetFilterFields, assetOrderFields, [
      { field: 'name', direction: 'asc' },
    ]);
    const list = `assets:${scope.id}:${type}:${request.filter ?? ''}:${request.orderBy ?? ''}`;
    const after = request.cursor === undefined ? undefined : decodeKeysetCursor(request.cursor, list);
    const page = await listAssetsPage(this.store.session, {
      scopeId: scope.id,
      type,
      query,
      limit: request.top,
      after,
    });
    const items = await Promise.all(page.rows.map((row) => assetRecord(this.store.session, scope, row)));
    return { items, ...(page.next ? { next: encodeKeysetCursor(list, page.next) } : {}) };
  }

  /** A page of an asset's versions (newest first by default; ready only unless asked otherwise). */
  async listVersions(
    locator: AssetLocator,
    request: VersionListRequest,
  ): Promise<{ items: VersionRecord[]; next?: string }> {
    const { scope, asset } = await requireScopedAsset(this.store.session, locator);
    request.onPhase?.('scope');
    const query = parseListQuery(request.filter, request.orderBy, versionFilterFields, versionOrderFields, [
      { field: 'created', direction: 'desc' },
    ]);
    const states = filterMentions(query.filter, 'state')
      ? undefined
      : request.includeArchived
        ? ['ready' as const, 'archived' as const]
        : ['ready' as const];
    const list = `versions:${asset.id}:${request.filter ?? ''}:${request.orderBy ?? ''}:${String(request.includeArchived ?? false)}`;
    const after = request.cursor === undefined ? undefined : decodeKeysetCursor(request.cursor, list);
    const page = await listVersionsPage(this.store.session, {
      assetId: asset.id,
      query: { ...query, states },
      limit: request.top,
      after,
    });
    request.onPhase?.('query');
    const items = await versionRecords(this.store.session, { scope, asset, rows: page.rows, details: page.details });
    request.onPhase?.('records');
    return { items, ...(page.next ? { next: encodeKeysetCursor(list, page.next) } : {}) };
  }

  /** Makes a ready version available in another registry or workspace (see `shareVersion`). */
  shareVersion(origin: VersionLocator, target: ShareTarget, actor: Principal): Promise<SharedVersion> {
    return shareVersion(this.store, {
      regions: this.regions,
      clock: this.clock,
      origin,
      target,
      actor,
      onReady: this.options.onReady,
    });
  }

  /** The evidence document of one version (see `versionEvidence`). */
  evidence(locator: VersionLocator, canRead: CanRead): Promise<VersionEvidence> {
    return versionEvidence(this.store, locator, isoNow(this.clock), canRead);
  }

  /** Removes pending versions whose client never committed them. Returns how many. */
  async removeExpiredPending(): Promise<number> {
    const now = isoNow(this.clock);
    const expired = await expiredPendingVersions(this.store.session, now, 100);
    let removed = 0;
    for (const version of expired) {
      await this.store.transaction(async (trx) => {
        // Still pending, locked until this transaction ends: a commit that got there first made it ready
        // (and moved `latest` onto it), and deleting it now would drop `latest` by cascade, unrecorded.
        if (!(await holdPendingVersion(trx, version.id))) return;
        const where = await assetPlace(trx, version.assetId);
        // Blobs uploaded for a version that was never committed are left to the collector too.
        if (where) await queueUnreferencedBlobs(trx, where.location, version.id, now);
        if (!(await deleteExpiredPendingVersion(trx, version.id, now)) || where === undefined) return;
        removed++;
        // Arca itself removed it: the begin is in the log, so is its end.
        await auditor({ name: 'arca' }, now).append(trx, {
          action: assetAuditAction(where.type, 'versions/expire'),
          target: targetOf(where.scopeKind, where.scope, where.type, where.name, version.label),
          outcome: 'succeeded',
          details: { reason: 'not committed within pendingVersionTimeoutSeconds', begunBy: version.createdBy },
        });
      });
    }
    return removed;
  }

  /**
   * An environment version's image: manifest, layers, platform, config and referrers, read from the
   * manifest and config blobs it holds (an OCI image layout's `blobs/sha256/…` files). `ImageNotHeld`
   * when its spec names an image kept elsewhere.
   */
  async image(locator: VersionLocator): Promise<ImageDetails> {
    const { asset, version } = await this.locate(locator);
    if (version.state === 'pending')
      throw arcaError('VersionNotReady', { version: version.label }, { target: 'version' });
    const digest = version.manifestDigest;
    // A spec's `image: python@sha256:…` names a manifest too, whose bytes Arca does not hold.
    const held = digest !== null && (await findVersionFile(this.store.session, version.id, layoutBlobPath(digest)));
    if (!held) {
      const named = version.spec?.['image'];
      const image = typeof named === 'string' ? named : (digest ?? 'no image');
      throw arcaError('ImageNotHeld', { asset: asset.name, version: version.label, image }, { target: 'version' });
    }
    const manifestBytes = await this.smallFile(locator, layoutBlobPath(digest), maxManifestBytes);
    const manifest = readManifest(manifestBytes);
    const configBytes =
      manifest.config === undefined || manifest.config.size > maxConfigBytes
        ? undefined
        : await this.smallFile(locator, layoutBlobPath(manifest.config.digest), maxConfigBytes);
    const referrers = await listReferrers(this.store.session, asset.id, digest, undefined);
    return {
      digest,
      mediaType: manifest.mediaType,
      size: manifestBytes.length,
      platforms: manifest.platforms,
      layers: manifest.layers,
      config: configBytes === undefined ? null : readConfig(configBytes),
      referrers: referrers.map(referrerOf),
    };
  }

  /** A file of a version read whole, when it is at most `limit` bytes (a manifest, a config). */
  private async smallFile(locator: VersionLocator, path: string, limit: number): Promise<Buffer> {
    const read = await this.openFile(locator, path);
    if (read.size > limit) {
      read.stream.destroy();
      throw arcaError(
        'ImageUnreadable',
        { what: path, problem: `it is ${read.size} bytes, over ${limit}` },
        { target: 'version' },
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of read.stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** The lineage graph around a version (only what the caller may read). */
  async lineage(
    locator: VersionLocator,
    depth: number,
    direction: 'up' | 'down' | 'both',
    canRead: CanRead,
  ): Promise<LineageGraph> {
    const { version } = await this.locate(locator);
    return lineageGraph(this.store.session, { root: version, depth, direction, canRead });
  }

  /**
   * A file of a committed version: `VersionNotReady` while pending, `FileNotFound` for a path it lacks,
   * `RegionNotInScope` when the `region` asked for is not the scope's (a typo never reads the primary silently).
   */
  private async readableFile(locator: VersionLocator, path: string, region?: string) {
    const { scope, version } = await this.locate(locator);
    if (region !== undefined) await assertScopeRegion(this.store.session, scope, region);
    if (version.state === 'pending')
      throw arcaError('VersionNotReady', { version: version.label }, { target: 'version' });
    const file = await findVersionFile(this.store.session, version.id, path);
    if (file === undefined) throw arcaError('FileNotFound', { version: version.label, path }, { target: 'path' });
    return { scope, file };
  }

  private async locate(locator: VersionLocator) {
    const { scope, asset } = await requireScopedAsset(this.store.session, locator);
    const version = await requireVersion(this.store.session, asset, locator);
    return { scope, asset, version };
  }
}

/** The key/values of one owner (read under its row lock, before a patch). */
async function kvOf(trx: Tx, table: 'asset_tags' | 'version_tags', ownerId: string): Promise<Record<string, string>> {
  return (await loadKv(trx, table, [ownerId])).get(ownerId) ?? {};
}
