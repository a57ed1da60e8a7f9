import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { arcaError, type ArcaError } from '../../core/errors.js';
import { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { claimJob } from '../../storage/metadata/jobs-repository.js';
import { testDialects, type TestDatabase } from '../../testing/databases.js';
import { eventually } from '../../testing/eventually.js';
import { JobRunner } from './jobs.js';

/** A clock the test moves by hand: backoff and lease expiry without sleeping. */
function manualClock(start = Date.parse('2026-11-25T12:00:00Z')) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const silent = pino({ level: 'silent' });

for (const dialect of testDialects) {
  describe(`JobRunner on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let store: MetadataStore;

    before(async () => {
      database = await dialect.create();
      store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
    });
    after(async () => {
      await store?.close();
      await database?.cleanup();
    });

    it('retries a failing job with exponential backoff, and a success clears the last error', async () => {
      const clock = manualClock();
      const jobs = new JobRunner(store, clock, silent, { leaseSeconds: 30, retryBaseSeconds: 2, workers: 1 });
      let calls = 0;
      jobs.register('flaky', async () => {
        calls++;
        if (calls < 3)
          throw arcaError('StorageUnavailable', 'databaseUnavailable', {
            what: 'the database',
            detail: `attempt ${calls} failed`,
          });
      });
      await jobs.enqueue(store.session, { kind: 'flaky', payload: { n: 1 } });
      assert.equal(await jobs.drain(), 1);
      let [job] = await jobs.list({ kind: 'flaky', limit: 10 });
      assert.equal(job?.state, 'queued');
      assert.equal(job?.attempts, 1);
      assert.equal(Date.parse(job?.nextRunAt ?? '') - clock.now().getTime(), 2_000, 'first retry after the base delay');
      assert.equal(await jobs.drain(), 0, 'not due yet');
      clock.advance(2_000);
      await jobs.drain();
      [job] = await jobs.list({ kind: 'flaky', limit: 10 });
      assert.equal(Date.parse(job?.nextRunAt ?? '') - clock.now().getTime(), 4_000, 'the second waits twice as long');
      assert.match(job?.lastError?.message ?? '', /attempt 2 failed/);
      clock.advance(4_000);
      await jobs.drain();
      [job] = await jobs.list({ kind: 'flaky', limit: 10 });
      assert.equal(job?.state, 'succeeded');
      assert.equal(job?.attempts, 3);
      assert.equal(job?.lastError, null);
    });

    it('fails a job for good after its last attempt; retry queues it again from zero and cancel stops it', async () => {
      const clock = manualClock();
      const jobs = new JobRunner(store, clock, silent, { leaseSeconds: 30, retryBaseSeconds: 1, workers: 1 });
      jobs.register('doomed', async () => {
        throw new Error('always');
      });
      await jobs.enqueue(store.session, { kind: 'doomed', payload: {}, maxAttempts: 2 });
      await jobs.drain();
      clock.advance(1_000);
      await jobs.drain();
      const [failed] = await jobs.list({ kind: 'doomed', limit: 10 });
      assert.equal(failed?.state, 'failed');
      await assert.rejects(
        jobs.cancel(failed?.id ?? '', { name: 'tester' }),
        (e: ArcaError) => e.code === 'JobNotActive',
      );
      const retried = await jobs.retry(failed?.id ?? '', { name: 'tester' });
      assert.equal(retried.state, 'queued');
      assert.equal(retried.attempts, 0);
      assert.equal((await jobs.cancel(retried.id, { name: 'tester' })).state, 'cancelled');
      assert.equal(await jobs.drain(), 0, 'a cancelled job is never claimed');
      await assert.rejects(
        jobs.get('00000000-0000-4000-8000-000000000000'),
        (e: ArcaError) => e.code === 'JobNotFound',
      );
    });

    it('keeps one queued job per dedupe key', async () => {
      const jobs = new JobRunner(store, manualClock(), silent, { leaseSeconds: 30, retryBaseSeconds: 1, workers: 1 });
      assert.equal(await jobs.enqueue(store.session, { kind: 'once', payload: {}, dedupeKey: 'once:a' }), true);
      assert.equal(await jobs.enqueue(store.session, { kind: 'once', payload: {}, dedupeKey: 'once:a' }), false);
      assert.equal(await jobs.enqueue(store.session, { kind: 'once', payload: {}, dedupeKey: 'once:b' }), true);
      jobs.register('once', async () => undefined);
      assert.equal(await jobs.drain(), 2);
      assert.equal(
        await jobs.enqueue(store.session, { kind: 'once', payload: {}, dedupeKey: 'once:a' }),
        true,
        'a finished job frees its key',
      );
    });

    it('lets another process take over a job whose lease expired, and never hands one job to two claimants', async () => {
      const clock = manualClock();
      const first = new JobRunner(store, clock, silent, { leaseSeconds: 10, retryBaseSeconds: 1, workers: 1 });
      await first.enqueue(store.session, { kind: 'orphaned', payload: {} });
      // The first process claims it and dies: nothing renews the lease.
      const claimed = await claimJob(store.session, {
        owner: first.owner,
        now: clock.now().toISOString(),
        leaseUntil: new Date(clock.now().getTime() + 10_000).toISOString(),
        kinds: ['orphaned'],
      });
      assert.ok(claimed);
      assert.equal(
        await claimJob(store.session, {
          owner: 'someone-else',
          now: clock.now().toISOString(),
          leaseUntil: clock.now().toISOString(),
          kinds: ['orphaned'],
        }),
        undefined,
        'held while the lease runs',
      );
      const second = new JobRunner(store, clock, silent, { leaseSeconds: 10, retryBaseSeconds: 1, workers: 1 });
      const ran: number[] = [];
      second.register('orphaned', async (job) => {
        ran.push(job.attempts);
      });
      assert.equal(await second.drain(), 0);
      clock.advance(10_001);
      assert.equal(await second.drain(), 1);
      assert.deepEqual(ran, [2], 'taken over as its second attempt');
      assert.equal((await second.get(claimed.id)).state, 'succeeded');
    });

    it('removes jobs that ended a week ago and keeps failed ones', async () => {
      const clock = manualClock();
      const jobs = new JobRunner(store, clock, silent, { leaseSeconds: 10, retryBaseSeconds: 1, workers: 1 });
      jobs.register('old', async () => undefined);
      jobs.register('bad', async () => {
        throw new Error('no');
      });
      await jobs.enqueue(store.session, { kind: 'old', payload: {} });
      await jobs.enqueue(store.session, { kind: 'bad', payload: {}, maxAttempts: 1 });
      await jobs.drain();
      clock.advance(8 * 86_400_000);
      assert.ok((await jobs.removeFinished(7)) >= 1);
      assert.deepEqual((await jobs.list({ kind: 'old', limit: 10 })).length, 0);
      assert.equal((await jobs.list({ kind: 'bad', limit: 10 }))[0]?.state, 'failed');
    });

    it('runs a job queued inside a transaction as soon as that transaction commits, without waiting for the poll', async () => {
      // A poll far longer than the wait below: only the wake-up after commit can run the job in time.
      const jobs = new JobRunner(store, { now: () => new Date() }, silent, {
        leaseSeconds: 30,
        retryBaseSeconds: 1,
        workers: 1,
        pollMs: 600_000,
      });
      const ran: string[] = [];
      jobs.register('after-commit', async (job) => {
        ran.push(job.id);
      });
      jobs.start();
      try {
        // Let the idle worker go to sleep first, as a server's would between jobs.
        await new Promise((resolve) => setTimeout(resolve, 50));
        await store.transaction(async (trx) => {
          await jobs.enqueue(trx, { kind: 'after-commit', payload: {} });
          // Still uncommitted: a worker woken now finds nothing it may claim.
          await new Promise((resolve) => setTimeout(resolve, 50));
        });
        await eventually(
          'the job queued in the transaction to run',
          async () => (ran.length === 1 ? true : undefined),
          5_000,
        );
      } finally {
        await jobs.close();
      }
    });
  });
}
