import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf, type TestFile } from '../../src/testing/uploads.js';

const run = promisify(execFile);

/** Every regular file under `root`, by its `/`-separated path relative to it. */
async function filesUnder(root: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    found.set(relative(root, full).split('\\').join('/'), await readFile(full));
  }
  return found;
}

function blobPath(dataDir: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(dataDir, 'regions', 'eastus', 'blobs', 'sha256', hex.slice(0, 2), hex);
}

const longPath = `deep/${'d'.repeat(60)}/${'f'.repeat(80)}.bin`;
const files: TestFile[] = [
  { path: 'README.md', bytes: Buffer.from('# fraud\n') },
  { path: 'a/b/c/nested.json', bytes: Buffer.from('{"nested":true}') },
  { path: longPath, bytes: bytesOf(700, 3) },
  { path: 'données/modèle-λ.txt', bytes: Buffer.from('unicode name') },
  { path: 'empty.txt', bytes: Buffer.alloc(0) },
  { path: 'weights/model.bin', bytes: bytesOf(3 * 1024 * 1024, 7) },
];

for (const dialect of testDialects) {
  describe(`whole-version archives on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let scratch: string;
    const model = '/api/v1/registries/global/models/fraud';
    const dataset = '/api/v1/workspaces/team-a/data/clicks';
    const download = (path: string) =>
      fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.token}` } });

    /** Downloads an archive, extracts it with the real `tar`, and answers the files it held. */
    async function extracted(path: string): Promise<Map<string, Buffer>> {
      const response = await download(path);
      assert.equal(response.status, 200, await response.clone().text());
      const target = await mkdtemp(join(scratch, 'x-'));
      const archive = join(target, '..', `${relative(scratch, target)}.tar`);
      await writeFile(archive, Buffer.from(await response.arrayBuffer()));
      await run('tar', ['-xf', archive, '-C', target]);
      return filesUnder(target);
    }

    before(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'arca-archive-'));
      database = await dialect.create();
      server = await startTestServer({ database });
      const registry = await server.api('PUT', '/api/v1/registries/global', { location: 'eastus' });
      assert.equal((await server.waitForOperation(registry.headers.get('location') ?? '')).status, 'Succeeded');
      const workspace = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
      assert.equal((await server.waitForOperation(workspace.headers.get('location') ?? '')).status, 'Succeeded');
      await createVersion(server, model, files);
      await createVersion(server, dataset, [{ path: 'part-0.csv', bytes: Buffer.from('a,b\n1,2\n') }], {
        data_type: 'uri_folder',
      });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
      await rm(scratch, { recursive: true, force: true });
    });

    it('answers every file of the version as a tar that `tar -xf` extracts byte for byte, paths included', async () => {
      const response = await download(`${model}/versions/1/download`);
      assert.equal(response.headers.get('content-type'), 'application/x-tar');
      assert.equal(response.headers.get('content-disposition'), 'attachment; filename="fraud-1.tar"');
      await response.body?.cancel();
      const got = await extracted(`${model}/versions/1/download`);
      assert.deepEqual([...got.keys()].sort(), files.map((f) => f.path).sort());
      for (const file of files) assert.equal(digestOf(got.get(file.path) ?? Buffer.alloc(1)), digestOf(file.bytes));
    });

    it('serves a workspace data version too, its archive named after the asset and version', async () => {
      const response = await download(`${dataset}/versions/1/download`);
      assert.equal(response.headers.get('content-disposition'), 'attachment; filename="clicks-1.tar"');
      await response.body?.cancel();
      const got = await extracted(`${dataset}/versions/1/download`);
      assert.deepEqual([...got.entries()], [['part-0.csv', Buffer.from('a,b\n1,2\n')]]);
    });

    it('answers a version with no files as an empty archive (just the two end blocks)', async () => {
      await createVersion(server, '/api/v1/registries/global/models/hollow', []);
      const response = await download('/api/v1/registries/global/models/hollow/versions/1/download');
      assert.equal(response.status, 200);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), Buffer.alloc(1024));
    });

    it('refuses a pending version with 409 VersionNotReady', async () => {
      const begin = await server.api('POST', `${model}/versions`, {
        files: [{ path: 'x.bin', size: 3, digest: digestOf(Buffer.from('xyz')) }],
      });
      assert.equal(begin.status, 201);
      const response = await download(`${model}/versions/${begin.body.version.version}/download`);
      assert.equal(response.status, 409);
      const body = (await response.json()) as { error: { code: string; target: string } };
      assert.equal(body.error.code, 'VersionNotReady');
      assert.equal(body.error.target, 'version');
    });

    it('refuses an unknown version with 404 VersionNotFound', async () => {
      const response = await download(`${model}/versions/404/download`);
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'VersionNotFound');
    });

    it('refuses a region the registry does not have with 400 RegionNotInScope', async () => {
      const response = await download(`${model}/versions/1/download?region=nowhere`);
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'RegionNotInScope');
    });

    it('cuts the archive off when a stored blob no longer matches its digest, rather than completing it', async () => {
      const good = Buffer.from('good bytes first');
      const bad = bytesOf(4096, 99);
      await createVersion(server, '/api/v1/registries/global/models/rotten', [
        { path: 'a-good.txt', bytes: good },
        { path: 'b-bad.bin', bytes: bad },
      ]);
      const stored = blobPath(server.dataDir, digestOf(bad));
      await chmod(stored, 0o644);
      await writeFile(stored, bytesOf(4096, 100));
      const response = await download('/api/v1/registries/global/models/rotten/versions/1/download');
      assert.equal(response.status, 200, 'the first file streamed before the damage was found');
      await assert.rejects(response.arrayBuffer(), 'the body ends in an error, not as a complete archive');
    });
  });
}
