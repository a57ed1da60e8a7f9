import type { Job } from '../../core/model/jobs.js';
import { compact } from '../../core/compact.js';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { arcaError, type ArcaError } from '../../core/errors.js';
import type { BlobStore, Digest, ReadRange } from '../../storage/blob/blob-store.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session, Tx } from '../../storage/metadata/session.js';
import { blobsPresent, recordBlob } from '../../storage/metadata/blobs-repository.js';
import { latestJobByDedupeKey } from '../../storage/metadata/jobs-repository.js';
import {
  committedVersionIdsAfter,
  replicaRegions,
  replicaRegionStates,
  scopeManifestSubjects,
  scopeOfSubject,
  subjectDigests,
  type ReplicationSubject,
} from '../../storage/metadata/replication-repository.js';
import { isoNow, type Clock } from '../clock.js';
import { systemPrincipal, type JobContext, type JobEnd, type JobRunner } from '../jobs/jobs.js';
import { eventEmitter, versionReference } from '../events/emitter.js';
import { versionPlace } from '../../storage/metadata/assets-repository.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import { CopyClaims } from './copy-claims.js';

export type { ReplicationSubject };

/** Called in the transaction that makes registry content ready (the composition root queues replication). */
export type ReadyHook = (db: Session, scopeId: string, subject: ReplicationSubject) => Promise<void>;

interface ReplicatePayload {
  region: string;
  subject: ReplicationSubject;
}

export type RegionState =
  | { region: string; role: 'primary' }
  | { region: string; role: 'replica'; state: 'replicated' | 'pending' | 'failed'; error?: string };

const replicateKind = 'replicate';
const blobsAtATime = Math.max(2, Math.min(4, availableParallelism()));
const backfillKind = 'backfill-region';

function dedupeKey(region: string, subject: ReplicationSubject): string {
  return 'versionId' in subject
    ? `${replicateKind}:${region}:version:${subject.versionId}`
    : `${replicateKind}:${region}:manifest:${subject.assetId}:${subject.manifestDigest}`;
}

/** What a ReplicationService is built from. */
export interface ReplicationDeps {
  store: MetadataStore;
  regions: RegionStores;
  jobs: JobRunner;
  clock: Clock;
  log: Logger;
}

/**
 * Copies the blobs of registry content to each replica region through durable jobs: store to store,
 * streamed in constant memory, resumable per blob (an interrupted copy continues where it stopped),
 * verified by digest on arrival. A version is readable from its primary region from the moment it is
 * ready; replicas follow.
 */
export class ReplicationService {
  private readonly store: MetadataStore;
  private readonly regions: RegionStores;
  private readonly jobs: JobRunner;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly claims: CopyClaims;

  constructor({ store, regions, jobs, clock, log }: ReplicationDeps) {
    this.store = store;
    this.regions = regions;
    this.jobs = jobs;
    this.clock = clock;
    this.log = log;
    this.claims = new CopyClaims(store, clock, jobs.leaseMs);
    jobs.register(
      replicateKind,
      (job, context) => this.replicate(job, context),
      (trx, job, end) => this.replicationEnded(trx, job, end),
    );
    jobs.register(backfillKind, (job, context) => this.backfill(job, context));
  }

  /** Queues copying `subject` to every replica region of its scope; call in the transaction that makes it ready. */
  async enqueue(db: Session, scopeId: string, subject: ReplicationSubject): Promise<void> {
    for (const region of await replicaRegions(db, scopeId)) {
      await this.jobs.enqueue(db, {
        kind: replicateKind,
        payload: { region, subject } satisfies ReplicatePayload,
        dedupeKey: dedupeKey(region, subject),
      });
    }
  }

  /** Queues copying everything a scope holds to a region newly added to it. */
  async enqueueBackfill(db: Session, scopeId: string, region: string): Promise<void> {
    await this.jobs.enqueue(db, {
      kind: backfillKind,
      payload: { scopeId, region },
      dedupeKey: `${backfillKind}:${scopeId}:${region}`,
    });
  }

  /** Per-region state of a version: primary, or replicated / pending / failed (with the reason). */
  async regionStates(scope: { id: string; location: string }, versionId: string): Promise<RegionState[]> {
    const db = this.store.session;
    const states: RegionState[] = [{ region: scope.location, role: 'primary' }];
    const regions = await replicaRegionStates(db, scope.id);
    const replicas = regions.filter((r) => r.provisioningState !== 'Failed').map((r) => r.region);
    for (const region of regions.filter((r) => r.provisioningState === 'Failed')) {
      states.push({
        region: region.region,
        role: 'replica',
        state: 'failed',
        error: `the region's store could not be provisioned: ${region.error ?? 'unknown reason'}`,
      });
    }
    if (replicas.length === 0) return states;
    const digests = await subjectDigests(db, { versionId });
    for (const region of replicas) {
      const present = await blobsPresent(db, region, digests);
      if (digests.every((d) => present.has(d))) {
        states.push({ region, role: 'replica', state: 'replicated' });
        continue;
      }
      const job = await latestJobByDedupeKey(db, dedupeKey(region, { versionId }));
      const error = job?.lastError?.message;
      const failed = job === undefined || job.state === 'failed' || job.state === 'cancelled';
      states.push({
        region,
        role: 'replica',
        state: failed ? 'failed' : 'pending',
        ...(error === undefined
          ? job === undefined
            ? { error: 'not copied, and no replication job is queued for it' }
            : {}
          : { error }),
      });
    }
    return states;
  }

  /**
   * The store to read a blob from for a caller in `region`: that region's when it holds the blob and
   * the scope replicates there, else the primary. Never fails for a blob the primary holds.
   */
  async storeFor(
    scope: { id: string; location: string },
    region: string | undefined,
    digest: string,
  ): Promise<{ store: BlobStore; region: string; fallback: boolean }> {
    if (
      region !== undefined &&
      region !== scope.location &&
      (await replicaRegions(this.store.session, scope.id)).includes(region)
    ) {
      const held = (await blobsPresent(this.store.session, region, [digest])).has(digest);
      const store = this.regions.resolve(region);
      if (held && store !== undefined) return { store, region, fallback: false };
    }
    return {
      store: this.regions.require(scope.location),
      region: scope.location,
      fallback: region !== undefined && region !== scope.location,
    };
  }

  /**
   * Opens a blob (or `range` of it) for a reader in `region`: from that region's copy when it holds one,
   * else from the primary — also when the replica's store fails right now, since a ready blob is always
   * readable from its primary. `servedFrom` names the region that did; `fallback` says the one asked for did not.
   */
  async openBlob(
    scope: { id: string; location: string },
    region: string | undefined,
    digest: Digest,
    range?: ReadRange,
  ): Promise<{ stream: Readable; servedFrom: string; fallback: boolean }> {
    const chosen = await this.storeFor(scope, region, digest);
    const open = async (source: { store: BlobStore; region: string; fallback: boolean }) => ({
      stream: await source.store.reader(digest, range),
      servedFrom: source.region,
      fallback: source.fallback,
    });
    if (chosen.region === scope.location) return open(chosen);
    return open(chosen).catch(() =>
      open({ store: this.regions.require(scope.location), region: scope.location, fallback: true }),
    );
  }

  /**
   * Copies one blob between regions unless the target holds it; resumes an interrupted copy. One copier
   * per (region, blob) at a time across every process: another job wanting the same copy waits for it.
   */
  async copyBlob(from: string, to: string, digest: Digest, signal?: AbortSignal): Promise<boolean> {
    const copied = await this.claims.once({
      region: to,
      digest,
      done: async () => (await blobsPresent(this.store.session, to, [digest])).has(digest),
      copy: (claimed) => this.copyClaimedBlob(from, to, digest, claimed),
      ...compact({ signal }),
    });
    return copied === true;
  }

  /** The copy itself, under this process's claim on (to, digest). */
  private async copyClaimedBlob(from: string, to: string, digest: Digest, signal?: AbortSignal): Promise<true> {
    const source = this.regions.require(from);
    const target = this.regions.require(to);
    const uploadId = `replicate-${digest.slice('sha256:'.length)}`;
    const copied = await target.copyFrom?.(source, digest, uploadId, compact({ signal })).catch((error: unknown) => {
      throw signal?.aborted ? stopped() : error;
    });
    if (copied !== undefined) {
      await recordBlob(this.store.session, {
        region: to,
        digest: copied.digest,
        size: copied.size,
        at: isoNow(this.clock),
      });
      return true;
    }
    const writer = await target.writer(uploadId);
    let ended = false;
    try {
      const stream = await source.reader(digest, { offset: writer.size });
      for await (const chunk of stream) {
        if (signal?.aborted) {
          stream.destroy();
          throw stopped();
        }
        await writer.write(chunk as Buffer);
      }
      ended = true;
      // The target verifies the sha256 of every byte (resumed ones included) before the blob is visible.
      const info = await writer.commit(digest).catch(async (error: unknown) => {
        await writer.cancel();
        throw error;
      });
      await recordBlob(this.store.session, {
        region: to,
        digest: info.digest,
        size: info.size,
        at: isoNow(this.clock),
      });
      return true;
    } finally {
      // Bytes copied before a failure stay staged: the next attempt continues after them.
      if (!ended) await writer.close().catch(() => undefined);
    }
  }

  private async replicate(job: Job, context: JobContext): Promise<void> {
    const { region, subject } = job.payload as ReplicatePayload;
    const scope = await scopeOfSubject(this.store.session, subject);
    if (scope === undefined) return; // deleted since: nothing to copy
    const digests = await subjectDigests(this.store.session, subject);
    let copied = 0;
    // One blob per core (two at least, four at most): between directories each copy hashes on a core of
    // its own; to object stores, one blob's transfer overlaps another's waits.
    const queue = [...digests];
    const worker = async (): Promise<void> => {
      for (let digest = queue.shift(); digest !== undefined; digest = queue.shift()) {
        await context.renew();
        if (await this.copyBlob(scope.location, region, digest, context.signal)) copied++;
      }
    };
    await Promise.all(Array.from({ length: blobsAtATime }, worker));
    if (copied > 0) this.log.info({ job: job.id, region, copied, of: digests.length }, 'replicated');
  }

  /**
   * `dev.arca.replication.completed` or `.failed` for a version's copy in a region, in the transaction that
   * records the job's end (a pushed manifest without a version, or a version deleted since, tells nothing).
   */
  private async replicationEnded(trx: Tx, job: Job, end: JobEnd): Promise<void> {
    const { region, subject } = job.payload as ReplicatePayload;
    if (!('versionId' in subject)) return;
    const [place, held] = [await versionPlace(trx, subject.versionId), await scopeOfSubject(trx, subject)];
    if (place === undefined || held === undefined) return;
    const scope = { id: held.id, kind: place.scopeKind, name: place.scope };
    const asset = { type: place.type, name: place.name };
    await eventEmitter({ name: systemPrincipal }, this.clock).emit(trx, {
      type: end.state === 'succeeded' ? 'dev.arca.replication.completed' : 'dev.arca.replication.failed',
      scope,
      asset,
      subject: versionReference(scope, asset, place.version),
      data: {
        version: place.version,
        region,
        ...(end.state === 'failed' ? { error: end.error, job: job.id } : {}),
      },
    });
  }

  private async backfill(job: Job, context: JobContext): Promise<void> {
    const { scopeId, region } = job.payload as { scopeId: string; region: string };
    const db = this.store.session;
    let after = '';
    for (;;) {
      await context.renew();
      const versions = await committedVersionIdsAfter(db, scopeId, after, 500);
      for (const id of versions)
        await this.jobs.enqueue(db, {
          kind: replicateKind,
          payload: { region, subject: { versionId: id } } satisfies ReplicatePayload,
          dedupeKey: dedupeKey(region, { versionId: id }),
        });
      if (versions.length < 500) break;
      after = versions.at(-1) ?? after;
    }
    for (const subject of await scopeManifestSubjects(db, scopeId, 100_000)) {
      await this.jobs.enqueue(db, {
        kind: replicateKind,
        payload: { region, subject } satisfies ReplicatePayload,
        dedupeKey: dedupeKey(region, subject),
      });
    }
  }
}

function stopped(): ArcaError {
  return arcaError('JobNotActive', 'replicationStopped', {});
}
