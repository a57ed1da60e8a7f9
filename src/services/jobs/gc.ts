import type { Job } from '../../core/model/jobs.js';
import { compact } from '../../core/compact.js';
import type { Logger } from 'pino';
import type { Digest } from '../../storage/blob/blob-store.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session } from '../../storage/metadata/session.js';
import { blobReferenced } from '../../storage/metadata/oci-repository.js';
import {
  blobIndexed,
  forgetBlob,
  forgetCollectedBlob,
  indexedBlobsAfter,
  indexedRegions,
} from '../../storage/metadata/blob-index-repository.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import { type Clock } from '../clock.js';
import { systemPrincipal, type JobActor, type JobRunner } from './jobs.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';

export interface GcRegionReport {
  region: string;
  /** Blobs the region's index lists. */
  examined: number;
  /** Unreferenced blobs older than the grace period: what a run removes. */
  reclaimable: { blobs: number; bytes: number };
  removed: { blobs: number; bytes: number };
  /** Unreferenced blobs still inside the grace period (an upload or commit may be about to use them). */
  young: number;
}

export interface GcReport {
  dryRun: boolean;
  graceSeconds: number;
  regions: GcRegionReport[];
}

const gcKind = 'gc';
const page = 500;
/** What `gc/run` audit events are about. */
const gcTarget = 'arca://gc';

/** What a GarbageCollector is built from. */
export interface GarbageCollectorDeps {
  store: MetadataStore;
  regions: RegionStores;
  jobs: JobRunner;
  clock: Clock;
  log: Logger;
  options: { graceSeconds: number };
}

/**
 * Online mark-and-sweep garbage collection per region: a blob goes when nothing that keeps content in
 * its region references it and it is older than the grace period. The index row is removed first,
 * re-checking references in the same transaction, so a version committed meanwhile keeps its blob;
 * then the bytes go.
 */
export class GarbageCollector {
  private readonly store: MetadataStore;
  private readonly regions: RegionStores;
  private readonly jobs: JobRunner;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly options: { graceSeconds: number };

  constructor({ store, regions, jobs, clock, log, options }: GarbageCollectorDeps) {
    this.store = store;
    this.regions = regions;
    this.jobs = jobs;
    this.clock = clock;
    this.log = log;
    this.options = options;
    jobs.register(gcKind, async (job, context) => {
      const { region, dryRun } = job.payload as { region?: string; dryRun?: boolean };
      const report = await this.run({
        dryRun: dryRun ?? false,
        ...compact({ region }),
        job: job.id,
        renew: () => context.renew(),
      });
      this.log.info({ job: job.id, report }, 'garbage collection finished');
      return report;
    });
  }

  /**
   * Queues a collection someone asked for, to run in the background; its report becomes the job's
   * result. The request is audited with the job (`jobs/submit`); the run, as the job's (`gc/run`).
   */
  submit(options: { dryRun: boolean; region?: string }, actor: JobActor): Promise<Job> {
    const { dryRun, region } = options;
    return this.jobs.submit(
      {
        kind: gcKind,
        payload: { dryRun, ...compact({ region }) },
        dedupeKey: `${gcKind}-request:${region ?? '*'}:${dryRun ? 'dry' : 'live'}`,
        maxAttempts: 3,
      },
      actor,
    );
  }

  /** Queues a collection (of one region, or all). */
  enqueue(db: Session, region?: string, runAt?: Date): Promise<boolean> {
    return this.jobs.enqueue(db, {
      kind: gcKind,
      payload: compact({ region }),
      dedupeKey: `${gcKind}:${region ?? '*'}`,
      maxAttempts: 3,
      ...(runAt ? { runAt } : {}),
    });
  }

  /**
   * Collects now. A run that removes blobs is audited (`gc/run`, one event with what went per region):
   * always when someone asked for it (`requestedBy`), else (a job, named in the event) when it removed something.
   */
  async run(options: {
    dryRun: boolean;
    region?: string;
    renew?: () => Promise<void>;
    requestedBy?: AuditActor;
    job?: string;
  }): Promise<GcReport> {
    const db = this.store.session;
    const regions = options.region !== undefined ? [options.region] : await indexedRegions(db);
    const cutoff = new Date(this.clock.now().getTime() - this.options.graceSeconds * 1000).toISOString();
    const report: GcReport = { dryRun: options.dryRun, graceSeconds: this.options.graceSeconds, regions: [] };
    for (const region of regions) {
      const entry: GcRegionReport = {
        region,
        examined: 0,
        reclaimable: { blobs: 0, bytes: 0 },
        removed: { blobs: 0, bytes: 0 },
        young: 0,
      };
      let after = '';
      for (;;) {
        await options.renew?.();
        const rows = await indexedBlobsAfter(db, region, after, page);
        for (const row of rows) {
          entry.examined++;
          if (await blobReferenced(db, region, row.digest)) continue;
          if (row.createdAt > cutoff) {
            entry.young++;
            continue;
          }
          entry.reclaimable.blobs++;
          entry.reclaimable.bytes += row.size;
          if (options.dryRun) continue;
          if (await this.remove(region, row.digest, cutoff)) {
            entry.removed.blobs++;
            entry.removed.bytes += row.size;
          }
        }
        if (rows.length < page) break;
        after = rows.at(-1)?.digest ?? after;
      }
      report.regions.push(entry);
    }
    const removed = report.regions.some((r) => r.removed.blobs > 0);
    if (!options.dryRun && (options.requestedBy !== undefined || removed)) {
      await auditor(options.requestedBy ?? { name: systemPrincipal }, this.clock).append(db, {
        action: 'gc/run',
        target: gcTarget,
        outcome: 'succeeded',
        details: {
          graceSeconds: report.graceSeconds,
          regions: report.regions.map((r) => ({ region: r.region, removed: r.removed, young: r.young })),
          ...compact({ job: options.job }),
        },
      });
    }
    return report;
  }

  private async remove(region: string, digest: Digest, cutoff: string): Promise<boolean> {
    const removed = await this.store.transaction(async (trx) => {
      if (await blobReferenced(trx, region, digest)) return false;
      return forgetCollectedBlob(trx, region, digest, cutoff);
    });
    if (!removed) return false;
    await this.regions.require(region).delete(digest);
    // Re-uploaded while the bytes were going? Then the index lists a blob the store may have lost: drop
    // the row again so the next upload sends it (nothing referenced it, so no version is affected).
    if (
      (await blobIndexed(this.store.session, region, digest)) &&
      (await this.regions.require(region).stat(digest)) === undefined
    ) {
      await forgetBlob(this.store.session, region, digest);
    }
    return true;
  }
}
