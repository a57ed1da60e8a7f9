import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

for (const dialect of testDialects) {
  describe(`PUT /api/v1/groups/{name} on ${dialect.name}`, { skip: dialect.skip }, () => {
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

    it('keeps the description of an existing group when the body gives none (no empty update reaches the database)', async () => {
      const created = await server.api('PUT', '/api/v1/groups/team', { description: 'the data team' });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const again = await server.api('PUT', '/api/v1/groups/team', {});
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal((again.body as { description: string | null }).description, 'the data team');
      const read = await server.api('GET', '/api/v1/groups/team');
      assert.equal((read.body as { description: string | null }).description, 'the data team');
    });

    it('changes the description when the body gives one, and clears it with null', async () => {
      await server.api('PUT', '/api/v1/groups/ops', { description: 'old' });
      const changed = await server.api('PUT', '/api/v1/groups/ops', { description: 'new' });
      assert.equal((changed.body as { description: string | null }).description, 'new');
      const cleared = await server.api('PUT', '/api/v1/groups/ops', { description: null });
      assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
      assert.equal((cleared.body as { description: string | null }).description, null);
    });
  });
}
