import { sql, type Insertable, type Selectable } from 'kysely';
import type { Job, JobState } from '../../core/model/jobs.js';
import { compact } from '../../core/compact.js';
import { onPostgres } from './dialect.js';
import { queries, type Session } from './session.js';
import type { JobsTable } from './tables.js';

type JobRow = Selectable<JobsTable>;

/** JSON columns are parsed here: callers see the payload, error and result as values. */
function jobOf(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    nextRunAt: row.next_run_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as { code: string; message: string }),
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as unknown }),
    dedupeKey: row.dedupe_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function jobRow(job: Omit<Job, 'result'>): Insertable<JobsTable> {
  return {
    id: job.id,
    kind: job.kind,
    payload: JSON.stringify(job.payload),
    state: job.state,
    attempts: job.attempts,
    max_attempts: job.maxAttempts,
    next_run_at: job.nextRunAt,
    lease_owner: job.leaseOwner,
    lease_expires_at: job.leaseExpiresAt,
    last_error: job.lastError === null ? null : JSON.stringify(job.lastError),
    dedupe_key: job.dedupeKey,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
    finished_at: job.finishedAt,
  };
}

/** Inserts a queued job; with a dedupe key already queued or running, inserts nothing and returns false. */
export async function insertJob(session: Session, job: Omit<Job, 'result'>): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .insertInto('jobs')
    .values(jobRow(job))
    .onConflict((oc) =>
      oc
        .column('dedupe_key')
        .where(sql.ref('state'), 'in', sql`('queued', 'running')`)
        .doNothing(),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findJob(session: Session, id: string): Promise<Job | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : jobOf(row);
}

/** A worker (`owner`) asking at `now` for the next job of one of `kinds`, to hold until `leaseUntil`. */
export interface JobClaim {
  owner: string;
  now: string;
  leaseUntil: string;
  kinds: readonly string[];
}

/** Job `id`'s lease as `owner` renews it at `now`, to hold until `leaseUntil`. */
export interface JobLease {
  id: string;
  owner: string;
  now: string;
  leaseUntil: string;
}

/**
 * Claims the next runnable job: queued and due, or running with an expired lease (its process died).
 * One UPDATE over a sub-select; on PostgreSQL the sub-select locks with SKIP LOCKED, so concurrent
 * workers in any number of processes each get a different job.
 */
export async function claimJob(
  session: Session,
  { owner, now, leaseUntil, kinds }: JobClaim,
): Promise<Job | undefined> {
  const db = queries(session);
  if (kinds.length === 0) return undefined;
  let next = db
    .selectFrom('jobs')
    .select('id')
    .where('kind', 'in', kinds)
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'queued'), eb('next_run_at', '<=', now)]),
        eb.and([eb('state', '=', 'running'), eb('lease_expires_at', '<', now)]),
      ]),
    )
    .orderBy('next_run_at')
    .limit(1);
  if (onPostgres(db)) next = next.forUpdate().skipLocked();
  const row = await db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running' as const,
      lease_owner: owner,
      lease_expires_at: leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', (eb) => eb.selectFrom(next.as('next')).select('next.id'))
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : jobOf(row);
}

/** Extends the lease this owner holds on job `id`; false when it lost the lease to another worker. */
export async function renewJobLease(session: Session, { id, owner, now, leaseUntil }: JobLease): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('jobs')
    .set({ lease_expires_at: leaseUntil, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a job this owner holds (succeeded, failed) or puts it back in the queue for a retry. */
export async function settleJob(
  session: Session,
  id: string,
  owner: string,
  fields: {
    state: Exclude<JobState, 'running' | 'cancelled'>;
    now: string;
    nextRunAt?: string;
    error?: { code: string; message: string };
    /** What the job reported (JSON-serialisable). */
    result?: unknown;
  },
): Promise<boolean> {
  const db = queries(session);
  const done = fields.state !== 'queued';
  const result = await db
    .updateTable('jobs')
    .set({
      state: fields.state,
      updated_at: fields.now,
      lease_owner: null,
      lease_expires_at: null,
      ...compact({ next_run_at: fields.nextRunAt }),
      // A success clears the error of an earlier attempt; a failure records its own.
      ...(fields.error === undefined
        ? fields.state === 'succeeded'
          ? { last_error: null }
          : {}
        : { last_error: JSON.stringify(fields.error) }),
      ...(done ? { finished_at: fields.now } : {}),
      ...(fields.result === undefined ? {} : { result: JSON.stringify(fields.result) }),
    })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function cancelJob(session: Session, id: string, now: string): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('jobs')
    .set({ state: 'cancelled', updated_at: now, finished_at: now, lease_owner: null, lease_expires_at: null })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function retryJob(session: Session, id: string, now: string): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .updateTable('jobs')
    .set({ state: 'queued', attempts: 0, next_run_at: now, updated_at: now, finished_at: null })
    .where('id', '=', id)
    .where('state', 'in', ['failed', 'cancelled'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface JobListQuery {
  state?: JobState;
  kind?: string;
  limit: number;
  /** created_at/id of the last row of the previous page (newest first). */
  before?: { createdAt: string; id: string };
}

export async function listJobs(session: Session, query: JobListQuery): Promise<Job[]> {
  const db = queries(session);
  let select = db.selectFrom('jobs').selectAll();
  if (query.state) select = select.where('state', '=', query.state);
  if (query.kind) select = select.where('kind', '=', query.kind);
  const before = query.before;
  if (before)
    select = select.where((eb) =>
      eb.or([
        eb('created_at', '<', before.createdAt),
        eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
      ]),
    );
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(jobOf);
}

/** The job queued last under a dedupe key (the one a submission just queued, or the equal one it found). */
/** Cancels the job of a dedupe key while it is still queued (never one a worker has claimed); false when none was. */
export async function cancelQueuedJob(session: Session, dedupeKey: string, now: string): Promise<boolean> {
  const result = await queries(session)
    .updateTable('jobs')
    .set({ state: 'cancelled', updated_at: now, finished_at: now })
    .where('dedupe_key', '=', dedupeKey)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function latestJobByDedupeKey(session: Session, dedupeKey: string): Promise<Job | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('jobs')
    .selectAll()
    .where('dedupe_key', '=', dedupeKey)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : jobOf(row);
}

/** Removes up to `limit` jobs that succeeded or were cancelled before `cutoff`; returns how many. */
export async function removeFinishedJobs(session: Session, cutoff: string, limit: number): Promise<number> {
  const db = queries(session);
  const old = await db
    .selectFrom('jobs')
    .select('id')
    .where('state', 'in', ['succeeded', 'cancelled'])
    .where('finished_at', '<', cutoff)
    .limit(limit)
    .execute();
  if (old.length > 0)
    await db
      .deleteFrom('jobs')
      .where(
        'id',
        'in',
        old.map((j) => j.id),
      )
      .execute();
  return old.length;
}

/** The payloads of up to `limit` queued or running jobs of a kind, oldest first, with when each was queued. */
export async function activeJobPayloads(
  session: Session,
  kind: string,
  limit: number,
): Promise<{ payload: string; createdAt: string }[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('jobs')
    .select(['payload', 'created_at'])
    .where('kind', '=', kind)
    .where('state', 'in', ['queued', 'running'])
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ payload: r.payload, createdAt: r.created_at }));
}

/** Queued and running jobs by kind: how many, and when the oldest became due (for metrics). */
export async function jobQueueStats(
  session: Session,
): Promise<{ kind: string; state: string; count: number; oldest: string | null }[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('jobs')
    .select(['kind', 'state'])
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('next_run_at').as('oldest')])
    .where('state', 'in', ['queued', 'running'])
    .groupBy(['kind', 'state'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, state: r.state, count: Number(r.count), oldest: r.oldest ?? null }));
}
