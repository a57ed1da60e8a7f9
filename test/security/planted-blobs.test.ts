import { strict as assert } from 'node:assert';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { digestOf } from '../../src/testing/uploads.js';

/** Media types a body parser would decode (JSON into a string, a form into fields) rather than pass on as bytes. */
const decodedTypes = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=arca',
];

interface Answer {
  status: number;
  headers: Headers;
  json: any;
  bytes: Buffer;
}

for (const dialect of testDialects) {
  describe(`planted blobs on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    /** Publishes assets in ws-a only: the attacker. */
    let mallory: string;
    /** Publishes assets in ws-b only: an honest user who never met mallory. */
    let alice: string;

    /** A request as `token`; `body` goes out as given, with exactly the headers given (fetch adds no Content-Type to bytes). */
    async function send(
      token: string,
      method: string,
      path: string,
      body?: Buffer | string,
      headers: Record<string, string> = {},
    ): Promise<Answer> {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { body }),
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      let json: unknown;
      try {
        json = bytes.length === 0 ? undefined : JSON.parse(bytes.toString('utf8'));
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, json, bytes };
    }

    /** Where the region's fs store keeps the blob of `digest`: the final name, on disk. */
    function blobFile(digest: string): string {
      const hex = digest.slice('sha256:'.length);
      return join(server.dataDir, 'regions', 'eastus', 'blobs', 'sha256', hex.slice(0, 2), hex);
    }

    async function onDisk(digest: string): Promise<Buffer | undefined> {
      return readFile(blobFile(digest)).catch(() => undefined);
    }

    async function replacedCount(): Promise<number> {
      const text = (await send(server.token, 'GET', '/metrics')).bytes.toString('utf8');
      const line = text.split('\n').find((l) => l.startsWith('arca_blob_replaced_total{region="eastus"} '));
      return line === undefined ? 0 : Number(line.split(' ')[1]);
    }

    /** The REST client's way: begin with the file list, upload what is missing through a session, commit, download. */
    async function publishAndDownload(token: string, workspace: string, model: string, bytes: Buffer): Promise<Buffer> {
      const base = `/api/v1/workspaces/${workspace}/models/${model}`;
      const begin = await send(
        token,
        'POST',
        `${base}/versions`,
        JSON.stringify({ files: [{ path: 'weights.txt', size: bytes.length, digest: digestOf(bytes) }] }),
        { 'content-type': 'application/json' },
      );
      assert.equal(begin.status, 201, JSON.stringify(begin.json));
      for (const missing of begin.json.missing as { digest: string }[]) {
        assert.equal(missing.digest, digestOf(bytes));
        const start = await send(token, 'POST', begin.json.upload_url);
        assert.equal(start.status, 202);
        const finish = await send(token, 'PUT', `${start.headers.get('location')}?digest=${digestOf(bytes)}`, bytes, {
          'content-type': 'application/octet-stream',
        });
        assert.equal(finish.status, 201, JSON.stringify(finish.json));
      }
      const label = begin.json.version.version as string;
      const commit = await send(token, 'POST', `${base}/versions/${label}/commit`);
      assert.equal(commit.status, 200, JSON.stringify(commit.json));
      const download = await send(token, 'GET', `${base}/versions/${label}/files/weights.txt`);
      assert.equal(download.status, 200);
      return download.bytes;
    }

    /** The OCI client's way: a chunked push (POST, PATCH, PUT ?digest=) into `repository`, then a pull. */
    async function pushAndPull(token: string, repository: string, bytes: Buffer): Promise<Buffer> {
      const start = await send(token, 'POST', `/v2/${repository}/blobs/uploads/`);
      assert.equal(start.status, 202);
      const location = start.headers.get('location') ?? '';
      const half = Math.floor(bytes.length / 2);
      const patch = await send(token, 'PATCH', location, bytes.subarray(0, half), {
        'content-type': 'application/octet-stream',
        'content-range': `0-${half - 1}`,
      });
      assert.equal(patch.status, 202);
      const finish = await send(token, 'PUT', `${location}?digest=${digestOf(bytes)}`, bytes.subarray(half), {
        'content-type': 'application/octet-stream',
      });
      assert.equal(finish.status, 201, JSON.stringify(finish.json));
      const pull = await send(token, 'GET', `/v2/${repository}/blobs/${digestOf(bytes)}`);
      assert.equal(pull.status, 200);
      return pull.bytes;
    }

    /** The bytes an upload session holds, as its status route says (REST `offset`, or the end of the OCI `Range`). */
    async function sessionOffset(location: string): Promise<number> {
      const status = await send(mallory, 'GET', location);
      if (location.startsWith('/v2/')) {
        assert.equal(status.status, 204, 'the session still exists');
        const end = Number((status.headers.get('range') ?? '').split('-')[1]);
        return end === 0 ? 0 : end + 1;
      }
      assert.equal(status.status, 200, 'the session still exists');
      return status.json.offset as number;
    }

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const workspace of ['ws-a', 'ws-b']) {
        const put = await server.api('PUT', `/api/v1/workspaces/${workspace}`, { location: 'eastus' });
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
      const tokens: Record<string, string> = {};
      for (const [user, workspace] of [
        ['mallory', 'ws-a'],
        ['alice', 'ws-b'],
      ] as const) {
        await server.api('PUT', `/api/v1/users/${user}`, {});
        assert.equal(
          (await server.api('POST', '/api/v1/role-assignments', { role: 'AssetPublisher', user, workspace })).status,
          201,
        );
        tokens[user] = (await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 't' })).body.token;
      }
      mallory = tokens['mallory'] ?? '';
      alice = tokens['alice'] ?? '';
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it("REST: a JSON-string PUT that claims a digest is refused with 415 and plants nothing; another principal's honest upload of that digest reads back its bytes", async () => {
      const honest = Buffer.from(`weights that alice will publish (${dialect.name}, REST)`);
      const digest = digestOf(honest);
      const start = await send(mallory, 'POST', '/api/v1/workspaces/ws-a/uploads');
      assert.equal(start.status, 202);
      const location = start.headers.get('location') ?? '';
      // Fastify's JSON parser would hand the route the decoded text, whose sha256 is the claimed digest.
      const plant = await send(
        mallory,
        'PUT',
        `${location}?digest=${digest}`,
        JSON.stringify(honest.toString('utf8')),
        { 'content-type': 'application/json' },
      );
      assert.equal(plant.status, 415);
      assert.equal(plant.json.error.code, 'UnsupportedMediaType');
      assert.match(plant.json.error.message, /application\/octet-stream/);
      assert.equal(await onDisk(digest), undefined, 'nothing under the claimed digest');
      assert.equal(await sessionOffset(location), 0);

      assert.deepEqual(await publishAndDownload(alice, 'ws-b', 'victim-rest', honest), honest);
      assert.deepEqual(await onDisk(digest), honest);
    });

    it('/v2/: the same plant through a /v2/ upload answers 415 UNSUPPORTED; an honest /v2/ push of that digest in another workspace pulls back its bytes', async () => {
      const honest = Buffer.from(`a layer that alice will push (${dialect.name}, OCI)`);
      const digest = digestOf(honest);
      // The attack as seen (REST), and its /v2/ twin whose raw JSON bytes are made to hash to the digest claimed.
      const rest = await send(mallory, 'POST', '/api/v1/workspaces/ws-a/uploads');
      assert.equal(
        (
          await send(
            mallory,
            'PUT',
            `${rest.headers.get('location')}?digest=${digest}`,
            JSON.stringify(honest.toString('utf8')),
            { 'content-type': 'application/json' },
          )
        ).status,
        415,
      );
      const json = Buffer.from(JSON.stringify({ layer: honest.toString('utf8') }));
      const start = await send(mallory, 'POST', '/v2/ws-a/environments/planted/blobs/uploads/');
      assert.equal(start.status, 202);
      const location = start.headers.get('location') ?? '';
      const plant = await send(mallory, 'PUT', `${location}?digest=${digestOf(json)}`, json, {
        'content-type': 'application/json',
      });
      assert.equal(plant.status, 415);
      assert.equal(plant.json.errors[0].code, 'UNSUPPORTED');
      assert.equal(await onDisk(digestOf(json)), undefined);
      assert.equal(await onDisk(digest), undefined);
      assert.equal(await sessionOffset(location), 0);

      assert.deepEqual(await pushAndPull(alice, 'ws-b/environments/victim-oci', honest), honest);
      assert.deepEqual(await publishAndDownload(alice, 'ws-b', 'victim-oci-file', honest), honest);
    });

    const restRoutes = {
      PATCH: (location: string) => ({ method: 'PATCH', path: location, headers: {} as Record<string, string> }),
      PUT: (location: string, digest: string) => ({
        method: 'PUT',
        path: `${location}?digest=${digest}`,
        headers: {} as Record<string, string>,
      }),
    };
    for (const [name, route] of Object.entries(restRoutes)) {
      it(`REST ${name} on an upload session refuses a JSON, text or form body with 415 before writing: no file under the digest, the offset unchanged`, async () => {
        for (const type of decodedTypes) {
          const start = await send(mallory, 'POST', '/api/v1/workspaces/ws-a/uploads');
          const location = start.headers.get('location') ?? '';
          const head = Buffer.from('head:');
          assert.equal(
            (await send(mallory, 'PATCH', location, head, { 'content-type': 'application/octet-stream' })).status,
            202,
          );
          const body = `"planted by ${type} through REST ${name} on ${dialect.name}"`;
          const digest = digestOf(Buffer.concat([head, Buffer.from(body)]));
          const request = route(location, digest);
          const refused = await send(mallory, request.method, request.path, body, {
            ...request.headers,
            'content-type': type,
          });
          assert.equal(refused.status, 415, `${type}: ${refused.bytes.toString('utf8')}`);
          assert.equal(refused.json.error.code, 'UnsupportedMediaType', type);
          assert.equal(await onDisk(digest), undefined, type);
          assert.equal(await sessionOffset(location), head.length, type);
        }
      });
    }

    const ociRoutes = {
      'POST (monolithic, ?digest=)': async (body: string) => ({
        method: 'POST',
        path: `/v2/ws-a/environments/typed/blobs/uploads/?digest=${digestOf(Buffer.from(body))}`,
        location: undefined,
      }),
      PATCH: async () => {
        const location = await ociSessionWithHead();
        return { method: 'PATCH', path: location, location };
      },
      'PUT ?digest=': async (body: string) => {
        const location = await ociSessionWithHead();
        return {
          method: 'PUT',
          path: `${location}?digest=${digestOf(Buffer.concat([Buffer.from('head:'), Buffer.from(body)]))}`,
          location,
        };
      },
    };
    /** A /v2/ upload session of mallory's already holding the five bytes `head:`. */
    async function ociSessionWithHead(): Promise<string> {
      const start = await send(mallory, 'POST', '/v2/ws-a/environments/typed/blobs/uploads/');
      const location = start.headers.get('location') ?? '';
      assert.equal(
        (await send(mallory, 'PATCH', location, Buffer.from('head:'), { 'content-type': 'application/octet-stream' }))
          .status,
        202,
      );
      return location;
    }
    for (const [name, route] of Object.entries(ociRoutes)) {
      it(`/v2/ ${name} refuses a JSON, text or form body with 415 UNSUPPORTED before writing: no file under the digest, the offset unchanged`, async () => {
        for (const type of decodedTypes) {
          const body = `"planted by ${type} through /v2/ ${name} on ${dialect.name}"`;
          const request = await route(body);
          const refused = await send(mallory, request.method, request.path, body, { 'content-type': type });
          assert.equal(refused.status, 415, `${type}: ${refused.bytes.toString('utf8')}`);
          assert.equal(refused.json.errors[0].code, 'UNSUPPORTED', type);
          assert.equal(await onDisk(digestOf(Buffer.from(body))), undefined, type);
          assert.equal(
            await onDisk(digestOf(Buffer.concat([Buffer.from('head:'), Buffer.from(body)]))),
            undefined,
            type,
          );
          if (request.location !== undefined) assert.equal(await sessionOffset(request.location), 5, type);
        }
      });
    }

    it('upload routes take bytes sent as application/octet-stream (with parameters) or with no Content-Type at all', async () => {
      const bytes = Buffer.from(`bytes with and without a type (${dialect.name})`);
      const start = await send(alice, 'POST', '/api/v1/workspaces/ws-b/uploads');
      const location = start.headers.get('location') ?? '';
      assert.equal(
        (
          await send(alice, 'PATCH', location, bytes.subarray(0, 10), {
            'content-type': 'Application/Octet-Stream; charset=binary',
          })
        ).status,
        202,
      );
      const finish = await send(alice, 'PUT', `${location}?digest=${digestOf(bytes)}`, bytes.subarray(10));
      assert.equal(finish.status, 201, JSON.stringify(finish.json));
      const oci = await send(
        alice,
        'POST',
        `/v2/ws-b/environments/untyped/blobs/uploads/?digest=${digestOf(bytes)}`,
        bytes,
      );
      assert.equal(oci.status, 201, oci.bytes.toString('utf8'));
      assert.deepEqual(await onDisk(digestOf(bytes)), bytes);
    });

    it('a zero-byte file planted in the region directory under a digest is replaced by an honest REST upload, and arca_blob_replaced_total counts it', async () => {
      const honest = Buffer.from(`weights whose final name was taken on disk (${dialect.name}, REST)`);
      const digest = digestOf(honest);
      await mkdir(dirname(blobFile(digest)), { recursive: true });
      await writeFile(blobFile(digest), '');
      const before = await replacedCount();
      assert.deepEqual(await publishAndDownload(alice, 'ws-b', 'preplanted-rest', honest), honest);
      assert.deepEqual(await onDisk(digest), honest);
      assert.equal(await replacedCount(), before + 1);
    });

    it('a truncated file planted in the region directory under a digest is replaced by an honest /v2/ push, and arca_blob_replaced_total counts it', async () => {
      const honest = Buffer.from(`a layer whose final name was taken on disk (${dialect.name}, OCI)`);
      const digest = digestOf(honest);
      await mkdir(dirname(blobFile(digest)), { recursive: true });
      await writeFile(blobFile(digest), honest.subarray(0, 7));
      const before = await replacedCount();
      assert.deepEqual(await pushAndPull(alice, 'ws-b/environments/preplanted-oci', honest), honest);
      assert.equal((await stat(blobFile(digest))).size, honest.length);
      assert.equal(await replacedCount(), before + 1);
    });
  });
}
