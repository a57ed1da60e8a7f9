import type { Job } from '../../core/model/jobs.js';
import { compact } from '../../core/compact.js';
import { createHash } from 'node:crypto';
import { ArcaError } from '../../core/errors.js';
import type { BlobStore, Digest } from '../../storage/blob/blob-store.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { recordBlob } from '../../storage/metadata/blobs-repository.js';
import { blobReferenced } from '../../storage/metadata/oci-repository.js';
import { isoNow, type Clock } from '../clock.js';
import {
  blobCopiesElsewhere,
  blobIndexed,
  forgetBlob,
  indexedBlobsAfter,
  knownRegions,
} from '../../storage/metadata/blob-index-repository.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import { systemPrincipal, type JobActor, type JobRunner } from './jobs.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import type { ReplicationService } from '../replication/replication.js';

export type FsckProblem = 'missing' | 'size-mismatch' | 'digest-mismatch' | 'orphan' | 'unreachable';

export interface FsckFinding {
  region: string;
  digest: string;
  problem: FsckProblem;
  detail: string;
  /** With repair: what was done (`re-copied from <region>`, `indexed`), or why nothing could be. */
  repair?: string;
  repaired?: boolean;
}

/** A finding about one blob (every problem but `unreachable`), whose digest is a real one. */
type BlobFinding = FsckFinding & { digest: Digest };

export interface FsckReport {
  repair: boolean;
  verify: boolean;
  regions: { region: string; indexed: number; stored: number; findings: number }[];
  findings: FsckFinding[];
}

export interface FsckOptions {
  region?: string;
  verify: boolean;
  repair: boolean;
  /** Who asked, when it runs in their request (a repair is audited in their name; as a job, as the job's). */
  requestedBy?: AuditActor;
}

const fsckKind = 'fsck';
/** What `fsck/repair` audit events are about. */
const fsckTarget = 'arca://fsck';
const page = 500;
const maxFindings = 10_000;

async function sha256Of(store: BlobStore, digest: Digest): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await store.reader(digest)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/** What a ConsistencyChecker is built from. */
export interface ConsistencyCheckerDeps {
  store: MetadataStore;
  regions: RegionStores;
  replication: ReplicationService;
  clock: Clock;
  jobs: JobRunner;
}

/**
 * Compares each region's blob index with its store: indexed blobs the store lacks or holds with the
 * wrong size (or, with `verify`, the wrong bytes), and stored blobs the index does not list. With
 * `repair`, a bad copy is replaced from a region holding a good one, and a referenced orphan is indexed
 * again (an unreferenced one is indexed too, so garbage collection can weigh it after its grace period).
 */
export class ConsistencyChecker {
  private readonly store: MetadataStore;
  private readonly regions: RegionStores;
  private readonly replication: ReplicationService;
  private readonly clock: Clock;
  private readonly jobs: JobRunner;

  constructor({ store, regions, replication, clock, jobs }: ConsistencyCheckerDeps) {
    this.store = store;
    this.regions = regions;
    this.replication = replication;
    this.clock = clock;
    this.jobs = jobs;
    jobs.register(fsckKind, async (job) => this.run(job.payload as FsckOptions, job.id));
  }

  /** Queues a check someone asked for, to run in the background; its report becomes the job's result. */
  submit(options: FsckOptions, actor: JobActor): Promise<Job> {
    const key = `${fsckKind}:${options.region ?? '*'}:${options.verify ? 'verify' : 'sizes'}:${options.repair ? 'repair' : 'report'}`;
    return this.jobs.submit({ kind: fsckKind, payload: options, dedupeKey: key, maxAttempts: 3 }, actor);
  }

  /**
   * Checks now. A check with `repair` changes the index and the stores, so it is audited
   * (`fsck/repair`, one event with what was found and repaired per region); a check without is read-only.
   */
  async run(options: FsckOptions, job?: string): Promise<FsckReport> {
    const db = this.store.session;
    const regionNames = options.region !== undefined ? [options.region] : await knownRegions(db);
    const report: FsckReport = { repair: options.repair, verify: options.verify, regions: [], findings: [] };
    for (const region of regionNames) {
      try {
        await this.checkRegion(region, options, report);
      } catch (error) {
        // One unreachable region is a finding about that region, not a failure of the whole check.
        if (!(error instanceof ArcaError) || error.status < 500) throw error;
        report.findings.push({
          region,
          digest: '',
          problem: 'unreachable',
          detail: error.message,
          ...(options.repair ? { repaired: false, repair: 'the store cannot be reached' } : {}),
        });
        report.regions.push({ region, indexed: 0, stored: 0, findings: 1 });
      }
    }
    if (options.repair) {
      await auditor(options.requestedBy ?? { name: systemPrincipal }, this.clock).append(db, {
        action: 'fsck/repair',
        target: fsckTarget,
        outcome: 'succeeded',
        details: {
          verify: options.verify,
          ...compact({ job }),
          regions: report.regions.map((r) => ({ region: r.region, findings: r.findings })),
          repaired: report.findings.filter((f) => f.repaired === true).length,
          unrepaired: report.findings.filter((f) => f.repaired === false).length,
        },
      });
    }
    return report;
  }

  private async checkRegion(
    region: string,
    options: { verify: boolean; repair: boolean },
    report: FsckReport,
  ): Promise<void> {
    const db = this.store.session;
    {
      const store = this.regions.require(region);
      const before = report.findings.length;
      let indexed = 0;
      const bad: BlobFinding[] = [];
      let after = '';
      for (;;) {
        const rows = await indexedBlobsAfter(db, region, after, page);
        for (const row of rows) {
          indexed++;
          const digest = row.digest;
          const info = await store.stat(digest);
          if (info === undefined)
            bad.push({ region, digest, problem: 'missing', detail: 'indexed, but the store does not hold it' });
          else if (info.size !== row.size)
            bad.push({
              region,
              digest,
              problem: 'size-mismatch',
              detail: `indexed as ${row.size} bytes, stored as ${info.size}`,
            });
          else if (options.verify) {
            const actual = await sha256Of(store, digest);
            if (actual !== digest)
              bad.push({ region, digest, problem: 'digest-mismatch', detail: `the stored bytes hash to ${actual}` });
          }
          if (bad.length + report.findings.length >= maxFindings) break;
        }
        if (rows.length < page) break;
        after = rows.at(-1)?.digest ?? after;
      }
      let stored = 0;
      const orphans: BlobFinding[] = [];
      for await (const blob of store.list()) {
        stored++;
        if (!(await blobIndexed(db, region, blob.digest)) && orphans.length < maxFindings)
          orphans.push({
            region,
            digest: blob.digest,
            problem: 'orphan',
            detail: `stored (${blob.size} bytes) but not indexed`,
          });
      }
      if (options.repair) {
        for (const finding of bad) await this.recopy(finding);
        for (const finding of orphans) await this.index(finding, store);
      }
      report.findings.push(...bad, ...orphans);
      report.regions.push({ region, indexed, stored, findings: report.findings.length - before });
    }
  }

  /** Replaces a missing or corrupt copy with a good one from another region. */
  private async recopy(finding: BlobFinding): Promise<void> {
    const others = await blobCopiesElsewhere(this.store.session, finding.digest, finding.region);
    for (const other of others) {
      const source = this.regions.resolve(other.region);
      if (source === undefined) continue;
      const info = await source.stat(finding.digest);
      if (info === undefined || info.size !== other.size || (await sha256Of(source, finding.digest)) !== finding.digest)
        continue;
      const target = this.regions.resolve(finding.region);
      await target?.delete(finding.digest);
      await forgetBlob(this.store.session, finding.region, finding.digest);
      await this.replication.copyBlob(other.region, finding.region, finding.digest);
      finding.repaired = true;
      finding.repair = `re-copied from ${other.region}`;
      return;
    }
    finding.repaired = false;
    finding.repair = 'no other region holds a good copy';
  }

  private async index(finding: BlobFinding, store: BlobStore): Promise<void> {
    const info = await store.stat(finding.digest);
    if (info === undefined) return;
    await recordBlob(this.store.session, {
      region: finding.region,
      digest: finding.digest,
      size: info.size,
      at: isoNow(this.clock),
    });
    finding.repaired = true;
    finding.repair = (await blobReferenced(this.store.session, finding.region, finding.digest))
      ? 'indexed (referenced)'
      : 'indexed (unreferenced: garbage collection removes it after the grace period)';
  }
}
