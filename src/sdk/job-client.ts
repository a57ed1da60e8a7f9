import type { Client } from 'openapi-fetch';
import { compact } from '../core/compact.js';
import { apiErrorFrom } from './errors.js';
import type { components, operations, paths } from './openapi-types.js';

/** A durable background job (replication, region backfill, garbage collection): its state, attempts, lease and last error. */
export type Job = components['schemas']['Job'];
/** The states a job passes through. */
export type JobState = Job['state'];
/** What a garbage collection did (or, dry, would do) in each region. */
export type GcReport = operations['runGc']['responses'][200]['content']['application/json'];
/** What a consistency check found in each region, and what it repaired. */
export type FsckReport = operations['runFsck']['responses'][200]['content']['application/json'];
/** One problem a consistency check found: a blob `missing`, an `orphan`, a `size-mismatch` or a `digest-mismatch`. */
export type FsckFinding = FsckReport['findings'][number];

/** Filters and paging of the job list. */
export interface JobListOptions {
  state?: JobState;
  /** `replicate`, `backfill-region`, `gc`, … */
  kind?: string;
  /** Page size (server default 100, at most 1000). */
  top?: number;
  cursor?: string;
}

/** The job queue, garbage collection and the consistency check: organisation-wide, under `jobs/read` and `jobs/write`. */
export interface JobClient {
  /** Jobs, newest first; `next` is the cursor of the following page. */
  list(options?: JobListOptions): Promise<{ value: Job[]; next?: string }>;
  get(id: string): Promise<Job>;
  /** Queues a failed or cancelled job again, its attempts starting over (`JobNotActive` otherwise). */
  retry(id: string): Promise<Job>;
  /** Cancels a queued or running job (`JobNotActive` when it has ended). */
  cancel(id: string): Promise<Job>;
  /** Collects unreferenced blobs older than the grace period now; `dryRun` only reports (a real run needs `jobs/write`). */
  gc(options?: { dryRun?: boolean; region?: string }): Promise<GcReport>;
  /** Compares the blob index with each region's store; `verify` hashes every blob, `repair` (needs `jobs/write`) re-copies bad ones. */
  fsck(options?: { region?: string; verify?: boolean; repair?: boolean }): Promise<FsckReport>;
  /** Queues the same collection as a job and returns it at once; the job's `result` is the GcReport when it has finished. */
  gcInBackground(options?: { dryRun?: boolean; region?: string }): Promise<Job>;
  /** Queues the same check as a job and returns it at once; the job's `result` is the FsckReport when it has finished. */
  fsckInBackground(options?: { region?: string; verify?: boolean; repair?: boolean }): Promise<Job>;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

function gcBody({ dryRun, region }: { dryRun?: boolean; region?: string }): { dry_run?: boolean; region?: string } {
  return compact({ dry_run: dryRun, region });
}

function fsckBody({ region, verify, repair }: { region?: string; verify?: boolean; repair?: boolean }): {
  region?: string;
  verify?: boolean;
  repair?: boolean;
} {
  return compact({ region, verify, repair });
}

/** Builds the job client over the typed HTTP client. */
export function createJobClient(http: Client<paths>, server: string): JobClient {
  const unwrap = <T>(result: Result<T>): T => {
    if (!result.response.ok) throw apiErrorFrom(server, result.response, result.error);
    return result.data as T;
  };
  const path = (id: string) => ({ params: { path: { id } } });
  return {
    async list({ state, kind, top, cursor } = {}) {
      const query = compact({ state, kind, top, cursor });
      const body = unwrap(await http.GET('/api/v1/jobs', { params: { query } }));
      return { value: body.value, ...compact({ next: body.next }) };
    },
    get: async (id) => unwrap(await http.GET('/api/v1/jobs/{id}', path(id))),
    retry: async (id) => unwrap(await http.POST('/api/v1/jobs/{id}/retry', path(id))),
    cancel: async (id) => unwrap(await http.POST('/api/v1/jobs/{id}/cancel', path(id))),
    gc: async (options = {}) => unwrap(await http.POST('/api/v1/gc', { body: gcBody(options) })) as GcReport,
    fsck: async (options = {}) => unwrap(await http.POST('/api/v1/fsck', { body: fsckBody(options) })) as FsckReport,
    gcInBackground: async (options = {}) =>
      unwrap(await http.POST('/api/v1/gc', { body: { ...gcBody(options), background: true } })) as Job,
    fsckInBackground: async (options = {}) =>
      unwrap(await http.POST('/api/v1/fsck', { body: { ...fsckBody(options), background: true } })) as Job,
  };
}
