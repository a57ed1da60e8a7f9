import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion, digestOf } from '../../src/testing/uploads.js';

for (const dialect of testDialects) {
  describe(`protected aliases, approvals and rollback on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const auth: Record<string, { authorization: string }> = {};
    const model = '/api/v1/registries/shared/models/fraud';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/registries/shared', { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
      // Teams are groups holding a role at the registry; their members act through them.
      for (const [user, group, role] of [
        ['team-a', 'group-a', 'AssetUser'],
        ['team-b', 'group-b', 'AssetPublisher'],
        ['release', 'releasers', 'Approver'],
        ['release2', 'releasers', 'Approver'],
      ] as const) {
        await server.api('PUT', `/api/v1/users/${user}`, {});
        await server.api('PUT', `/api/v1/groups/${group}`, {});
        assert.equal((await server.api('PUT', `/api/v1/groups/${group}/members/${user}`)).status, 200);
        const assigned = await server.api('POST', '/api/v1/role-assignments', { role, group, registry: 'shared' });
        assert.ok([201, 409].includes(assigned.status), JSON.stringify(assigned.body));
        auth[user] = {
          authorization: `Bearer ${(await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 't' })).body.token}`,
        };
      }
      await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v1') }]);
      await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v2') }]);
      const protect = await server.api('PUT', `${model}/aliases/production`, { version: '1', protected: true });
      assert.equal(protect.status, 200);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('lets the publisher team publish and the user team download but not publish; neither may delete the registry', async () => {
      const begin = await server.api(
        'POST',
        `${model}/versions`,
        { files: [{ path: 'w', size: 2, digest: digestOf(Buffer.from('v3')) }] },
        auth['team-b'],
      );
      assert.equal(begin.status, 201);
      const denied = await server.api('POST', `${model}/versions`, { files: [] }, auth['team-a']);
      assert.equal(denied.status, 403);
      assert.match(denied.body.error.message, /registries\/assets\/write/);
      const file = await fetch(`${server.url}${model}/versions/1/files/w`, { headers: auth['team-a'] });
      assert.equal(await file.text(), 'v1');
      for (const team of ['team-a', 'team-b']) {
        const del = await server.api('DELETE', '/api/v1/registries/shared', undefined, auth[team]);
        assert.equal(del.status, 403);
        assert.match(del.body.error.message, /registries\/delete/);
      }
    });

    it('refuses to move a protected alias without approve permission: 403 AliasProtected, alias unchanged', async () => {
      const move = await server.api('PUT', `${model}/aliases/production`, { version: '2' }, auth['team-b']);
      assert.equal(move.status, 403);
      assert.equal(move.body.error.code, 'AliasProtected');
      assert.equal((await server.api('GET', `${model}/aliases/production`)).body.version, '1');
    });

    it("moves production when an approver grants the publisher's request, and never lets a requester approve their own", async () => {
      const request = await server.api(
        'POST',
        `${model}/aliases/production/approvals`,
        { version: '2', reason: 'better recall' },
        auth['team-b'],
      );
      assert.equal(request.status, 201);
      assert.equal(request.body.state, 'pending');
      const byRequester = await server.api('POST', `${model}/approvals/${request.body.id}/approve`, {}, auth['team-b']);
      assert.equal(byRequester.status, 403);
      // The admin (an Owner) may both request and approve, but never its own request.
      const own = await server.api('POST', `${model}/aliases/production/approvals`, { version: '2' });
      assert.equal(own.status, 201);
      const self = await server.api('POST', `${model}/approvals/${own.body.id}/approve`, {});
      assert.equal(self.status, 403);
      assert.equal(self.body.error.code, 'SelfApproval');
      const granted = await server.api(
        'POST',
        `${model}/approvals/${request.body.id}/approve`,
        { reason: 'checked' },
        auth['release'],
      );
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      assert.equal(granted.body.state, 'approved');
      assert.equal(granted.body.decided_by, 'release');
      assert.equal((await server.api('GET', `${model}/aliases/production`)).body.version, '2');
      const again = await server.api('POST', `${model}/approvals/${request.body.id}/approve`, {}, auth['release2']);
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'ApprovalDecided');
    });

    it('rolls production back to its previous version: a request for the publisher, an immediate audited move for an approver', async () => {
      const asPublisher = await server.api(
        'POST',
        `${model}/aliases/production/rollback`,
        { reason: 'regression' },
        auth['team-b'],
      );
      assert.equal(asPublisher.status, 202);
      assert.equal(asPublisher.body.version, '1');
      assert.equal((await server.api('GET', `${model}/aliases/production`)).body.version, '2', 'nothing moved yet');
      const asApprover = await server.api(
        'POST',
        `${model}/aliases/production/rollback`,
        { reason: 'regression' },
        auth['release'],
      );
      assert.equal(asApprover.status, 200);
      assert.equal(asApprover.body.aliases.production, '1');
      const history = await server.api('GET', `${model}/aliases/production/history`);
      assert.deepEqual(
        history.body.value.map((m: any) => [m.action, m.from_version, m.to_version, m.by]),
        [
          ['move', '2', '1', 'release'],
          ['move', '1', '2', 'release'],
          ['protect', '1', '1', 'admin'],
          ['move', null, '1', 'admin'],
        ],
      );
    });

    it('exports the evidence of version 2: files and digests, every alias move and approval that touched it, and the audit events about it', async () => {
      const evidence = await server.api('GET', `${model}/versions/2/evidence`);
      assert.equal(evidence.status, 200, JSON.stringify(evidence.body));
      assert.equal(evidence.body.reference, 'arca://registries/shared/models/fraud/versions/2');
      assert.deepEqual(evidence.body.version.files, [{ path: 'w', size: 2, digest: digestOf(Buffer.from('v2')) }]);
      assert.deepEqual(
        evidence.body.alias_moves.map((m: any) => [m.alias, m.from_version, m.to_version, m.by]),
        [
          ['latest', '1', '2', 'admin'],
          ['production', '1', '2', 'release'],
          ['production', '2', '1', 'release'],
        ],
      );
      assert.deepEqual(evidence.body.approvals.map((a: any) => [a.state, a.requested_by, a.decided_by]).sort(), [
        ['approved', 'team-b', 'release'],
        ['pending', 'admin', null],
      ]);
      const actions = evidence.body.audit_events.map((e: any) => e.action);
      assert.ok(actions.includes('models/versions/commit'), actions.join(','));
      assert.ok(actions.includes('registries/assets/approve'), actions.join(','));
      assert.ok(actions.includes('registries/assets/aliases/rollback'), actions.join(','));
      assert.ok(
        evidence.body.audit_events.every((e: any) => /^[0-9a-f]{64}$/.test(e.hash)),
        'every event carries its chain hash',
      );
      const denied = await server.api('GET', `${model}/versions/2/evidence`, undefined, auth['team-b']);
      assert.equal(denied.status, 403);
      assert.match(denied.body.error.message, /audit\/read/);
    });

    it('verifies the audit chain, and names the first broken event after a row is edited in the database', async () => {
      const verified = await server.api('POST', '/api/v1/audit/verify');
      assert.equal(verified.status, 200);
      assert.equal(verified.body.ok, true);
      assert.ok(verified.body.events > 10);
      const { MetadataStore } = await import('../../src/storage/metadata/metadata-store.js');
      const direct = await MetadataStore.open({
        database: server.config.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      try {
        const victim = await direct.kysely
          .selectFrom('audit_events')
          .select(['seq'])
          .where('action', '=', 'registries/assets/approve')
          .orderBy('seq')
          .executeTakeFirstOrThrow();
        await direct.kysely
          .updateTable('audit_events')
          .set({ principal: 'someone-else' })
          .where('seq', '=', victim.seq)
          .execute();
        const broken = await server.api('POST', '/api/v1/audit/verify');
        assert.equal(broken.body.ok, false);
        assert.equal(broken.body.first_broken.seq, Number(victim.seq));
      } finally {
        await direct.close();
      }
    });

    it("lists a pending request in the inbox of those who may decide it, never in its requester's or a bystander's", async () => {
      const protect = await server.api('PUT', `${model}/aliases/canary`, { version: '2', protected: true });
      assert.equal(protect.status, 200);
      const request = await server.api('POST', `${model}/aliases/canary/approvals`, { version: '1' }, auth['team-b']);
      assert.equal(request.status, 201, JSON.stringify(request.body));
      const inboxOf = async (who: string) =>
        (await server.api('GET', '/api/v1/approvals', undefined, auth[who])).body.value as {
          alias: string;
          scope: string;
          scope_kind: string;
          asset_type: string;
          asset: string;
          requested_by: string;
          state: string;
        }[];
      const approverSees = (await inboxOf('release')).filter((a) => a.alias === 'canary');
      assert.equal(approverSees.length, 1);
      assert.deepEqual(
        {
          scope: approverSees[0]?.scope,
          kind: approverSees[0]?.scope_kind,
          type: approverSees[0]?.asset_type,
          asset: approverSees[0]?.asset,
          by: approverSees[0]?.requested_by,
          state: approverSees[0]?.state,
        },
        { scope: 'shared', kind: 'registry', type: 'models', asset: 'fraud', by: 'team-b', state: 'pending' },
      );
      assert.deepEqual(
        (await inboxOf('team-b')).filter((a) => a.alias === 'canary'),
        [],
        'the requester cannot decide their own request',
      );
      assert.deepEqual(await inboxOf('team-a'), [], 'a user without the approve permission sees nothing');
    });

    it('answers an unknown approval with 404 and an alias that never moved with 409 NoPreviousVersion', async () => {
      const missing = await server.api(
        'POST',
        `${model}/approvals/00000000-0000-4000-8000-000000000000/approve`,
        {},
        auth['release'],
      );
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'ApprovalNotFound');
      await server.api('PUT', `${model}/aliases/staging`, { version: '1' });
      const never = await server.api('POST', `${model}/aliases/staging/rollback`, {});
      assert.equal(never.status, 409);
      assert.equal(never.body.error.code, 'NoPreviousVersion');
    });
  });
}
