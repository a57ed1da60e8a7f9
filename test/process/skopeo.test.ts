import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { ociRequest, pushBlob } from '../../src/testing/oci-requests.js';
import { digestOf } from '../../src/testing/uploads.js';

const run = promisify(execFile);
const missing = ['skopeo', 'umoci'].filter(
  (name) => !['/usr/bin', '/usr/local/bin'].some((dir) => existsSync(join(dir, name))),
);
// The real clients are part of the suite: without them it fails (`.ci/run` installs Debian's packages).
if (missing.length > 0)
  throw new Error(
    `the OCI client tests need ${missing.join(' and ')}: apt-get install ${missing.join(' ')} (bash .ci/run does)`,
  );

async function tool(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${failure.stderr ?? failure.message}`);
  }
}

/** The digest of the manifest a layout's index.json names for `tag`. */
async function layoutDigest(layout: string, tag: string): Promise<string> {
  const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  const entry = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  assert.ok(entry, `the layout has no ${tag}`);
  return entry.digest;
}

describe('real OCI clients (skopeo, umoci) against /v2/', () => {
  let server: TestServer;
  let work: string;
  let host: string;
  let layout: string;
  let creds: string;
  let pushedDigest: string;

  before(async () => {
    server = await startTestServer();
    host = server.url.replace(/^http:\/\//, '');
    for (const registry of ['images', 'mirror']) {
      const put = await server.api('PUT', `/api/v1/registries/${registry}`, { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    }
    // A user with the AssetPublisher role, logging in with its token as the password (the user name is not trusted).
    await server.api('PUT', '/api/v1/users/pusher', {});
    await server.api('POST', '/api/v1/role-assignments', { role: 'AssetPublisher', user: 'pusher' });
    creds = `whoever:${(await server.api('POST', '/api/v1/users/pusher/tokens', { name: 'skopeo' })).body.token}`;

    work = await mkdtemp(join(tmpdir(), 'arca-skopeo-'));
    layout = join(work, 'layout');
    // An image built with umoci: two layers (a small file and 2 MiB of random bytes) and a config.
    await tool('umoci', ['init', '--layout', layout]);
    await tool('umoci', ['new', '--image', `${layout}:v1`]);
    await writeFile(join(work, 'hello.txt'), 'hello from arca\n');
    await writeFile(join(work, 'weights.bin'), randomBytes(2 * 1024 * 1024));
    await tool('umoci', ['insert', '--rootless', '--image', `${layout}:v1`, join(work, 'hello.txt'), '/opt/hello.txt']);
    await tool('umoci', [
      'insert',
      '--rootless',
      '--image',
      `${layout}:v1`,
      join(work, 'weights.bin'),
      '/opt/weights.bin',
    ]);
    await tool('umoci', ['config', '--image', `${layout}:v1`, '--config.env', 'ARCA=1']);
  });
  after(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const ref = (repository: string, tag: string) => `docker://${host}/${repository}:${tag}`;

  it('pushes a umoci-built image with credentials (the Docker token flow) and pulls it back with the same digests', async () => {
    await tool('skopeo', [
      'copy',
      '--retry-times',
      '0',
      '--dest-tls-verify=false',
      '--dest-creds',
      creds,
      `oci:${layout}:v1`,
      ref('images/environments/app', 'v1'),
    ]);
    pushedDigest = await layoutDigest(layout, 'v1');
    const raw = await tool('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      creds,
      ref('images/environments/app', 'v1'),
    ]);
    assert.equal(digestOf(Buffer.from(raw)), pushedDigest);

    const pulled = join(work, 'pulled');
    await tool('skopeo', [
      'copy',
      '--retry-times',
      '0',
      '--src-tls-verify=false',
      '--src-creds',
      creds,
      ref('images/environments/app', 'v1'),
      `oci:${pulled}:v1`,
    ]);
    assert.equal(await layoutDigest(pulled, 'v1'), pushedDigest);
    const manifest = JSON.parse(await readFile(join(pulled, 'blobs', 'sha256', pushedDigest.slice(7)), 'utf8')) as {
      layers: { digest: string }[];
    };
    for (const layer of manifest.layers) {
      const bytes = await readFile(join(pulled, 'blobs', 'sha256', layer.digest.slice(7)));
      assert.equal(`sha256:${createHash('sha256').update(bytes).digest('hex')}`, layer.digest);
    }
    assert.equal(manifest.layers.length, 2);
  });

  it('registers the pushed tag as an environment version (`latest` follows it)', async () => {
    const latest = await ociRequest(server, 'GET', '/v2/images/environments/app/manifests/latest');
    assert.equal(latest.status, 200);
    assert.equal(latest.headers.get('docker-content-digest'), pushedDigest);
  });

  it('pushes :latest as the next numbered version that latest moves to; the same image again makes none; no version is called latest', async () => {
    const base = '/api/v1/registries/images/environments/base';
    const labels = async () =>
      ((await server.api('GET', `${base}/versions`)).body.value as { version: string }[]).map((v) => v.version).sort();
    await tool('skopeo', [
      'copy',
      '--retry-times',
      '0',
      '--dest-tls-verify=false',
      '--dest-creds',
      creds,
      `oci:${layout}:v1`,
      ref('images/environments/base', 'latest'),
    ]);
    assert.deepEqual(await labels(), ['1']);
    assert.equal((await server.api('GET', `${base}/aliases/latest`)).body.version, '1');
    await tool('skopeo', [
      'copy',
      '--retry-times',
      '0',
      '--dest-tls-verify=false',
      '--dest-creds',
      creds,
      `oci:${layout}:v1`,
      ref('images/environments/base', 'latest'),
    ]);
    assert.deepEqual(await labels(), ['1'], 'the same image pushed to :latest again makes no version');
    await tool('umoci', ['config', '--image', `${layout}:v1`, '--tag', 'rebuilt', '--config.env', 'ARCA=2']);
    await tool('skopeo', [
      'copy',
      '--retry-times',
      '0',
      '--dest-tls-verify=false',
      '--dest-creds',
      creds,
      `oci:${layout}:rebuilt`,
      ref('images/environments/base', 'latest'),
    ]);
    assert.deepEqual(await labels(), ['1', '2']);
    assert.equal((await server.api('GET', `${base}/aliases/latest`)).body.version, '2');
    const raw = await tool('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      creds,
      ref('images/environments/base', 'latest'),
    ]);
    assert.equal(digestOf(Buffer.from(raw)), await layoutDigest(layout, 'rebuilt'));
  });

  it('pushes to an existing alias as a new numbered version that the alias moves to, with alias history and audit', async () => {
    const base = '/api/v1/registries/images/environments/base';
    assert.equal((await server.api('PUT', `${base}/aliases/stable`, { version: '1' })).status, 200);
    await tool('umoci', ['config', '--image', `${layout}:v1`, '--tag', 'stable-build', '--config.env', 'ARCA=3']);
    await tool('skopeo', [
      'copy',
      '--retry-times',
      '0',
      '--dest-tls-verify=false',
      '--dest-creds',
      creds,
      `oci:${layout}:stable-build`,
      ref('images/environments/base', 'stable'),
    ]);
    const versions = ((await server.api('GET', `${base}/versions`)).body.value as { version: string }[])
      .map((v) => v.version)
      .sort();
    assert.deepEqual(versions, ['1', '2', '3']);
    assert.equal((await server.api('GET', `${base}/aliases/stable`)).body.version, '3');
    const history = await server.api('GET', `${base}/aliases/stable/history`);
    assert.deepEqual(
      history.body.value.map((m: { from_version: string | null; to_version: string | null; by: string }) => [
        m.from_version,
        m.to_version,
        m.by,
      ]),
      [
        ['1', '3', 'pusher'],
        [null, '1', 'admin'],
      ],
    );
    const audit = (await server.api('GET', '/api/v1/audit?top=1000')).body.value as {
      action: string;
      target: string;
      principal: string;
    }[];
    assert.ok(
      audit.some((e) => e.target.endsWith('/environments/base/aliases/stable') && e.principal === 'pusher'),
      'the alias move is audited',
    );
    // Pulling by the alias name gives the image pushed to it.
    const raw = await tool('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      creds,
      ref('images/environments/base', 'stable'),
    ]);
    assert.equal(digestOf(Buffer.from(raw)), await layoutDigest(layout, 'stable-build'));
  });

  it('refuses a push to a protected alias (DENIED, AliasProtected) and writes nothing', async () => {
    const base = '/api/v1/registries/images/environments/base';
    const labels = async () =>
      ((await server.api('GET', `${base}/versions`)).body.value as { version: string }[]).map((v) => v.version).sort();
    const before = await labels();
    assert.equal(
      (await server.api('PUT', `${base}/aliases/production`, { version: '1', protected: true })).status,
      200,
    );
    await tool('umoci', ['config', '--image', `${layout}:v1`, '--tag', 'prod-build', '--config.env', 'ARCA=4']);
    await assert.rejects(
      tool('skopeo', [
        'copy',
        '--retry-times',
        '0',
        '--dest-tls-verify=false',
        '--dest-creds',
        creds,
        `oci:${layout}:prod-build`,
        ref('images/environments/base', 'production'),
      ]),
      /denied/i,
    );
    assert.deepEqual(await labels(), before);
    assert.equal((await server.api('GET', `${base}/aliases/production`)).body.version, '1');
    const digest = await layoutDigest(layout, 'prod-build');
    assert.equal((await ociRequest(server, 'GET', `/v2/images/environments/base/manifests/${digest}`)).status, 404);
  });

  it('lists tags through skopeo', async () => {
    await tool('skopeo', [
      'copy',
      '--retry-times',
      '0',
      '--dest-tls-verify=false',
      '--dest-creds',
      creds,
      `oci:${layout}:v1`,
      ref('images/environments/app', 'v2'),
    ]);
    const listed = JSON.parse(
      await tool('skopeo', [
        'list-tags',
        '--tls-verify=false',
        '--creds',
        creds,
        `docker://${host}/images/environments/app`,
      ]),
    ) as { Tags: string[] };
    assert.deepEqual(listed.Tags, ['v1', 'v2']);
  });

  it('copies between two registries of the same Arca, mounting the layers instead of uploading them again', async () => {
    await tool('skopeo', [
      'copy',
      '--retry-times',
      '0',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      '--src-creds',
      creds,
      '--dest-creds',
      creds,
      ref('images/environments/app', 'v1'),
      ref('mirror/environments/app', 'v1'),
    ]);
    const raw = await tool('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      creds,
      ref('mirror/environments/app', 'v1'),
    ]);
    assert.equal(digestOf(Buffer.from(raw)), pushedDigest);
    const layers = (JSON.parse(raw) as { layers: { digest: string }[] }).layers.map((l) => l.digest);
    const uploads = (await server.api('GET', '/api/v1/audit?top=1000&action=uploads/finish')).body.value as {
      target: string;
      details: { digest: string };
    }[];
    const uploadedToMirror = uploads
      .filter((e) => e.target.startsWith('arca://registries/mirror/'))
      .map((e) => e.details.digest);
    // skopeo always sends the small config blob; the layers come across as mounts.
    assert.deepEqual(
      layers.filter((digest) => uploadedToMirror.includes(digest)),
      [],
    );
    const mirrored = await ociRequest(server, 'HEAD', `/v2/mirror/environments/app/blobs/${layers[1] ?? ''}`);
    assert.equal(mirrored.status, 200);
  });

  it('deletes an image through skopeo; the tag no longer resolves', async () => {
    await tool('skopeo', ['delete', '--tls-verify=false', '--creds', creds, ref('mirror/environments/app', 'v1')]);
    const gone = await ociRequest(server, 'GET', '/v2/mirror/environments/app/manifests/v1');
    assert.equal(gone.status, 404);
    await assert.rejects(
      tool('skopeo', [
        'inspect',
        '--raw',
        '--tls-verify=false',
        '--creds',
        creds,
        ref('mirror/environments/app', 'v1'),
      ]),
      /manifest unknown|not found/i,
    );
  });

  it('lists an artifact pushed with the pulled image as its subject in the referrers API', async () => {
    const empty = Buffer.from('{}');
    const signature = Buffer.from('a signature of the image');
    await pushBlob(server, 'images/environments/app', empty);
    await pushBlob(server, 'images/environments/app', signature);
    const subjectSize = Number(
      (await ociRequest(server, 'HEAD', `/v2/images/environments/app/manifests/${pushedDigest}`)).headers.get(
        'content-length',
      ),
    );
    const artifact = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.example.signature',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: digestOf(empty), size: 2 },
      layers: [{ mediaType: 'application/octet-stream', digest: digestOf(signature), size: signature.length }],
      subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: pushedDigest, size: subjectSize },
    });
    const put = await ociRequest(
      server,
      'PUT',
      `/v2/images/environments/app/manifests/${digestOf(Buffer.from(artifact))}`,
      { body: artifact, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } },
    );
    assert.equal(put.headers.get('oci-subject'), pushedDigest);
    const referrers = await ociRequest(server, 'GET', `/v2/images/environments/app/referrers/${pushedDigest}`);
    assert.deepEqual(
      referrers.json.manifests.map((m: { digest: string }) => m.digest),
      [digestOf(Buffer.from(artifact))],
    );
    // skopeo still copies the image itself unchanged.
    const raw = await tool('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      creds,
      ref('images/environments/app', 'v1'),
    ]);
    assert.equal(digestOf(Buffer.from(raw)), pushedDigest);
  });
});
