import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVersion } from '../../src/testing/uploads.js';
import { startCliWorld, testAdminToken, type CliWorld } from './harness.js';

describe('server errors said the CLI way, and an empty --token or --server', () => {
  let world: CliWorld;
  before(async () => {
    world = await startCliWorld();
    const put = await world.server.api('PUT', '/api/v1/workspaces/full', { location: 'eastus' });
    await world.server.waitForOperation(put.headers.get('location') ?? '');
    await createVersion(world.server, '/api/v1/workspaces/full/models/churn', [
      { path: 'w.bin', bytes: Buffer.from('weights') },
    ]);
  });
  after(async () => {
    await world.stop();
  });

  test("deleting a workspace that holds assets says --force, not the API's force=true (exit 1, ScopeNotEmpty)", async () => {
    const refused = await world.arca(['workspace', 'delete', '--name', 'full', '--yes']);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /^error ScopeNotEmpty: workspace full holds 1 asset\(s\); delete them first or pass --force\n/,
    );
    assert.doesNotMatch(refused.stderr, /force=true/);
    const api = await world.server.api('DELETE', '/api/v1/workspaces/full');
    assert.match(api.body.error.message, /pass force=true/, 'the API keeps its own spelling');
  });

  test('a token the server does not accept says how to log in with the CLI (exit 1, Unauthenticated)', async () => {
    const refused = await world.arca(['workspace', 'list'], { ARCA_TOKEN: 'arca_not-a-token' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^error Unauthenticated: /);
    assert.doesNotMatch(refused.stderr, /Authorization: Bearer/);
    assert.match(refused.stderr, /\nhint: .*run `arca login --server URL --token TOKEN`/);
  });

  test('--token "" is a usage error (exit 2), not a fall-back to ARCA_TOKEN', async () => {
    const empty = await world.arca(['workspace', 'list', '--token', '']);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /^error TokenEmpty: --token is empty/);
    assert.equal(empty.stdout, '');
  });

  test('--token "" is a usage error (exit 2), not a fall-back to the saved login', async () => {
    const env = { ARCA_SERVER: undefined, ARCA_TOKEN: undefined, XDG_CONFIG_HOME: world.dir('login-') };
    assert.equal((await world.arca(['login', '--server', world.server.url, '--token', testAdminToken], env)).status, 0);
    const empty = await world.arca(['--token', '', 'workspace', 'list'], env);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /^error TokenEmpty: /);
    const loginEmpty = await world.arca(['login', '--server', world.server.url, '--token', ''], {
      ...env,
      ARCA_TOKEN: testAdminToken,
    });
    assert.equal(loginEmpty.status, 2, 'login does not take ARCA_TOKEN instead either');
  });

  test('--server "" is a usage error (exit 2) naming the flag', async () => {
    const empty = await world.arca(['workspace', 'list', '--server', '']);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /^error ServerUrlInvalid: --server is empty/);
  });
});
