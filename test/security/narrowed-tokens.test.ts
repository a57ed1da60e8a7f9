import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

/**
 * Issue 12, item 4: a token narrowed to one workspace, held by an org Owner, reads organisation-wide
 * data (the audit log, users, role assignments, jobs, metrics) or runs org-wide maintenance.
 */
for (const dialect of testDialects) {
  describe(
    `a narrowed token stays inside its scope on organisation-level routes on ${dialect.name}`,
    { skip: dialect.skip },
    () => {
      let database: TestDatabase;
      let server: TestServer;
      let narrowed: { authorization: string };
      const operations: Record<string, string> = {};

      before(async () => {
        database = await dialect.create();
        server = await startTestServer({ database });
        for (const [family, name] of [
          ['registries', 'reg1'],
          ['workspaces', 'ws1'],
          ['workspaces', 'ws2'],
        ] as const) {
          const put = await server.api('PUT', `/api/v1/${family}/${name}`, { location: 'eastus' });
          operations[name] = (await server.waitForOperation(put.headers.get('location') ?? '')).id;
        }
        await createVersion(server, '/api/v1/workspaces/ws1/models/thing', [
          { path: 'w', bytes: Buffer.from('ws1 weights') },
        ]);
        await server.api('PUT', '/api/v1/users/owner', {});
        await server.api('POST', '/api/v1/role-assignments', { role: 'Owner', user: 'owner' });
        await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'owner', workspace: 'ws2' });
        const token = (await server.api('POST', '/api/v1/users/owner/tokens', { name: 'ws1 only', workspace: 'ws1' }))
          .body.token;
        narrowed = { authorization: `Bearer ${token}` };
      });
      after(async () => {
        await server?.stop();
        await database?.cleanup();
      });

      const orgRoutes: [string, string, unknown?][] = [
        ['GET', '/api/v1/audit'],
        ['GET', '/api/v1/audit/export'],
        ['POST', '/api/v1/audit/verify'],
        ['GET', '/api/v1/users'],
        ['GET', '/api/v1/users/admin'],
        ['GET', '/api/v1/service-principals'],
        ['GET', '/api/v1/groups'],
        ['GET', '/api/v1/roles'],
        ['GET', '/api/v1/role-assignments'],
        ['GET', '/api/v1/users/admin/tokens'],
        ['GET', '/api/v1/jobs'],
        ['GET', '/metrics'],
        ['POST', '/api/v1/gc', { dry_run: true }],
        ['POST', '/api/v1/fsck', {}],
      ];
      for (const [method, path, body] of orgRoutes) {
        it(`refuses ${method} ${path} to a token narrowed to workspace ws1 (403 CredentialRestricted), revealing nothing`, async () => {
          const res = await server.api(method, path, body, narrowed);
          assert.equal(res.status, 403, JSON.stringify(res.body));
          assert.equal(res.body.error.code, 'CredentialRestricted');
          assert.match(
            res.body.error.message,
            /this token is narrowed to workspace ws1; \S+ on the organisation needs a token that is not narrowed to workspace ws1/,
          );
          assert.deepEqual(Object.keys(res.body), ['error']);
          // The same Owner's full token is let through: the token, not the role, refused.
          assert.equal((await server.api(method, path, body)).status < 400, true);
        });
      }

      it("refuses the operations and role assignments of other scopes, and another scope's evidence", async () => {
        for (const [method, path] of [
          ['GET', `/api/v1/operations/${operations['ws2']}`],
          ['GET', `/api/v1/operations/${operations['reg1']}`],
          ['GET', '/api/v1/role-assignments?workspace=ws2'],
        ] as const) {
          const res = await server.api(method, path, undefined, narrowed);
          assert.equal(res.status, 403, `${path}: ${JSON.stringify(res.body)}`);
          assert.equal(res.body.error.code, 'CredentialRestricted');
        }
        const grant = await server.api(
          'POST',
          '/api/v1/role-assignments',
          { role: 'Owner', user: 'owner', workspace: 'ws2' },
          narrowed,
        );
        assert.equal(grant.status, 403);
        assert.equal(grant.body.error.code, 'CredentialRestricted');
      });

      it('answers the routes about its own scope only: lists filtered to it, whoami, its operations, assignments and evidence', async () => {
        assert.deepEqual(
          (await server.api('GET', '/api/v1/workspaces', undefined, narrowed)).body.value.map((w: any) => w.name),
          ['ws1'],
        );
        assert.deepEqual((await server.api('GET', '/api/v1/registries', undefined, narrowed)).body.value, []);
        const whoami = await server.api('GET', '/api/v1/whoami', undefined, narrowed);
        assert.equal(whoami.status, 200);
        assert.equal(whoami.body.token.scope, 'workspace:ws1');
        assert.deepEqual(
          whoami.body.assignments.map((a: any) => a.scope),
          ['org'],
          'the ws2 assignment is not shown',
        );
        assert.equal(
          (await server.api('GET', `/api/v1/operations/${operations['ws1']}`, undefined, narrowed)).status,
          200,
        );
        const assignments = await server.api('GET', '/api/v1/role-assignments?workspace=ws1', undefined, narrowed);
        assert.equal(assignments.status, 200);
        assert.ok(assignments.body.value.every((a: any) => a.scope === 'workspace:ws1'));
        const evidence = await server.api(
          'GET',
          '/api/v1/workspaces/ws1/models/thing/versions/1/evidence',
          undefined,
          narrowed,
        );
        assert.equal(evidence.status, 200);
      });

      it('refuses a registry-narrowed, read-only token the same organisation routes', async () => {
        const token = (
          await server.api('POST', '/api/v1/users/owner/tokens', {
            name: 'reg1 reader',
            registry: 'reg1',
            read_only: true,
          })
        ).body.token;
        for (const path of ['/api/v1/audit', '/api/v1/users', '/api/v1/jobs', '/metrics']) {
          const res = await server.api('GET', path, undefined, { authorization: `Bearer ${token}` });
          assert.equal(res.status, 403, path);
          assert.equal(res.body.error.code, 'CredentialRestricted');
          assert.match(res.body.error.message, /narrowed to registry reg1/);
        }
      });
    },
  );
}
