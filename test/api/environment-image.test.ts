import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf } from '../../src/testing/uploads.js';
import { ociRequest, pushBlob } from '../../src/testing/oci-requests.js';

const manifestType = 'application/vnd.oci.image.manifest.v1+json';
const indexType = 'application/vnd.oci.image.index.v1+json';
const repository = 'imgreg/environments/trainer';
const api = '/api/v1/registries/imgreg/environments/trainer/versions';

/** Pushes a manifest (or index) under a tag or by digest; returns its digest. */
async function putManifest(server: TestServer, reference: string, body: string, mediaType: string): Promise<string> {
  const res = await ociRequest(server, 'PUT', `/v2/${repository}/manifests/${reference}`, {
    body,
    headers: { 'content-type': mediaType },
  });
  assert.equal(res.status, 201, res.text);
  return res.headers.get('docker-content-digest') ?? '';
}

/** An image with a config a container starts from; returns its manifest digest and size. */
async function pushTrainerImage(
  server: TestServer,
  reference: string,
  platform: { os: string; architecture: string },
  layers: Buffer[],
): Promise<{ digest: string; size: number }> {
  const config = Buffer.from(
    JSON.stringify({
      ...platform,
      created: '2026-11-30T10:00:00Z',
      config: {
        User: 'trainer',
        WorkingDir: '/work',
        Env: ['PATH=/usr/local/bin:/usr/bin', 'PYTHONUNBUFFERED=1'],
        Entrypoint: ['python', '-m', 'train'],
        Cmd: ['--epochs', '3'],
        ExposedPorts: { '8080/tcp': {} },
        Labels: { 'org.opencontainers.image.source': 'https://example.com/trainer', '<b>x</b>': '<script>' },
      },
      rootfs: { type: 'layers', diff_ids: layers.map(digestOf) },
    }),
  );
  for (const blob of [config, ...layers]) await pushBlob(server, repository, blob);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: manifestType,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
    layers: layers.map((layer) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: digestOf(layer),
      size: layer.length,
    })),
  });
  return { digest: await putManifest(server, reference, manifest, manifestType), size: Buffer.byteLength(manifest) };
}

for (const dialect of testDialects) {
  describe(`an environment version's image on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/registries/imgreg', { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('shows a pushed image: its layers in order, platform, the config a container starts with, and no referrers yet', async () => {
      const layers = [bytesOf(3000, 1), bytesOf(1200, 2)];
      const image = await pushTrainerImage(server, 'v1', { os: 'linux', architecture: 'amd64' }, layers);
      const res = await server.api('GET', `${api}/v1/image`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, {
        digest: image.digest,
        media_type: manifestType,
        size: image.size,
        platforms: [],
        layers: layers.map((layer) => ({
          digest: digestOf(layer),
          media_type: 'application/vnd.oci.image.layer.v1.tar+gzip',
          size: layer.length,
        })),
        config: {
          os: 'linux',
          architecture: 'amd64',
          variant: null,
          created: '2026-11-30T10:00:00Z',
          user: 'trainer',
          working_dir: '/work',
          env: ['PATH=/usr/local/bin:/usr/bin', 'PYTHONUNBUFFERED=1'],
          entrypoint: ['python', '-m', 'train'],
          cmd: ['--epochs', '3'],
          exposed_ports: ['8080/tcp'],
          labels: { 'org.opencontainers.image.source': 'https://example.com/trainer', '<b>x</b>': '<script>' },
        },
        referrers: [],
      });
    });

    it('lists the signatures and SBOMs that refer to the image, with their artifact types and annotations', async () => {
      const image = await pushTrainerImage(server, 'v2', { os: 'linux', architecture: 'amd64' }, [bytesOf(500, 3)]);
      const empty = Buffer.from('{}');
      const payload = Buffer.from('a signature');
      await pushBlob(server, repository, empty);
      await pushBlob(server, repository, payload);
      const artifact = JSON.stringify({
        schemaVersion: 2,
        mediaType: manifestType,
        artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: digestOf(empty), size: 2 },
        layers: [{ mediaType: 'application/octet-stream', digest: digestOf(payload), size: payload.length }],
        subject: { mediaType: manifestType, digest: image.digest, size: image.size },
        annotations: { 'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1' },
      });
      const signature = await putManifest(server, digestOf(Buffer.from(artifact)), artifact, manifestType);
      const res = await server.api('GET', `${api}/v2/image`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.referrers, [
        {
          digest: signature,
          media_type: manifestType,
          size: Buffer.byteLength(artifact),
          artifact_type: 'application/vnd.dev.sigstore.bundle.v0.3+json',
          annotations: { 'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1' },
        },
      ]);
    });

    it('shows a multi-platform index as its platforms, with no layers or config of its own', async () => {
      const amd = await pushTrainerImage(server, 'amd-only', { os: 'linux', architecture: 'amd64' }, [bytesOf(100, 4)]);
      const arm = await pushTrainerImage(server, 'arm-only', { os: 'linux', architecture: 'arm64' }, [bytesOf(100, 5)]);
      const index = JSON.stringify({
        schemaVersion: 2,
        mediaType: indexType,
        manifests: [
          { mediaType: manifestType, ...amd, platform: { os: 'linux', architecture: 'amd64' } },
          { mediaType: manifestType, ...arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        ],
      });
      const digest = await putManifest(server, 'multi', index, indexType);
      const res = await server.api('GET', `${api}/multi/image`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.digest, digest);
      assert.equal(res.body.media_type, indexType);
      assert.deepEqual(res.body.platforms, [
        {
          digest: amd.digest,
          media_type: manifestType,
          size: amd.size,
          os: 'linux',
          architecture: 'amd64',
          variant: null,
        },
        {
          digest: arm.digest,
          media_type: manifestType,
          size: arm.size,
          os: 'linux',
          architecture: 'arm64',
          variant: 'v8',
        },
      ]);
      assert.deepEqual([res.body.layers, res.body.config], [[], null]);
    });

    it('answers 404 ImageNotHeld, naming the image, for an environment whose spec names an image kept elsewhere', async () => {
      const image = `python@sha256:${'ab'.repeat(32)}`;
      await createVersion(server, '/api/v1/registries/imgreg/environments/external', [], {
        spec: `name: external\nimage: ${image}\n`,
      });
      const res = await server.api('GET', '/api/v1/registries/imgreg/environments/external/versions/1/image');
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'ImageNotHeld');
      assert.match(res.body.error.message, new RegExp(image.replace('.', '\\.')));
    });

    it('answers 404 for a version, an environment or a registry that does not exist, and 400 for a label too long', async () => {
      const missingVersion = await server.api('GET', `${api}/v404/image`);
      assert.deepEqual([missingVersion.status, missingVersion.body.error.code], [404, 'VersionNotFound']);
      const missingAsset = await server.api('GET', '/api/v1/registries/imgreg/environments/nothing/versions/1/image');
      assert.equal(missingAsset.status, 404);
      const missingScope = await server.api('GET', '/api/v1/registries/noreg/environments/trainer/versions/1/image');
      assert.equal(missingScope.status, 404);
      const tooLong = await server.api('GET', `${api}/${'x'.repeat(300)}/image`);
      assert.equal(tooLong.status, 400);
    });

    it('is no route for models, data or components', async () => {
      await createVersion(server, '/api/v1/registries/imgreg/models/m', [{ path: 'w', bytes: Buffer.from('w') }]);
      const res = await server.api('GET', '/api/v1/registries/imgreg/models/m/versions/1/image');
      assert.equal(res.status, 404);
    });
  });
}
