import type { Scope } from '../../core/model/scopes.js';
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { isArcaError } from '../../core/errors.js';
import { testDialects, type TestDatabase } from '../../testing/databases.js';
import { isUniqueViolation, MetadataStore } from './metadata-store.js';
import {
  cancelOperation,
  claimOperation,
  finishOperation,
  findLatestOperationFor,
  findOperation,
  findRunningOperationFor,
  insertOperation,
  listAbandonedOperations,
  listOperations,
  renewOperationLease,
  restartOperation,
} from './operations-repository.js';
import { findPrincipalByTokenHash, insertPrincipal, insertToken } from './principals-repository.js';
import {
  deleteScopeRegion,
  findScopeByName,
  findScopeVersion,
  findVersionedScope,
  insertScope,
  insertScopeRegion,
  listScopes,
  replaceScopeTags,
  setScopeProvisioningState,
  updateScopeFields,
  updateScopeRegion,
} from './scopes-repository.js';

const t0 = '2026-01-01T00:00:00.000Z';

function scopeRow(name: string, kind: 'registry' | 'workspace' = 'registry'): Scope {
  return {
    id: randomUUID(),
    kind,
    name,
    nameKey: name.toLowerCase(),
    description: null,
    location: 'eastus',
    publicNetworkAccess: null,
    provisioningState: 'Succeeded',
    createdAt: t0,
    createdBy: 'admin',
    updatedAt: t0,
    updatedBy: 'admin',
  };
}

function region(name: string, position: number) {
  return {
    region: name,
    isPrimary: position === 0,
    position,
    storageAccountType: null,
    storageAccountHns: null,
    provisioningState: 'Succeeded' as const,
    error: null,
  };
}

function newOperation(targetId: string, owner: string | null, leaseUntil: string | null) {
  return {
    id: randomUUID(),
    kind: 'scope.provision',
    targetKind: 'registry',
    targetName: 'r',
    targetId,
    status: 'Running' as const,
    payload: {},
    error: null,
    createdAt: t0,
    createdBy: 'admin',
    updatedAt: t0,
    endedAt: null,
    leaseOwner: owner,
    leaseExpiresAt: leaseUntil,
  };
}

for (const dialect of testDialects) {
  describe(`metadata store on ${dialect.name}`, { skip: dialect.skip }, () => {
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

    it('opening an already migrated database applies nothing again and keeps the data', async () => {
      const row = scopeRow('KeepMe');
      await insertScope(store.session, row, {}, []);
      const again = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      try {
        assert.equal((await findScopeByName(again.session, 'registry', 'keepme'))?.id, row.id);
      } finally {
        await again.close();
      }
    });

    it(
      'keeps the server options a PostgreSQL URL carries beside the schema it is given',
      { skip: dialect.name !== 'postgres' },
      async () => {
        const url = new URL(database.database);
        url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} -c work_mem=7MB`.trim());
        const own = await MetadataStore.open({
          database: url.href,
          ...(database.schema ? { schema: database.schema } : {}),
        });
        try {
          const shown = await sql<{
            work_mem: string;
            search_path: string;
          }>`select current_setting('work_mem') as work_mem, current_setting('search_path') as search_path`.execute(
            own.kysely,
          );
          assert.deepEqual(shown.rows[0], { work_mem: '7MB', search_path: database.schema });
        } finally {
          await own.close();
        }
      },
    );

    it('refuses to open a database that records a migration this version does not have', async () => {
      await sql`insert into kysely_migration (name, timestamp) values (${'9999_from_a_newer_arca'}, ${t0})`.execute(
        store.kysely,
      );
      try {
        await assert.rejects(
          MetadataStore.open({ database: database.database, ...(database.schema ? { schema: database.schema } : {}) }),
          /9999_from_a_newer_arca/,
        );
      } finally {
        await sql`delete from kysely_migration where name = ${'9999_from_a_newer_arca'}`.execute(store.kysely);
      }
    });

    it('finds a scope by its case-folded name and returns tags and regions in order', async () => {
      const row = scopeRow('CaseName');
      await insertScope(store.session, row, { team: 'vision', cost: 'a1' }, [region('eastus', 0), region('westus', 1)]);
      const found = await findScopeByName(store.session, 'registry', 'casename');
      assert.equal(found?.name, 'CaseName');
      assert.deepEqual(found?.tags, { cost: 'a1', team: 'vision' });
      assert.deepEqual(
        found?.regions.map((r) => r.region),
        ['eastus', 'westus'],
      );
    });

    it('reads a scope by name exactly as the list does, region storage details and failures included, in a transaction too', async () => {
      const row = scopeRow('Detailed');
      await insertScope(store.session, row, { zeta: 'last', alpha: 'first', ünï: 'côde' }, [
        { ...region('eastus', 0), storageAccountType: 'Standard_LRS', storageAccountHns: true },
        { ...region('westus', 2), storageAccountHns: false, provisioningState: 'Failed', error: 'quota "exceeded"' },
        { ...region('northeurope', 1), storageAccountType: 'Premium_LRS' },
      ]);
      const listed = (await listScopes(store.session, { kind: 'registry', nameKeys: ['detailed'], limit: 1 })).items[0];
      const found = await findScopeByName(store.session, 'registry', 'detailed');
      assert.deepEqual(found, listed);
      assert.deepEqual(
        found?.regions.map((r) => [r.region, r.storageAccountHns, r.error]),
        [
          ['eastus', true, null],
          ['northeurope', null, null],
          ['westus', false, 'quota "exceeded"'],
        ],
      );
      assert.deepEqual(await store.transaction((trx) => findScopeByName(trx, 'registry', 'detailed')), listed);
      assert.equal(await findScopeByName(store.session, 'workspace', 'detailed'), undefined);
      // With the version it was read at: the one the row holds.
      assert.deepEqual(await findVersionedScope(store.session, 'registry', 'detailed'), {
        scope: listed,
        version: (await findScopeVersion(store.session, 'registry', 'detailed'))?.version,
      });
    });

    it("bumps a scope's version with every change to it, its tags or its regions, in a transaction or not", async () => {
      const row = scopeRow('Versioned');
      await insertScope(store.session, row, {}, [region('eastus', 0)]);
      const versionNow = async () => (await findScopeVersion(store.session, 'registry', 'versioned'))?.version ?? -1;
      const changes: [string, () => Promise<void>][] = [
        ['tags', () => replaceScopeTags(store.session, row.id, { a: '1' })],
        ['fields', () => updateScopeFields(store.session, row.id, { description: 'd' })],
        ['state', () => setScopeProvisioningState(store.session, row.id, 'Updating')],
        ['region added', () => insertScopeRegion(store.session, row.id, region('westus', 1))],
        ['region updated', () => updateScopeRegion(store.session, row.id, 'westus', { provisioningState: 'Failed' })],
        ['region removed', () => deleteScopeRegion(store.session, row.id, 'westus')],
        ['tags in a transaction', () => store.transaction((trx) => replaceScopeTags(trx, row.id, { b: '2' }))],
      ];
      for (const [what, change] of changes) {
        const before = await versionNow();
        await change();
        assert.ok((await versionNow()) > before, `${what} bumps the version`);
      }
      assert.equal(await findScopeVersion(store.session, 'workspace', 'versioned'), undefined);
    });

    it('refuses a second scope of the same kind whose name differs only in case, and says it is a unique violation', async () => {
      await insertScope(store.session, scopeRow('Dup-Name'), {}, []);
      const error = await insertScope(store.session, scopeRow('dup-name'), {}, []).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(isUniqueViolation(error), `expected a unique violation, got ${String(error)}`);
      await insertScope(store.session, scopeRow('dup-name', 'workspace'), {}, []);
      assert.ok(await findScopeByName(store.session, 'workspace', 'dup-name'));
    });

    it('rolls back every write of a failed transaction', async () => {
      const row = scopeRow('Rollback1');
      await assert.rejects(
        store.transaction(async (trx) => {
          await insertScope(trx, row, { a: 'b' }, [region('eastus', 0)]);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await findScopeByName(store.session, 'registry', 'rollback1'), undefined);
      const tags = await store.kysely.selectFrom('scope_tags').selectAll().where('scope_id', '=', row.id).execute();
      assert.equal(tags.length, 0);
    });

    it('pages workspaces by bytewise name order with a keyset cursor, identically in both dialects', async () => {
      const names = ['zz-last', 'a_b', 'a-b', 'ab', 'A0', 'b9', 'Mid'];
      for (const name of names) await insertScope(store.session, scopeRow(name, 'workspace'), {}, []);
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await listScopes(store.session, {
          kind: 'workspace',
          limit: 3,
          ...(after ? { afterNameKey: after } : {}),
        });
        seen.push(...result.items.map((s) => s.name));
        if (!result.more) break;
        after = result.items.at(-1)?.nameKey;
      }
      const expected = [...names, 'dup-name'].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      assert.deepEqual(seen, expected);
    });

    it('filters scopes by tag key and by key=value, requiring every tag asked for', async () => {
      const a = scopeRow('TagA');
      const b = scopeRow('TagB');
      const c = scopeRow('TagC');
      await insertScope(store.session, a, { squad: 'vision', tier: 'gold' }, []);
      await insertScope(store.session, b, { squad: 'nlp' }, []);
      await insertScope(store.session, c, { squad: 'vision' }, []);
      const byKey = await listScopes(store.session, { kind: 'registry', limit: 100, tags: [{ key: 'squad' }] });
      assert.deepEqual(
        byKey.items.map((s) => s.name),
        ['TagA', 'TagB', 'TagC'],
      );
      const byValue = await listScopes(store.session, {
        kind: 'registry',
        limit: 100,
        tags: [{ key: 'squad', value: 'vision' }],
      });
      assert.deepEqual(
        byValue.items.map((s) => s.name),
        ['TagA', 'TagC'],
      );
      const both = await listScopes(store.session, {
        kind: 'registry',
        limit: 100,
        tags: [{ key: 'squad', value: 'vision' }, { key: 'tier' }],
      });
      assert.deepEqual(
        both.items.map((s) => s.name),
        ['TagA'],
      );
    });

    it('gives an operation lease to exactly one of two claimants, and lets another take it over once expired', async () => {
      const op = newOperation(randomUUID(), null, null);
      await insertOperation(store.session, op);
      assert.equal((await findRunningOperationFor(store.session, op.targetId))?.id, op.id);
      const now = '2026-01-01T00:00:10.000Z';
      const until = '2026-01-01T00:00:40.000Z';
      const results = await Promise.all([
        claimOperation(store.session, { id: op.id, owner: 'p1', now, leaseUntil: until }),
        claimOperation(store.session, { id: op.id, owner: 'p2', now, leaseUntil: until }),
      ]);
      assert.deepEqual(results.filter(Boolean).length, 1);
      const winner = results[0] ? 'p1' : 'p2';
      const loser = winner === 'p1' ? 'p2' : 'p1';
      assert.equal(
        await renewOperationLease(store.session, { id: op.id, owner: loser, now, leaseUntil: until }),
        false,
      );
      assert.equal(
        await claimOperation(store.session, {
          id: op.id,
          owner: loser,
          now: '2026-01-01T00:00:20.000Z',
          leaseUntil: until,
        }),
        false,
      );
      const abandoned = await listAbandonedOperations(store.session, '2026-01-01T00:00:41.000Z', 100);
      assert.ok(abandoned.some((o) => o.id === op.id));
      assert.equal(
        await claimOperation(store.session, {
          id: op.id,
          owner: loser,
          now: '2026-01-01T00:00:41.000Z',
          leaseUntil: '2026-01-01T00:01:41.000Z',
        }),
        true,
      );
      assert.equal(
        await finishOperation(store.session, {
          id: op.id,
          owner: winner,
          status: 'Succeeded',
          now: '2026-01-01T00:00:42.000Z',
        }),
        false,
        'the old owner can no longer finish it',
      );
      assert.equal(
        await finishOperation(store.session, {
          id: op.id,
          owner: loser,
          status: 'Failed',
          now: '2026-01-01T00:00:42.000Z',
          error: {
            code: 'X',
            message: 'y',
          },
        }),
        true,
      );
      assert.equal(await findRunningOperationFor(store.session, op.targetId), undefined, 'no longer running');
      const final = await findOperation(store.session, op.id);
      assert.equal(final?.status, 'Failed');
      assert.equal(final?.attempts, 2);
      assert.deepEqual(final?.error, { code: 'X', message: 'y' });
    });

    it('lists operations newest first within the scopes a caller may see, by status, after a cursor', async () => {
      const reg = scopeRow('OpsReg');
      const ws = scopeRow('OpsWs', 'workspace');
      await insertScope(store.session, reg, {}, []);
      await insertScope(store.session, ws, {}, []);
      const at = (second: number) => `2030-01-01T00:00:0${second}.000Z`;
      const ops = [
        { ...newOperation(reg.id, null, null), targetName: 'OpsReg', createdAt: at(1) },
        { ...newOperation(ws.id, null, null), targetKind: 'workspace', targetName: 'OpsWs', createdAt: at(2) },
        { ...newOperation(reg.id, null, null), targetName: 'OpsReg', createdAt: at(3), status: 'Failed' as const },
      ];
      for (const op of ops) await insertOperation(store.session, op);
      const ids = (list: { id: string }[]) => list.map((o) => o.id).filter((id) => ops.some((op) => op.id === id));
      const all = { registry: 'all', workspace: 'all' } as const;
      assert.deepEqual(ids(await listOperations(store.session, { visible: all, limit: 1000 })), [
        ops[2]?.id,
        ops[1]?.id,
        ops[0]?.id,
      ]);
      assert.deepEqual(
        ids(await listOperations(store.session, { visible: { registry: ['opsreg'], workspace: [] }, limit: 1000 })),
        [ops[2]?.id, ops[0]?.id],
      );
      assert.deepEqual(
        ids(await listOperations(store.session, { visible: { registry: [], workspace: 'all' }, limit: 1000 })),
        [ops[1]?.id],
      );
      assert.deepEqual(ids(await listOperations(store.session, { visible: all, status: 'Failed', limit: 1000 })), [
        ops[2]?.id,
      ]);
      const third = ops[2];
      assert.ok(third);
      assert.deepEqual(
        ids(
          await listOperations(store.session, {
            visible: all,
            before: { createdAt: third.createdAt, id: third.id },
            limit: 1000,
          }),
        ),
        [ops[1]?.id, ops[0]?.id],
      );
      assert.equal((await findLatestOperationFor(store.session, reg.id))?.id, third.id);
      assert.equal(await findLatestOperationFor(store.session, randomUUID()), undefined);
    });

    it('cancels a running operation exactly once, and restarts a failed or cancelled one for exactly one caller', async () => {
      const op = newOperation(randomUUID(), 'p1', '2026-01-01T00:01:00.000Z');
      await insertOperation(store.session, op);
      const now = '2026-01-01T00:00:10.000Z';
      const error = { code: 'OperationCanceled', message: 'cancelled by admin' };
      const cancels = await Promise.all([
        cancelOperation(store.session, { id: op.id, now, error }),
        cancelOperation(store.session, { id: op.id, now, error }),
      ]);
      assert.equal(cancels.filter(Boolean).length, 1);
      const cancelled = await findOperation(store.session, op.id);
      assert.equal(cancelled?.status, 'Canceled');
      assert.deepEqual(cancelled?.error, error);
      assert.equal(cancelled?.leaseOwner, null);
      assert.equal(
        await finishOperation(store.session, { id: op.id, owner: 'p1', status: 'Succeeded', now }),
        false,
        'its old runner cannot finish it over the cancellation',
      );
      const lease = { id: op.id, now, leaseUntil: '2026-01-01T00:02:00.000Z' };
      const restarts = await Promise.all([
        restartOperation(store.session, { ...lease, owner: 'p2' }),
        restartOperation(store.session, { ...lease, owner: 'p3' }),
      ]);
      assert.equal(restarts.filter(Boolean).length, 1);
      const running = await findOperation(store.session, op.id);
      assert.equal(running?.status, 'Running');
      assert.equal(running?.error, null);
      assert.equal(running?.endedAt, null);
      assert.equal(running?.leaseOwner, restarts[0] ? 'p2' : 'p3');
      assert.equal(
        await restartOperation(store.session, { ...lease, owner: 'p4' }),
        false,
        'a running one is not restarted',
      );
    });

    it(
      'migrates a fresh schema even while another Arca schema lives in the same database',
      { skip: dialect.name !== 'postgres' },
      async () => {
        const second = await dialect.create();
        const other = await MetadataStore.open({
          database: second.database,
          ...(second.schema ? { schema: second.schema } : {}),
        });
        try {
          await insertScope(other.session, scopeRow('InSecondSchema'), {}, []);
          assert.equal((await findScopeByName(other.session, 'registry', 'insecondschema'))?.name, 'InSecondSchema');
          assert.equal(
            await findScopeByName(store.session, 'registry', 'insecondschema'),
            undefined,
            'the schemas are apart',
          );
        } finally {
          await other.close();
          await second.cleanup();
        }
      },
    );

    it('finds a principal by the hash of its token, never by the token itself', async () => {
      const principal = {
        id: randomUUID(),
        kind: 'user' as const,
        name: 'Alice',
        nameKey: 'alice',
        displayName: null,
        isAdmin: false,
        createdAt: t0,
        email: null,
        disabled: false,
        createdBy: 'admin',
      };
      await insertPrincipal(store.session, principal);
      await insertToken(store.session, {
        id: randomUUID(),
        principalId: principal.id,
        name: 't',
        tokenHash: 'ab'.repeat(32),
        createdAt: t0,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        readOnly: false,
        scopeKind: null,
        scopeKey: null,
        parentTokenId: null,
        session: false,
        studioSession: false,
      });
      assert.equal((await findPrincipalByTokenHash(store.session, 'ab'.repeat(32)))?.principal.name, 'Alice');
      assert.equal(await findPrincipalByTokenHash(store.session, 'cd'.repeat(32)), undefined);
    });

    it('fails a statement the database does not finish in time as StorageUnavailable, then serves the next one', async () => {
      // PostgreSQL: a statement past the statement timeout. SQLite: a write lock held by another connection past the busy timeout.
      const timed = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
        // SQLite's busy timeout is its connect timeout; PostgreSQL's connect may take longer on a busy machine.
        connectTimeoutMs: dialect.name === 'sqlite' ? 200 : 10_000,
        statementTimeoutMs: 200,
      });
      const holder = dialect.name === 'sqlite' ? new SQLite(database.database) : undefined;
      try {
        holder?.exec('BEGIN IMMEDIATE');
        const slow =
          dialect.name === 'postgres'
            ? sql`select pg_sleep(2)`.execute(timed.kysely)
            : insertScope(timed.session, scopeRow('LockedOut'), {}, []);
        await assert.rejects(
          slow,
          (error: unknown) => isArcaError(error, 'StorageUnavailable') && /metadata database/.test(error.message),
        );
        holder?.exec('ROLLBACK');
        await insertScope(timed.session, scopeRow('AfterTimeout'), {}, []);
        assert.equal((await findScopeByName(timed.session, 'registry', 'aftertimeout'))?.name, 'AfterTimeout');
        assert.equal(
          await findScopeByName(timed.session, 'registry', 'lockedout'),
          undefined,
          'the refused write left nothing',
        );
      } finally {
        holder?.close();
        await timed.close();
      }
    });
  });
}
