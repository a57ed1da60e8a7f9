import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { arcaError } from '../../core/errors.js';
import type { Scope } from '../../core/model/scopes.js';
import type { Digest } from '../../storage/blob/blob-store.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  deleteMlflowArtifactUpload,
  expiredMlflowArtifactUploads,
  findMlflowArtifactUpload,
  insertMlflowArtifactUpload,
  listMlflowArtifactUploadParts,
  recordMlflowArtifactUploadPart,
  type MlflowArtifactUpload,
} from '../../storage/metadata/mlflow-artifacts-repository.js';
import type { Principal } from '../access/identity.js';
import { findScopeById } from '../../storage/metadata/scopes-repository.js';
import { requireScope } from '../assets/asset-records.js';
import { auditor } from '../audit/auditor.js';
import { isoNow, type Clock } from '../clock.js';
import { writableArtifactPath } from './artifact-paths.js';
import { artifactTarget, assertPlaceForFile, type MlflowArtifactService, type ScopeRef } from './artifacts.js';

export interface MultipartLimits {
  /** Parts one upload may have (S3's limit: 10,000). */
  maxParts: number;
  /** Bytes one part may carry. */
  maxPartBytes: number;
  /** An upload not completed or aborted within this long is removed (its parts go to the collector). */
  ttlSeconds: number;
}

export const defaultMultipartLimits: MultipartLimits = {
  maxParts: 10_000,
  maxPartBytes: 5 * 1024 ** 3,
  ttlSeconds: 24 * 3600,
};

/** A part as `mpu/complete` lists it: its number and the ETag its upload answered. */
export interface CompletedPart {
  partNumber: number;
  etag: string | undefined;
}

/**
 * MLflow's proxied multipart uploads (`mpu/create|complete|abort`). The client sends the parts in parallel, in
 * any order, to the URLs `create` answered: each part is streamed into a blob of the scope's region (its digest is
 * its ETag), and `complete` streams the parts in order into the file's blob, so memory stays constant whatever
 * the size. Only the principal that created an upload may add parts to it, complete it or abort it.
 */
export class MlflowMultipartUploads {
  constructor(
    private readonly store: MetadataStore,
    private readonly regions: RegionStores,
    private readonly clock: Clock,
    private readonly artifacts: MlflowArtifactService,
    private readonly limits: MultipartLimits = defaultMultipartLimits,
  ) {}

  /** Opens an upload of `numParts` parts for the file at `path`; returns its id. */
  async create(ref: ScopeRef, rawPath: string, numParts: number, actor: Principal): Promise<string> {
    const path = writableArtifactPath(rawPath);
    if (!Number.isSafeInteger(numParts) || numParts < 1 || numParts > this.limits.maxParts)
      throw arcaError(
        'InvalidParameter',
        { target: 'num_parts', where: 'request', problem: `must be an integer from 1 to ${this.limits.maxParts}` },
        { target: 'num_parts' },
      );
    const scope = await requireScope(this.store.session, ref.kind, ref.name);
    await assertPlaceForFile(this.store.session, scope, path);
    await this.removeExpired(20);
    const now = this.clock.now();
    const id = randomUUID();
    await this.store.transaction(async (trx) => {
      await insertMlflowArtifactUpload(trx, {
        id,
        scopeId: scope.id,
        path,
        numParts,
        principalId: actor.id,
        createdAt: now.toISOString(),
        createdBy: actor.name,
        expiresAt: new Date(now.getTime() + this.limits.ttlSeconds * 1000).toISOString(),
      });
      await auditor(actor, now.toISOString()).append(trx, {
        action: 'mlflow/artifacts/mpu/create',
        target: artifactTarget(scope, path),
        outcome: 'succeeded',
        details: { upload: id, parts: numParts },
      });
    });
    return id;
  }

  /** Stores part `partNumber` of upload `id` (a part sent again replaces the earlier one); returns its digest. */
  async putPart(ref: ScopeRef, id: string, partNumber: number, body: Readable, actor: Principal): Promise<Digest> {
    const { scope, upload } = await this.upload(ref, id, actor);
    if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > upload.numParts)
      throw arcaError(
        'InvalidParameter',
        { target: 'part_number', where: 'request', problem: `must be an integer from 1 to ${upload.numParts}` },
        { target: 'part_number' },
      );
    const blob = await this.artifacts.storeStream(scope, body, this.limits.maxPartBytes);
    await this.store.transaction(async (trx) => {
      await recordMlflowArtifactUploadPart(trx, { uploadId: id, partNumber, digest: blob.digest, size: blob.size });
      await auditor(actor, this.clock).append(trx, {
        action: 'mlflow/artifacts/mpu/part',
        target: artifactTarget(scope, upload.path),
        outcome: 'succeeded',
        details: { upload: id, part: partNumber, digest: blob.digest, size: blob.size },
      });
    });
    return blob.digest;
  }

  /**
   * Joins the parts, in order, into the file at the upload's path. Every part from 1 to `num_parts` must have
   * arrived, and each part the client lists must carry the ETag its upload answered.
   */
  async complete(ref: ScopeRef, rawPath: string, id: string, listed: CompletedPart[], actor: Principal): Promise<void> {
    const { scope, upload } = await this.upload(ref, id, actor, writableArtifactPath(rawPath));
    const parts = await listMlflowArtifactUploadParts(this.store.session, id);
    const missing = Array.from({ length: upload.numParts }, (_, i) => i + 1).filter(
      (n) => !parts.some((p) => p.partNumber === n),
    );
    if (missing.length > 0)
      throw arcaError(
        'InvalidParameter',
        {
          target: 'parts',
          where: 'request',
          problem: `lacks part(s) ${missing.slice(0, 10).join(', ')} of the upload`,
        },
        { target: 'parts' },
      );
    for (const part of listed) {
      const stored = parts.find((p) => p.partNumber === part.partNumber);
      const etag = part.etag?.replace(/^"|"$/g, '');
      if (stored === undefined || (etag !== undefined && etag !== '' && etag !== stored.digest))
        throw arcaError(
          'InvalidParameter',
          { target: 'parts', where: 'request', problem: `names part ${part.partNumber} with an ETag it was not given` },
          { target: 'parts' },
        );
    }
    const store = this.regions.require(scope.location);
    // One part open at a time, read as the file's blob is written: constant memory whatever the size.
    async function* joined(): AsyncIterable<Buffer> {
      for (const part of parts)
        for await (const chunk of await store.reader(part.digest as Digest)) yield chunk as Buffer;
    }
    const blob = await this.artifacts.storeStream(scope, joined());
    await this.store.transaction(async (trx) => {
      await assertPlaceForFile(trx, scope, upload.path);
      await this.artifacts.recordArtifact(
        trx,
        scope,
        { path: upload.path, ...blob },
        actor,
        'mlflow/artifacts/mpu/complete',
      );
      await deleteMlflowArtifactUpload(trx, id);
    });
  }

  /** Ends an upload without a file; its parts' blobs are the collector's once nothing names them. */
  async abort(ref: ScopeRef, rawPath: string, id: string, actor: Principal): Promise<void> {
    const { scope, upload } = await this.upload(ref, id, actor, writableArtifactPath(rawPath));
    await this.store.transaction(async (trx) => {
      await deleteMlflowArtifactUpload(trx, id);
      await auditor(actor, this.clock).append(trx, {
        action: 'mlflow/artifacts/mpu/abort',
        target: artifactTarget(scope, upload.path),
        outcome: 'succeeded',
        details: { upload: id },
      });
    });
  }

  /**
   * Removes uploads nobody completed or aborted in time (housekeeping, and on the way to opening a new one),
   * audited as Arca's (`mlflow/artifacts/mpu/expire`); their parts' blobs are then the collector's. Returns how many.
   */
  async removeExpired(limit = 100): Promise<number> {
    let removed = 0;
    for (const id of await expiredMlflowArtifactUploads(this.store.session, isoNow(this.clock), limit)) {
      await this.store.transaction(async (trx) => {
        const upload = await findMlflowArtifactUpload(trx, id);
        if (upload === undefined || !(await deleteMlflowArtifactUpload(trx, id))) return;
        removed++;
        const scope = await findScopeById(trx, upload.scopeId);
        await auditor({ name: 'arca' }, this.clock).append(trx, {
          action: 'mlflow/artifacts/mpu/expire',
          target: scope === undefined ? `arca://mlflow-artifacts/${upload.path}` : artifactTarget(scope, upload.path),
          outcome: 'succeeded',
          details: { upload: id, startedBy: upload.createdBy },
        });
      });
    }
    return removed;
  }

  /** The upload `id` of this scope, created by `actor` (and for `path` when given); UploadNotFound otherwise. */
  private async upload(
    ref: ScopeRef,
    id: string,
    actor: Principal,
    path?: string,
  ): Promise<{ scope: Scope; upload: MlflowArtifactUpload }> {
    const scope = await requireScope(this.store.session, ref.kind, ref.name);
    const upload = /^[0-9a-f-]{36}$/.test(id) ? await findMlflowArtifactUpload(this.store.session, id) : undefined;
    if (
      upload === undefined ||
      upload.scopeId !== scope.id ||
      upload.principalId !== actor.id ||
      upload.expiresAt < isoNow(this.clock) ||
      (path !== undefined && upload.path !== path)
    )
      throw arcaError('UploadNotFound', { id, where: `${scope.kind} ${scope.name}` }, { target: 'upload_id' });
    return { scope, upload };
  }
}
