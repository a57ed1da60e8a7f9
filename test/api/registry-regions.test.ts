import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

interface Holding {
  location: string;
  role: string;
  versions: number;
  replicated_versions: number;
  oldest_pending_at: string | null;
  blobs: number;
  bytes: number;
}

/** `GET /api/v1/registries/{name}/regions`: what each region holds, and which configured regions could be added. */
describe('registry regions overview', () => {
  let server: TestServer;
  const base = '/api/v1/registries/global/models/fraud';

  before(async () => {
    server = await startTestServer({
      configYaml:
        'regions:\n  northeurope:\n    driver: fs\n    path: ./north\n  westus:\n    driver: fs\n    path: ./west\n',
    });
    const put = await server.api('PUT', '/api/v1/registries/global', {
      location: 'eastus',
      replication_locations: [{ location: 'eastus' }, { location: 'westus' }],
    });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
  });
  after(async () => {
    await server?.stop();
  });

  it('gives each region its versions held whole, files and bytes, and the configured regions the registry lacks', async () => {
    await createVersion(server, base, [
      { path: 'weights.bin', bytes: Buffer.alloc(1000, 1) },
      { path: 'config.json', bytes: Buffer.from('{}') },
    ]);
    const answer = await eventually('westus to hold the version', async () => {
      const shown = await server.api('GET', '/api/v1/registries/global/regions');
      const west = shown.body.value?.find((r: Holding) => r.location === 'westus');
      return west?.replicated_versions === 1 ? shown : undefined;
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.value.map((r: Holding) => ({
        location: r.location,
        role: r.role,
        versions: r.versions,
        replicated: r.replicated_versions,
        pending_since: r.oldest_pending_at,
        blobs: r.blobs,
        bytes: r.bytes,
      })),
      [
        { location: 'eastus', role: 'primary', versions: 1, replicated: 1, pending_since: null, blobs: 2, bytes: 1002 },
        { location: 'westus', role: 'replica', versions: 1, replicated: 1, pending_since: null, blobs: 2, bytes: 1002 },
      ],
    );
    assert.deepEqual(answer.body.addable, ['northeurope']);
    assert.equal(answer.body.any_region, true);
  });

  it('answers RegistryNotFound for a registry that does not exist', async () => {
    const missing = await server.api('GET', '/api/v1/registries/nowhere/regions');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'RegistryNotFound');
  });

  it('refuses a name that is not a registry name (RegistryNameInvalid)', async () => {
    const bad = await server.api('GET', `/api/v1/registries/${'x'.repeat(200)}/regions`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'RegistryNameInvalid');
  });
});
