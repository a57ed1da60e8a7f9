import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

for (const dialect of testDialects) {
  describe(`workspaces REST API on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    async function create(name: string, body: Record<string, unknown> = { location: 'westeurope' }): Promise<void> {
      const put = await server.api('PUT', `/api/v1/workspaces/${name}`, body);
      assert.equal(put.status, 202, JSON.stringify(put.body));
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    }

    it('creates a workspace in one location and shows it with its storage_config and provisioning state', async () => {
      await create('team-a', {
        location: 'westeurope',
        description: 'Team A',
        tags: { cost: 'cc1' },
        storage_config: { storage_account_type: 'Premium_LRS' },
      });
      const shown = await server.api('GET', '/api/v1/workspaces/TEAM-A');
      assert.equal(shown.status, 200);
      assert.equal(shown.body.name, 'team-a');
      assert.equal(shown.body.location, 'westeurope');
      assert.equal(shown.body.description, 'Team A');
      assert.deepEqual(shown.body.tags, { cost: 'cc1' });
      assert.deepEqual(shown.body.storage_config, { storage_account_type: 'Premium_LRS' });
      assert.equal(shown.body.provisioning_state, 'Succeeded');
      assert.equal(shown.body.discovery_url, `${server.url}/api/v1/workspaces/team-a`);
    });

    it('keeps registries and workspaces apart: the same name may be both', async () => {
      await create('shared-name');
      const reg = await server.api('PUT', '/api/v1/registries/shared-name', { location: 'eastus' });
      assert.equal(reg.status, 202);
      await server.waitForOperation(reg.headers.get('location') ?? '');
      assert.equal((await server.api('GET', '/api/v1/workspaces/shared-name')).body.location, 'westeurope');
      assert.equal((await server.api('GET', '/api/v1/registries/shared-name')).body.location, 'eastus');
    });

    it('lists workspaces filtered by tag', async () => {
      await create('ws-tag-1', { location: 'westeurope', tags: { env: 'prod' } });
      await create('ws-tag-2', { location: 'westeurope', tags: { env: 'dev' } });
      const list = await server.api('GET', '/api/v1/workspaces?tag=env=prod');
      assert.deepEqual(
        list.body.value.map((w: any) => w.name),
        ['ws-tag-1'],
      );
    });

    it('rejects an invalid workspace name with 400 WorkspaceNameInvalid naming the rule', async () => {
      const put = await server.api('PUT', '/api/v1/workspaces/-bad', { location: 'westeurope' });
      assert.equal(put.status, 400);
      assert.equal(put.body.error.code, 'WorkspaceNameInvalid');
      assert.match(put.body.error.message, /start with a letter or a digit/);
    });

    it('refuses a second workspace whose name differs only in case: 409 WorkspaceAlreadyExists', async () => {
      await create('Twin-WS');
      const put = await server.api('PUT', '/api/v1/workspaces/twin-ws', { location: 'westeurope' });
      assert.equal(put.status, 409);
      assert.equal(put.body.error.code, 'WorkspaceAlreadyExists');
    });

    it('create-only PUT (If-None-Match: *) of a workspace changed since: 409 WorkspaceAlreadyExists, its tags and description kept', async () => {
      await create('ws-grown', { location: 'westeurope', tags: { env: 'dev' } });
      const change = { tags: { owner: 'alice' }, description: 'A' };
      const patch = await server.api('PATCH', '/api/v1/workspaces/ws-grown', change);
      assert.equal(patch.status, 200, JSON.stringify(patch.body));
      const asCreated = { location: 'westeurope', tags: { env: 'dev' } };
      const again = await server.api('PUT', '/api/v1/workspaces/ws-grown', asCreated, { 'if-none-match': '*' });
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.equal(again.body.error.code, 'WorkspaceAlreadyExists');
      assert.match(again.body.error.message, /description differs.*tag owner differs/);
      const shown = (await server.api('GET', '/api/v1/workspaces/ws-grown')).body;
      assert.deepEqual(shown.tags, { env: 'dev', owner: 'alice' });
      assert.equal(shown.description, 'A');
    });

    it('create-only PUT of a workspace exactly as described: 200 with the workspace, no operation, nothing changed', async () => {
      const body = {
        location: 'westeurope',
        description: 'same',
        tags: { env: 'dev' },
        storage_config: { storage_account_type: 'Premium_LRS' },
      };
      await create('ws-same', body);
      const before = (await server.api('GET', '/api/v1/workspaces/ws-same')).body;
      const again = await server.api('PUT', '/api/v1/workspaces/ws-same', body, { 'if-none-match': '*' });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.deepEqual(again.body, before);
      assert.deepEqual((await server.api('GET', '/api/v1/workspaces/ws-same')).body, before);
    });

    it('never moves a workspace: a new location gives 409 PrimaryLocationImmutable, adding a region too', async () => {
      await create('stay-put');
      const put = await server.api('PUT', '/api/v1/workspaces/stay-put', { location: 'eastus' });
      assert.equal(put.status, 409);
      assert.equal(put.body.error.code, 'PrimaryLocationImmutable');
      const patch = await server.api('PATCH', '/api/v1/workspaces/stay-put', {
        add_replication_locations: [{ location: 'eastus' }],
      });
      assert.equal(patch.status, 409);
      assert.equal(patch.body.error.code, 'PrimaryLocationImmutable');
      assert.equal((await server.api('GET', '/api/v1/workspaces/stay-put')).body.location, 'westeurope');
    });

    it('rejects replication_locations on a workspace as an unknown field', async () => {
      const put = await server.api('PUT', '/api/v1/workspaces/multi-ws', {
        location: 'westeurope',
        replication_locations: [{ location: 'westeurope' }],
      });
      assert.equal(put.status, 400);
      assert.equal(put.body.error.code, 'UnknownField');
      assert.equal(put.body.error.target, 'replication_locations');
    });

    it('updates tags and description with PATCH and deletes the workspace', async () => {
      await create('short-lived');
      const patch = await server.api('PATCH', '/api/v1/workspaces/short-lived', {
        description: 'soon gone',
        tags: { a: '1' },
      });
      assert.equal(patch.status, 200);
      assert.equal(patch.body.description, 'soon gone');
      assert.deepEqual(patch.body.tags, { a: '1' });
      const del = await server.api('DELETE', '/api/v1/workspaces/short-lived');
      assert.equal(del.status, 202);
      assert.equal((await server.waitForOperation(del.headers.get('location') ?? '')).status, 'Succeeded');
      const gone = await server.api('GET', '/api/v1/workspaces/short-lived');
      assert.equal(gone.status, 404);
      assert.equal(gone.body.error.code, 'WorkspaceNotFound');
    });
  });
}
