import type { Operation } from '../../core/model/scopes.js';
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { testDialects, type TestDatabase } from '../../testing/databases.js';
import { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { systemClock } from '../clock.js';
import { OperationRunner } from './operations.js';

/** A promise with its resolver, for a handler that waits for the test's say-so between steps. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

for (const dialect of testDialects) {
  describe(`the operation runner on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let store: MetadataStore;
    let runner: OperationRunner;
    const steps: string[] = [];
    let firstStepReached = gate();
    let secondStepAllowed = gate();
    let finished = gate();
    let cancelledId = '';

    before(async () => {
      database = await dialect.create();
      store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      runner = new OperationRunner(store, systemClock, pino({ level: 'silent' }), 30);
      // Two steps, renewing the lease before each, as the provisioning does per region.
      runner.register(
        'test.steps',
        async (_op, lease) => {
          try {
            await lease.renew();
            steps.push('one');
            firstStepReached.open();
            await secondStepAllowed.promise;
            await lease.renew();
            steps.push('two');
          } finally {
            finished.open();
          }
        },
        { permission: 'write', retry: async () => undefined, cancel: async () => undefined },
      );
    });
    after(async () => {
      await runner?.close();
      await store?.close();
      await database?.cleanup();
    });

    const start = async (): Promise<Operation> => {
      steps.length = 0;
      firstStepReached = gate();
      secondStepAllowed = gate();
      finished = gate();
      const operation = await store.transaction((trx) =>
        runner.create(trx, {
          kind: 'test.steps',
          targetKind: 'registry',
          targetName: 'r',
          targetId: randomUUID(),
          payload: {},
          createdBy: 'admin',
        }),
      );
      runner.start(operation.id);
      await firstStepReached.promise;
      return operation;
    };

    it('stops a cancelled operation before its next step, and never overwrites the cancellation', async () => {
      const operation = await start();
      cancelledId = operation.id;
      const cancelled = await runner.cancel(operation.id, { name: 'admin' });
      assert.equal(cancelled.status, 'Canceled');
      secondStepAllowed.open();
      await finished.promise;
      await runner.close();
      assert.deepEqual(steps, ['one'], 'the second step never ran');
      const after = await runner.get(operation.id);
      assert.equal(after.status, 'Canceled');
      assert.equal(after.error?.code, 'OperationCanceled');
      assert.match(after.error?.message ?? '', /was cancelled by admin before it finished/);
    });

    it('runs a cancelled operation again under the same id on retry, to the end', async () => {
      runner = new OperationRunner(store, systemClock, pino({ level: 'silent' }), 30);
      const ran = gate();
      runner.register(
        'test.steps',
        async (_op, lease) => {
          await lease.renew();
          ran.open();
        },
        { permission: 'write', retry: async () => undefined },
      );
      const retried = await runner.retry(cancelledId, { name: 'admin' });
      assert.equal(retried.id, cancelledId);
      await ran.promise;
      await runner.close();
      const ended = await runner.get(cancelledId);
      assert.equal(ended.status, 'Succeeded');
      assert.equal(ended.error, null);
    });

    it('refuses to cancel an operation whose kind cannot stop halfway, and to retry a running one', async () => {
      runner = new OperationRunner(store, systemClock, pino({ level: 'silent' }), 30);
      runner.register('test.oneStep', async () => undefined, { permission: 'write', retry: async () => undefined });
      const operation = await store.transaction((trx) =>
        runner.create(trx, {
          kind: 'test.oneStep',
          targetKind: 'registry',
          targetName: 'r',
          targetId: randomUUID(),
          payload: {},
          createdBy: 'admin',
        }),
      );
      await assert.rejects(
        runner.cancel(operation.id, { name: 'admin' }),
        /a test\.oneStep operation cannot be cancelled/,
      );
      await assert.rejects(
        runner.retry(operation.id, { name: 'admin' }),
        /is Running: only Failed or Canceled operations can be retried/,
      );
      await runner.close();
    });
  });
}
