export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A background job (garbage collection, fsck, replication…), run by any process that claims it. */
export interface Job {
  id: string;
  kind: string;
  /** What the job works on. */
  payload: unknown;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  /** A queued job runs from then on (retries wait with exponential backoff). */
  nextRunAt: string;
  /** The process holding the lease while it runs. */
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  /** The last failure. */
  lastError: { code: string; message: string } | null;
  /** What the job reported when it succeeded (garbage collection and fsck reports); absent for most kinds. */
  result?: unknown;
  /** At most one queued or running job per key. */
  dedupeKey: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}
