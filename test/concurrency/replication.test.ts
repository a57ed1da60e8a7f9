import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expectStatus, processApi, spawnServe, type ServeProcess } from '../../src/testing/processes.js';
import { startPostgresReplicas, type Replicas } from '../../src/testing/replicas.js';
import { eventually } from '../../src/testing/eventually.js';
import { bytesOf, digestOf } from '../../src/testing/uploads.js';

// Replicate jobs of versions that share a blob, run at once by real `arca serve` processes (two replicas on
// one PostgreSQL database with one pair of region directories, and one process on SQLite): each shared blob
// is copied into the replica region by one job while the others wait for it, so no job fails and retries
// (before the per-(region, blob) claim, they collided on the copy's upload and retried on UploadInUse).

const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];
const token = 'arca_concurrency_replication_token_0123456789';
const registry = '/api/v1/registries/mirrored';
const assets = 6;
/** Large enough that a copy is still running when the other jobs reach the same blob. */
const shared = bytesOf(24 * 2 ** 20, 7);

const api = (url: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  processApi(token, url, method, path, body, headers);

/** Uploads `bytes` through a session of the version being begun at `uploadUrl`. */
async function upload(url: string, uploadUrl: string, bytes: Buffer): Promise<void> {
  const start = await api(url, 'POST', uploadUrl);
  expectStatus(start, 202, 'upload start');
  const location = start.headers.get('location') ?? '';
  expectStatus(
    await api(url, 'PATCH', location, bytes, { 'content-range': `0-${bytes.length - 1}` }),
    202,
    'upload chunk',
  );
  expectStatus(await api(url, 'PUT', `${location}?digest=${digestOf(bytes)}`, Buffer.alloc(0)), 201, 'upload finish');
}

/** Begins version 1 of `name` (the shared blob and a file of its own) and uploads what the registry lacks. */
async function beginVersion(url: string, name: string, seed: number): Promise<string> {
  const own = bytesOf(4096 + seed, seed);
  const files = [
    { path: 'shared.bin', bytes: shared },
    { path: 'own.bin', bytes: own },
  ];
  const begin = await api(url, 'POST', `${registry}/models/${name}/versions`, {
    files: files.map((f) => ({ path: f.path, size: f.bytes.length, digest: digestOf(f.bytes) })),
  });
  expectStatus(begin, 201, `begin ${name}`);
  const missing = new Set((begin.body.missing as { digest: string }[]).map((m) => m.digest));
  for (const file of files) if (missing.has(digestOf(file.bytes))) await upload(url, begin.body.upload_url, file.bytes);
  return `${registry}/models/${name}/versions/${begin.body.version.version}`;
}

function replicationRaces(replicas: () => string[], replicaRegion: () => Promise<string>): void {
  it(`copies a blob shared by ${assets} versions committed at once into the replica with no job failing or retrying`, async () => {
    const urls = replicas();
    const via = (i: number) => urls[i % urls.length] ?? '';
    const versions: string[] = [];
    for (let i = 0; i < assets; i++) versions.push(await beginVersion(via(i), `shared-${i}`, i));
    const commits = await Promise.all(versions.map((path, i) => api(via(i), 'POST', `${path}/commit`)));
    for (const commit of commits) expectStatus(commit, 200, 'commit');

    for (const [i, path] of versions.entries()) {
      const regions = await eventually(
        `${path} to read replicated in westus`,
        async () => {
          const shown = await api(via(i + 1), 'GET', path);
          const westus = shown.body.regions?.find((r: { region: string }) => r.region === 'westus');
          return westus?.state === 'pending' ? undefined : shown.body.regions;
        },
        60_000,
      );
      assert.deepEqual(
        regions.map((r: { region: string; state?: string }) => [r.region, r.state ?? 'primary']),
        [
          ['eastus', 'primary'],
          ['westus', 'replicated'],
        ],
      );
    }
    const jobs = await api(via(0), 'GET', '/api/v1/jobs?kind=replicate&top=100');
    expectStatus(jobs, 200, 'jobs');
    const settled = jobs.body.value.map((job: any) => ({
      state: job.state,
      attempts: job.attempts,
      last_error: job.last_error,
    }));
    assert.equal(settled.length, assets, 'one replicate job per version');
    assert.deepEqual(
      settled,
      settled.map(() => ({ state: 'succeeded', attempts: 1, last_error: null })),
      'every job succeeded at its first attempt',
    );
    const copy = await readFile(await replicaRegion().then((dir) => blobFile(dir, digestOf(shared))));
    assert.equal(digestOf(copy), digestOf(shared), 'the replica holds the shared blob intact');
  });
}

function blobFile(regionDir: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(regionDir, 'blobs', 'sha256', hex.slice(0, 2), hex);
}

describe(
  'replication under concurrency: two arca serve replicas on one PostgreSQL database',
  { skip: postgresUrl ? false : 'ARCA_TEST_POSTGRES_URL is not set: the replicas need PostgreSQL' },
  () => {
    let replicas: Replicas | undefined;

    before(async () => {
      replicas = await startPostgresReplicas({
        postgresUrl: postgresUrl ?? '',
        prefix: 'arca_replication_races',
        token,
        regions: ['eastus', 'westus'],
      });
      await createRegistry(replicas.servers.map((s) => s.url));
    });

    after(() => replicas?.stop());

    replicationRaces(
      () => replicas?.servers.map((s) => s.url) ?? [],
      async () => replicas?.regionDir('westus') ?? '',
    );
  },
);

describe('replication under concurrency: one arca serve on SQLite with four job workers', () => {
  let root: string;
  let server: ServeProcess | undefined;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'arca-replication-races-sqlite-'));
    server = await spawnServe({ ARCA_DATA_DIR: join(root, 'data'), ARCA_ADMIN_TOKEN: token, ARCA_JOB_WORKERS: '4' });
    await createRegistry([server.url]);
  });

  after(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await rm(root, { recursive: true, force: true });
  });

  replicationRaces(
    () => (server === undefined ? [] : [server.url]),
    async () => join(root, 'data', 'regions', 'westus'),
  );
});

async function createRegistry(urls: string[]): Promise<void> {
  const [first = '', last = first] = [urls[0], urls[urls.length - 1]];
  const put = await api(first, 'PUT', registry, {
    location: 'eastus',
    replication_locations: [{ location: 'eastus' }, { location: 'westus' }],
  });
  expectStatus(put, 202, 'create the registry');
  const operation = await eventually(
    'the create operation to finish',
    async () => {
      const op = await api(last, 'GET', put.headers.get('location') ?? '');
      return op.body?.status === 'Running' ? undefined : op.body;
    },
    30_000,
  );
  assert.equal(operation.status, 'Succeeded', JSON.stringify(operation));
}
