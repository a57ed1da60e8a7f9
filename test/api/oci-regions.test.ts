import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { ociRequest, pushImage } from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

for (const dialect of testDialects) {
  describe(`/v2/ pulls from the server's own region on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const repository = 'shared/environments/trainer';
    const layer = Buffer.alloc(200_000, 7);
    let manifestDigest: string;

    before(async () => {
      database = await dialect.create();
      // This server stands in westus; the registry starts with its primary in eastus only.
      server = await startTestServer({
        database,
        env: { ARCA_LOCAL_REGION: 'westus', ARCA_JOB_RETRY_BASE_SECONDS: '0.05' },
      });
      const put = await server.api('PUT', '/api/v1/registries/shared', {
        location: 'eastus',
        replication_locations: [{ location: 'eastus' }],
      });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      manifestDigest = await pushImage(server, repository, '1', [layer]);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it("serves a manifest and blob the server's region lacks from the primary, saying so", async () => {
      const manifest = await ociRequest(server, 'GET', `/v2/${repository}/manifests/1`, {
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      });
      assert.equal(manifest.status, 200);
      assert.equal(manifest.headers.get('x-arca-region'), 'eastus');
      assert.equal(manifest.headers.get('x-arca-served-from'), 'primary');
      const blob = await ociRequest(server, 'GET', `/v2/${repository}/blobs/${manifest.json.layers[0].digest}`);
      assert.equal(blob.status, 200);
      assert.equal(blob.headers.get('x-arca-region'), 'eastus');
      assert.equal(blob.headers.get('x-arca-served-from'), 'primary');
    });

    it('serves them from its own region once the registry replicates there, ranges included', async () => {
      const patch = await server.api('PATCH', '/api/v1/registries/shared', {
        add_replication_locations: [{ location: 'westus' }],
      });
      assert.equal((await server.waitForOperation(patch.headers.get('location') ?? '')).status, 'Succeeded');
      const manifest = await eventually('the image to be served from westus', async () => {
        const read = await ociRequest(server, 'GET', `/v2/${repository}/manifests/${manifestDigest}`, {
          headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
        });
        return read.headers.get('x-arca-region') === 'westus' ? read : undefined;
      });
      assert.equal(manifest.headers.get('x-arca-served-from'), null);
      assert.equal(manifest.headers.get('docker-content-digest'), manifestDigest);
      const layerDigest: string = manifest.json.layers[0].digest;
      // The layer follows the manifest within the same job; wait for it rather than assume an order.
      const blob = await eventually('the layer to be served from westus', async () => {
        const read = await fetch(`${server.url}/v2/${repository}/blobs/${layerDigest}`, {
          headers: { authorization: `Bearer ${server.token}`, range: 'bytes=10-19' },
        });
        return read.headers.get('x-arca-region') === 'westus' ? read : (await read.arrayBuffer(), undefined);
      });
      assert.equal(blob.status, 206);
      assert.deepEqual(Buffer.from(await blob.arrayBuffer()), layer.subarray(10, 20));
    });
  });
}
