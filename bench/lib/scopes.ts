/** The region every benchmark registry and workspace lives in (embedded mode creates its directory). */
export const benchRegion = 'eastus';

/** What creating a scope needs of a server: an in-process `TestServer` or a spawned `ServedArca`. */
export interface ScopeApi {
  api(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: unknown }>;
  waitForOperation(location: string): Promise<unknown>;
}

/** Creates one registry or workspace through the API and waits for its operation; throws unless it succeeded. */
async function createScope(server: ScopeApi, family: 'registries' | 'workspaces', name: string): Promise<void> {
  const put = await server.api('PUT', `/api/v1/${family}/${name}`, { location: benchRegion, tags: { bench: 'true' } });
  const location = put.headers.get('location');
  if (put.status !== 202 || location === null) {
    throw new Error(`PUT /api/v1/${family}/${name} answered ${put.status}: ${JSON.stringify(put.body)}`);
  }
  const operation: unknown = await server.waitForOperation(location);
  const status = (operation as { status?: unknown } | undefined)?.status;
  if (status !== 'Succeeded')
    throw new Error(`creating ${family} ${name} ended ${String(status)}: ${JSON.stringify(operation)}`);
}

/** Creates one registry through the API and waits for its operation. */
export function createRegistry(server: ScopeApi, name: string): Promise<void> {
  return createScope(server, 'registries', name);
}

/** Creates one workspace through the API and waits for its operation. */
export function createWorkspace(server: ScopeApi, name: string): Promise<void> {
  return createScope(server, 'workspaces', name);
}

/** Creates the registries through the API, `concurrency` at a time (bounded batches, no writes behind the server's back). */
export async function createRegistries(server: ScopeApi, names: readonly string[], concurrency: number): Promise<void> {
  for (let start = 0; start < names.length; start += concurrency) {
    await Promise.all(names.slice(start, start + concurrency).map((name) => createRegistry(server, name)));
  }
}
