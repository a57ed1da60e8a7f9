import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { after, afterEach, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { testDialects } from '../../testing/databases.js';
import { eventually } from '../../testing/eventually.js';
import {
  openTestStore,
  seedAlias,
  seedAsset,
  seedScope,
  seedTime as t0,
  seedVersion,
} from '../../testing/metadata-seeds.js';
import { afterCommit, type MetadataStore } from './metadata-store.js';
import { lockAssetRow, lockScopeRow } from './row-locks.js';
import { queries, type Tx } from './session.js';
import { countOpenUploadSessions, lockPrincipalUploads } from './upload-limits-repository.js';
import { aliasesOfVersionForDelete } from './version-locks.js';

/** Long enough for a concurrent transaction to read the same rows, were it not made to wait. */
const raceWindowMs = 50;

/** Fails naming `what` when `promise` has not settled within `ms` (bounded waits only). */
async function within<T>(what: string, promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

for (const dialect of testDialects) {
  describe(`transaction locks and after-commit callbacks on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });
    /** Transactions `holdOpen` started: a failed test must not leave one open (the store would never close). */
    const open: { release(): void; done: Promise<void> }[] = [];
    afterEach(async () => {
      for (const hold of open.splice(0)) {
        hold.release();
        await hold.done.catch(() => undefined);
      }
    });

    /** A transaction that runs `work`, stays open until `release()`, then runs `finish` and commits. */
    function holdOpen(work: (trx: Tx) => Promise<unknown>, finish?: (trx: Tx) => Promise<unknown>) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const done = store.transaction(async (trx) => {
        await work(trx);
        holding();
        await released;
        await finish?.(trx);
      });
      open.push({ release, done });
      return { held: within('the first transaction to take its lock', Promise.race([held, done])), release, done };
    }

    /**
     * PostgreSQL: runs `work` in a second transaction and returns once that transaction's connection
     * waits for a lock (seen in pg_stat_activity), with whether it has settled by then.
     */
    async function blockedTransaction<T>(work: (trx: Tx) => Promise<T>) {
      let pid: number | undefined;
      let settled = false;
      const done = store.transaction(async (trx) => {
        const row = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(queries(trx));
        pid = row.rows[0]?.pid;
        return work(trx);
      });
      void done.then(
        () => (settled = true),
        () => (settled = true),
      );
      await eventually(
        'the second transaction to wait for a lock',
        async () => {
          if (pid === undefined || settled) return settled ? 'settled' : undefined;
          const activity = await sql<{ wait_event_type: string | null }>`
            select wait_event_type from pg_stat_activity where pid = ${pid}`.execute(store.kysely);
          return activity.rows[0]?.wait_event_type === 'Lock' ? 'waiting' : undefined;
        },
        10_000,
        10,
      );
      return { done, settledWhileHeld: settled };
    }

    it('locking an asset row tells whether the asset exists', async () => {
      const asset = await seedAsset(store, await seedScope(store, 'lock-exists'), 'present');
      assert.equal(await store.transaction((trx) => lockAssetRow(trx, asset)), true);
      assert.equal(await store.transaction((trx) => lockAssetRow(trx, 'no-such-asset')), false);
    });

    it('two transactions numbering the next version of one asset under its row lock take 1 and 2', async () => {
      const asset = await seedAsset(store, await seedScope(store, 'lock-numbering'), 'numbered');
      const next = (trx: Tx) =>
        (async () => {
          await lockAssetRow(trx, asset);
          const row = await queries(trx)
            .selectFrom('versions')
            .select((eb) => eb.fn.max('label_number').as('n'))
            .where('asset_id', '=', asset)
            .executeTakeFirst();
          await pause(raceWindowMs);
          await seedVersion(trx, asset, String(Number(row?.n ?? 0) + 1));
        })();
      await within('both numberings', Promise.all([store.transaction(next), store.transaction(next)]));
      const labels = await store.kysely.selectFrom('versions').select('label').where('asset_id', '=', asset).execute();
      assert.deepEqual(labels.map((v) => v.label).sort(), ['1', '2']);
    });

    it('two transactions rewriting one scope under its row lock apply one after the other', async () => {
      const scope = await seedScope(store, 'Lock-Rewrite');
      const append = (trx: Tx) =>
        (async () => {
          await lockScopeRow(trx, 'registry', 'lock-rewrite');
          const row = await queries(trx)
            .selectFrom('scopes')
            .select('description')
            .where('id', '=', scope)
            .executeTakeFirstOrThrow();
          await pause(raceWindowMs);
          await queries(trx)
            .updateTable('scopes')
            .set({ description: `${row.description ?? ''}x` })
            .where('id', '=', scope)
            .execute();
        })();
      await within('both rewrites', Promise.all([store.transaction(append), store.transaction(append)]));
      const row = await store.kysely.selectFrom('scopes').select('description').where('id', '=', scope).execute();
      assert.deepEqual(row, [{ description: 'xx' }]);
    });

    it('two upload starts of one principal under its upload lock count each other: one session opens', async () => {
      const scope = await seedScope(store, 'lock-uploads', { kind: 'workspace' });
      const start = (trx: Tx) =>
        (async () => {
          await lockPrincipalUploads(trx, 'uploader');
          const open = await countOpenUploadSessions(trx, 'uploader', t0);
          await pause(raceWindowMs);
          if (open > 0) return false;
          await queries(trx)
            .insertInto('upload_sessions')
            .values({
              id: randomUUID(),
              region: 'eastus',
              scope_id: scope,
              offset: 0,
              created_at: t0,
              created_by: 'uploader',
              updated_at: t0,
              expires_at: '2026-02-01T00:00:00.000Z',
              repository: null,
            })
            .execute();
          return true;
        })();
      const started = await within('both starts', Promise.all([store.transaction(start), store.transaction(start)]));
      assert.deepEqual(started.sort(), [false, true]);
      assert.equal(await countOpenUploadSessions(store.session, 'uploader', t0), 1);
    });

    it("reads a version's aliases for its delete, by name, with their protection", async () => {
      const asset = await seedAsset(store, await seedScope(store, 'lock-aliases'), 'aliased');
      const version = await seedVersion(store, asset, '1');
      const other = await seedVersion(store, asset, '2');
      await seedAlias(store, asset, 'staging', version);
      await seedAlias(store, asset, 'production', version, true);
      await seedAlias(store, asset, 'latest', other);
      assert.deepEqual(await store.transaction((trx) => aliasesOfVersionForDelete(trx, version)), [
        { name: 'production', protected: true },
        { name: 'staging', protected: false },
      ]);
      assert.deepEqual(await store.transaction((trx) => aliasesOfVersionForDelete(trx, 'no-such-version')), []);
    });

    it('runs an after-commit callback only once its transaction has committed, where other connections see the rows', async () => {
      const scope = await seedScope(store, 'after-commit');
      const events: string[] = [];
      let seenByOthers: Promise<number> | undefined;
      await store.transaction(async (trx) => {
        await queries(trx).updateTable('scopes').set({ description: 'committed' }).where('id', '=', scope).execute();
        afterCommit(trx, () => {
          events.push('callback');
          seenByOthers = store.kysely
            .selectFrom('scopes')
            .select('id')
            .where('id', '=', scope)
            .where('description', '=', 'committed')
            .execute()
            .then((rows) => rows.length);
        });
        events.push('work done');
      });
      assert.deepEqual(events, ['work done', 'callback']);
      assert.equal(await seenByOthers, 1);
    });

    it('never runs an after-commit callback of a transaction that rolls back', async () => {
      let ran = false;
      await assert.rejects(
        store.transaction(async (trx) => {
          afterCommit(trx, () => (ran = true));
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal(ran, false);
    });

    it('runs an after-commit callback at once outside a transaction', () => {
      let ran = false;
      afterCommit(store.session, () => (ran = true));
      assert.equal(ran, true);
    });

    describe(
      'on PostgreSQL, a second transaction waits for the lock until the first ends',
      {
        skip: dialect.name === 'postgres' ? false : 'SQLite runs one write transaction at a time',
      },
      () => {
        it('the same asset row waits; another asset does not', async () => {
          const scope = await seedScope(store, 'pg-asset-lock');
          const asset = await seedAsset(store, scope, 'held');
          const free = await seedAsset(store, scope, 'free');
          const first = holdOpen((trx) => lockAssetRow(trx, asset));
          await first.held;
          assert.equal(
            await within(
              'a lock of another asset',
              store.transaction((trx) => lockAssetRow(trx, free)),
            ),
            true,
          );
          const second = await blockedTransaction((trx) => lockAssetRow(trx, asset));
          assert.equal(second.settledWhileHeld, false);
          first.release();
          await first.done;
          assert.equal(await within('the waiting lock', second.done), true);
        });

        it('the same scope row waits; another scope does not', async () => {
          await seedScope(store, 'pg-scope-lock');
          await seedScope(store, 'pg-scope-free');
          const first = holdOpen((trx) => lockScopeRow(trx, 'registry', 'pg-scope-lock'));
          await first.held;
          await within(
            'a lock of another scope',
            store.transaction((trx) => lockScopeRow(trx, 'registry', 'pg-scope-free')),
          );
          const second = await blockedTransaction((trx) => lockScopeRow(trx, 'registry', 'pg-scope-lock'));
          assert.equal(second.settledWhileHeld, false);
          first.release();
          await first.done;
          await within('the waiting lock', second.done);
        });

        it("one principal's upload lock waits; another principal's does not", async () => {
          const first = holdOpen((trx) => lockPrincipalUploads(trx, 'pg-uploader'));
          await first.held;
          await within(
            'another principal',
            store.transaction((trx) => lockPrincipalUploads(trx, 'pg-other')),
          );
          const second = await blockedTransaction((trx) => lockPrincipalUploads(trx, 'pg-uploader'));
          assert.equal(second.settledWhileHeld, false);
          first.release();
          await first.done;
          await within('the waiting lock', second.done);
        });

        it("protecting an alias of a version being deleted waits for the delete's lock", async () => {
          const asset = await seedAsset(store, await seedScope(store, 'pg-alias-lock'), 'guarded');
          const version = await seedVersion(store, asset, '1');
          await seedAlias(store, asset, 'production', version);
          const first = holdOpen((trx) => aliasesOfVersionForDelete(trx, version));
          await first.held;
          const second = await blockedTransaction((trx) =>
            queries(trx)
              .updateTable('aliases')
              .set({ protected: 1 })
              .where('asset_id', '=', asset)
              .where('name', '=', 'production')
              .execute(),
          );
          assert.equal(second.settledWhileHeld, false);
          first.release();
          await first.done;
          await within('the waiting update', second.done);
        });

        it('an alias pointed at a version whose delete read its aliases waits, then fails once the version is gone', async () => {
          const asset = await seedAsset(store, await seedScope(store, 'pg-alias-race'), 'raced');
          const version = await seedVersion(store, asset, '1');
          let seen: unknown;
          const deletion = holdOpen(
            async (trx) => (seen = await aliasesOfVersionForDelete(trx, version)),
            (trx) => queries(trx).deleteFrom('versions').where('id', '=', version).execute(),
          );
          await deletion.held;
          const pointing = await blockedTransaction((trx) => seedAlias(trx, asset, 'champion', version));
          assert.equal(pointing.settledWhileHeld, false);
          deletion.release();
          await deletion.done;
          await assert.rejects(within('the alias insert to fail', pointing.done));
          assert.deepEqual(seen, []);
          assert.deepEqual(
            await store.kysely.selectFrom('aliases').select('name').where('asset_id', '=', asset).execute(),
            [],
          );
        });
      },
    );
  });
}
