import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

/** The MLflow surface itself: prefixes, credentials, the error envelope, unknown endpoints. */
for (const dialect of testDialects) {
  describe(`the MLflow endpoints' protocol on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let readerToken: string;
    const ws = '/mlflow/workspaces/team-a/api/2.0/mlflow';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      const reg = await server.api('PUT', '/api/v1/registries/shared', { location: 'eastus' });
      assert.equal((await server.waitForOperation(reg.headers.get('location') ?? '')).status, 'Succeeded');
      await createVersion(server, '/api/v1/workspaces/team-a/models/fraud', [{ path: 'w', bytes: Buffer.from('w') }]);
      await server.api('PATCH', '/api/v1/workspaces/team-a/models/fraud', { description: 'catches fraud' });
      await server.api('PUT', '/api/v1/users/reader', {});
      await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'reader', workspace: 'team-a' });
      readerToken = (await server.api('POST', '/api/v1/users/reader/tokens', { name: 't' })).body.token;
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    const get = (path: string, authorization?: string) =>
      fetch(`${server.url}${path}`, authorization === undefined ? {} : { headers: { authorization } });

    it('answers a registered model under the workspace prefix with a bearer token', async () => {
      const response = await get(`${ws}/registered-models/get?name=fraud`, `Bearer ${server.token}`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { registered_model: Record<string, unknown> };
      assert.equal(body.registered_model['name'], 'fraud');
      assert.equal(body.registered_model['description'], 'catches fraud');
      assert.equal(typeof body.registered_model['creation_timestamp'], 'number');
    });

    it('takes Basic credentials with the token as the password (MLFLOW_TRACKING_USERNAME/PASSWORD)', async () => {
      const basic = Buffer.from(`anyone:${readerToken}`).toString('base64');
      const response = await get(`${ws}/registered-models/get?name=fraud`, `Basic ${basic}`);
      assert.equal(response.status, 200);
    });

    it('refuses a request without credentials with UNAUTHENTICATED in MLflow’s envelope', async () => {
      const response = await get(`${ws}/registered-models/get?name=fraud`);
      assert.equal(response.status, 401);
      const body = (await response.json()) as Record<string, string>;
      assert.equal(body['error_code'], 'UNAUTHENTICATED');
      assert.match(body['message'] ?? '', /\S/);
    });

    it('refuses a Basic password that is no token', async () => {
      const basic = Buffer.from('anyone:not-a-token').toString('base64');
      const response = await get(`${ws}/registered-models/get?name=fraud`, `Basic ${basic}`);
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as Record<string, string>)['error_code'], 'UNAUTHENTICATED');
    });

    it('answers PERMISSION_DENIED for a caller without a role on the scope', async () => {
      const response = await get(
        '/mlflow/registries/shared/api/2.0/mlflow/registered-models/get?name=fraud',
        `Bearer ${readerToken}`,
      );
      assert.equal(response.status, 403);
      assert.equal(((await response.json()) as Record<string, string>)['error_code'], 'PERMISSION_DENIED');
    });

    it('answers RESOURCE_DOES_NOT_EXIST for a model the scope does not have', async () => {
      const response = await get(`${ws}/registered-models/get?name=nope`, `Bearer ${server.token}`);
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as Record<string, string>)['error_code'], 'RESOURCE_DOES_NOT_EXIST');
    });

    it('answers INVALID_PARAMETER_VALUE for a missing required field', async () => {
      const response = await get(`${ws}/registered-models/get`, `Bearer ${server.token}`);
      assert.equal(response.status, 400);
      const body = (await response.json()) as Record<string, string>;
      assert.equal(body['error_code'], 'INVALID_PARAMETER_VALUE');
      assert.match(body['message'] ?? '', /name/);
    });

    it('answers ENDPOINT_NOT_FOUND for an MLflow endpoint Arca does not implement', async () => {
      const response = await get(`${ws}/gateway/routes/list`, `Bearer ${server.token}`);
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as Record<string, string>)['error_code'], 'ENDPOINT_NOT_FOUND');
    });
  });
}
