import { strict as assert } from 'node:assert';

import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf, rawRequest, uploadBlob, type TestFile } from '../../src/testing/uploads.js';

const mib = 1 << 20;

async function download(
  server: TestServer,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.token}`, ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

for (const dialect of testDialects) {
  describe(`models and data over REST on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const ws = '/api/v1/workspaces/ws1';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const [path, body] of [
        ['/api/v1/workspaces/ws1', { location: 'eastus' }],
        ['/api/v1/registries/shared', { location: 'eastus' }],
      ] as const) {
        const put = await server.api('PUT', path, body);
        await server.waitForOperation(put.headers.get('location') ?? '');
      }
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('registers a three-file model (one of 64 MiB), re-registers it with one small file changed sending only that file, and downloads every file intact', async () => {
      const files: TestFile[] = [
        { path: 'model.bin', bytes: bytesOf(64 * mib, 1) },
        { path: 'config/params.json', bytes: Buffer.from('{"lr":0.01}') },
        { path: 'README.md', bytes: Buffer.from('# fraud model\n') },
      ];
      const v1 = await createVersion(
        server,
        `${ws}/models/fraud`,
        files,
        { description: 'first', flavor: 'sklearn' },
        8 * mib,
      );
      assert.equal(v1.version.version, '1');
      assert.equal(v1.version.state, 'ready');
      assert.equal(
        v1.uploadedBytes,
        files.reduce((n, f) => n + f.bytes.length, 0),
      );
      assert.deepEqual(v1.version.aliases, ['latest']);
      assert.match(v1.version.manifest_digest, /^sha256:[0-9a-f]{64}$/);

      const changed = [files[0]!, files[1]!, { path: 'README.md', bytes: Buffer.from('# fraud model, retrained\n') }];
      const v2 = await createVersion(server, `${ws}/models/fraud`, changed);
      assert.equal(v2.version.version, '2');
      assert.deepEqual(
        v2.begin.missing.map((m: any) => m.digest),
        [digestOf(changed[2]!.bytes)],
        'only the changed file is asked for',
      );
      assert.equal(v2.uploadedBytes, changed[2]!.bytes.length);

      for (const file of changed) {
        const got = await download(server, `${ws}/models/fraud/versions/2/files/${file.path}`);
        assert.equal(got.status, 200);
        assert.equal(digestOf(got.bytes), digestOf(file.bytes), file.path);
        assert.equal(got.headers.get('etag'), `"${digestOf(file.bytes)}"`);
      }
      const asset = await server.api('GET', `${ws}/models/fraud`);
      assert.equal(asset.body.latest_version, '2');
      assert.equal(asset.body.reference, 'arca://workspaces/ws1/models/fraud');
    });

    it('serves byte ranges with 206 and Content-Range, and refuses a range past the end with 416', async () => {
      const bytes = bytesOf(10_000, 7);
      await createVersion(server, `${ws}/data/ranged`, [{ path: 'part.bin', bytes }], { data_type: 'uri_file' });
      const part = await download(server, `${ws}/data/ranged/versions/1/files/part.bin`, { range: 'bytes=100-199' });
      assert.equal(part.status, 206);
      assert.equal(part.headers.get('content-range'), 'bytes 100-199/10000');
      assert.deepEqual(part.bytes, bytes.subarray(100, 200));
      const tail = await download(server, `${ws}/data/ranged/versions/1/files/part.bin`, { range: 'bytes=-10' });
      assert.deepEqual(tail.bytes, bytes.subarray(9990));
      const beyond = await download(server, `${ws}/data/ranged/versions/1/files/part.bin`, { range: 'bytes=20000-' });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get('content-range'), 'bytes */10000');
    });

    it('moves production from 1 to 2 and back, and its history says who moved it when and what it named at any time', async () => {
      const base = `${ws}/models/champion`;
      await createVersion(server, base, [{ path: 'w', bytes: Buffer.from('one') }]);
      await createVersion(server, base, [{ path: 'w', bytes: Buffer.from('two') }]);
      const moves: string[] = [];
      for (const version of ['1', '2', '1']) {
        const set = await server.api('PUT', `${base}/aliases/production`, { version });
        assert.equal(set.status, 200, JSON.stringify(set.body));
        assert.equal(set.body.aliases.production, version);
        moves.push(new Date().toISOString());
        await new Promise((r) => setTimeout(r, 5));
      }
      const resolved = await server.api('GET', `${base}/aliases/production`);
      assert.equal(resolved.body.version, '1');
      const history = await server.api('GET', `${base}/aliases/production/history`);
      assert.deepEqual(
        history.body.value.map((m: any) => [m.from_version, m.to_version, m.by]),
        [
          ['2', '1', 'admin'],
          ['1', '2', 'admin'],
          [null, '1', 'admin'],
        ],
      );
      const atSecond = await server.api(
        'GET',
        `${base}/aliases/production/history?at=${encodeURIComponent(moves[1]!)}`,
      );
      assert.deepEqual(
        atSecond.body.value.map((m: any) => m.to_version),
        ['2'],
      );
    });

    it('refuses to set or remove latest by hand (400 AliasReserved) and to alias an archived version (400 AliasTargetInvalid)', async () => {
      const base = `${ws}/models/guarded`;
      await createVersion(server, base, [{ path: 'a', bytes: Buffer.from('a') }]);
      await createVersion(server, base, [{ path: 'a', bytes: Buffer.from('b') }]);
      const latest = await server.api('PUT', `${base}/aliases/latest`, { version: '1' });
      assert.equal(latest.status, 400);
      assert.equal(latest.body.error.code, 'AliasReserved');
      const archived = await server.api('POST', `${base}/versions/1/archive`);
      assert.equal(archived.body.state, 'archived');
      const alias = await server.api('PUT', `${base}/aliases/production`, { version: '1' });
      assert.equal(alias.status, 400);
      assert.equal(alias.body.error.code, 'AliasTargetInvalid');
      const missing = await server.api('PUT', `${base}/aliases/production`, { version: '9' });
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'VersionNotFound');
      const stillReadable = await download(server, `${base}/versions/1/files/a`);
      assert.equal(stillReadable.bytes.toString(), 'a', 'an archived version is still downloadable by exact reference');
    });

    it('moves latest back to the previous version when the newest is archived, and forward again on restore-and-commit of a new one', async () => {
      const base = `${ws}/models/rollback`;
      await createVersion(server, base, [{ path: 'a', bytes: Buffer.from('r1') }]);
      await createVersion(server, base, [{ path: 'a', bytes: Buffer.from('r2') }]);
      await server.api('POST', `${base}/versions/2/archive`);
      assert.equal((await server.api('GET', base)).body.latest_version, '1');
      await server.api('POST', `${base}/versions/2/restore`);
      const v3 = await createVersion(server, base, [{ path: 'a', bytes: Buffer.from('r3') }]);
      assert.equal(v3.version.version, '3');
      assert.equal((await server.api('GET', base)).body.latest_version, '3');
    });

    it('puts latest back on a restored version when it is the newest ready one, with history, and leaves it when it is not', async () => {
      const base = `${ws}/models/restored`;
      for (const bytes of ['s1', 's2']) await createVersion(server, base, [{ path: 'a', bytes: Buffer.from(bytes) }]);
      await server.api('POST', `${base}/versions/2/archive`);
      assert.equal((await server.api('GET', base)).body.latest_version, '1');
      assert.equal((await server.api('POST', `${base}/versions/2/restore`)).status, 200);
      assert.equal(
        (await server.api('GET', base)).body.latest_version,
        '2',
        'latest follows the restored, newest version',
      );
      const history = (await server.api('GET', `${base}/aliases/latest/history`)).body.value.map((m: any) => [
        m.from_version,
        m.to_version,
      ]);
      assert.deepEqual(history[0], ['1', '2'], 'the move back is in the history, newest first');
      await server.api('POST', `${base}/versions/1/archive`);
      await server.api('POST', `${base}/versions/1/restore`);
      assert.equal(
        (await server.api('GET', base)).body.latest_version,
        '2',
        'restoring an older version does not take latest',
      );
    });

    it('refuses to delete a version an alias points at (409 VersionInUse) unless forced, which removes the alias too', async () => {
      const base = `${ws}/models/pinned`;
      await createVersion(server, base, [{ path: 'a', bytes: Buffer.from('p1') }]);
      await server.api('PUT', `${base}/aliases/production`, { version: '1' });
      const refused = await server.api('DELETE', `${base}/versions/1`);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'VersionInUse');
      assert.match(refused.body.error.message, /production/);
      const forced = await server.api('DELETE', `${base}/versions/1?force=true`);
      assert.equal(forced.status, 204);
      assert.equal((await server.api('GET', `${base}/versions/1`)).status, 404);
      const asset = await server.api('GET', base);
      assert.deepEqual(asset.body.aliases, {});
      const history = await server.api('GET', `${base}/aliases/production/history`);
      assert.equal(history.body.value[0].to_version, null);
    });

    it('gives two clients that begin the next integer version at once distinct labels', async () => {
      const base = `${ws}/models/racy`;
      const begins = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          server.api('POST', `${base}/versions`, {
            files: [{ path: 'f', size: 1, digest: digestOf(Buffer.from([i])) }],
          }),
        ),
      );
      assert.deepEqual(
        begins.map((b) => b.status),
        [201, 201, 201, 201, 201, 201],
      );
      assert.deepEqual(
        begins.map((b) => Number(b.body.version.version)).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6],
      );
    });

    it('refuses a label already used: 409 VersionAlreadyExists', async () => {
      const base = `${ws}/models/labelled`;
      await createVersion(server, base, [{ path: 'a', bytes: Buffer.from('x') }], { version: 'v1.0' });
      const again = await server.api('POST', `${base}/versions`, {
        version: 'v1.0',
        files: [{ path: 'a', size: 1, digest: digestOf(Buffer.from('y')) }],
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'VersionAlreadyExists');
    });

    it('resumes an interrupted create: beginning the same pending version again returns it with what is still missing', async () => {
      const base = `${ws}/models/resumable`;
      const files = [
        { path: 'a', bytes: bytesOf(3000, 3) },
        { path: 'b', bytes: bytesOf(5000, 4) },
      ];
      const body = {
        version: '7',
        files: files.map((f) => ({ path: f.path, size: f.bytes.length, digest: digestOf(f.bytes) })),
      };
      const first = await server.api('POST', `${base}/versions`, body);
      assert.equal(first.status, 201);
      await uploadBlob(server, first.body.upload_url, files[0]!.bytes);
      const second = await server.api('POST', `${base}/versions`, body);
      assert.equal(second.status, 200);
      assert.equal(second.body.resumed, true);
      assert.deepEqual(
        second.body.missing.map((m: any) => m.digest),
        [digestOf(files[1]!.bytes)],
      );
    });

    it('refuses to commit while a listed blob is missing: 400 BlobsMissing naming it, version stays pending', async () => {
      const base = `${ws}/models/incomplete`;
      const present = Buffer.from('present');
      const absent = bytesOf(100, 9);
      const begin = await server.api('POST', `${base}/versions`, {
        files: [
          { path: 'p', size: present.length, digest: digestOf(present) },
          { path: 'q/absent.bin', size: 100, digest: digestOf(absent) },
        ],
      });
      await uploadBlob(server, begin.body.upload_url, present);
      const commit = await server.api('POST', `${base}/versions/1/commit`);
      assert.equal(commit.status, 400);
      assert.equal(commit.body.error.code, 'BlobsMissing');
      assert.match(commit.body.error.message, /q\/absent\.bin/);
      assert.deepEqual(
        commit.body.error.details.map((d: any) => d.message),
        [digestOf(absent)],
      );
      assert.equal((await server.api('GET', `${base}/versions/1`)).body.state, 'pending');
      const read = await download(server, `${base}/versions/1/files/p`);
      assert.equal(read.status, 409, 'a pending version cannot be read');
    });

    for (const [label, path] of [
      ['..', '../escape'],
      ['an absolute path', '/etc/passwd'],
      ['a backslash', 'a\\b'],
      ['a NUL', 'a\u0000b'],
      ['an empty segment', 'a//b'],
      ['over 1,024 bytes', 'x'.repeat(1025)],
    ] as const) {
      it(`refuses a file path with ${label}: 400 FilePathInvalid, nothing created`, async () => {
        const name = `paths-${label.replace(/[^a-z]/g, '')}`;
        const res = await server.api('POST', `${ws}/models/${name}/versions`, {
          files: [{ path, size: 1, digest: digestOf(Buffer.from('z')) }],
        });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'FilePathInvalid');
        assert.equal((await server.api('GET', `${ws}/models/${name}/versions/1`)).status, 404);
      });
    }

    it('refuses a malformed digest in the file list: 400 DigestInvalid', async () => {
      const res = await server.api('POST', `${ws}/models/digesty/versions`, {
        files: [{ path: 'a', size: 1, digest: 'md5:abc' }],
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'DigestInvalid');
    });

    it('refuses a declared size that disagrees with a blob the server holds: 400 SizeMismatch', async () => {
      const bytes = Buffer.from('sized');
      await createVersion(server, `${ws}/models/sized`, [{ path: 'a', bytes }]);
      const res = await server.api('POST', `${ws}/models/sized2/versions`, {
        files: [{ path: 'a', size: 999, digest: digestOf(bytes) }],
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'SizeMismatch');
    });
  });

  describe(`upload sessions on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const uploads = '/api/v1/workspaces/up1/uploads';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database, env: { ARCA_PENDING_VERSION_TIMEOUT_SECONDS: '1' } });
      const put = await server.api('PUT', '/api/v1/workspaces/up1', { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('answers an out-of-order chunk with 416 and the Range the server holds, keeping what it has', async () => {
      const start = await server.api('POST', uploads);
      const location = start.headers.get('location') ?? '';
      const first = await rawRequest(server, 'PATCH', location, Buffer.from('hello'), { 'content-range': '0-4' });
      assert.equal(first.status, 202);
      assert.equal(first.headers.get('range'), '0-4');
      const skipped = await rawRequest(server, 'PATCH', location, Buffer.from('world'), { 'content-range': '10-14' });
      assert.equal(skipped.status, 416);
      assert.equal(skipped.headers.get('range'), '0-4');
      assert.equal(JSON.parse(skipped.text).error.code, 'UploadOutOfOrder');
      const resumed = await rawRequest(server, 'PATCH', location, Buffer.from(' world'), { 'content-range': '5-10' });
      assert.equal(resumed.status, 202);
      const done = await rawRequest(
        server,
        'PUT',
        `${location}?digest=${digestOf(Buffer.from('hello world'))}`,
        Buffer.alloc(0),
      );
      assert.equal(done.status, 201);
      assert.equal(JSON.parse(done.text).size, 11);
    });

    it('refuses a final digest that does not match the bytes: 400 DigestMismatch, the session is gone and nothing is stored', async () => {
      const start = await server.api('POST', uploads);
      const location = start.headers.get('location') ?? '';
      await rawRequest(server, 'PATCH', location, Buffer.from('actual bytes'), { 'content-range': '0-11' });
      const wrong = digestOf(Buffer.from('other bytes'));
      const done = await rawRequest(server, 'PUT', `${location}?digest=${wrong}`, Buffer.alloc(0));
      assert.equal(done.status, 400);
      assert.equal(JSON.parse(done.text).error.code, 'DigestMismatch');
      assert.equal((await server.api('GET', location)).status, 404);
      const begin = await server.api('POST', '/api/v1/workspaces/up1/models/after-mismatch/versions', {
        files: [{ path: 'a', size: 11, digest: wrong }],
      });
      assert.deepEqual(
        begin.body.missing.map((m: any) => m.digest),
        [wrong],
        'the wrong digest was not recorded as present',
      );
    });

    it('answers an unknown upload session with 404 UploadNotFound', async () => {
      const res = await rawRequest(
        server,
        'PATCH',
        `${uploads}/00000000-0000-4000-8000-000000000000`,
        Buffer.from('x'),
        { 'content-range': '0-0' },
      );
      assert.equal(res.status, 404);
      assert.equal(JSON.parse(res.text).error.code, 'UploadNotFound');
    });

    it('refuses a chunk whose body length disagrees with its Content-Range: 400 ContentRangeInvalid', async () => {
      const start = await server.api('POST', uploads);
      const res = await rawRequest(server, 'PATCH', start.headers.get('location') ?? '', Buffer.from('abc'), {
        'content-range': '0-9',
      });
      assert.equal(res.status, 400);
      assert.equal(JSON.parse(res.text).error.code, 'ContentRangeInvalid');
    });

    it('cleans up a pending version and its session after the configured timeout, and never lists it as ready', async () => {
      const begin = await server.api('POST', '/api/v1/workspaces/up1/models/abandoned/versions', {
        files: [{ path: 'a', size: 4, digest: digestOf(Buffer.from('abcd')) }],
      });
      assert.equal(begin.body.version.state, 'pending');
      const start = await server.api('POST', uploads);
      const location = start.headers.get('location') ?? '';
      await rawRequest(server, 'PATCH', location, Buffer.from('ab'), { 'content-range': '0-1' });
      await eventually('the pending version to be removed', async () => {
        const status = (await server.api('GET', '/api/v1/workspaces/up1/models/abandoned/versions/1')).status;
        return status === 404 ? status : undefined;
      });
      // Housekeeping removes sessions in the step after versions: the session may go a moment later.
      await eventually('the idle session to be removed', async () => {
        const status = (await server.api('GET', location)).status;
        return status === 404 ? status : undefined;
      });
    });
  });
}
