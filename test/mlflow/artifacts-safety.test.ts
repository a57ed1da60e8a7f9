import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf } from '../../src/testing/uploads.js';

const root = '/mlflow/workspaces/team-a/api/2.0/mlflow-artifacts/artifacts';

/** A request with its path sent exactly as written (fetch would resolve `..`, `%2e%2e` and `\`). */
function literal(
  server: TestServer,
  method: string,
  path: string,
  body?: Buffer,
): Promise<{ status: number; body: Record<string, string> }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method,
      path,
      headers: { authorization: `Bearer ${server.token}` },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : {} });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Blob files of the region (committed) and its staged uploads, as the fs store lays them out. */
async function regionFiles(server: TestServer, digest: string): Promise<{ blob: boolean; uploads: string[] }> {
  const region = join(server.dataDir, 'regions', 'eastus');
  const hex = digest.slice(7);
  const blobs = await readdir(join(region, 'blobs', 'sha256', hex.slice(0, 2))).catch(() => [] as string[]);
  const uploads = await readdir(join(region, 'uploads')).catch(() => [] as string[]);
  return { blob: blobs.includes(hex), uploads: uploads.filter((name) => name.startsWith('mlflow-')) };
}

/** What an artifact path may not be, what an interrupted upload leaves, who may read and write, and the collector. */
for (const dialect of testDialects) {
  describe(`MLflow artifacts' paths, access and lifetime on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let readerToken: string;
    let outsiderToken: string;
    const send = (method: string, path: string, body?: Buffer, token = server.token) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body }),
      });

    before(async () => {
      database = await dialect.create();
      // No grace period: a blob nothing references is collected at once.
      server = await startTestServer({ database, env: { ARCA_GC_GRACE_SECONDS: '0' } });
      for (const ws of ['team-a', 'team-b']) {
        const put = await server.api('PUT', `/api/v1/workspaces/${ws}`, { location: 'eastus' });
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
      for (const [user, role, ws] of [
        ['reader', 'Reader', 'team-a'],
        ['outsider', 'Contributor', 'team-b'],
      ] as const) {
        await server.api('PUT', `/api/v1/users/${user}`, {});
        await server.api('POST', '/api/v1/role-assignments', { role, user, workspace: ws });
      }
      readerToken = (await server.api('POST', '/api/v1/users/reader/tokens', { name: 't' })).body.token;
      outsiderToken = (await server.api('POST', '/api/v1/users/outsider/tokens', { name: 't' })).body.token;
      await send('PUT', `${root}/1/r/artifacts/secret.txt`, Buffer.from('team-a only'));
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    for (const [what, path] of [
      ['a `..` segment', '1/r/artifacts/../../escape.txt'],
      ['a percent-encoded `..`', '1/r/artifacts/%2e%2e/%2E%2E/escape.txt'],
      ['an absolute path', '/etc/passwd'],
      ['a backslash', '1/r/artifacts/..\\escape.txt'],
      ['a NUL character', '1/r/artifacts/bad%00.txt'],
      ['an empty segment', '1/r//artifacts/x.txt'],
      ['a path over 1,024 bytes', `1/${'a'.repeat(1100)}`],
    ] as const) {
      it(`refuses ${what} with INVALID_PARAMETER_VALUE, for PUT, GET and DELETE`, async () => {
        for (const method of ['PUT', 'GET', 'DELETE']) {
          const res = await literal(server, method, `${root}/${path}`, method === 'PUT' ? Buffer.from('x') : undefined);
          assert.equal(res.status, 400, `${method} ${path}: ${JSON.stringify(res.body)}`);
          assert.equal(res.body['error_code'], 'INVALID_PARAMETER_VALUE');
        }
      });
    }

    it('refuses a listing of a path with `..`', async () => {
      const res = await literal(server, 'GET', `${root}?path=1/r/../..`);
      assert.equal(res.status, 400);
      assert.equal(res.body['error_code'], 'INVALID_PARAMETER_VALUE');
    });

    it('leaves no artifact and no staged bytes when the client breaks off a PUT, and a later PUT of the path works', async () => {
      const { port } = new URL(server.url);
      const path = `${root}/1/r/artifacts/interrupted.bin`;
      await new Promise<void>((resolve) => {
        const req = request({
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path,
          headers: { authorization: `Bearer ${server.token}`, 'content-length': String(10 * 1024 * 1024) },
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.write(bytesOf(256 * 1024, 3), () => req.destroy());
      });
      await eventually('the staged upload to be discarded', async () =>
        (await regionFiles(server, digestOf(Buffer.alloc(0)))).uploads.length === 0 ? true : undefined,
      );
      assert.equal((await send('GET', path)).status, 404);
      const bytes = bytesOf(20_000, 4);
      assert.equal((await send('PUT', path, bytes)).status, 200);
      assert.ok(Buffer.from(await (await send('GET', path)).arrayBuffer()).equals(bytes));
    });

    it('serves the files of an Arca model version under _arca/, and lists them', async () => {
      const mlmodel = Buffer.from('flavors: {}\n');
      await createVersion(server, '/api/v1/workspaces/team-a/models/fraud', [
        { path: 'model/MLmodel', bytes: mlmodel },
        { path: 'model/data/weights.bin', bytes: bytesOf(4096, 5) },
      ]);
      const get = await send('GET', `${root}/_arca/models/fraud/versions/1/model/MLmodel`);
      assert.equal(get.status, 200);
      assert.ok(Buffer.from(await get.arrayBuffer()).equals(mlmodel));
      const listed = await (await send('GET', `${root}?path=_arca/models/fraud/versions/1/model`)).json();
      assert.deepEqual(listed, {
        files: [
          { path: 'MLmodel', is_dir: false, file_size: mlmodel.length },
          { path: 'data', is_dir: true },
        ],
      });
      const missing = await send('GET', `${root}/_arca/models/fraud/versions/9/model/MLmodel`);
      assert.equal(missing.status, 404);
    });

    it('refuses to write or delete under _arca/ with INVALID_PARAMETER_VALUE', async () => {
      for (const method of ['PUT', 'DELETE']) {
        const res = await send(
          method,
          `${root}/_arca/models/fraud/versions/1/model/MLmodel`,
          method === 'PUT' ? Buffer.from('x') : undefined,
        );
        assert.equal(res.status, 400, method);
        assert.equal(((await res.json()) as Record<string, string>)['error_code'], 'INVALID_PARAMETER_VALUE');
      }
      assert.equal((await send('GET', `${root}/_arca/models/fraud/versions/1/model/MLmodel`)).status, 200);
    });

    it('lets a Reader download but not upload (PERMISSION_DENIED)', async () => {
      assert.equal((await send('GET', `${root}/1/r/artifacts/secret.txt`, undefined, readerToken)).status, 200);
      const put = await send('PUT', `${root}/1/r/artifacts/mine.txt`, Buffer.from('x'), readerToken);
      assert.equal(put.status, 403);
      assert.equal(((await put.json()) as Record<string, string>)['error_code'], 'PERMISSION_DENIED');
    });

    it('refuses a caller of another workspace that knows the path, and keeps each workspace’s paths its own', async () => {
      const get = await send('GET', `${root}/1/r/artifacts/secret.txt`, undefined, outsiderToken);
      assert.equal(get.status, 403);
      assert.equal(((await get.json()) as Record<string, string>)['error_code'], 'PERMISSION_DENIED');
      const own = '/mlflow/workspaces/team-b/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/secret.txt';
      assert.equal((await send('GET', own, undefined, outsiderToken)).status, 404);
    });

    it('keeps an artifact’s blob through garbage collection, and frees it once the artifact is deleted', async () => {
      const bytes = bytesOf(30_000, 6);
      const path = `${root}/7/r/artifacts/kept.bin`;
      assert.equal((await send('PUT', path, bytes)).status, 200);
      assert.equal((await server.api('POST', '/api/v1/gc', { region: 'eastus' })).status, 200);
      assert.equal((await regionFiles(server, digestOf(bytes))).blob, true);
      assert.ok(Buffer.from(await (await send('GET', path)).arrayBuffer()).equals(bytes));
      assert.equal((await send('DELETE', path)).status, 200);
      const run = await server.api('POST', '/api/v1/gc', { region: 'eastus' });
      assert.equal(run.status, 200);
      assert.equal((await regionFiles(server, digestOf(bytes))).blob, false);
    });
  });
}
