import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startAzurite, type Azurite } from '../../src/testing/azurite.js';
import { startS3rver, s3rverCredentials, type RunningS3rver } from '../../src/testing/s3rver.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion, digestOf } from '../../src/testing/uploads.js';
import { eventually } from '../../src/testing/eventually.js';

/** A deterministic, incompressible 100 MiB file, built once. */
function hundredMebibytes(): Buffer {
  const out = Buffer.alloc(100 * 1024 * 1024);
  let block = createHash('sha256').update('arca').digest();
  for (let offset = 0; offset < out.length; offset += block.length) {
    block = createHash('sha256').update(block).digest();
    block.copy(out, offset);
  }
  return out;
}

describe('one registry over the fs, S3 (s3rver) and Azure (azurite) drivers', () => {
  let s3: RunningS3rver;
  let azurite: Azurite;
  let server: TestServer;
  const badKey = 'bm90LXRoZS1yZWFsLWtleQ==';

  before(async () => {
    s3 = await startS3rver();
    azurite = await startAzurite();
    // Credentials come from the environment (the SDK chains), never from arca.yaml.
    process.env['AWS_ACCESS_KEY_ID'] = s3rverCredentials.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = s3rverCredentials.secretAccessKey;
    process.env['ARCA_TEST_AZURE'] = azurite.connectionString;
    process.env['ARCA_TEST_AZURE_BAD'] = azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${badKey}`);
    server = await startTestServer({
      env: { ARCA_JOB_RETRY_BASE_SECONDS: '0.1', ARCA_PRESIGN_DOWNLOADS_SECONDS: '300' },
      configYaml: [
        'regions:',
        '  s3west:',
        '    driver: s3',
        '    bucket: arca-west',
        `    endpoint: ${s3.endpoint}`,
        '    path_style: true',
        '    prefix: arca/',
        '  azeu:',
        '    driver: azure',
        '    container: arca-eu',
        '    connection_string_env: ARCA_TEST_AZURE',
        '  azbad:',
        '    driver: azure',
        '    container: arca-bad',
        '    connection_string_env: ARCA_TEST_AZURE_BAD',
        '',
      ].join('\n'),
    });
    const put = await server.api('PUT', '/api/v1/registries/global', {
      location: 'eastus',
      replication_locations: [{ location: 'eastus' }, { location: 's3west' }, { location: 'azeu' }],
    });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
  });
  after(async () => {
    await server?.stop();
    await s3?.stop();
    await azurite?.stop();
  });

  it('replicates a 100 MiB model to all three regions and serves it from each', async () => {
    const model = hundredMebibytes();
    await createVersion(
      server,
      '/api/v1/registries/global/models/big',
      [{ path: 'model.bin', bytes: model }],
      {},
      8 * 1024 * 1024,
    );
    // 200 MiB through s3rver and azurite: a bound of minutes, for a machine busy with other test files.
    const shown = await eventually(
      'replication to s3west and azeu',
      async () => {
        const version = await server.api('GET', '/api/v1/registries/global/models/big/versions/1');
        const replicas = version.body.regions.filter((r: { role: string }) => r.role === 'replica');
        return replicas.length === 2 && replicas.every((r: { state: string }) => r.state === 'replicated')
          ? version.body
          : undefined;
      },
      180_000,
    );
    assert.deepEqual(
      shown.regions.map((r: { region: string }) => r.region),
      ['eastus', 's3west', 'azeu'],
    );
    for (const region of ['eastus', 's3west', 'azeu']) {
      const first = await fetch(
        `${server.url}/api/v1/registries/global/models/big/versions/1/files/model.bin?region=${region}`,
        { headers: { authorization: `Bearer ${server.token}` }, redirect: 'manual' },
      );
      assert.equal(first.headers.get('x-arca-region'), region);
      // fs streams through Arca; S3 and Azure redirect to a presigned URL of their store (no Arca token needed there).
      let response = first;
      if (region === 'eastus') {
        assert.equal(first.status, 200);
      } else {
        assert.equal(first.status, 307);
        const location = first.headers.get('location') ?? '';
        assert.ok(location.startsWith(region === 's3west' ? s3.endpoint : azurite.accountUrl), location);
        await first.body?.cancel();
        response = await fetch(location);
        assert.equal(response.status, 200);
      }
      const hash = createHash('sha256');
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
      assert.equal(`sha256:${hash.digest('hex')}`, digestOf(model), region);
    }
  });

  it('reports a region whose credentials are wrong as failing at /readyz, without the secret', async () => {
    const ready = await fetch(`${server.url}/readyz`);
    const text = await ready.text();
    assert.equal(ready.status, 503);
    const body = JSON.parse(text) as { checks: Record<string, string> };
    assert.equal(body.checks['region azbad'], 'failing');
    assert.equal(body.checks['region s3west'], 'ok');
    assert.equal(body.checks['region azeu'], 'ok');
    assert.ok(!text.includes(badKey) && !text.includes(s3rverCredentials.secretAccessKey));
    // Adding it to a registry fails its provisioning, naming the region, never the key.
    const patch = await server.api('PATCH', '/api/v1/registries/global', {
      add_replication_locations: [{ location: 'azbad' }],
    });
    const operation = await server.waitForOperation(patch.headers.get('location') ?? '');
    assert.equal(operation.status, 'Failed');
    assert.match(JSON.stringify(operation.error), /azbad/);
    assert.ok(!JSON.stringify(operation).includes(badKey));
  });
});
