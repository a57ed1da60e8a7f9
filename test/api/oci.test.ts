import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf } from '../../src/testing/uploads.js';
import { imageManifest, ociRequest, pushBlob, pushImage } from '../../src/testing/oci-requests.js';

const ociManifestType = 'application/vnd.oci.image.manifest.v1+json';

function basic(token: string, user = 'anyone'): string {
  return `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
}

for (const dialect of testDialects) {
  describe(`OCI distribution API at /v2/ on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let readerToken: string;
    let outsiderToken: string;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const [path, body] of [
        ['/api/v1/registries/DemoReg1', { location: 'eastus' }],
        ['/api/v1/registries/other', { location: 'eastus' }],
        ['/api/v1/workspaces/team-ws', { location: 'eastus' }],
      ] as const) {
        const put = await server.api('PUT', path, body);
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
      for (const [user, role] of [
        ['reader', 'Reader'],
        ['outsider', undefined],
      ] as const) {
        await server.api('PUT', `/api/v1/users/${user}`, {});
        if (role) await server.api('POST', '/api/v1/role-assignments', { role, user, registry: 'DemoReg1' });
      }
      readerToken = (await server.api('POST', '/api/v1/users/reader/tokens', { name: 't' })).body.token;
      outsiderToken = (await server.api('POST', '/api/v1/users/outsider/tokens', { name: 't' })).body.token;
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    describe('authentication', () => {
      it('answers the anonymous base request with 401 and a Docker token-flow challenge, and 200 with a token (Bearer or Basic)', async () => {
        const anonymous = await ociRequest(server, 'GET', '/v2/', { auth: null });
        assert.equal(anonymous.status, 401);
        assert.equal(anonymous.json.errors[0].code, 'UNAUTHORIZED');
        assert.equal(anonymous.headers.get('www-authenticate'), `Bearer realm="${server.url}/v2/token",service="arca"`);
        assert.equal(anonymous.headers.get('docker-distribution-api-version'), 'registry/2.0');
        assert.equal((await ociRequest(server, 'GET', '/v2/')).status, 200);
        assert.equal((await ociRequest(server, 'GET', '/v2/', { auth: basic(server.token) })).status, 200);
        assert.equal((await ociRequest(server, 'GET', '/v2/', { auth: basic('arca_wrong') })).status, 401);
      });

      it('issues a short-lived token at /v2/token for Basic credentials, read-only when only pull is asked, and refuses without them', async () => {
        const refused = await ociRequest(
          server,
          'GET',
          '/v2/token?service=arca&scope=repository:demoreg1/environments/base:pull',
          { auth: null },
        );
        assert.equal(refused.status, 401);
        assert.equal(refused.headers.get('www-authenticate'), 'Basic realm="arca"');
        const issued = await ociRequest(
          server,
          'GET',
          '/v2/token?service=arca&scope=repository:demoreg1/environments/base:pull',
          { auth: basic(server.token, 'ignored-name') },
        );
        assert.equal(issued.status, 200);
        assert.equal(issued.json.expires_in, 300);
        assert.equal(issued.json.token, issued.json.access_token);
        const pullOnly = `Bearer ${issued.json.token}`;
        assert.equal((await ociRequest(server, 'GET', '/v2/', { auth: pullOnly })).status, 200);
        const push = await ociRequest(server, 'POST', '/v2/demoreg1/environments/base/blobs/uploads/', {
          auth: pullOnly,
        });
        assert.equal(push.status, 403);
        assert.equal(push.json.errors[0].code, 'DENIED');
        // The token is narrowed to the registry asked for.
        const elsewhere = await ociRequest(server, 'GET', '/v2/team-ws/environments/base/tags/list', {
          auth: pullOnly,
        });
        assert.equal(elsewhere.status, 403);
      });

      it('never issues a token broader than the one presented: read-only stays read-only, a one-registry token stays on its registry', async () => {
        const narrow = (
          await server.api('POST', '/api/v1/users/admin/tokens', { name: 'narrow', registry: 'other', read_only: true })
        ).body.token;
        const issued = await ociRequest(
          server,
          'GET',
          '/v2/token?service=arca&scope=repository:demoreg1/environments/base:pull,push',
          { auth: basic(narrow) },
        );
        assert.equal(issued.status, 200);
        const auth = `Bearer ${issued.json.token}`;
        const push = await ociRequest(server, 'POST', '/v2/other/environments/base/blobs/uploads/', { auth });
        assert.equal(push.status, 403);
        const elsewhere = await ociRequest(server, 'GET', '/v2/demoreg1/environments/base/tags/list', { auth });
        assert.equal(elsewhere.status, 403);
        assert.equal((await ociRequest(server, 'GET', '/v2/other/environments/base/tags/list', { auth })).status, 404);
      });

      it('challenges an unauthenticated pull with the repository scope, and denies a caller without a role (DENIED)', async () => {
        const anonymous = await ociRequest(server, 'GET', '/v2/demoreg1/models/fraud/manifests/1', { auth: null });
        assert.equal(anonymous.status, 401);
        assert.match(
          anonymous.headers.get('www-authenticate') ?? '',
          /scope="repository:demoreg1\/models\/fraud:pull"/,
        );
        const outsider = await ociRequest(server, 'GET', '/v2/demoreg1/models/fraud/manifests/1', {
          auth: basic(outsiderToken),
        });
        assert.equal(outsider.status, 403);
        assert.equal(outsider.json.errors[0].code, 'DENIED');
        assert.match(outsider.json.errors[0].message, /registries\/assets\/read/);
      });
    });

    describe('blobs and uploads', () => {
      it('pushes a blob in chunks (POST → PATCH with Content-Range → PUT ?digest=) and pulls it whole and by range', async () => {
        const bytes = bytesOf(300_000, 1);
        const start = await ociRequest(server, 'POST', '/v2/demoreg1/environments/chunky/blobs/uploads/');
        assert.equal(start.status, 202);
        const location = start.headers.get('location') ?? '';
        assert.match(location, /^\/v2\/demoreg1\/environments\/chunky\/blobs\/uploads\/[0-9a-f-]{36}$/);
        assert.equal(start.headers.get('range'), '0-0');
        const first = await ociRequest(server, 'PATCH', location, {
          body: bytes.subarray(0, 100_000),
          headers: { 'content-range': '0-99999' },
        });
        assert.equal(first.status, 202);
        assert.equal(first.headers.get('range'), '0-99999');
        const status = await ociRequest(server, 'GET', location);
        assert.equal(status.status, 204);
        assert.equal(status.headers.get('range'), '0-99999');
        const skipped = await ociRequest(server, 'PATCH', location, {
          body: bytes.subarray(200_000),
          headers: { 'content-range': '200000-299999' },
        });
        assert.equal(skipped.status, 416);
        assert.equal(skipped.json.errors[0].code, 'BLOB_UPLOAD_INVALID');
        assert.equal(skipped.headers.get('range'), '0-99999');
        assert.equal(
          (
            await ociRequest(server, 'PATCH', location, {
              body: bytes.subarray(100_000, 200_000),
              headers: { 'content-range': '100000-199999' },
            })
          ).status,
          202,
        );
        const digest = digestOf(bytes);
        const finish = await ociRequest(server, 'PUT', `${location}?digest=${digest}`, {
          body: bytes.subarray(200_000),
          headers: { 'content-range': '200000-299999' },
        });
        assert.equal(finish.status, 201);
        assert.equal(finish.headers.get('location'), `/v2/demoreg1/environments/chunky/blobs/${digest}`);
        assert.equal(finish.headers.get('docker-content-digest'), digest);

        const head = await ociRequest(server, 'HEAD', `/v2/demoreg1/environments/chunky/blobs/${digest}`);
        assert.equal(head.status, 200);
        assert.equal(head.headers.get('content-length'), '300000');
        const whole = await fetch(`${server.url}/v2/demoreg1/environments/chunky/blobs/${digest}`, {
          headers: { authorization: `Bearer ${server.token}` },
        });
        assert.ok(Buffer.from(await whole.arrayBuffer()).equals(bytes));
        const ranged = await fetch(`${server.url}/v2/demoreg1/environments/chunky/blobs/${digest}`, {
          headers: { authorization: `Bearer ${server.token}`, range: 'bytes=10-19' },
        });
        assert.equal(ranged.status, 206);
        assert.equal(ranged.headers.get('content-range'), 'bytes 10-19/300000');
        assert.ok(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(10, 20)));
      });

      it('refuses a digest mismatch with DIGEST_INVALID and keeps nothing', async () => {
        const bytes = Buffer.from('the real bytes');
        const wrong = digestOf(Buffer.from('other bytes'));
        const res = await ociRequest(
          server,
          'POST',
          `/v2/demoreg1/environments/mismatch/blobs/uploads/?digest=${wrong}`,
          { body: bytes },
        );
        assert.equal(res.status, 400);
        assert.equal(res.json.errors[0].code, 'DIGEST_INVALID');
        assert.equal(
          (await ociRequest(server, 'HEAD', `/v2/demoreg1/environments/mismatch/blobs/${wrong}`)).status,
          404,
        );
        assert.equal(
          (await ociRequest(server, 'HEAD', `/v2/demoreg1/environments/mismatch/blobs/${digestOf(bytes)}`)).status,
          404,
        );
      });

      it('keeps an interrupted upload resumable from where it stands, or cancels it; no manifest appears', async () => {
        const bytes = bytesOf(50_000, 2);
        const start = await ociRequest(server, 'POST', '/v2/demoreg1/environments/interrupted/blobs/uploads/');
        const location = start.headers.get('location') ?? '';
        await ociRequest(server, 'PATCH', location, {
          body: bytes.subarray(0, 20_000),
          headers: { 'content-range': '0-19999' },
        });
        const status = await ociRequest(server, 'GET', location);
        assert.equal(status.headers.get('range'), '0-19999');
        assert.equal((await ociRequest(server, 'GET', '/v2/demoreg1/environments/interrupted/tags/list')).status, 404);
        const finish = await ociRequest(server, 'PUT', `${location}?digest=${digestOf(bytes)}`, {
          body: bytes.subarray(20_000),
          headers: { 'content-range': '20000-49999' },
        });
        assert.equal(finish.status, 201);

        const other = await ociRequest(server, 'POST', '/v2/demoreg1/environments/interrupted/blobs/uploads/');
        const otherLocation = other.headers.get('location') ?? '';
        await ociRequest(server, 'PATCH', otherLocation, {
          body: Buffer.from('partial'),
          headers: { 'content-range': '0-6' },
        });
        assert.equal((await ociRequest(server, 'DELETE', otherLocation)).status, 204);
        const gone = await ociRequest(server, 'GET', otherLocation);
        assert.equal(gone.status, 404);
        assert.equal(gone.json.errors[0].code, 'BLOB_UPLOAD_UNKNOWN');
      });

      it('mounts a blob from a repository the caller can read (201) and falls back to an upload otherwise (202)', async () => {
        const digest = await pushBlob(server, 'other/environments/source', Buffer.from('mount me'));
        const mounted = await ociRequest(
          server,
          'POST',
          `/v2/demoreg1/environments/target/blobs/uploads/?mount=${digest}&from=other/environments/source`,
        );
        assert.equal(mounted.status, 201);
        assert.equal(mounted.headers.get('location'), `/v2/demoreg1/environments/target/blobs/${digest}`);
        assert.equal(
          (await ociRequest(server, 'HEAD', `/v2/demoreg1/environments/target/blobs/${digest}`)).status,
          200,
        );
        const unknown = digestOf(Buffer.from('nobody has this'));
        const fallback = await ociRequest(
          server,
          'POST',
          `/v2/demoreg1/environments/target/blobs/uploads/?mount=${unknown}&from=other/environments/source`,
        );
        assert.equal(fallback.status, 202);
        assert.match(fallback.headers.get('location') ?? '', /\/blobs\/uploads\//);
      });

      it('never serves a blob through a repository that does not hold it', async () => {
        const digest = await pushBlob(server, 'other/environments/private', Buffer.from('only in other'));
        const res = await ociRequest(server, 'GET', `/v2/demoreg1/environments/private/blobs/${digest}`);
        assert.equal(res.status, 404);
        assert.equal(res.json.errors[0].code, 'BLOB_UNKNOWN');
      });
    });

    describe('manifests, tags and environments', () => {
      it('pushes an image by tag (an environment version) and pulls it by tag and by digest with its media type', async () => {
        const digest = await pushImage(server, 'demoreg1/environments/pytorch', '2.3', [
          bytesOf(1000, 3),
          bytesOf(2000, 4),
        ]);
        assert.match(digest, /^sha256:[0-9a-f]{64}$/);
        for (const reference of ['2.3', digest, 'latest']) {
          const res = await ociRequest(server, 'GET', `/v2/demoreg1/environments/pytorch/manifests/${reference}`);
          assert.equal(res.status, 200, reference);
          assert.equal(res.headers.get('content-type'), ociManifestType);
          assert.equal(res.headers.get('docker-content-digest'), digest);
          assert.equal(digestOf(Buffer.from(res.text)), digest);
        }
        const head = await ociRequest(server, 'HEAD', '/v2/demoreg1/environments/pytorch/manifests/2.3');
        assert.equal(head.status, 200);
        assert.equal(head.headers.get('docker-content-digest'), digest);
      });

      it('never moves an environment version: its tag pushed again with other content is refused (409 DENIED), the same content is a no-op', async () => {
        const first = await pushImage(server, 'demoreg1/environments/moving', '1', [bytesOf(100, 5)]);
        const refused = await pushImage(server, 'demoreg1/environments/moving', '1', [bytesOf(100, 6)]).then(
          () => undefined,
          (error: Error) => error.message,
        );
        assert.match(refused ?? 'accepted', /answered 409: .*"code":"DENIED".*VersionImmutable/);
        assert.equal(await pushImage(server, 'demoreg1/environments/moving', '1', [bytesOf(100, 5)]), first);
        const res = await ociRequest(server, 'GET', '/v2/demoreg1/environments/moving/manifests/1');
        assert.equal(res.headers.get('docker-content-digest'), first);
      });

      it('registers each new image pushed to :latest as the next numbered environment version, which latest follows', async () => {
        const first = await pushImage(server, 'demoreg1/environments/rolling', 'latest', [bytesOf(100, 20)]);
        assert.equal(await pushImage(server, 'demoreg1/environments/rolling', 'latest', [bytesOf(100, 20)]), first);
        const second = await pushImage(server, 'demoreg1/environments/rolling', 'latest', [bytesOf(100, 21)]);
        for (const [reference, digest] of [
          ['1', first],
          ['2', second],
          ['latest', second],
        ] as const) {
          assert.equal(
            (await ociRequest(server, 'GET', `/v2/demoreg1/environments/rolling/manifests/${reference}`)).headers.get(
              'docker-content-digest',
            ),
            digest,
            reference,
          );
        }
        assert.equal((await ociRequest(server, 'GET', '/v2/demoreg1/environments/rolling/manifests/3')).status, 404);
      });

      it('registers an image pushed to an alias name as the next numbered version and moves that alias, with history; the same image again makes none', async () => {
        const base = '/api/v1/registries/DemoReg1/environments/aliased';
        const first = await pushImage(server, 'demoreg1/environments/aliased', '1.0', [bytesOf(100, 30)]);
        assert.equal((await server.api('PUT', `${base}/aliases/stable`, { version: '1.0' })).status, 200);
        const second = await pushImage(server, 'demoreg1/environments/aliased', 'stable', [bytesOf(100, 31)]);
        assert.equal(await pushImage(server, 'demoreg1/environments/aliased', 'stable', [bytesOf(100, 31)]), second);
        const labels = ((await server.api('GET', `${base}/versions`)).body.value as { version: string }[])
          .map((v) => v.version)
          .sort();
        assert.deepEqual(labels, ['1', '1.0']);
        for (const [reference, digest] of [
          ['1.0', first],
          ['1', second],
          ['stable', second],
          ['latest', second],
        ] as const) {
          assert.equal(
            (await ociRequest(server, 'GET', `/v2/demoreg1/environments/aliased/manifests/${reference}`)).headers.get(
              'docker-content-digest',
            ),
            digest,
            reference,
          );
        }
        const history = await server.api('GET', `${base}/aliases/stable/history`);
        assert.deepEqual(
          history.body.value.map((m: any) => [m.from_version, m.to_version]),
          [
            ['1.0', '1'],
            [null, '1.0'],
          ],
        );
        const audit = (await server.api('GET', '/api/v1/audit?top=1000')).body.value as {
          action: string;
          target: string;
          details: any;
        }[];
        const move = audit.find(
          (e) =>
            e.target === 'arca://registries/DemoReg1/environments/aliased/aliases/stable' &&
            e.details?.via === 'oci/manifests/push',
        );
        assert.equal(move?.action, 'registries/assets/aliases/write');
        assert.equal(move?.details.version, '1');
      });

      it('refuses a push to a protected alias with 403 DENIED (AliasProtected) and writes no version, manifest or alias move', async () => {
        const base = '/api/v1/registries/DemoReg1/environments/guarded';
        await pushImage(server, 'demoreg1/environments/guarded', '1', [bytesOf(100, 32)]);
        assert.equal(
          (await server.api('PUT', `${base}/aliases/production`, { version: '1', protected: true })).status,
          200,
        );
        const layer = bytesOf(100, 33);
        const refused = await pushImage(server, 'demoreg1/environments/guarded', 'production', [layer]).then(
          () => 'accepted',
          (error: Error) => error.message,
        );
        assert.match(refused, /answered 403: .*"code":"DENIED".*"arcaCode":"AliasProtected"/);
        const labels = ((await server.api('GET', `${base}/versions`)).body.value as { version: string }[]).map(
          (v) => v.version,
        );
        assert.deepEqual(labels, ['1']);
        assert.equal((await server.api('GET', `${base}/aliases/production`)).body.version, '1');
        const history = (await server.api('GET', `${base}/aliases/production/history`)).body.value as {
          action: string;
          to_version: string;
        }[];
        assert.deepEqual(
          history.map((m) => `${m.action} ${m.to_version}`),
          ['protect 1', 'move 1'],
          'the refused push moved nothing',
        );
        const config = Buffer.from(
          JSON.stringify({
            architecture: 'amd64',
            os: 'linux',
            rootfs: { type: 'layers', diff_ids: [digestOf(layer)] },
          }),
        );
        const digest = digestOf(Buffer.from(imageManifest(config, [layer])));
        assert.equal(
          (await ociRequest(server, 'GET', `/v2/demoreg1/environments/guarded/manifests/${digest}`)).status,
          404,
        );
      });

      it('refuses a push that would move an alias from a caller who may push but not move aliases (403 DENIED)', async () => {
        await server.api('PUT', '/api/v1/roles/PushOnly', {
          actions: ['registries/read', 'registries/assets/read', 'registries/assets/write'],
        });
        await server.api('PUT', '/api/v1/users/push-only', {});
        await server.api('POST', '/api/v1/role-assignments', {
          role: 'PushOnly',
          user: 'push-only',
          registry: 'DemoReg1',
        });
        const token = (await server.api('POST', '/api/v1/users/push-only/tokens', { name: 't' })).body.token as string;
        const base = '/api/v1/registries/DemoReg1/environments/pinned';
        await pushImage(server, 'demoreg1/environments/pinned', '1', [bytesOf(100, 34)]);
        assert.equal((await server.api('PUT', `${base}/aliases/stable`, { version: '1' })).status, 200);
        const layer = bytesOf(100, 35);
        const config = Buffer.from('{"push":"only"}');
        for (const blob of [config, layer]) {
          assert.equal(
            (
              await ociRequest(
                server,
                'POST',
                `/v2/demoreg1/environments/pinned/blobs/uploads/?digest=${digestOf(blob)}`,
                { body: blob, auth: basic(token) },
              )
            ).status,
            201,
          );
        }
        const headers = { 'content-type': ociManifestType };
        const put = await ociRequest(server, 'PUT', '/v2/demoreg1/environments/pinned/manifests/stable', {
          body: imageManifest(config, [layer]),
          headers,
          auth: basic(token),
        });
        assert.equal(put.status, 403, put.text);
        assert.equal(put.json.errors[0].code, 'DENIED');
        assert.match(put.json.errors[0].message, /registries\/assets\/aliases\/write/);
        assert.equal((await server.api('GET', `${base}/aliases/stable`)).body.version, '1');
        // :latest follows by itself: pushing to it needs no alias permission.
        const latest = await ociRequest(server, 'PUT', '/v2/demoreg1/environments/pinned/manifests/latest', {
          body: imageManifest(config, [layer]),
          headers,
          auth: basic(token),
        });
        assert.equal(latest.status, 201, latest.text);
        assert.equal((await server.api('GET', `${base}/aliases/latest`)).body.version, '2');
      });

      it('takes the media type from Content-Type when the body has none (Docker v2 schema 2)', async () => {
        const config = Buffer.from('{"docker":true}');
        const layer = bytesOf(500, 7);
        await pushBlob(server, 'demoreg1/environments/docker', config);
        await pushBlob(server, 'demoreg1/environments/docker', layer);
        const body = JSON.stringify({
          schemaVersion: 2,
          config: {
            mediaType: 'application/vnd.docker.container.image.v1+json',
            digest: digestOf(config),
            size: config.length,
          },
          layers: [
            {
              mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
              digest: digestOf(layer),
              size: layer.length,
            },
          ],
        });
        const put = await ociRequest(server, 'PUT', '/v2/demoreg1/environments/docker/manifests/v1', {
          body,
          headers: { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' },
        });
        assert.equal(put.status, 201, put.text);
        const get = await ociRequest(server, 'GET', '/v2/demoreg1/environments/docker/manifests/v1');
        assert.equal(get.headers.get('content-type'), 'application/vnd.docker.distribution.manifest.v2+json');
      });

      it('accepts an image index whose manifests the repository holds, and refuses one that lists a missing manifest', async () => {
        const child = await pushImage(server, 'demoreg1/environments/multi', 'amd64', [bytesOf(10, 8)]);
        const size = Number(
          (await ociRequest(server, 'HEAD', `/v2/demoreg1/environments/multi/manifests/${child}`)).headers.get(
            'content-length',
          ),
        );
        const index = (digest: string) =>
          JSON.stringify({
            schemaVersion: 2,
            mediaType: 'application/vnd.oci.image.index.v1+json',
            manifests: [{ mediaType: ociManifestType, digest, size, platform: { architecture: 'amd64', os: 'linux' } }],
          });
        const ok = await ociRequest(server, 'PUT', '/v2/demoreg1/environments/multi/manifests/all', {
          body: index(child),
          headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
        });
        assert.equal(ok.status, 201, ok.text);
        const missing = await ociRequest(server, 'PUT', '/v2/demoreg1/environments/multi/manifests/broken', {
          body: index(digestOf(Buffer.from('no such manifest'))),
          headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
        });
        assert.equal(missing.status, 400);
        assert.equal(missing.json.errors[0].code, 'MANIFEST_BLOB_UNKNOWN');
      });

      it('lists tags in order with n and last, and a Link header to the next page', async () => {
        for (const tag of ['c', 'a', 'b'])
          await pushImage(server, 'demoreg1/environments/tagged', tag, [bytesOf(10, 9)]);
        const all = await ociRequest(server, 'GET', '/v2/demoreg1/environments/tagged/tags/list');
        assert.deepEqual(all.json, { name: 'demoreg1/environments/tagged', tags: ['a', 'b', 'c'] });
        const first = await ociRequest(server, 'GET', '/v2/demoreg1/environments/tagged/tags/list?n=2');
        assert.deepEqual(first.json.tags, ['a', 'b']);
        assert.equal(first.headers.get('link'), '</v2/demoreg1/environments/tagged/tags/list?n=2&last=b>; rel="next"');
        const rest = await ociRequest(server, 'GET', '/v2/demoreg1/environments/tagged/tags/list?n=2&last=b');
        assert.deepEqual(rest.json.tags, ['c']);
        assert.equal(rest.headers.get('link'), null);
      });

      it('deletes a tag, a manifest by digest and a blob; each is gone afterwards', async () => {
        const layer = bytesOf(64, 10);
        const digest = await pushImage(server, 'demoreg1/environments/doomed', 'keep', [layer]);
        await pushImage(server, 'demoreg1/environments/doomed', 'drop', [bytesOf(64, 11)]);
        assert.equal(
          (await ociRequest(server, 'DELETE', '/v2/demoreg1/environments/doomed/manifests/drop')).status,
          202,
        );
        assert.equal((await ociRequest(server, 'GET', '/v2/demoreg1/environments/doomed/manifests/drop')).status, 404);
        assert.equal(
          (await ociRequest(server, 'DELETE', `/v2/demoreg1/environments/doomed/manifests/${digest}`)).status,
          202,
        );
        const gone = await ociRequest(server, 'GET', '/v2/demoreg1/environments/doomed/manifests/keep');
        assert.equal(gone.status, 404);
        assert.equal(gone.json.errors[0].code, 'MANIFEST_UNKNOWN');
        assert.equal(
          (await ociRequest(server, 'DELETE', `/v2/demoreg1/environments/doomed/blobs/${digestOf(layer)}`)).status,
          202,
        );
        assert.equal(
          (await ociRequest(server, 'HEAD', `/v2/demoreg1/environments/doomed/blobs/${digestOf(layer)}`)).status,
          404,
        );
      });

      it('serves a model version made through the API as an OCI artifact: manifest with file titles, and its files as blobs', async () => {
        const weights = bytesOf(4096, 12);
        await createVersion(server, '/api/v1/registries/DemoReg1/models/fraud', [
          { path: 'weights.bin', bytes: weights },
          { path: 'conf/config.json', bytes: Buffer.from('{}\n') },
        ]);
        const manifest = await ociRequest(server, 'GET', '/v2/demoreg1/models/fraud/manifests/1', {
          auth: basic(readerToken),
        });
        assert.equal(manifest.status, 200, manifest.text);
        assert.equal(manifest.json.artifactType, 'application/vnd.arca.model.v1');
        assert.deepEqual(manifest.json.layers.map((l: any) => l.annotations['org.opencontainers.image.title']).sort(), [
          'conf/config.json',
          'weights.bin',
        ]);
        const blob = await fetch(`${server.url}/v2/demoreg1/models/fraud/blobs/${digestOf(weights)}`, {
          headers: { authorization: basic(readerToken) },
        });
        assert.ok(Buffer.from(await blob.arrayBuffer()).equals(weights));
        assert.equal(
          (await ociRequest(server, 'GET', `/v2/demoreg1/models/fraud/blobs/${manifest.json.config.digest}`)).status,
          200,
        );
        assert.deepEqual((await ociRequest(server, 'GET', '/v2/demoreg1/models/fraud/tags/list')).json.tags, ['1']);
        // Versions never change: the tag of an existing version cannot be pushed over, nor its manifest deleted here.
        const over = await pushImage(server, 'demoreg1/models/fraud', '1', [bytesOf(10, 13)]).catch(
          (error: Error) => error.message,
        );
        assert.match(String(over), /answered 409.*DENIED/);
        const del = await ociRequest(
          server,
          'DELETE',
          `/v2/demoreg1/models/fraud/manifests/${manifest.headers.get('docker-content-digest')}`,
        );
        assert.equal(del.status, 409);
        assert.equal(del.json.errors[0].code, 'DENIED');
      });
    });

    describe('referrers', () => {
      it('lists artifacts whose subject is a manifest, filters by artifactType, and answers OCI-Subject on push', async () => {
        const subject = await pushImage(server, 'demoreg1/environments/signed', 'v1', [bytesOf(32, 14)]);
        const subjectSize = Number(
          (await ociRequest(server, 'HEAD', `/v2/demoreg1/environments/signed/manifests/${subject}`)).headers.get(
            'content-length',
          ),
        );
        const empty = Buffer.from('{}');
        await pushBlob(server, 'demoreg1/environments/signed', empty);
        const signature = Buffer.from('signature bytes');
        await pushBlob(server, 'demoreg1/environments/signed', signature);
        const artifact = (artifactType: string) =>
          JSON.stringify({
            schemaVersion: 2,
            mediaType: ociManifestType,
            artifactType,
            config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: digestOf(empty), size: 2 },
            layers: [{ mediaType: 'application/octet-stream', digest: digestOf(signature), size: signature.length }],
            subject: { mediaType: ociManifestType, digest: subject, size: subjectSize },
            annotations: { 'org.example.kind': artifactType },
          });
        const sig = await ociRequest(
          server,
          'PUT',
          `/v2/demoreg1/environments/signed/manifests/${digestOf(Buffer.from(artifact('application/vnd.example.signature')))}`,
          { body: artifact('application/vnd.example.signature'), headers: { 'content-type': ociManifestType } },
        );
        assert.equal(sig.status, 201, sig.text);
        assert.equal(sig.headers.get('oci-subject'), subject);
        await ociRequest(server, 'PUT', '/v2/demoreg1/environments/signed/manifests/sbom', {
          body: artifact('application/vnd.example.sbom'),
          headers: { 'content-type': ociManifestType },
        });

        const all = await ociRequest(server, 'GET', `/v2/demoreg1/environments/signed/referrers/${subject}`);
        assert.equal(all.status, 200);
        assert.equal(all.headers.get('content-type'), 'application/vnd.oci.image.index.v1+json');
        assert.deepEqual(all.json.manifests.map((m: any) => m.artifactType).sort(), [
          'application/vnd.example.sbom',
          'application/vnd.example.signature',
        ]);
        assert.equal(all.json.manifests[0].annotations['org.example.kind'], all.json.manifests[0].artifactType);
        const filtered = await ociRequest(
          server,
          'GET',
          `/v2/demoreg1/environments/signed/referrers/${subject}?artifactType=application/vnd.example.sbom`,
        );
        assert.equal(filtered.headers.get('oci-filters-applied'), 'artifactType');
        assert.deepEqual(
          filtered.json.manifests.map((m: any) => m.artifactType),
          ['application/vnd.example.sbom'],
        );
        const none = await ociRequest(
          server,
          'GET',
          `/v2/demoreg1/environments/signed/referrers/${digestOf(Buffer.from('nothing refers'))}`,
        );
        assert.deepEqual(none.json.manifests, []);
      });
    });

    describe('bad input', () => {
      it('refuses malformed and unknown-type manifests with MANIFEST_INVALID, oversized ones with 413 SIZE_INVALID', async () => {
        for (const [body, type] of [
          ['not json', ociManifestType],
          ['{"schemaVersion": 1}', ociManifestType],
          ['{"schemaVersion": 2, "layers": []}', 'application/x-unknown'],
          [
            JSON.stringify({
              schemaVersion: 2,
              mediaType: ociManifestType,
              config: { mediaType: 'x', digest: 'sha256:bad', size: 1 },
              layers: [],
            }),
            ociManifestType,
          ],
        ] as const) {
          const res = await ociRequest(server, 'PUT', '/v2/demoreg1/environments/bad/manifests/x', {
            body,
            headers: { 'content-type': type },
          });
          assert.equal(res.status, 400, body);
          assert.equal(res.json.errors[0].code, 'MANIFEST_INVALID', body);
        }
        const huge = JSON.stringify({
          schemaVersion: 2,
          mediaType: ociManifestType,
          annotations: { pad: 'x'.repeat(4 * 1024 * 1024) },
        });
        const big = await ociRequest(server, 'PUT', '/v2/demoreg1/environments/bad/manifests/x', {
          body: huge,
          headers: { 'content-type': ociManifestType },
        });
        assert.equal(big.status, 413);
        assert.equal(big.json.errors[0].code, 'SIZE_INVALID');
        assert.equal((await ociRequest(server, 'GET', '/v2/demoreg1/environments/bad/tags/list')).status, 404);
      });

      it('refuses a manifest referencing a blob the repository lacks with MANIFEST_BLOB_UNKNOWN', async () => {
        const config = Buffer.from('{"c":1}');
        await pushBlob(server, 'demoreg1/environments/partial', config);
        const res = await ociRequest(server, 'PUT', '/v2/demoreg1/environments/partial/manifests/x', {
          body: imageManifest(config, [Buffer.from('never pushed')]),
          headers: { 'content-type': ociManifestType },
        });
        assert.equal(res.status, 400);
        assert.equal(res.json.errors[0].code, 'MANIFEST_BLOB_UNKNOWN');
        assert.equal((await ociRequest(server, 'GET', '/v2/demoreg1/environments/partial/manifests/x')).status, 404);
      });

      it('refuses a manifest whose digest differs from the one in the URL with DIGEST_INVALID', async () => {
        const config = Buffer.from('{"c":2}');
        await pushBlob(server, 'demoreg1/environments/digests', config);
        const res = await ociRequest(
          server,
          'PUT',
          `/v2/demoreg1/environments/digests/manifests/${digestOf(Buffer.from('other'))}`,
          { body: imageManifest(config, []), headers: { 'content-type': ociManifestType } },
        );
        assert.equal(res.status, 400);
        assert.equal(res.json.errors[0].code, 'DIGEST_INVALID');
      });

      it('answers NAME_INVALID for bad repository names, TAG_INVALID for pushing a bad tag, NAME_UNKNOWN for unknown repositories', async () => {
        const cases: [string, number, string][] = [
          ['/v2/DemoReg1/environments/x/tags/list', 400, 'NAME_INVALID'],
          ['/v2/demoreg1/widgets/x/tags/list', 400, 'NAME_INVALID'],
          ['/v2/demoreg1/environments/-x/tags/list', 400, 'NAME_INVALID'],
          // A reference that cannot be a tag names no manifest: 404, as the conformance suite expects.
          ['/v2/demoreg1/environments/pytorch/manifests/.not-a-tag', 404, 'MANIFEST_UNKNOWN'],
          ['/v2/nowhere/environments/x/tags/list', 404, 'NAME_UNKNOWN'],
          ['/v2/demoreg1/environments/never-pushed/tags/list', 404, 'NAME_UNKNOWN'],
          ['/v2/demoreg1/x/tags/list', 404, 'NAME_UNKNOWN'],
        ];
        for (const [path, status, code] of cases) {
          const res = await ociRequest(server, 'GET', path);
          assert.equal(res.status, status, path);
          assert.equal(res.json.errors[0].code, code, path);
        }
        const tagPush = await ociRequest(server, 'PUT', `/v2/demoreg1/environments/x/manifests/${'t'.repeat(129)}`, {
          body: '{}',
          headers: { 'content-type': ociManifestType },
        });
        assert.equal(tagPush.json.errors[0].code, 'TAG_INVALID');
      });
    });
  });
}
