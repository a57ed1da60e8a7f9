import { strict as assert } from 'node:assert';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion } from '../../src/testing/uploads.js';

/** `lagging` provisions, then its store goes away: it stays the registry's region but never receives a copy. */
const laggingRegion = 'regions:\n  lagging:\n    driver: fs\n    path: ./lagging-region\n';

for (const dialect of testDialects) {
  describe(`file downloads with ?region= on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const registryModel = '/api/v1/registries/global/models/fraud';
    const workspaceModel = '/api/v1/workspaces/team-a/models/fraud';
    const weights = bytesOf(5000, 61);
    const read = (path: string) =>
      fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.token}` } });

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database, configYaml: laggingRegion });
      const registry = await server.api('PUT', '/api/v1/registries/global', {
        location: 'eastus',
        replication_locations: [{ location: 'eastus' }, { location: 'lagging' }],
      });
      assert.equal((await server.waitForOperation(registry.headers.get('location') ?? '')).status, 'Succeeded');
      const workspace = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
      assert.equal((await server.waitForOperation(workspace.headers.get('location') ?? '')).status, 'Succeeded');
      await rm(join(server.dataDir, 'lagging-region'), { recursive: true, force: true });
      await writeFile(join(server.dataDir, 'lagging-region'), 'not a directory any more');
      await createVersion(server, registryModel, [{ path: 'weights.bin', bytes: weights }]);
      await createVersion(server, workspaceModel, [{ path: 'weights.bin', bytes: weights }]);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it("refuses a misspelled region with 400 RegionNotInScope naming the workspace's regions", async () => {
      const response = await read(`${workspaceModel}/versions/1/files/weights.bin?region=southeastaisa`);
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: { code: string; message: string; target: string } };
      assert.deepEqual(body.error, {
        code: 'RegionNotInScope',
        target: 'region',
        message: 'workspace team-a has no region "southeastaisa"; its regions are eastus',
      });
    });

    it("refuses a region the deployment has but the scope does not (another registry's), listing the scope's regions", async () => {
      const response = await read(`${workspaceModel}/versions/1/files/weights.bin?region=lagging`);
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'RegionNotInScope');
      assert.equal(body.error.message, 'workspace team-a has no region "lagging"; its regions are eastus');
      const ranged = await fetch(`${server.url}${registryModel}/versions/1/files/weights.bin?region=westus`, {
        headers: { authorization: `Bearer ${server.token}`, range: 'bytes=0-9' },
      });
      assert.equal(ranged.status, 400, 'a range read checks the region too');
      assert.equal(
        ((await ranged.json()) as { error: { message: string } }).error.message,
        'registry global has no region "westus"; its regions are eastus, lagging',
      );
    });

    it('serves a region of the registry that holds no copy yet from the primary, saying so in X-Arca-Served-From', async () => {
      const response = await read(`${registryModel}/versions/1/files/weights.bin?region=lagging`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-arca-served-from'), 'primary');
      assert.equal(response.headers.get('x-arca-region'), 'eastus');
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(weights));
    });

    it('serves the primary named as the region from the primary, with no fallback header', async () => {
      const response = await read(`${workspaceModel}/versions/1/files/weights.bin?region=eastus`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-arca-served-from'), null);
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(weights));
    });
  });
}
