import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion, digestOf } from '../../src/testing/uploads.js';

// `latest` is the alias of the newest version: no path may make a version called `latest` (issue 14, item 3).
for (const dialect of testDialects) {
  describe(`version labels on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const ws = '/api/v1/workspaces/ws1';
    const bytes = Buffer.from('weights');

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const [kind, name] of [
        ['workspaces', 'ws1'],
        ['registries', 'reg1'],
      ]) {
        const put = await server.api('PUT', `/api/v1/${kind}/${name}`, { location: 'eastus' });
        await server.waitForOperation(put.headers.get('location') ?? '');
      }
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    for (const label of ['latest', 'Latest', 'LATEST']) {
      it(`refuses to begin a version labelled ${label} (400 VersionLabelInvalid) and begins nothing`, async () => {
        const res = await server.api('POST', `${ws}/models/fraud/versions`, {
          version: label,
          files: [{ path: 'model.pkl', size: bytes.length, digest: digestOf(bytes) }],
        });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'VersionLabelInvalid');
        assert.match(res.body.error.message, /reserved/);
        const list = await server.api(
          'GET',
          `${ws}/models/fraud/versions?filter=${encodeURIComponent("state = 'pending'")}`,
        );
        assert.ok(list.status === 404 || list.body.value.length === 0, JSON.stringify(list.body));
      });
    }

    it('refuses to share a version under the label latest (400 VersionLabelInvalid)', async () => {
      await createVersion(server, `${ws}/models/churn`, [{ path: 'model.pkl', bytes }]);
      const res = await server.api('POST', `${ws}/models/churn/versions/1/share`, {
        registry: 'reg1',
        version: 'latest',
      });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'VersionLabelInvalid');
      const copies = await server.api('GET', '/api/v1/registries/reg1/models/churn/versions');
      assert.ok(copies.status === 404 || copies.body.value.length === 0, JSON.stringify(copies.body));
    });
  });
}
