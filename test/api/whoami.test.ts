import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

interface Assignment {
  role: string;
  scope: string;
  assignee: string;
  from_group: string | null;
}

for (const dialect of testDialects) {
  describe(`GET /api/v1/whoami on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let carol: string;
    const whoami = async (token: string) => {
      const response = await server.api('GET', '/api/v1/whoami', undefined, { authorization: `Bearer ${token}` });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body as { principal: { name: string }; assignments: Assignment[] };
    };
    const summary = (assignments: Assignment[]) =>
      assignments.map((a) => `${a.role} ${a.scope} ${a.assignee} ${a.from_group ?? 'direct'}`);

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const name of ['shared', 'other']) {
        const put = await server.api('PUT', `/api/v1/registries/${name}`, { location: 'eastus' });
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
      assert.equal((await server.api('PUT', '/api/v1/users/carol', {})).status, 200);
      for (const group of ['publishers', 'readers']) {
        assert.equal((await server.api('PUT', `/api/v1/groups/${group}`, {})).status, 200);
        assert.equal((await server.api('PUT', `/api/v1/groups/${group}/members/carol`)).status, 200);
      }
      const assign = async (body: Record<string, string>) =>
        assert.equal((await server.api('POST', '/api/v1/role-assignments', body)).status, 201);
      await assign({ role: 'Reader', user: 'carol' });
      await assign({ role: 'AssetPublisher', group: 'publishers', registry: 'shared' });
      await assign({ role: 'AssetUser', group: 'readers', registry: 'other' });
      carol = (await server.api('POST', '/api/v1/users/carol/tokens', { name: 'laptop' })).body.token;
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('lists the roles the caller holds through its groups, each naming its group, after its own', async () => {
      const me = await whoami(carol);
      assert.equal(me.principal.name, 'carol');
      assert.deepEqual(summary(me.assignments), [
        'Reader org user:carol direct',
        'AssetPublisher registry:shared group:publishers publishers',
        'AssetUser registry:other group:readers readers',
      ]);
    });

    it('shows a narrowed token only the group roles at the organisation and at its scope', async () => {
      const narrowed = (await server.api('POST', '/api/v1/users/carol/tokens', { name: 'ci', registry: 'shared' })).body
        .token;
      assert.deepEqual(summary((await whoami(narrowed)).assignments), [
        'Reader org user:carol direct',
        'AssetPublisher registry:shared group:publishers publishers',
      ]);
    });

    it("drops a group's roles once the caller leaves the group", async () => {
      assert.equal((await server.api('DELETE', '/api/v1/groups/readers/members/carol')).status, 200);
      assert.deepEqual(summary((await whoami(carol)).assignments), [
        'Reader org user:carol direct',
        'AssetPublisher registry:shared group:publishers publishers',
      ]);
    });
  });
}
