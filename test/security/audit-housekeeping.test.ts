import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../src/testing/eventually.js';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, digestOf } from '../../src/testing/uploads.js';

/**
 * What Arca removes by itself is a state change too: a pending version nobody committed and an upload
 * session nobody finished leave the log with an event by `arca`, written once however many replicas sweep.
 */
for (const dialect of testDialects) {
  describe(`housekeeping writes its removals to the audit log on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database, env: { ARCA_PENDING_VERSION_TIMEOUT_SECONDS: '1' } });
      const put = await server.api('PUT', '/api/v1/workspaces/ws1', { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('records an expired pending version and an expired upload session once each, by arca, with who began them', async () => {
      const bytes = bytesOf(64, 1);
      const begin = await server.api('POST', '/api/v1/workspaces/ws1/models/abandoned/versions', {
        files: [{ path: 'w.bin', size: bytes.length, digest: digestOf(bytes) }],
      });
      assert.equal(begin.status, 201, JSON.stringify(begin.body));
      const session = await server.api('POST', '/api/v1/workspaces/ws1/uploads');
      assert.equal(session.status, 202, JSON.stringify(session.body));

      const events = await eventually('both expiries in the audit log', async () => {
        const page = await server.api('GET', '/api/v1/audit?principal=arca&top=100');
        const expiries = (
          page.body.value as { action: string; target: string; details?: Record<string, unknown> }[]
        ).filter((e) => e.action.endsWith('/expire'));
        return expiries.length >= 2 ? expiries : undefined;
      });
      const version = events.filter((e) => e.action === 'models/versions/expire');
      const upload = events.filter((e) => e.action === 'uploads/expire');
      assert.equal(version.length, 1);
      assert.equal(version[0]?.target, 'arca://workspaces/ws1/models/abandoned/versions/1');
      assert.equal(version[0]?.details?.['begunBy'], 'admin');
      assert.equal(upload.length, 1);
      assert.equal(upload[0]?.target, `arca://workspaces/ws1/uploads/${session.body.id}`);
      assert.equal(upload[0]?.details?.['startedBy'], 'admin');
      assert.equal((await server.api('GET', '/api/v1/workspaces/ws1/models/abandoned/versions/1')).status, 404);
    });
  });
}
