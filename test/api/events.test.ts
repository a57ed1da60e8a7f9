import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { pushImage } from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion, digestOf } from '../../src/testing/uploads.js';

for (const dialect of testDialects) {
  describe(`the event feed on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const model = '/api/v1/registries/reg/models/fraud';
    const ref = 'arca://registries/reg/models/fraud';

    /** Every event after `from` the admin (or `headers`) may see, all pages, with `query` added. */
    const eventsAfter = async (from: number, query = '', headers?: Record<string, string>): Promise<any[]> => {
      const all: any[] = [];
      let cursor = String(from);
      for (;;) {
        const page = await server.api('GET', `/api/v1/events?top=1000&after=${cursor}${query}`, undefined, headers);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        all.push(...page.body.value);
        if (page.body.next === undefined) return all;
        cursor = page.body.next;
      }
    };
    const last = async (): Promise<number> => (await eventsAfter(0)).at(-1)?.position ?? 0;
    const tokenOf = async (user: string, grant?: Record<string, unknown>, token: Record<string, unknown> = {}) => {
      await server.api('PUT', `/api/v1/users/${user}`, {});
      if (grant) assert.equal((await server.api('POST', '/api/v1/role-assignments', { user, ...grant })).status, 201);
      const made = await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 't', ...token });
      return { authorization: `Bearer ${made.body.token}` };
    };

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const path of ['/api/v1/registries/reg', '/api/v1/workspaces/ws-a', '/api/v1/workspaces/ws-b']) {
        const put = await server.api('PUT', path, { location: 'eastus' });
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('tells of a committed version as a CloudEvent naming the actor, the request and the version', async () => {
      const from = await last();
      await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v1') }]);
      const [created, ...rest] = await eventsAfter(from);
      assert.deepEqual(rest, [], 'one event: `latest` moving with the version sends none of its own');
      assert.equal(created.specversion, '1.0');
      assert.equal(created.type, 'dev.arca.version.created');
      assert.equal(created.source, 'arca://registries/reg');
      assert.equal(created.subject, `${ref}/versions/1`);
      assert.equal(created.datacontenttype, 'application/json');
      assert.match(created.id, /^[0-9a-f-]{36}$/);
      assert.ok(created.position > from);
      assert.equal(created.data.actor.name, 'admin');
      assert.match(created.data.actor.requestId, /\S/);
      assert.deepEqual(
        { ...created.data, actor: undefined, manifest: undefined },
        {
          actor: undefined,
          reference: `${ref}/versions/1`,
          scope: { kind: 'registry', name: 'reg' },
          asset: { type: 'model', name: 'fraud' },
          version: '1',
          via: 'commit',
          manifest: undefined,
          files: 1,
          size: 2,
        },
      );
      assert.match(created.data.manifest, /^sha256:[0-9a-f]{64}$/);
    });

    it('tells of version tags set, changed and removed, one event per key, and of asset tags', async () => {
      const from = await last();
      await server.api('PATCH', `${model}/versions/1`, { tags: { stage: 'dev', team: 'risk' } });
      await server.api('PATCH', `${model}/versions/1`, { tags: { stage: 'prod', team: 'risk', gone: null } });
      await server.api('PATCH', `${model}/versions/1`, { tags: { team: null } });
      await server.api('PATCH', model, { tags: { owner: 'ana' } });
      const events = await eventsAfter(from);
      assert.deepEqual(
        events.map((e) => [e.type, e.subject, e.data.on, e.data.key, e.data.value, e.data.previous]),
        [
          ['dev.arca.tag.set', `${ref}/versions/1`, 'version', 'stage', 'dev', null],
          ['dev.arca.tag.set', `${ref}/versions/1`, 'version', 'team', 'risk', null],
          ['dev.arca.tag.set', `${ref}/versions/1`, 'version', 'stage', 'prod', 'dev'],
          ['dev.arca.tag.removed', `${ref}/versions/1`, 'version', 'team', undefined, 'risk'],
          ['dev.arca.tag.set', ref, 'asset', 'owner', 'ana', null],
        ],
      );
    });

    it('tells of an alias set, moved, rolled back and removed, with both ends of each move', async () => {
      await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v2') }]);
      const from = await last();
      assert.equal((await server.api('PUT', `${model}/aliases/champion`, { version: '1' })).status, 200);
      assert.equal((await server.api('PUT', `${model}/aliases/champion`, { version: '1' })).status, 200);
      assert.equal((await server.api('PUT', `${model}/aliases/champion`, { version: '2' })).status, 200);
      assert.equal((await server.api('POST', `${model}/aliases/champion/rollback`, {})).status, 200);
      assert.equal((await server.api('DELETE', `${model}/aliases/champion`)).status, 200);
      const events = await eventsAfter(from);
      assert.deepEqual(
        events.map((e) => [e.type, e.subject, e.data.from?.version ?? null, e.data.to?.version ?? null, e.data.via]),
        [
          ['dev.arca.alias.set', `${ref}/aliases/champion`, null, '1', 'set'],
          ['dev.arca.alias.moved', `${ref}/aliases/champion`, '1', '2', 'set'],
          ['dev.arca.alias.moved', `${ref}/aliases/champion`, '2', '1', 'rollback'],
          ['dev.arca.alias.removed', `${ref}/aliases/champion`, '1', null, 'set'],
        ],
        'setting the alias to where it is tells nothing',
      );
      assert.equal(events[0].data.to.reference, `${ref}/versions/1`);
    });

    it('tells of an approval requested and decided, and of the move the grant made', async () => {
      const approver = await tokenOf('ev-approver', { role: 'Approver', registry: 'reg' });
      const publisher = await tokenOf('ev-publisher', { role: 'AssetPublisher', registry: 'reg' });
      await server.api('PUT', `${model}/aliases/production`, { version: '1', protected: true });
      const from = await last();
      const request = await server.api(
        'POST',
        `${model}/aliases/production/approvals`,
        { version: '2', reason: 'better recall' },
        publisher,
      );
      assert.equal(request.status, 201, JSON.stringify(request.body));
      const granted = await server.api('POST', `${model}/approvals/${request.body.id}/approve`, {}, approver);
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      const events = await eventsAfter(from);
      assert.deepEqual(
        events.map((e) => [e.type, e.data.actor.name]),
        [
          ['dev.arca.approval.requested', 'ev-publisher'],
          ['dev.arca.approval.decided', 'ev-approver'],
          ['dev.arca.alias.moved', 'ev-approver'],
        ],
      );
      assert.deepEqual(
        { approval: events[0].data.approval, version: events[0].data.version, reason: events[0].data.reason },
        { approval: request.body.id, version: '2', reason: 'better recall' },
      );
      assert.deepEqual(
        [events[1].data.decision, events[1].data.requestedBy, events[1].subject],
        ['approved', 'ev-publisher', `${ref}/aliases/production`],
      );
      assert.deepEqual(
        [events[2].data.from.version, events[2].data.to.version, events[2].data.via],
        ['1', '2', 'approval'],
      );
    });

    it('writes no event for a change that is refused inside its transaction or before it', async () => {
      const publisher = { authorization: '' };
      Object.assign(publisher, await tokenOf('ev-refused', { role: 'AssetPublisher', registry: 'reg' }));
      const from = await last();
      // A protected alias moved without approve: refused under the alias's lock, the transaction rolls back.
      const move = await server.api('PUT', `${model}/aliases/production`, { version: '1' }, publisher);
      assert.equal(move.body.error.code, 'AliasProtected');
      // Archiving a version an alias names: the state change is made, then refused, and rolled back.
      const archive = await server.api('POST', `${model}/versions/2/archive`);
      assert.equal(archive.body.error.code, 'VersionInUse');
      assert.equal((await server.api('GET', `${model}/versions/2`)).body.state, 'ready');
      // A commit whose blob never arrived.
      const begin = await server.api('POST', `${model}/versions`, {
        files: [{ path: 'w', size: 6, digest: digestOf(Buffer.from('absent')) }],
      });
      const commit = await server.api('POST', `${model}/versions/${begin.body.version.version}/commit`);
      assert.equal(commit.body.error.code, 'BlobsMissing');
      assert.deepEqual(await eventsAfter(from), []);
    });

    it('tells of a version archived, restored and deleted (a forced delete also removes its aliases)', async () => {
      await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v3') }], { version: 'c3' });
      const from = await last();
      assert.equal((await server.api('POST', `${model}/versions/c3/archive`)).status, 200);
      assert.equal((await server.api('POST', `${model}/versions/c3/restore`)).status, 200);
      await server.api('PUT', `${model}/aliases/canary`, { version: 'c3' });
      assert.equal((await server.api('DELETE', `${model}/versions/c3?force=true`)).status, 204);
      const events = await eventsAfter(from);
      assert.deepEqual(
        events.map((e) => [e.type, e.subject]),
        [
          ['dev.arca.version.archived', `${ref}/versions/c3`],
          ['dev.arca.version.restored', `${ref}/versions/c3`],
          ['dev.arca.alias.set', `${ref}/aliases/canary`],
          ['dev.arca.alias.removed', `${ref}/aliases/canary`],
          ['dev.arca.version.deleted', `${ref}/versions/c3`],
        ],
      );
      assert.equal(events[3].data.via, 'delete');
      assert.deepEqual([events[4].data.force, events[4].data.aliasesRemoved], [true, ['canary']]);
    });

    it('tells the registry of a version shared into it (created via share, and shared from its origin)', async () => {
      await createVersion(server, '/api/v1/workspaces/ws-a/models/scorer', [{ path: 'w', bytes: Buffer.from('s1') }]);
      const from = await last();
      const shared = await server.api('POST', '/api/v1/workspaces/ws-a/models/scorer/versions/1/share', {
        registry: 'reg',
        name: 'scorer',
        version: '1',
      });
      assert.ok([200, 201].includes(shared.status), JSON.stringify(shared.body));
      const events = await eventsAfter(from);
      assert.deepEqual(
        events.map((e) => [e.type, e.source, e.subject, e.data.via ?? e.data.origin]),
        [
          [
            'dev.arca.version.created',
            'arca://registries/reg',
            'arca://registries/reg/models/scorer/versions/1',
            'share',
          ],
          [
            'dev.arca.version.shared',
            'arca://registries/reg',
            'arca://registries/reg/models/scorer/versions/1',
            'arca://workspaces/ws-a/models/scorer/versions/1',
          ],
        ],
      );
    });

    it('tells of an image pushed over OCI and of the environment version it made', async () => {
      const from = await last();
      const digest = await pushImage(server, 'reg/environments/base', 'v1', [Buffer.from('layer-one')]);
      const events = await eventsAfter(from);
      assert.deepEqual(
        events.map((e) => [e.type, e.subject]),
        [
          ['dev.arca.version.created', 'arca://registries/reg/environments/base/versions/v1'],
          ['dev.arca.image.pushed', 'arca://registries/reg/environments/base/versions/v1'],
        ],
      );
      assert.equal(events[0].data.via, 'push');
      assert.deepEqual(
        [events[1].data.digest, events[1].data.tag, events[1].data.version, events[1].data.new],
        [digest, 'v1', 'v1', true],
      );
    });

    it('shows a Reader at one registry only that registry, and a narrowed or read-only token only what it reaches', async () => {
      await createVersion(server, '/api/v1/workspaces/ws-b/models/secret', [{ path: 'w', bytes: Buffer.from('b1') }]);
      const everything = await eventsAfter(0);
      const sources = (events: any[]) => [...new Set(events.map((e) => e.source))].sort();
      assert.deepEqual(sources(everything), [
        'arca://registries/reg',
        'arca://workspaces/ws-a',
        'arca://workspaces/ws-b',
      ]);
      const reader = await tokenOf('ev-reader', { role: 'Reader', registry: 'reg' });
      const readable = await eventsAfter(0, '', reader);
      assert.deepEqual(sources(readable), ['arca://registries/reg']);
      assert.equal(readable.length, everything.filter((e) => e.source === 'arca://registries/reg').length);
      const narrowed = await tokenOf('ev-narrowed', { role: 'Owner' }, { workspace: 'ws-a' });
      assert.deepEqual(sources(await eventsAfter(0, '', narrowed)), ['arca://workspaces/ws-a']);
      const readOnly = await tokenOf('ev-readonly', { role: 'Reader' }, { read_only: true });
      assert.deepEqual(sources(await eventsAfter(0, '', readOnly)), sources(everything));
      const nobody = await tokenOf('ev-nobody');
      assert.deepEqual(await eventsAfter(0, '', nobody), []);
    });

    it("keeps another workspace's events from its owner: filters by name, subject or type never reach them", async () => {
      const attacker = await tokenOf('ev-attacker', { role: 'Owner', workspace: 'ws-a' });
      const byName = await server.api('GET', '/api/v1/events?workspace=ws-b', undefined, attacker);
      assert.equal(byName.status, 403);
      assert.equal(byName.body.error.code, 'Forbidden');
      const bySubject = await eventsAfter(0, '&subject=arca://workspaces/ws-b/models/secret', attacker);
      assert.deepEqual(bySubject, []);
      const byType = await eventsAfter(0, '&type=dev.arca.*', attacker);
      assert.ok(byType.length > 0 && byType.every((e) => e.source === 'arca://workspaces/ws-a'));
      const stream = await server.api('GET', '/api/v1/events/stream?follow=false&after=0', undefined, attacker);
      assert.equal(stream.status, 200);
      assert.doesNotMatch(stream.body, /ws-b/);
    });

    it('filters by type, type prefix, scope and subject', async () => {
      const types = (events: any[]) => [...new Set(events.map((e) => e.type))].sort();
      assert.deepEqual(types(await eventsAfter(0, '&type=dev.arca.alias.*')), [
        'dev.arca.alias.moved',
        'dev.arca.alias.removed',
        'dev.arca.alias.set',
      ]);
      assert.deepEqual(types(await eventsAfter(0, '&type=dev.arca.version.archived&type=dev.arca.version.restored')), [
        'dev.arca.version.archived',
        'dev.arca.version.restored',
      ]);
      const inWorkspace = await eventsAfter(0, '&workspace=WS-A');
      assert.ok(inWorkspace.length > 0 && inWorkspace.every((e) => e.source === 'arca://workspaces/ws-a'));
      const aboutAlias = await eventsAfter(0, `&subject=${ref}/aliases/champion`);
      assert.equal(aboutAlias.length, 4);
      const aboutAsset = await eventsAfter(0, `&subject=${ref}`);
      assert.ok(aboutAsset.length > aboutAlias.length);
      assert.ok(aboutAsset.every((e) => e.subject === ref || e.subject.startsWith(`${ref}/`)));
    });

    it('pages in feed order with next as the cursor, and refuses bad cursors, unknown filters and a top out of range', async () => {
      const first = await server.api('GET', '/api/v1/events?top=2');
      assert.deepEqual(
        first.body.value.map((e: any) => e.position),
        [1, 2],
      );
      assert.equal(first.body.next, '2');
      const second = await server.api('GET', `/api/v1/events?top=2&after=${first.body.next}`);
      assert.equal(second.body.value[0].position, 3);
      const refused = async (query: string, code: string, headers?: Record<string, string>) => {
        const res = await server.api('GET', `/api/v1/events${query}`, undefined, headers);
        assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, code, query);
        return res.body.error;
      };
      await refused('?after=abc', 'CursorInvalid');
      await refused('?after=-1', 'CursorInvalid');
      await refused('/stream?follow=false', 'CursorInvalid', { 'last-event-id': 'x1' });
      assert.match(
        (await refused('?type=dev.arca.alias.mvoed', 'EventTypeUnknown')).message,
        /dev\.arca\.alias\.moved/,
      );
      await refused('?type=dev.arca.nothing.*', 'EventTypeUnknown');
      await refused('?colour=red', 'InvalidParameter');
      await refused('?top=0', 'InvalidParameter');
      await refused('?top=1001', 'InvalidParameter');
      await refused('?registry=reg&workspace=ws-a', 'InvalidParameter');
      await refused('?subject=https://example.com/x', 'InvalidParameter');
    });
  });
}
