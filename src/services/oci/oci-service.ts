import type { UploadSession } from '../../core/model/uploads.js';
import type { Scope } from '../../core/model/scopes.js';
import { compact } from '../../core/compact.js';
import { createHash } from 'node:crypto';
import type { Asset } from '../../core/model/assets.js';
import type { Readable } from 'node:stream';
import { assetTypeSegments } from '../../core/asset-types.js';
import type { ServedRange } from '../../core/byte-ranges.js';
import { ArcaError, arcaError } from '../../core/errors.js';
import { assertVersionLabel, nameKey, type ScopeKind } from '../../core/names.js';
import { isDigest } from '../../core/digest.js';
import { ociManifestMediaType } from '../../core/oci/oci-artifacts.js';
import {
  maxManifestBytes,
  parseManifest,
  parseManifestReference,
  type ManifestReference,
  type RepositoryName,
} from '../../core/oci/oci-manifests.js';
import type { Digest, ReadRange } from '../../storage/blob/blob-store.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Tx } from '../../storage/metadata/session.js';
import { deleteVersion as deleteVersionRow, findAsset, findVersion } from '../../storage/metadata/assets-repository.js';
import { moveAliasesOffVersion } from '../../storage/metadata/alias-moves.js';
import { blobsPresent } from '../../storage/metadata/blobs-repository.js';
import {
  deleteTag,
  findManifest,
  insertManifest,
  linkRepositoryBlob,
  listReferrers,
  listTags,
  queueForGc,
  repositoryHoldsBlob,
  unlinkRepositoryBlob,
  unreferencedDigests,
  type OciManifest,
} from '../../storage/metadata/oci-repository.js';
import { findVersionIdByManifest, versionsByManifest } from '../../storage/metadata/oci-versions-repository.js';
import { findScopeRowByName } from '../../storage/metadata/scopes-repository.js';
import { lockAssetRow } from '../../storage/metadata/row-locks.js';
import { derivedVersions } from '../../storage/metadata/lineage-repository.js';
import { targetOf } from '../assets/asset-records.js';
import { isoNow, type Clock } from '../clock.js';
import { auditor } from '../audit/auditor.js';
import { eventEmitter, versionReference } from '../events/emitter.js';
import { emitVersionDeleted } from '../events/version-events.js';
import type { Principal } from '../access/identity.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import type { UploadChunk, UploadFinish, UploadPlace, UploadService } from '../uploads/uploads.js';
import type { ReadyHook } from '../replication/replication.js';
import { ensureAsset, storeSmallBlob } from '../assets/version-writes.js';
import { assertNotProtected, retireVersionLabel } from '../assets/immutability.js';
import { catalogPage, type CatalogPage, type CatalogScope } from './oci-catalog.js';
import { assertReferencesHeld, digestOfTag, heldBlob } from './oci-holdings.js';
import { removePushedManifest } from './oci-manifest-removal.js';
import { refuseProtectedAlias, tagPushedManifest } from './oci-tag-push.js';
import type {
  BlobRead,
  ManifestPush,
  ManifestRead,
  OciReads,
  OciRepository,
  OciServiceDeps,
  PushedVersionRemoval,
  ReferrerDescriptor,
} from './oci-types.js';

/** How much of an oversized manifest push is read and dropped so its client hears the 413. */
const maxDrainedManifestBytes = 256 * 1024 * 1024;

export type {
  BlobRead,
  ManifestPush,
  ManifestRead,
  OciReads,
  OciRepository,
  OciServiceDeps,
  PushOptions,
  ReferrerDescriptor,
} from './oci-types.js';

/**
 * The OCI Distribution API over Arca's stores: a repository `<scope>/<type>/<name>` is an asset;
 * blobs are the region's content-addressed blobs (linked to the repositories that hold them);
 * uploads are the same resumable sessions the REST API uses. Pushing a tag to an environment
 * registers the environment version of that label (never changing one that exists); other types
 * keep their versions immutable and take extra tags beside them. A retired label is never pushed again.
 */
export class OciService {
  private readonly store: MetadataStore;
  private readonly regions: RegionStores;
  private readonly uploads: UploadService;
  private readonly clock: Clock;
  private readonly onReady: ReadyHook | undefined;
  private readonly reads: OciReads | undefined;

  constructor({ store, regions, uploads, clock, onReady, reads }: OciServiceDeps) {
    this.store = store;
    this.regions = regions;
    this.uploads = uploads;
    this.clock = clock;
    this.onReady = onReady;
    this.reads = reads;
  }

  /** A registry of that name, else a workspace (names compare case-insensitively). */
  async resolveScope(name: string): Promise<Scope> {
    const key = nameKey(name);
    const scope =
      (await findScopeRowByName(this.store.session, 'registry', key)) ??
      (await findScopeRowByName(this.store.session, 'workspace', key));
    if (scope === undefined || scope.provisioningState === 'Creating' || scope.provisioningState === 'Deleting') {
      throw arcaError('RepositoryUnknown', 'noScope', { name }, { target: 'name' });
    }
    return scope;
  }

  async repository(name: RepositoryName, scope?: Scope): Promise<OciRepository> {
    const resolved = scope ?? (await this.resolveScope(name.scope));
    const asset = await findAsset(this.store.session, resolved.id, name.type, nameKey(name.name));
    return { scope: resolved, name, key: `${assetTypeSegments[name.type]}/${nameKey(name.name)}`, asset };
  }

  // Blobs

  async statBlob(repo: OciRepository, digest: string): Promise<{ digest: Digest; size: number }> {
    return heldBlob(this.store.session, repo, digest);
  }

  async readBlob(
    repo: OciRepository,
    digest: string,
    rangeFor?: (size: number) => ServedRange | undefined,
  ): Promise<BlobRead> {
    const held = await heldBlob(this.store.session, repo, digest);
    const size = held.size;
    const range = rangeFor?.(size);
    if (range !== undefined)
      return {
        ...held,
        range,
        ...(await this.open(repo.scope, held.digest, { offset: range.start, length: range.end - range.start + 1 })),
      };
    return { ...held, ...(await this.open(repo.scope, held.digest)) };
  }

  /** Opens a blob from this server's region when it holds a copy, else from the scope's primary. */
  private async open(
    scope: Scope,
    digest: Digest,
    range?: ReadRange,
  ): Promise<{ stream: Readable; servedFrom: string; fallback: boolean }> {
    if (this.reads === undefined)
      return {
        stream: await this.regions.require(scope.location).reader(digest, range),
        servedFrom: scope.location,
        fallback: false,
      };
    return this.reads.replication.openBlob(scope, this.reads.localRegion, digest, range);
  }

  /** Unlinks a blob from a repository (the bytes stay while anything else holds them; GC removes the rest). */
  async deleteBlob(repo: OciRepository, digest: string, actor: Principal): Promise<void> {
    await heldBlob(this.store.session, repo, digest);
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      await unlinkRepositoryBlob(trx, repo.scope.id, repo.key, digest);
      await queueForGc(trx, repo.scope.location, await unreferencedDigests(trx, repo.scope.location, [digest]), now);
      await auditor(actor, now).append(trx, {
        action: 'oci/blobs/delete',
        target: ociTarget(repo),
        outcome: 'succeeded',
        details: { digest },
      });
    });
  }

  /** Links a blob another readable repository holds, without copying: true when mounted. */
  async mountBlob(repo: OciRepository, digest: string, from: OciRepository, actor: Principal): Promise<boolean> {
    if (from.scope.location !== repo.scope.location) return false;
    if (
      !(await repositoryHoldsBlob(this.store.session, {
        scopeId: from.scope.id,
        repository: from.key,
        assetId: from.asset?.id,
        digest,
      }))
    )
      return false;
    if (!(await blobsPresent(this.store.session, repo.scope.location, [digest])).has(digest)) return false;
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      await linkRepositoryBlob(trx, { scopeId: repo.scope.id, repository: repo.key, digest, at: now });
      await auditor(actor, now).append(trx, {
        action: 'oci/blobs/mount',
        target: ociTarget(repo),
        outcome: 'succeeded',
        details: { digest, from: ociTarget(from) },
      });
    });
    return true;
  }

  // Uploads (the REST API's resumable sessions, tied to the repository)

  startUpload(repo: OciRepository, actor: Principal): Promise<UploadSession> {
    return this.uploads.start(uploadPlace(repo), actor);
  }

  uploadStatus(repo: OciRepository, id: string): Promise<UploadSession> {
    return this.uploads.status(uploadPlace(repo), id);
  }

  appendUpload(repo: OciRepository, chunk: UploadChunk): Promise<UploadSession> {
    return this.uploads.append(uploadPlace(repo), chunk);
  }

  finishUpload(repo: OciRepository, last: UploadFinish): Promise<{ digest: Digest; size: number }> {
    return this.uploads.finish(uploadPlace(repo), last);
  }

  cancelUpload(repo: OciRepository, id: string, actor: Principal): Promise<void> {
    return this.uploads.cancel(uploadPlace(repo), id, actor);
  }

  // Manifests

  /**
   * Reads a pushed manifest body (at most 4 MiB) from a request stream; a larger one is
   * `ManifestTooLarge` (413, OCI `SIZE_INVALID`). Past the limit the rest is read and dropped, not
   * kept, so the client hears the answer instead of a reset connection; only a body beyond
   * `maxDrainedManifestBytes` is cut off.
   */
  async readManifestBody(body: Readable): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size <= maxManifestBytes) chunks.push(chunk as Buffer);
      else if (size > maxDrainedManifestBytes) {
        body.destroy();
        break;
      }
    }
    if (size > maxManifestBytes)
      throw arcaError('ManifestTooLarge', { limit: maxManifestBytes }, { target: 'manifest' });
    return Buffer.concat(chunks);
  }

  /**
   * Stores a manifest after checking everything it references is in the repository; tags it when
   * pushed by tag. Returns its digest and subject (for `OCI-Subject`).
   */
  async putManifest({
    repo,
    reference,
    bytes,
    contentType,
    actor,
    options = {},
  }: ManifestPush): Promise<{ digest: string; subject?: string }> {
    const ref = parseManifestReference(reference);
    const manifest = parseManifest(bytes, contentType);
    const digest: Digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (ref.digest !== undefined && ref.digest !== digest) {
      throw arcaError('DigestMismatch', 'manifestDigest', { digest, expected: ref.digest }, { target: 'reference' });
    }
    if (ref.tag !== undefined && repo.name.type === 'environment') assertVersionLabel(ref.tag, 'reference');
    await assertReferencesHeld(this.store.session, repo, manifest);
    // Refused before anything is written (checked again under the alias's lock below).
    if (ref.tag !== undefined && repo.asset !== undefined)
      await refuseProtectedAlias(this.store.session, repo.asset, ref.tag);
    const region = repo.scope.location;
    await storeSmallBlob(this.store.session, { store: this.regions.require(region), region, bytes, clock: this.clock });
    const asset =
      repo.asset ??
      (await ensureAsset(this.store, {
        scope: repo.scope,
        type: repo.name.type,
        name: repo.name.name,
        actor,
        clock: this.clock,
      }));
    await this.store.transaction(async (trx) => {
      // Under the asset's row lock, as a retention run removes manifests: a manifest it removed in
      // between is stored again here rather than taken for present (and tagged while gone).
      await lockAssetRow(trx, asset.id);
      const now = isoNow(this.clock);
      const pushed: OciManifest = {
        assetId: asset.id,
        digest,
        mediaType: manifest.mediaType,
        artifactType: manifest.artifactType,
        subjectDigest: manifest.subject?.digest,
        annotations: manifest.annotations,
        size: bytes.length,
        region,
        createdAt: now,
        createdBy: actor.name,
      };
      const created = await insertManifest(trx, pushed, [
        ...manifest.blobs.map((b) => ({ digest: b.digest, kind: 'blob' as const })),
        ...manifest.manifests.map((m) => ({ digest: m.digest, kind: 'manifest' as const })),
      ]);
      const version =
        ref.tag === undefined
          ? undefined
          : await tagPushedManifest(
              trx,
              { repo, asset, tag: ref.tag, digest, manifest, manifestSize: bytes.length, actor, now, options },
              { regions: this.regions, clock: this.clock },
            );
      await this.onReady?.(
        trx,
        repo.scope.id,
        version === undefined ? { assetId: asset.id, manifestDigest: digest } : { versionId: version.id },
      );
      await auditor(actor, now).append(trx, {
        action: 'oci/manifests/push',
        target: ociTarget(repo),
        outcome: 'succeeded',
        details: {
          digest,
          mediaType: manifest.mediaType,
          ...compact({ tag: ref.tag }),
          ...(manifest.subject ? { subject: manifest.subject.digest } : {}),
          new: created,
        },
      });
      await eventEmitter(actor, now).emit(trx, {
        type: 'dev.arca.image.pushed',
        scope: repo.scope,
        asset,
        ...(version === undefined ? {} : { subject: versionReference(repo.scope, asset, version.label) }),
        data: {
          digest,
          mediaType: manifest.mediaType,
          ...compact({ tag: ref.tag, version: version?.label }),
          new: created,
        },
      });
    });
    return { digest, ...(manifest.subject ? { subject: manifest.subject.digest } : {}) };
  }

  async getManifest(
    repo: OciRepository,
    reference: string,
    withBody: boolean,
  ): Promise<Omit<ManifestRead, 'stream'> & { stream?: Readable }> {
    const ref = readableReference(repo, reference);
    const asset = this.requireAsset(repo);
    const digest = ref.digest ?? (await digestOfTag(this.store.session, asset, ref.tag));
    const pushed = await findManifest(this.store.session, asset.id, digest);
    let found: { digest: Digest; mediaType: string; size: number };
    if (pushed !== undefined) {
      found = { digest: pushed.digest, mediaType: pushed.mediaType, size: pushed.size };
    } else {
      const version = await findVersionIdByManifest(this.store.session, asset.id, digest, { committed: true });
      if (version === undefined || !isDigest(digest)) throw manifestUnknown(repo, reference);
      const info = await this.regions.require(repo.scope.location).stat(digest);
      if (info === undefined) throw manifestUnknown(repo, reference);
      found = { digest, mediaType: ociManifestMediaType, size: info.size };
    }
    return { ...found, ...(withBody ? await this.open(repo.scope, found.digest) : {}) };
  }

  /**
   * Deletes by digest (the manifest, its tags and the environment versions it is) or by tag (only
   * the tag; for environments the version of that label). Versions made through the API are deleted
   * there, not here.
   */
  async deleteManifest(repo: OciRepository, reference: string, actor: Principal): Promise<void> {
    const ref = readableReference(repo, reference);
    const asset = this.requireAsset(repo);
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      if (ref.tag !== undefined) {
        if (asset.type === 'environment') {
          const version = await findVersion(trx, asset.id, ref.tag);
          if (version === undefined || version.state === 'pending') throw manifestUnknown(repo, reference);
          await this.removeVersion(trx, { scope: repo.scope, asset, version, actor, now });
        } else if (!(await deleteTag(trx, asset.id, ref.tag))) {
          const version = await findVersion(trx, asset.id, ref.tag);
          if (version !== undefined)
            throw arcaError(
              'ManifestInUse',
              { tag: ref.tag, version: version.label, type: asset.type, asset: asset.name },
              { target: 'reference' },
            );
          throw manifestUnknown(repo, reference);
        }
        await auditor(actor, now).append(trx, {
          action: 'oci/tags/delete',
          target: ociTarget(repo),
          outcome: 'succeeded',
          details: { tag: ref.tag },
        });
        return;
      }
      const pushed = await findManifest(trx, asset.id, ref.digest);
      const versions = await versionsByManifest(trx, asset.id, ref.digest);
      if (pushed === undefined) {
        if (versions.length > 0)
          throw arcaError(
            'ManifestInUse',
            'apiVersionDigest',
            { digest: ref.digest, version: versions[0]?.label ?? '', type: asset.type, asset: asset.name },
            { target: 'reference' },
          );
        throw manifestUnknown(repo, reference);
      }
      if (asset.type !== 'environment' && versions.length > 0)
        throw arcaError(
          'ManifestInUse',
          'versionDigest',
          { digest: ref.digest, version: versions[0]?.label ?? '' },
          { target: 'reference' },
        );
      for (const version of versions) await this.removeVersion(trx, { scope: repo.scope, asset, version, actor, now });
      await removePushedManifest(trx, {
        scope: repo.scope,
        asset,
        digest: ref.digest,
        mediaType: pushed.mediaType,
        actor,
        now,
        details: { versions: versions.map((v) => v.label) },
      });
    });
  }

  /** `/v2/_catalog`: the repositories of the registries and workspaces `canRead` allows (see catalogPage). */
  catalog(canRead: (scope: CatalogScope) => boolean, n: number, last: string | undefined): Promise<CatalogPage> {
    return catalogPage(this.store.session, canRead, n, last);
  }

  /** Up to `n` tags after `last`, and whether more follow. */
  async tags(repo: OciRepository, n: number, last: string | undefined): Promise<{ tags: string[]; more: boolean }> {
    const asset = this.requireAsset(repo);
    const rows = await listTags(this.store.session, asset.id, n + 1, last);
    return { tags: rows.slice(0, n), more: rows.length > n };
  }

  async referrers(
    repo: OciRepository,
    digest: string,
    artifactType: string | undefined,
  ): Promise<ReferrerDescriptor[]> {
    if (repo.asset === undefined) return [];
    const rows = await listReferrers(this.store.session, repo.asset.id, digest, artifactType);
    return rows.map((row) => ({
      mediaType: row.mediaType,
      digest: row.digest,
      size: row.size,
      ...compact({ artifactType: row.artifactType, annotations: row.annotations }),
    }));
  }

  /** Removes an environment version pushed over OCI; `latest` moves back, other aliases go. */
  private async removeVersion(trx: Tx, { scope, asset, version, actor, now }: PushedVersionRemoval): Promise<void> {
    await assertNotProtected(trx, asset, version);
    if ((await derivedVersions(trx, version.id, 1)).length > 0) {
      throw arcaError(
        'ManifestInUse',
        'derived',
        { asset: asset.name, version: version.label },
        { target: 'reference' },
      );
    }
    const aliases = await moveAliasesOffVersion(trx, {
      assetId: asset.id,
      versionId: version.id,
      at: now,
      by: actor.name,
    });
    await retireVersionLabel(trx, { scope, asset, version, at: now, by: actor.name });
    await deleteVersionRow(trx, version.id);
    await emitVersionDeleted(trx, eventEmitter(actor, now), { scope, asset, version }, { force: true, aliases });
  }

  private requireAsset(repo: OciRepository): Asset {
    if (repo.asset === undefined)
      throw arcaError(
        'RepositoryUnknown',
        { kind: repo.scope.kind, scope: repo.scope.name, type: repo.name.type, name: repo.name.name },
        { target: 'name' },
      );
    return repo.asset;
  }
}

function ociTarget(repo: OciRepository): string {
  return targetOf(repo.scope.kind as ScopeKind, repo.scope.name, repo.name.type, repo.asset?.name ?? repo.name.name);
}

/** A reference to read or delete: one that cannot name a manifest (a malformed tag) names none (404, as the spec asks). */
function readableReference(repo: OciRepository, reference: string): ManifestReference {
  try {
    return parseManifestReference(reference);
  } catch (error) {
    if (error instanceof ArcaError && (error.code === 'ImageTagInvalid' || error.code === 'DigestInvalid'))
      throw manifestUnknown(repo, reference);
    throw error;
  }
}

function manifestUnknown(repo: OciRepository, reference: string): ArcaError {
  return arcaError('ManifestUnknown', { repository: repo.name.full, reference }, { target: 'reference' });
}

/** Where a repository's uploads live: its scope, and the repository they belong to. */
function uploadPlace(repo: OciRepository): UploadPlace {
  return { kind: repo.scope.kind, scope: repo.scope.name, repository: repo.key };
}
