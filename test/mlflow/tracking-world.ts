import { strict as assert } from 'node:assert';
import type { TestDatabase, TestDialect } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

/** What the tracking tests share: a server with workspace team-a, a Reader on it, and an MLflow-speaking caller. */
export interface TrackingWorld {
  server: TestServer;
  database: TestDatabase;
  readerToken: string;
  readOnlyToken: string;
  /** Calls `…/workspaces/team-a/api/2.0/mlflow/<path>`: GET fields in the query string, others as a JSON body. */
  call(method: string, path: string, fields?: Record<string, unknown>, token?: string): Promise<Answer>;
  stop(): Promise<void>;
}

export interface Answer {
  status: number;
  body: any;
}

export async function trackingWorld(dialect: TestDialect): Promise<TrackingWorld> {
  const database = await dialect.create();
  const server = await startTestServer({ database });
  const put = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
  assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
  await server.api('PUT', '/api/v1/users/reader', {});
  await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'reader', workspace: 'team-a' });
  const readerToken = (await server.api('POST', '/api/v1/users/reader/tokens', { name: 't' })).body.token;
  const readOnly = await server.api('POST', '/api/v1/users/admin/tokens', { name: 'ro', read_only: true });
  assert.equal(readOnly.status, 201, JSON.stringify(readOnly.body));
  const call = async (method: string, path: string, fields: Record<string, unknown> = {}, token = server.token) => {
    const query =
      method === 'GET'
        ? `?${new URLSearchParams(
            Object.entries(fields).flatMap(([k, v]): [string, string][] =>
              Array.isArray(v) ? v.map((x): [string, string] => [k, String(x)]) : [[k, String(v)]],
            ),
          )}`
        : '';
    const response = await fetch(`${server.url}/mlflow/workspaces/team-a/api/2.0/mlflow/${path}${query}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      },
      ...(method === 'GET' ? {} : { body: JSON.stringify(fields) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  return {
    server,
    database,
    readerToken,
    readOnlyToken: readOnly.body.token,
    call,
    stop: async () => {
      await server.stop();
      await database.cleanup();
    },
  };
}

/** Creates an experiment and a run in it; their ids. */
export async function experimentWithRun(
  world: TrackingWorld,
  name: string,
): Promise<{ experiment: string; run: string }> {
  const made = await world.call('POST', 'experiments/create', { name });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const run = await world.call('POST', 'runs/create', { experiment_id: made.body.experiment_id, start_time: 1000 });
  assert.equal(run.status, 200, JSON.stringify(run.body));
  return { experiment: made.body.experiment_id, run: run.body.run.info.run_id };
}
