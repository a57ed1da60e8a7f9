import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { EventType } from '../../core/events.js';
import type { ScopeKind } from '../../core/names.js';
import { eventually } from '../../testing/eventually.js';
import { testDialects, type TestDatabase } from '../../testing/databases.js';
import { appendEvent, lastEventPosition, listEvents, type NewEvent } from './events-repository.js';
import { MetadataStore } from './metadata-store.js';
import { insertScope } from './scopes-repository.js';
import { queries } from './session.js';

const t0 = '2026-01-01T00:00:00.000Z';
const everything = { registry: 'all', workspace: 'all' } as const;

async function insertScopeNamed(store: MetadataStore, kind: ScopeKind, name: string): Promise<string> {
  const id = randomUUID();
  await insertScope(
    store.session,
    {
      id,
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
    },
    {},
    [
      {
        region: 'eastus',
        isPrimary: true,
        position: 0,
        storageAccountType: null,
        storageAccountHns: null,
        provisioningState: 'Succeeded',
        error: null,
      },
    ],
  );
  return id;
}

function event(
  scope: { id: string; kind: ScopeKind; name: string },
  type: EventType,
  subject: string,
  marker = randomUUID(),
): NewEvent {
  return {
    id: randomUUID(),
    type,
    source: `arca://${scope.kind === 'registry' ? 'registries' : 'workspaces'}/${scope.name}`,
    subject,
    time: t0,
    scope: { id: scope.id, kind: scope.kind },
    data: {
      actor: { name: 'alice' },
      reference: subject,
      scope: { kind: scope.kind, name: scope.name },
      asset: { type: 'model', name: 'm' },
      marker,
    },
  };
}

for (const dialect of testDialects) {
  describe(`events repository on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let store: MetadataStore;
    let reg: { id: string; kind: ScopeKind; name: string };
    let ws: { id: string; kind: ScopeKind; name: string };

    before(async () => {
      database = await dialect.create();
      store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      reg = { id: await insertScopeNamed(store, 'registry', 'Ev_Reg'), kind: 'registry', name: 'Ev_Reg' };
      ws = { id: await insertScopeNamed(store, 'workspace', 'ev-ws'), kind: 'workspace', name: 'ev-ws' };
    });
    after(async () => {
      await store?.close();
      await database?.cleanup();
    });

    it('appends events at increasing positions and lists them oldest first after a cursor, a page at a time', async () => {
      const start = await lastEventPosition(store.session);
      const subject = 'arca://registries/Ev_Reg/models/paged/versions/1';
      const appended = [];
      for (let i = 0; i < 5; i++)
        appended.push(
          await store.transaction((trx) => appendEvent(trx, event(reg, 'dev.arca.version.created', subject))),
        );
      assert.deepEqual(
        appended.map((e) => e.position),
        [1, 2, 3, 4, 5].map((n) => start + n),
      );
      assert.equal(await lastEventPosition(store.session), start + 5);
      const first = await listEvents(store.session, { visible: everything, subject, after: 0, limit: 3 });
      assert.deepEqual(
        first.map((e) => e.id),
        appended.slice(0, 3).map((e) => e.id),
      );
      const rest = await listEvents(store.session, {
        visible: everything,
        subject,
        after: first[2]!.position,
        limit: 3,
      });
      assert.deepEqual(
        rest.map((e) => e.id),
        appended.slice(3).map((e) => e.id),
      );
      const [read] = first;
      assert.equal(read?.specversion, '1.0');
      assert.equal(read?.datacontenttype, 'application/json');
      assert.equal(read?.source, 'arca://registries/Ev_Reg');
      assert.deepEqual(read?.data.actor, { name: 'alice' });
    });

    it('writes no event and uses up no position when the transaction rolls back', async () => {
      const before = await lastEventPosition(store.session);
      const doomed = event(reg, 'dev.arca.alias.moved', 'arca://registries/Ev_Reg/models/m/aliases/prod');
      await assert.rejects(
        store.transaction(async (trx) => {
          await appendEvent(trx, doomed);
          throw new Error('the change fails after its event was written');
        }),
      );
      assert.equal(await lastEventPosition(store.session), before);
      const listed = await listEvents(store.session, { visible: everything, after: before, limit: 10 });
      assert.deepEqual(listed, []);
      const next = await store.transaction((trx) => appendEvent(trx, event(reg, 'dev.arca.alias.set', 'x')));
      assert.equal(next.position, before + 1);
    });

    it('never hands out a position again, even after the newest events are removed', async () => {
      const made = await store.transaction((trx) => appendEvent(trx, event(reg, 'dev.arca.tag.set', 'reuse')));
      await queries(store.session).deleteFrom('events').where('position', '>=', made.position).execute();
      const next = await store.transaction((trx) => appendEvent(trx, event(reg, 'dev.arca.tag.set', 'reuse')));
      assert.equal(next.position, made.position + 1);
    });

    it('filters by exact types and type prefixes, by scope, and by subject (the reference or what lies under it)', async () => {
      const from = await lastEventPosition(store.session);
      const asset = 'arca://registries/Ev_Reg/models/a_b';
      const made = await store.transaction(async (trx) => [
        await appendEvent(trx, event(reg, 'dev.arca.version.created', `${asset}/versions/1`)),
        await appendEvent(trx, event(reg, 'dev.arca.alias.set', `${asset}/aliases/prod`)),
        // `_` in the filter must not match any character: a_b does not cover aXb.
        await appendEvent(trx, event(reg, 'dev.arca.alias.moved', 'arca://registries/Ev_Reg/models/aXb/aliases/prod')),
        // Nor does a reference cover a longer name that starts with it.
        await appendEvent(trx, event(reg, 'dev.arca.tag.set', `${asset}c/versions/1`)),
        await appendEvent(trx, event(ws, 'dev.arca.version.archived', 'arca://workspaces/ev-ws/models/m/versions/1')),
      ]);
      const ids = async (query: Partial<Parameters<typeof listEvents>[1]>) =>
        (await listEvents(store.session, { visible: everything, after: from, limit: 100, ...query })).map((e) =>
          made.findIndex((m) => m.id === e.id),
        );
      assert.deepEqual(await ids({ types: ['dev.arca.alias.set', 'dev.arca.tag.set'] }), [1, 3]);
      assert.deepEqual(await ids({ typePrefixes: ['dev.arca.alias.'] }), [1, 2]);
      assert.deepEqual(await ids({ types: ['dev.arca.tag.set'], typePrefixes: ['dev.arca.version.'] }), [0, 3, 4]);
      assert.deepEqual(await ids({ typePrefixes: ['dev.arca.alias_'] }), []);
      assert.deepEqual(await ids({ scope: { kind: 'workspace', nameKey: 'ev-ws' } }), [4]);
      assert.deepEqual(await ids({ scope: { kind: 'registry', nameKey: 'ev-ws' } }), []);
      assert.deepEqual(await ids({ subject: asset }), [0, 1]);
      assert.deepEqual(await ids({ subject: `${asset}/aliases/prod` }), [1]);
    });

    it('shows a caller only the events of the scopes it may read', async () => {
      const from = await lastEventPosition(store.session);
      const other = {
        id: await insertScopeNamed(store, 'registry', 'ev-other'),
        kind: 'registry' as const,
        name: 'ev-other',
      };
      const made = await store.transaction(async (trx) => [
        await appendEvent(trx, event(reg, 'dev.arca.version.created', 'r')),
        await appendEvent(trx, event(ws, 'dev.arca.version.created', 'w')),
        await appendEvent(trx, event(other, 'dev.arca.version.created', 'o')),
      ]);
      const seen = async (visible: Parameters<typeof listEvents>[1]['visible']) =>
        (await listEvents(store.session, { visible, after: from, limit: 100 })).map((e) => e.subject);
      assert.deepEqual(await seen(everything), ['r', 'w', 'o']);
      assert.deepEqual(await seen({ registry: ['ev_reg'], workspace: [] }), ['r']);
      assert.deepEqual(await seen({ registry: [], workspace: 'all' }), ['w']);
      assert.deepEqual(await seen({ registry: [], workspace: [] }), []);
      assert.equal(made.length, 3);
    });

    it('keeps the events of a deleted scope from the readers of a new scope of the same name', async () => {
      const from = await lastEventPosition(store.session);
      const gone = { id: randomUUID(), kind: 'registry' as const, name: 'ev-reborn' };
      await store.transaction((trx) => appendEvent(trx, event(gone, 'dev.arca.version.created', 'old')));
      const reborn = {
        id: await insertScopeNamed(store, 'registry', 'ev-reborn'),
        kind: 'registry' as const,
        name: 'ev-reborn',
      };
      await store.transaction((trx) => appendEvent(trx, event(reborn, 'dev.arca.version.created', 'new')));
      const seen = await listEvents(store.session, {
        visible: { registry: ['ev-reborn'], workspace: [] },
        after: from,
        limit: 10,
      });
      assert.deepEqual(
        seen.map((e) => e.subject),
        ['new'],
      );
    });

    it('loses no event to a reader tailing the feed while concurrent transactions append and commit in any order', async () => {
      const from = await lastEventPosition(store.session);
      const writers = 6;
      const perWriter = 20;
      let writing = true;
      const seen: { id: string; position: number }[] = [];
      let cursor = from;
      const tail = async () => {
        const page = await listEvents(store.session, { visible: everything, after: cursor, limit: 1000 });
        for (const e of page) seen.push({ id: e.id, position: e.position });
        cursor = page.at(-1)?.position ?? cursor;
      };
      const reader = (async () => {
        while (writing) {
          await tail();
          await nextTurn();
        }
      })();
      const committed: string[] = [];
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            const made = await store.transaction(async (trx) => {
              const appended = await appendEvent(trx, event(reg, 'dev.arca.version.created', `race-${w}-${i}`));
              // Hold the transaction open a varying number of turns: commits land in a shuffled order of starts.
              for (let turn = 0; turn < (w * 7 + i * 3) % 5; turn++) await nextTurn();
              return appended;
            });
            committed.push(made.id);
          }
        }),
      );
      writing = false;
      await reader;
      await tail();
      assert.equal(seen.length, writers * perWriter, 'every committed event was seen exactly once');
      assert.deepEqual(new Set(seen.map((e) => e.id)), new Set(committed));
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.position > seen[i - 1]!.position);
    });

    if (dialect.name === 'postgres') {
      it('makes a second emitter wait for the first to commit, so a later position never becomes visible first', async () => {
        const from = await lastEventPosition(store.session);
        let releaseFirst = (): void => undefined;
        let firstAppended = (): void => undefined;
        const appendedFirst = new Promise<void>((resolve) => (firstAppended = resolve));
        const first = store.transaction(async (trx) => {
          const made = await appendEvent(trx, event(reg, 'dev.arca.version.created', 'first'));
          firstAppended();
          await new Promise<void>((resolve) => (releaseFirst = resolve));
          return made;
        });
        await appendedFirst;
        let secondPid = 0;
        const second = store.transaction(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(queries(trx));
          secondPid = rows[0]?.pid ?? 0;
          return appendEvent(trx, event(reg, 'dev.arca.version.created', 'second'));
        });
        // The second transaction is queued on the change-log lock (not granted) while the first is open.
        await eventually('the second emitter waiting on the lock', async () => {
          if (secondPid === 0) return undefined;
          const { rows } = await sql<{ waiting: number }>`
            select count(*)::int as waiting from pg_locks where pid = ${secondPid} and not granted`.execute(
            queries(store.session),
          );
          return (rows[0]?.waiting ?? 0) > 0 ? true : undefined;
        });
        assert.deepEqual(await listEvents(store.session, { visible: everything, after: from, limit: 10 }), []);
        releaseFirst();
        const [a, b] = [await first, await second];
        assert.ok(b.position > a.position);
        const listed = await listEvents(store.session, { visible: everything, after: from, limit: 10 });
        assert.deepEqual(
          listed.map((e) => e.subject),
          ['first', 'second'],
        );
      });
    }
  });
}
