import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

/**
 * MLFLOW_TRACKING_USERNAME/PASSWORD with the unauthenticated rate limit on (as `arca serve` runs by default):
 * the limiter hashes the Basic header as it came, which is not the token inside it.
 */
describe('Basic credentials on the MLflow endpoints with the unauthenticated rate limit on', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { ARCA_UNAUTHENTICATED_RATE_LIMIT: '100' } });
    const put = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
  });
  after(async () => {
    await server?.stop();
  });

  it('authenticates the token given as the Basic password', async () => {
    const basic = Buffer.from(`anyone:${server.token}`).toString('base64');
    const response = await fetch(
      `${server.url}/mlflow/workspaces/team-a/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`,
      { headers: { authorization: `Basic ${basic}` } },
    );
    assert.equal(response.status, 200, await response.clone().text());
  });

  it('still refuses a Basic password that is no token', async () => {
    const basic = Buffer.from('anyone:not-a-token').toString('base64');
    const response = await fetch(
      `${server.url}/mlflow/workspaces/team-a/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`,
      { headers: { authorization: `Basic ${basic}` } },
    );
    assert.equal(response.status, 401);
  });
});
