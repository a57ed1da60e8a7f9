import { strict as assert } from 'node:assert';
import type { TestServer } from '../../src/testing/server.js';

/** One MLflow call as the client makes it: GET fields in the query string (lists repeated), others a JSON body. */
export type MlflowCaller = (
  method: string,
  path: string,
  fields?: Record<string, unknown>,
  token?: string,
) => Promise<{ status: number; body: any }>;

export function mlflowCaller(server: TestServer, scope = 'workspaces/team-a'): MlflowCaller {
  const prefix = `/mlflow/${scope}/api/2.0/mlflow`;
  return async (method, path, fields = {}, token = server.token) => {
    const headers = { authorization: `Bearer ${token}` };
    if (method !== 'GET') return server.api(method, `${prefix}/${path}`, fields, headers);
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(fields))
      for (const one of Array.isArray(value) ? value : [value]) query.append(key, String(one));
    return server.api('GET', `${prefix}/${path}?${query.toString()}`, undefined, headers);
  };
}

/** Workspace `team-a` and a user with `role` on it; the user's token. */
export async function setUpWorkspace(server: TestServer, role = 'Reader', user = 'reader'): Promise<string> {
  const put = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
  assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
  return tokenOf(server, role, user);
}

export async function tokenOf(server: TestServer, role: string, user: string): Promise<string> {
  await server.api('PUT', `/api/v1/users/${user}`, {});
  await server.api('POST', '/api/v1/role-assignments', { role, user, workspace: 'team-a' });
  return (await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 't' })).body.token as string;
}

/** An MLflow error answer: the status and the code MLflow's server gives, with a message. */
export function assertMlflowError(
  response: { status: number; body: any },
  status: number,
  code: string,
  message?: RegExp,
): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.body.error_code, code);
  assert.match(response.body.message, message ?? /\S/);
}
