import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { expectStatus, processApi, spawnServe, type ServeProcess } from '../../src/testing/processes.js';
import { startPostgresReplicas, type Replicas } from '../../src/testing/replicas.js';
import { startScriptedReceiver, type ScriptedReceiver } from '../../src/testing/webhook-receiver.js';

// At-least-once delivery across a crash: the process sending a webhook is SIGKILLed while the receiver
// holds the request; the delivery is sent again — after a restart (SQLite) or by the other replica
// (PostgreSQL) once the job's lease runs out — under the same webhook-id.

const token = `arca_${'w'.repeat(43)}`;
const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];
const env = {
  ARCA_ADMIN_TOKEN: token,
  ARCA_AUTOMATION_ALLOW_HOSTS: '127.0.0.1',
  ARCA_JOB_LEASE_SECONDS: '2',
  ARCA_AUTOMATION_RETRY_BASE_SECONDS: '0.1',
};
const environment = '/api/v1/registries/hooks/environments/base';

async function prepare(url: string, receiver: ScriptedReceiver): Promise<void> {
  const api = (method: string, path: string, body?: unknown) => processApi(token, url, method, path, body);
  const made = await api('PUT', '/api/v1/registries/hooks', { location: 'eastus' });
  expectStatus(made, 202, 'create the registry');
  for (let i = 0; i < 600; i++) {
    const op = await api('GET', made.headers.get('location') ?? '');
    if (op.body.status === 'Succeeded') break;
    assert.notEqual(op.body.status, 'Failed', JSON.stringify(op.body));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expectStatus(
    await api('POST', '/api/v1/registries/hooks/automations', {
      name: 'deploy',
      events: ['dev.arca.version.created'],
      webhook: { url: receiver.url },
    }),
    201,
    'create the automation',
  );
  // A version with no files (an environment's spec): the event the receiver is sent.
  const begin = await api('POST', `${environment}/versions`, {
    spec: `name: base\nimage: python@sha256:${'0'.repeat(64)}\n`,
    files: [],
  });
  expectStatus(begin, 201, 'begin the version');
  expectStatus(await api('POST', `${environment}/versions/${begin.body.version.version}/commit`), 200, 'commit');
}

describe('a webhook delivery survives the SIGKILL of the process sending it', () => {
  let root: string | undefined;
  let server: ServeProcess | undefined;
  let replicas: Replicas | undefined;
  let receiver: ScriptedReceiver | undefined;

  afterEach(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await receiver?.close();
    await replicas?.stop();
    if (root) await rm(root, { recursive: true, force: true });
    server = replicas = receiver = root = undefined;
  });

  it('on SQLite: sent again after a restart, with the same webhook-id', async () => {
    root = await mkdtemp(join(tmpdir(), 'arca-webhook-crash-'));
    receiver = await startScriptedReceiver((_r, n) => (n === 0 ? 'hang' : { status: 204 }));
    const dataEnv = { ...env, ARCA_DATA_DIR: join(root, 'data') };
    server = await spawnServe(dataEnv);
    await prepare(server.url, receiver);
    const [held] = await receiver.waitFor(1, 'the first attempt to arrive');
    server.child.kill('SIGKILL');
    await server.exited;
    server = await spawnServe(dataEnv);
    const [, again] = await receiver.waitFor(2, 'the delivery after the restart');
    assert.equal(again?.headers['webhook-id'], held?.headers['webhook-id']);
    assert.equal(JSON.parse(again?.body ?? '{}').type, 'dev.arca.version.created');
    const log = await processApi(token, server.url, 'GET', '/api/v1/registries/hooks/automations/deploy/deliveries');
    assert.equal(log.body.value[0]?.state, 'delivered');
  });

  it(
    'on PostgreSQL: sent by the other replica, with the same webhook-id',
    { skip: postgresUrl === undefined },
    async () => {
      receiver = await startScriptedReceiver((_r, n) => (n === 0 ? 'hang' : { status: 204 }));
      replicas = await startPostgresReplicas({
        postgresUrl: postgresUrl ?? '',
        prefix: 'arca_webhook_crash',
        token,
        count: 1,
        env,
      });
      const [a] = replicas.servers;
      assert.ok(a);
      await prepare(a.url, receiver);
      const [held] = await receiver.waitFor(1, 'the first attempt to arrive');
      const b = await replicas.add();
      a.child.kill('SIGKILL');
      await a.exited;
      const [, again] = await receiver.waitFor(2, 'the delivery by the other replica');
      assert.equal(again?.headers['webhook-id'], held?.headers['webhook-id']);
      const log = await processApi(token, b.url, 'GET', '/api/v1/registries/hooks/automations/deploy/deliveries');
      assert.equal(log.body.value[0]?.state, 'delivered');
    },
  );
});
