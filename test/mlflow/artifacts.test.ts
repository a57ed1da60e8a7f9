import { strict as assert } from 'node:assert';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, digestOf } from '../../src/testing/uploads.js';

/** MLflow's artifact proxy on Arca's store: upload, download, ranges, listings, overwrite, delete, dedup. */
for (const dialect of testDialects) {
  describe(`MLflow artifacts on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const root = '/mlflow/workspaces/team-a/api/2.0/mlflow-artifacts/artifacts';
    const send = (method: string, path: string, body?: Buffer, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${root}${path}`, {
        method,
        headers: { authorization: `Bearer ${server.token}`, ...headers },
        ...(body === undefined ? {} : { body }),
      });
    const list = async (dir?: string) => {
      const response = await fetch(
        `${server.url}${root}${dir === undefined ? '' : `?path=${encodeURIComponent(dir)}`}`,
        {
          headers: { authorization: `Bearer ${server.token}` },
        },
      );
      assert.equal(response.status, 200);
      return (await response.json()) as { files?: { path: string; is_dir: boolean; file_size?: number }[] };
    };

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('gives back byte-identical what a PUT stored, with its digest as the ETag', async () => {
      const bytes = bytesOf(300_000, 1);
      const put = await send('PUT', '/1/run1/artifacts/model/weights.bin', bytes, { 'content-type': 'text/plain' });
      assert.equal(put.status, 200);
      assert.deepEqual(await put.json(), {});
      const get = await send('GET', '/1/run1/artifacts/model/weights.bin');
      assert.equal(get.status, 200);
      assert.equal(get.headers.get('etag'), `"${digestOf(bytes)}"`);
      assert.ok(Buffer.from(await get.arrayBuffer()).equals(bytes));
    });

    it('answers a Range request with 206 and exactly those bytes', async () => {
      const bytes = bytesOf(10_000, 2);
      assert.equal((await send('PUT', '/1/run1/artifacts/ranged.bin', bytes)).status, 200);
      const get = await send('GET', '/1/run1/artifacts/ranged.bin', undefined, { range: 'bytes=100-199' });
      assert.equal(get.status, 206);
      assert.equal(get.headers.get('content-range'), 'bytes 100-199/10000');
      assert.ok(Buffer.from(await get.arrayBuffer()).equals(bytes.subarray(100, 200)));
      const outside = await send('GET', '/1/run1/artifacts/ranged.bin', undefined, { range: 'bytes=20000-' });
      assert.equal(outside.status, 400);
      assert.equal(((await outside.json()) as Record<string, string>)['error_code'], 'INVALID_PARAMETER_VALUE');
    });

    it('stores an empty file', async () => {
      assert.equal((await send('PUT', '/1/run1/artifacts/empty.txt', Buffer.alloc(0))).status, 200);
      const get = await send('GET', '/1/run1/artifacts/empty.txt');
      assert.equal(get.status, 200);
      assert.equal((await get.arrayBuffer()).byteLength, 0);
    });

    it('lists a directory as MLflow does: entries relative to it, directories once without a size', async () => {
      await send('PUT', '/2/run2/artifacts/a.txt', Buffer.from('aa'));
      await send('PUT', '/2/run2/artifacts/sub/b.txt', Buffer.from('bbb'));
      await send('PUT', '/2/run2/artifacts/sub/deeper/c.txt', Buffer.from('c'));
      await send('PUT', '/2/run2/artifacts0/namesake.txt', Buffer.from('n'));
      assert.deepEqual(await list('2/run2/artifacts'), {
        files: [
          { path: 'a.txt', is_dir: false, file_size: 2 },
          { path: 'sub', is_dir: true },
        ],
      });
      assert.deepEqual(await list('2/run2/artifacts/sub'), {
        files: [
          { path: 'b.txt', is_dir: false, file_size: 3 },
          { path: 'deeper', is_dir: true },
        ],
      });
      const top = await list();
      assert.deepEqual(
        top.files?.map((f) => f.path),
        ['1', '2'],
      );
    });

    it('lists nothing for a file or a directory that does not exist (`{}`, as MLflow’s server answers)', async () => {
      assert.deepEqual(await list('2/run2/artifacts/a.txt'), {});
      assert.deepEqual(await list('2/run2/nothing-here'), {});
    });

    it('answers RESOURCE_DOES_NOT_EXIST for a file it does not hold', async () => {
      const get = await send('GET', '/2/run2/artifacts/missing.txt');
      assert.equal(get.status, 404);
      assert.equal(((await get.json()) as Record<string, string>)['error_code'], 'RESOURCE_DOES_NOT_EXIST');
    });

    it('replaces a file PUT again at the same path', async () => {
      await send('PUT', '/3/r/artifacts/f.txt', Buffer.from('first'));
      await send('PUT', '/3/r/artifacts/f.txt', Buffer.from('second, longer'));
      assert.equal(await (await send('GET', '/3/r/artifacts/f.txt')).text(), 'second, longer');
      assert.deepEqual(await list('3/r/artifacts'), { files: [{ path: 'f.txt', is_dir: false, file_size: 14 }] });
    });

    it('refuses a file inside a file and a file where a directory is', async () => {
      await send('PUT', '/4/r/artifacts/dir/x', Buffer.from('x'));
      for (const path of ['/4/r/artifacts/dir/x/inside', '/4/r/artifacts/dir']) {
        const put = await send('PUT', path, Buffer.from('y'));
        assert.equal(put.status, 400, path);
        assert.equal(((await put.json()) as Record<string, string>)['error_code'], 'INVALID_PARAMETER_VALUE');
      }
    });

    it('deletes a file, then a whole directory', async () => {
      await send('PUT', '/5/r/artifacts/one', Buffer.from('1'));
      await send('PUT', '/5/r/artifacts/two/three', Buffer.from('3'));
      const one = await send('DELETE', '/5/r/artifacts/one');
      assert.equal(one.status, 200);
      assert.equal((await send('GET', '/5/r/artifacts/one')).status, 404);
      assert.equal((await send('GET', '/5/r/artifacts/two/three')).status, 200);
      assert.equal((await send('DELETE', '/5/r/artifacts')).status, 200);
      assert.deepEqual(await list('5/r'), {});
      assert.equal((await send('DELETE', '/5/r/artifacts')).status, 200, 'deleting nothing is no error');
    });

    it('stores identical bytes at two paths once', async () => {
      const bytes = bytesOf(50_000, 7);
      await send('PUT', '/6/r/artifacts/copy-a.bin', bytes);
      await send('PUT', '/6/r/artifacts/elsewhere/copy-b.bin', bytes);
      const hex = digestOf(bytes).slice(7);
      const dir = join(server.dataDir, 'regions', 'eastus', 'blobs', 'sha256', hex.slice(0, 2));
      assert.equal((await readdir(dir)).filter((name) => name.startsWith(hex)).length, 1);
      assert.ok(
        Buffer.from(await (await send('GET', '/6/r/artifacts/elsewhere/copy-b.bin')).arrayBuffer()).equals(bytes),
      );
    });

    it('lets the uploader register a version from its artifacts without sending the bytes again', async () => {
      const bytes = bytesOf(40_000, 8);
      await send('PUT', '/8/r/artifacts/model/weights.bin', bytes);
      const begin = await server.api('POST', '/api/v1/workspaces/team-a/models/from-run/versions', {
        files: [{ path: 'weights.bin', size: bytes.length, digest: digestOf(bytes) }],
      });
      assert.equal(begin.status, 201);
      assert.deepEqual(begin.body.missing, []);
      const label = begin.body.version.version as string;
      const commit = await server.api('POST', `/api/v1/workspaces/team-a/models/from-run/versions/${label}/commit`);
      assert.equal(commit.status, 200);
      const get = await send('GET', `/_arca/models/from-run/versions/${label}/weights.bin`);
      assert.ok(Buffer.from(await get.arrayBuffer()).equals(bytes));
    });
  });
}
