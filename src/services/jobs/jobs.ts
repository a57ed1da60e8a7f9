import { compact } from '../../core/compact.js';
import type { Job } from '../../core/model/jobs.js';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { arcaError, isArcaError } from '../../core/errors.js';
import { afterCommit, type MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session, Tx } from '../../storage/metadata/session.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import {
  cancelJob,
  claimJob,
  latestJobByDedupeKey,
  removeFinishedJobs,
  findJob,
  insertJob,
  listJobs,
  renewJobLease,
  retryJob,
  settleJob,
  type JobListQuery,
} from '../../storage/metadata/jobs-repository.js';
import { isoNow, type Clock } from '../clock.js';
import { isFinal, retryDelayOf } from './job-errors.js';

/** What a handler gets besides the job: a way to keep its lease, and whether it should stop. */
export interface JobContext {
  /** Extends the lease; throws when another process took the job over (the handler must stop). */
  renew(): Promise<void>;
  readonly signal: AbortSignal;
}

/**
 * Runs one kind of job. It must be idempotent and resumable: after a crash another process runs it
 * again from the start, so it should skip work already done (e.g. blobs already copied). What it
 * resolves with (a report, JSON-serialisable) becomes the job's `result`.
 */
export type JobHandler = (job: Job, context: JobContext) => Promise<unknown>;

/** How a job ended for good: succeeded, or failed with its last attempt's error (no retry follows). */
export type JobEnd = { state: 'succeeded' } | { state: 'failed'; error: { code: string; message: string } };

/**
 * Called in the transaction that records a job's end, so what it writes (an event) lands with that record
 * or not at all; not called when another process had taken the job over.
 */
export type JobEndHook = (trx: Tx, job: Job, end: JobEnd) => Promise<void>;

export interface JobOptions {
  leaseSeconds: number;
  retryBaseSeconds: number;
  workers: number;
  /** How often an idle worker looks for due jobs (other processes' jobs, retries coming due). */
  pollMs?: number;
}

export interface NewJob {
  kind: string;
  payload: unknown;
  /** At most one queued or running job per key. */
  dedupeKey?: string;
  maxAttempts?: number;
  runAt?: Date;
}

const maxBackoffMs = 10 * 60 * 1000;
/** The longest a worker waits between claims that keep failing: soon enough to resume after an outage. */
const maxClaimBackoffMs = 10_000;

/** Who audit events of work nobody asked for (a scheduled job) name. */
export const systemPrincipal = 'arca';

/** Who asked for a job to be queued, cancelled or retried (audit events name them). */
export type JobActor = AuditActor;

/** `arca://jobs/<id>`: what job audit events are about. */
export function jobTarget(id: string): string {
  return `arca://jobs/${id}`;
}

/**
 * The durable job queue: rows in `jobs`, claimed with a lease (FOR UPDATE SKIP LOCKED on
 * PostgreSQL, so every replica runs workers; on SQLite the one process's workers claim with a
 * single UPDATE). A failed attempt is retried with exponential backoff until `maxAttempts`; a job
 * whose process died is taken over once its lease expires.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly endHooks = new Map<string, JobEndHook>();
  private readonly workers: Promise<void>[] = [];
  private readonly running = new Map<string, AbortController>();
  private wakeUp: (() => void)[] = [];
  /** No workers running (before start, after close). */
  private closed = true;
  /** close() was called: running handlers are stopping and their jobs are left for their leases to expire. */
  private stopping = false;
  readonly owner = `jobs-${randomUUID()}`;

  /** How long a job's claim holds without renewal: after it, another process takes a dead worker's job over. */
  get leaseMs(): number {
    return this.options.leaseSeconds * 1000;
  }

  constructor(
    private readonly store: MetadataStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: JobOptions,
  ) {}

  /** Runs jobs of `kind` with `handler`; `onEnd` hears, in its transaction, of each job's final end. */
  register(kind: string, handler: JobHandler, onEnd?: JobEndHook): void {
    this.handlers.set(kind, handler);
    if (onEnd !== undefined) this.endHooks.set(kind, onEnd);
  }

  /** Queues a job (in the caller's transaction when `db` is one); false when an equal job is already queued or running. */
  async enqueue(db: Session, job: NewJob): Promise<boolean> {
    const now = isoNow(this.clock);
    const inserted = await insertJob(db, {
      id: randomUUID(),
      kind: job.kind,
      payload: job.payload ?? {},
      state: 'queued',
      attempts: 0,
      maxAttempts: job.maxAttempts ?? 10,
      nextRunAt: (job.runAt ?? this.clock.now()).toISOString(),
      leaseOwner: null,
      leaseExpiresAt: null,
      lastError: null,
      dedupeKey: job.dedupeKey ?? null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    });
    // Woken before the commit, a worker on another connection would find nothing and sleep a whole poll.
    if (inserted) afterCommit(db, () => this.wake());
    return inserted;
  }

  /**
   * Queues a job someone asked for and returns it — or, when an equal one (same dedupe key) is already
   * queued or running, that one: asking twice does the work once.
   */
  async submit(job: NewJob & { dedupeKey: string }, actor?: JobActor): Promise<Job> {
    return this.store.transaction(async (trx) => {
      const inserted = await this.enqueue(trx, job);
      const row = await latestJobByDedupeKey(trx, job.dedupeKey);
      if (row === undefined) throw arcaError('InternalError', 'jobVanished', { kind: job.kind });
      // Queued on someone's request: recorded with the job (asking again for a job already queued changes nothing).
      if (inserted && actor !== undefined) {
        await auditor(actor, row.createdAt).append(trx, {
          action: 'jobs/submit',
          target: jobTarget(row.id),
          outcome: 'succeeded',
          details: { kind: job.kind, payload: job.payload ?? {} },
        });
      }
      return row;
    });
  }

  /** Wakes idle workers (a job was queued in this process). */
  wake(): void {
    const waiting = this.wakeUp;
    this.wakeUp = [];
    for (const resolve of waiting) resolve();
  }

  start(): void {
    if (!this.closed) return;
    this.closed = false;
    for (let i = 0; i < this.options.workers; i++) this.workers.push(this.work());
  }

  /** Stops claiming, asks running handlers to stop, and waits for them (their jobs are retried later). */
  async close(): Promise<void> {
    this.closed = true;
    this.stopping = true;
    for (const controller of this.running.values()) controller.abort();
    this.wake();
    await Promise.allSettled(this.workers);
    this.workers.length = 0;
  }

  async get(id: string): Promise<Job> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await findJob(this.store.session, id) : undefined;
    if (row === undefined) throw arcaError('JobNotFound', { id }, { target: 'id' });
    return row;
  }

  list(query: JobListQuery): Promise<Job[]> {
    return listJobs(this.store.session, query);
  }

  /** Cancels a queued or running job on someone's request (audited as `jobs/cancel`). */
  async cancel(id: string, actor: JobActor): Promise<Job> {
    const job = await this.get(id);
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      if (!(await cancelJob(trx, id, now))) {
        throw arcaError(
          'JobNotActive',
          { id, state: job.state, states: 'queued or running', action: 'cancelled' },
          { target: 'id' },
        );
      }
      await auditor(actor, now).append(trx, {
        action: 'jobs/cancel',
        target: jobTarget(id),
        outcome: 'succeeded',
        details: { kind: job.kind, from: job.state },
      });
    });
    this.running.get(id)?.abort();
    return this.get(id);
  }

  /** Queues a failed or cancelled job again on someone's request (audited as `jobs/retry`). */
  async retry(id: string, actor: JobActor): Promise<Job> {
    const job = await this.get(id);
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      if (!(await retryJob(trx, id, now))) {
        throw arcaError(
          'JobNotActive',
          { id, state: job.state, states: 'failed or cancelled', action: 'retried' },
          { target: 'id' },
        );
      }
      await auditor(actor, now).append(trx, {
        action: 'jobs/retry',
        target: jobTarget(id),
        outcome: 'succeeded',
        details: { kind: job.kind, from: job.state, attempts: Number(job.attempts) },
      });
    });
    this.wake();
    return this.get(id);
  }

  /** Removes jobs that ended (succeeded or cancelled) more than `days` ago, a bounded batch; failed ones stay for a person to see. */
  async removeFinished(days: number): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - days * 86_400_000).toISOString();
    return removeFinishedJobs(this.store.session, cutoff, 1_000);
  }

  /** Runs due jobs until none is left (tests and `arca gc run` wait on this). */
  async drain(): Promise<number> {
    let ran = 0;
    while (await this.runOne()) ran++;
    return ran;
  }

  private async work(): Promise<void> {
    // Failures in a row (the database is away): the worker waits longer each time, up to a bound,
    // rather than dying or spinning, and picks up again by itself once a claim works.
    let failures = 0;
    while (!this.closed) {
      let ran = false;
      try {
        ran = await this.runOne();
        if (failures > 0) this.log.info({ failures }, 'job worker claims again');
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1) this.log.error({ err: error }, 'job worker failed to claim; retrying with backoff');
      }
      const pollMs = this.options.pollMs ?? 500;
      if (failures > 0 && !this.closed)
        await this.idle(Math.min(maxClaimBackoffMs, pollMs * 2 ** Math.min(failures, 10)));
      else if (!ran && !this.closed) await this.idle(pollMs);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.wakeUp.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Claims and runs one due job; false when none was due. */
  private async runOne(): Promise<boolean> {
    const now = isoNow(this.clock);
    const job = await claimJob(this.store.session, {
      owner: this.owner,
      now,
      leaseUntil: this.leaseUntil(),
      kinds: [...this.handlers.keys()],
    });
    if (job === undefined) return false;
    await this.execute(job);
    return true;
  }

  private async execute(job: Job): Promise<void> {
    const controller = new AbortController();
    this.running.set(job.id, controller);
    const renew = async (): Promise<void> => {
      if (
        !(await renewJobLease(this.store.session, {
          id: job.id,
          owner: this.owner,
          now: isoNow(this.clock),
          leaseUntil: this.leaseUntil(),
        }))
      ) {
        controller.abort();
        throw arcaError('JobNotActive', 'lostLease', { id: job.id });
      }
    };
    // Keep the lease while the handler works, however long it takes; a dead process stops renewing.
    const heartbeat = setInterval(
      () => {
        void renew().catch(() => undefined);
      },
      Math.max(100, (this.options.leaseSeconds * 1000) / 3),
    );
    heartbeat.unref();
    try {
      const handler = this.handlers.get(job.kind);
      if (handler === undefined) throw arcaError('InternalError', 'noJobHandler', { kind: job.kind });
      const result: unknown = await handler(job, { renew, signal: controller.signal });
      await this.settle(
        job,
        { state: 'succeeded', now: isoNow(this.clock), ...compact({ result }) },
        { state: 'succeeded' },
      );
    } catch (error) {
      const reason = isArcaError(error)
        ? { code: error.code, message: error.message }
        : { code: 'InternalError', message: error instanceof Error ? error.message : String(error) };
      const now = this.clock.now();
      const retry = job.attempts < job.maxAttempts && !isFinal(error);
      const delay =
        retryDelayOf(error) ??
        Math.min(maxBackoffMs, this.options.retryBaseSeconds * 1000 * 2 ** Math.max(0, job.attempts - 1));
      this.log.warn(
        { job: job.id, kind: job.kind, attempt: job.attempts, err: error, retryInMs: retry ? delay : undefined },
        'job attempt failed',
      );
      if (this.stopping) return; // shutting down: the lease runs out and another worker (or this one after a restart) retries it
      if (retry)
        await settleJob(this.store.session, job.id, this.owner, {
          state: 'queued',
          now: now.toISOString(),
          nextRunAt: new Date(now.getTime() + delay).toISOString(),
          error: reason,
        });
      else
        await this.settle(
          job,
          { state: 'failed', now: now.toISOString(), error: reason },
          { state: 'failed', error: reason },
        );
    } finally {
      clearInterval(heartbeat);
      this.running.delete(job.id);
    }
  }

  /** Records a job's final end and, in the same transaction, tells its kind's end hook (if this owner still held it). */
  private async settle(job: Job, fields: Parameters<typeof settleJob>[3], end: JobEnd): Promise<void> {
    const onEnd = this.endHooks.get(job.kind);
    if (onEnd === undefined) {
      await settleJob(this.store.session, job.id, this.owner, fields);
      return;
    }
    await this.store.transaction(async (trx) => {
      if (await settleJob(trx, job.id, this.owner, fields)) await onEnd(trx, job, end);
    });
  }

  private leaseUntil(): string {
    return new Date(this.clock.now().getTime() + this.options.leaseSeconds * 1000).toISOString();
  }
}
