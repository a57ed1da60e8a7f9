import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../src/testing/eventually.js';
import { processApi, runArca, spawnServe, type ProcessAnswer } from '../../src/testing/processes.js';

const token = 'arca_process_test_token_abcdef0123456789';

const api = (url: string, method: string, path: string, body?: unknown): Promise<ProcessAnswer> =>
  processApi(token, url, method, path, body);

describe('arca serve as a process', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'arca-proc-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exits with status 2 and names the key when the configuration is invalid', async () => {
    const result = await runArca(['serve'], { ARCA_PORT: 'eighty', ARCA_DATA_DIR: join(dataDir, 'bad-config') });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /error ConfigInvalid: .*'port'.*ARCA_PORT/);
  });

  it('finishes a create operation after the server is SIGKILLed mid-way: the restarted server takes it over', async () => {
    const dir = join(dataDir, 'kill');
    const env = { ARCA_DATA_DIR: dir, ARCA_ADMIN_TOKEN: token, ARCA_OPERATION_LEASE_SECONDS: '1' };
    const first = await spawnServe(env, [], { blobFaults: { provisionDelayMs: 60_000 } });
    let operationPath: string;
    try {
      const put = await api(first.url, 'PUT', '/api/v1/registries/Crashy', {
        location: 'eastus',
        replication_locations: [{ location: 'eastus' }, { location: 'westus' }],
      });
      assert.equal(put.status, 202);
      operationPath = put.headers.get('location') ?? '';
      const during = await api(first.url, 'GET', '/api/v1/registries/Crashy');
      assert.equal(during.body.provisioning_state, 'Creating', 'while provisioning, the registry says so');
      assert.deepEqual(
        during.body.replication_locations.map((r: any) => r.provisioning_state),
        ['Creating', 'Creating'],
      );
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    const second = await spawnServe(env);
    try {
      const done = await eventually('the operation to end', async () => {
        const op = await api(second.url, 'GET', operationPath);
        return op.body.status === 'Running' ? undefined : op.body;
      });
      assert.equal(done.status, 'Succeeded');
      assert.equal(done.attempts, 2, 'run once by the killed process, once by the one that took it over');
      const shown = await api(second.url, 'GET', '/api/v1/registries/Crashy');
      assert.equal(shown.body.provisioning_state, 'Succeeded');
      assert.deepEqual(
        shown.body.replication_locations.map((r: any) => r.provisioning_state),
        ['Succeeded', 'Succeeded'],
      );
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('on SIGTERM finishes the running operation, closes cleanly and exits 0', async () => {
    const dir = join(dataDir, 'term');
    const env = { ARCA_DATA_DIR: dir, ARCA_ADMIN_TOKEN: token };
    const first = await spawnServe(env, [], { blobFaults: { provisionDelayMs: 700 } });
    const put = await api(first.url, 'PUT', '/api/v1/registries/Graceful', { location: 'eastus' });
    assert.equal(put.status, 202);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    const second = await spawnServe(env);
    try {
      const op = await api(second.url, 'GET', put.headers.get('location') ?? '');
      assert.equal(op.body.status, 'Succeeded');
      assert.equal(op.body.attempts, 1, 'the first process finished it before exiting');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('prints a generated admin token once on the first start and accepts it', async () => {
    const dir = join(dataDir, 'first-start');
    const first = await spawnServe({ ARCA_DATA_DIR: dir });
    try {
      const printed = /\b(arca_[A-Za-z0-9_-]{20,})\b/.exec(first.stdout())?.[1];
      assert.ok(printed, `no token in: ${first.stdout()}`);
      const res = await fetch(`${first.url}/api/v1/registries`, { headers: { authorization: `Bearer ${printed}` } });
      assert.equal(res.status, 200);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });
});
