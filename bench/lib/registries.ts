import type { TestServer } from '../../src/testing/server.js';

/** The region every benchmark registry lives in (embedded mode creates its directory). */
export const benchRegion = 'eastus';

/** Creates one registry through the API and waits for its operation; throws unless it succeeded. */
export async function createRegistry(server: TestServer, name: string): Promise<void> {
  const put = await server.api('PUT', `/api/v1/registries/${name}`, { location: benchRegion, tags: { bench: 'true' } });
  const location = put.headers.get('location');
  if (put.status !== 202 || location === null) {
    throw new Error(`PUT /api/v1/registries/${name} answered ${put.status}: ${JSON.stringify(put.body)}`);
  }
  const operation: unknown = await server.waitForOperation(location);
  const status = (operation as { status?: unknown } | undefined)?.status;
  if (status !== 'Succeeded') throw new Error(`creating registry ${name} ended ${String(status)}: ${JSON.stringify(operation)}`);
}

/** Creates the registries through the API, `concurrency` at a time (bounded batches, no writes behind the server's back). */
export async function createRegistries(server: TestServer, names: readonly string[], concurrency: number): Promise<void> {
  for (let start = 0; start < names.length; start += concurrency) {
    await Promise.all(names.slice(start, start + concurrency).map((name) => createRegistry(server, name)));
  }
}
