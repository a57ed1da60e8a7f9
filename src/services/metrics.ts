import { compact } from '../core/compact.js';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { arcaError, isArcaError, type ErrorCode } from '../core/errors.js';
import type { BlobStore, BlobWriter, CommittedBlob } from '../storage/blob/blob-store.js';
import { wrapsStore } from '../storage/blob/blob-wrappers.js';
import { activeJobPayloads, jobQueueStats } from '../storage/metadata/jobs-repository.js';
import type { Session } from '../storage/metadata/session.js';
import { systemClock, type Clock } from './clock.js';

export interface MetricsSources {
  /** The metadata database: without it the job and replication gauges are not exported. */
  metadata?: Session;
  clock?: Clock;
}

/**
 * The most active replication jobs one scrape reads. Oldest first, so the lag stays exact; beyond
 * the bound `arca_replication_pending_jobs` undercounts (a backlog that size is an alarm anyway).
 */
export const replicationScanLimit = 10_000;

/** Job states the queue gauges report: the work not yet done. */
const activeStates = ['queued', 'running'] as const;

let processRegistry: Registry | undefined;

/**
 * Process metrics (CPU, memory, event loop, GC) describe the process, not one app: they are collected
 * once per process. Collecting them per registry would leave a GC observer and an event-loop monitor
 * running for every server a test process ever started.
 */
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'arca_' });
  }
  return processRegistry;
}

/**
 * The metrics of one Arca instance, in a registry of its own (several servers in one process never
 * share counters). HTTP metrics are defined beside the hooks that record them (src/http/metrics.ts);
 * this holds the service-side ones and reads the database-backed gauges at scrape time.
 */
export class ArcaMetrics {
  readonly registry = new Registry();
  private readonly metadata: Session | undefined;
  private readonly clock: Clock;
  private readonly blobStoreErrors = new Counter({
    name: 'arca_blob_store_errors_total',
    help: 'Failed blob store calls, by region and operation (a caller-caused answer such as BlobNotFound is not a failure).',
    labelNames: ['region', 'operation'] as const,
    registers: [this.registry],
  });
  private readonly auditUnstored = new Counter({
    name: 'arca_audit_events_unstored_total',
    help: 'Audit events that could not be written (e.g. refused requests while the metadata database was full or read-only), by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly blobsReplaced = new Counter({
    name: 'arca_blob_replaced_total',
    help: 'Objects found under a digest with the wrong size (truncated, empty, planted) and replaced by verified bytes on commit, by region.',
    labelNames: ['region'] as const,
    registers: [this.registry],
  });
  private readonly collectErrors = new Counter({
    name: 'arca_metrics_collect_errors_total',
    help: 'Scrapes whose database-backed gauges could not be read (they keep their previous values).',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  private readonly jobs = new Gauge({
    name: 'arca_jobs',
    help: 'Background jobs not yet done, by kind and state (queued, running).',
    labelNames: ['kind', 'state'] as const,
    registers: [this.registry],
  });
  private readonly jobOldestDue = new Gauge({
    name: 'arca_job_oldest_due_seconds',
    help: 'How long the oldest due queued job of each kind has been waiting (0 when none is due).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly replicationLag = new Gauge({
    name: 'arca_replication_lag_seconds',
    help: 'Age of the oldest queued or running replication job of each region (0 when none).',
    labelNames: ['region'] as const,
    registers: [this.registry],
  });
  private readonly replicationPending = new Gauge({
    name: 'arca_replication_pending_jobs',
    help: 'Queued and running replication jobs of each region.',
    labelNames: ['region'] as const,
    registers: [this.registry],
  });
  /** Series seen once keep reporting (0 when drained) rather than vanish, so alerts see the recovery. */
  private readonly seenJobKinds = new Set<string>();
  private readonly seenRegions = new Set<string>();

  constructor(sources: MetricsSources = {}) {
    this.metadata = sources.metadata;
    this.clock = sources.clock ?? systemClock;
    // Present from the start (at 0), so an alert on its rate sees the first failure.
    this.auditUnstored.inc({ kind: 'denied' }, 0);
  }

  /** An audit event that could not be stored; the failure is also logged where it happened. */
  recordUnstoredAuditEvent(kind: string): void {
    this.auditUnstored.inc({ kind });
  }

  recordBlobStoreError(region: string, operation: string): void {
    this.blobStoreErrors.inc({ region, operation });
  }

  recordBlobReplaced(region: string): void {
    this.blobsReplaced.inc({ region });
  }

  /** The Prometheus text exposition of this instance and the process, with the database gauges read now. */
  async scrape(): Promise<string> {
    if (this.metadata !== undefined) {
      const db = this.metadata;
      const now = this.clock.now().getTime();
      await Promise.all([
        this.refresh('jobs', () => this.readJobQueue(db, now)),
        this.refresh('replication', () => this.readReplication(db, now)),
      ]);
    }
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** A scrape still answers when the database does not: the gauges keep their last values and the failure is counted. */
  private async refresh(source: string, read: () => Promise<void>): Promise<void> {
    try {
      await read();
    } catch {
      this.collectErrors.inc({ source });
    }
  }

  private async readJobQueue(db: Session, now: number): Promise<void> {
    const stats = await jobQueueStats(db);
    this.jobs.reset();
    this.jobOldestDue.reset();
    for (const kind of stats.map((s) => s.kind)) this.seenJobKinds.add(kind);
    for (const kind of this.seenJobKinds) {
      for (const state of activeStates)
        this.jobs.set({ kind, state }, stats.find((s) => s.kind === kind && s.state === state)?.count ?? 0);
      // The earliest next_run_at of the queued jobs: in the future means none is due yet.
      const oldest = stats.find((s) => s.kind === kind && s.state === 'queued')?.oldest;
      this.jobOldestDue.set({ kind }, oldest ? Math.max(0, (now - Date.parse(oldest)) / 1000) : 0);
    }
  }

  /** The region lives in the JSON payload, which SQL cannot group portably: a bounded read, aggregated here. */
  private async readReplication(db: Session, now: number): Promise<void> {
    const rows = await activeJobPayloads(db, 'replicate', replicationScanLimit);
    const byRegion = new Map<string, { pending: number; oldest: number }>();
    for (const row of rows) {
      const region = regionOf(row.payload);
      if (region === undefined) continue;
      const created = Date.parse(row.createdAt);
      const entry = byRegion.get(region);
      if (entry === undefined) byRegion.set(region, { pending: 1, oldest: created });
      else byRegion.set(region, { pending: entry.pending + 1, oldest: Math.min(entry.oldest, created) });
    }
    for (const region of byRegion.keys()) this.seenRegions.add(region);
    for (const region of this.seenRegions) {
      const entry = byRegion.get(region);
      this.replicationPending.set({ region }, entry?.pending ?? 0);
      this.replicationLag.set({ region }, entry ? Math.max(0, (now - entry.oldest) / 1000) : 0);
    }
  }
}

function regionOf(payload: string): string | undefined {
  try {
    const region = (JSON.parse(payload) as { region?: unknown }).region;
    return typeof region === 'string' && region !== '' ? region : undefined;
  } catch {
    return undefined;
  }
}

/** Answers a store gives by contract to a caller's request; they say nothing about the store's health. */
const callerOutcomes = new Set<ErrorCode>([
  'BlobNotFound',
  'RangeInvalid',
  'UploadInUse',
  'DigestMismatch',
  'InvalidParameter',
  'PayloadTooLarge',
]);

/**
 * The same store, counting its failures in `arca_blob_store_errors_total{region,operation}`: every
 * rejected call except the caller outcomes above (and copies their caller stopped), including the writer's `write`/`commit`/`close`/`cancel`
 * (where a failing disk or bucket shows first). Errors a reader stream emits mid-read are not counted:
 * they cannot be told apart from the consumer destroying the stream (a client that went away).
 */
export function instrumentBlobStore(store: BlobStore, region: string, metrics: ArcaMetrics): BlobStore {
  const counted = async <T>(operation: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (signal?.aborted !== true && (!isArcaError(error) || !callerOutcomes.has(error.code)))
        metrics.recordBlobStoreError(region, operation);
      // A full or read-only store is the operator's to fix: the client is told which region it is.
      if (isArcaError(error, 'StorageFull') || isArcaError(error, 'StorageReadOnly')) {
        const code = error.code === 'StorageFull' ? 'StorageFull' : 'StorageReadOnly';
        throw arcaError(
          code,
          'inRegion',
          { region, message: error.message },
          {
            cause: error,
            context: { ...error.context },
            ...compact({ target: error.target }),
          },
        );
      }
      throw error;
    }
  };
  // A commit that had to replace a wrong object under its digest says something about the store: counted.
  const noteReplaced = <T extends CommittedBlob | undefined>(info: T): T => {
    if (info?.replaced !== undefined) metrics.recordBlobReplaced(region);
    return info;
  };
  const presignedUrl = store.presignedUrl?.bind(store);
  const copyFrom = store.copyFrom?.bind(store);
  const instrumented: BlobStore = {
    get description() {
      return store.description;
    },
    provision: () => counted('provision', () => store.provision()),
    stat: (digest, signal) => counted('stat', () => store.stat(digest, signal), signal),
    reader: (digest, range, signal) => counted('reader', () => store.reader(digest, range, signal), signal),
    writer: async (uploadId) =>
      instrumentWriter(await counted('writer', () => store.writer(uploadId)), counted, noteReplaced),
    uploadSize: (uploadId) => counted('uploadSize', () => store.uploadSize(uploadId)),
    delete: (digest) => counted('delete', () => store.delete(digest)),
    list: () => store.list(),
    ...(presignedUrl === undefined
      ? {}
      : {
          presignedUrl: (digest, expiresInSeconds) =>
            counted('presignedUrl', () => presignedUrl(digest, expiresInSeconds)),
        }),
    // A copy its caller stopped says nothing about the store either.
    ...(copyFrom === undefined
      ? {}
      : {
          copyFrom: async (source, digest, uploadId, options) =>
            noteReplaced(await counted('copyFrom', () => copyFrom(source, digest, uploadId, options), options?.signal)),
        }),
  };
  return wrapsStore(instrumented, store);
}

function instrumentWriter(
  writer: BlobWriter,
  counted: <T>(operation: string, call: () => Promise<T>) => Promise<T>,
  noteReplaced: (info: CommittedBlob) => CommittedBlob,
): BlobWriter {
  return {
    get size() {
      return writer.size;
    },
    write: (chunk) => counted('write', () => writer.write(chunk)),
    commit: async (expectedDigest) => noteReplaced(await counted('commit', () => writer.commit(expectedDigest))),
    cancel: () => counted('cancel', () => writer.cancel()),
    close: () => counted('close', () => writer.close()),
  };
}
