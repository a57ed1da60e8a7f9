import { strict as assert } from 'node:assert';
import { link, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import {
  expectStatus,
  processApi,
  spawnServe,
  type ProcessAnswer,
  type ServeProcess,
} from '../../src/testing/processes.js';
import { bytesOf, digestOf, type TestFile } from '../../src/testing/uploads.js';
import { eventually } from '../../src/testing/eventually.js';
import { createPostgresDatabase } from '../../src/testing/databases.js';
import type { BlobFaults } from '../../src/testing/blob-faults.js';

/** Waits across processes take longer than in one: 30 s. */
const settled = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> =>
  eventually(what, probe, timeoutMs);

// Two `arca serve` processes share one PostgreSQL database and the region directories, as two
// replicas behind a load balancer would. Each test talks to both and checks the database and the disk.

const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];
const token = 'arca_scale_out_test_token_0123456789abcdef';
const registry = '/api/v1/registries/shared';

/** fetch against one process with the test's token: JSON in and out, or a raw byte body in. */
const api = (
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<ProcessAnswer> => processApi(token, url, method, path, body, headers);

/**
 * The client's side of a version over plain HTTP (createVersion in src/testing/uploads.ts does the
 * same against an in-process TestServer): begin, one session per missing blob in 1 MiB chunks, commit.
 */
async function createVersion(url: string, base: string, files: TestFile[]): Promise<any> {
  const begin = await api(url, 'POST', `${base}/versions`, {
    files: files.map((f) => ({ path: f.path, size: f.bytes.length, digest: digestOf(f.bytes) })),
  });
  expectStatus(begin, 201, 'begin');
  for (const missing of begin.body.missing as { digest: string }[]) {
    const file = files.find((f) => digestOf(f.bytes) === missing.digest);
    assert.ok(file, `the server asked for an unknown digest ${missing.digest}`);
    const start = await api(url, 'POST', begin.body.upload_url);
    expectStatus(start, 202, 'upload start');
    const location = start.headers.get('location') ?? '';
    const chunkSize = 1 << 20;
    for (let offset = 0; offset < file.bytes.length; offset += chunkSize) {
      const chunk = file.bytes.subarray(offset, Math.min(file.bytes.length, offset + chunkSize));
      expectStatus(
        await api(url, 'PATCH', location, chunk, { 'content-range': `${offset}-${offset + chunk.length - 1}` }),
        202,
        `chunk at ${offset}`,
      );
    }
    expectStatus(await api(url, 'PUT', `${location}?digest=${missing.digest}`, Buffer.alloc(0)), 201, 'upload finish');
  }
  const commit = await api(url, 'POST', `${base}/versions/${encodeURIComponent(begin.body.version.version)}/commit`);
  expectStatus(commit, 200, 'commit');
  return commit.body;
}

async function waitReplicated(url: string, versionPath: string): Promise<void> {
  await settled(`${versionPath} to be replicated to westus`, async () => {
    const shown = await api(url, 'GET', versionPath);
    return shown.body?.regions?.some(
      (r: { region: string; state?: string }) => r.region === 'westus' && r.state === 'replicated',
    )
      ? true
      : undefined;
  });
}

/** Committed blob digests in an fs region directory. */
async function blobsIn(regionDir: string): Promise<string[]> {
  const root = join(regionDir, 'blobs', 'sha256');
  const prefixes: string[] = await readdir(root).catch(() => []);
  const names = await Promise.all(prefixes.map((prefix) => readdir(join(root, prefix))));
  return names
    .flat()
    .map((hex) => `sha256:${hex}`)
    .sort();
}

/** Job ids each process logged as having copied blobs (pino JSON lines at info). */
function replicatedJobIds(server: ServeProcess): string[] {
  return server
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; job?: string })
    .filter((entry) => entry.msg === 'replicated')
    .map((entry) => entry.job ?? '');
}

describe(
  'two arca serve processes on one PostgreSQL database and shared region directories',
  { skip: postgresUrl ? false : 'ARCA_TEST_POSTGRES_URL is not set: the scale-out test needs PostgreSQL' },
  () => {
    let root: string;
    let database: { url: string; drop(): Promise<void> } | undefined;
    let sql: pg.Client | undefined;
    let configPath: string;
    let env: Record<string, string>;
    const live = new Set<ServeProcess>();
    let a: ServeProcess;
    let b: ServeProcess;

    const regionDir = (region: string): string => join(root, 'regions', region);

    async function start(name: string, blobFaults?: BlobFaults): Promise<ServeProcess> {
      const server = await spawnServe(
        { ...env, ARCA_DATA_DIR: join(root, name) },
        ['--config', configPath],
        blobFaults === undefined ? {} : { blobFaults },
      );
      live.add(server);
      return server;
    }

    async function stop(server: ServeProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<number | string> {
      server.child.kill(signal);
      const status = await server.exited;
      live.delete(server);
      return status;
    }

    async function replicateJobs(): Promise<
      { id: string; state: string; attempts: number; dedupe_key: string; lease_owner: string | null }[]
    > {
      const result = await sql?.query(
        "select id, state, attempts, dedupe_key, lease_owner from jobs where kind = 'replicate' order by created_at",
      );
      return result?.rows ?? [];
    }

    before(async () => {
      root = await mkdtemp(join(tmpdir(), 'arca-scale-out-'));
      database = await createPostgresDatabase(postgresUrl ?? '', 'arca_scaleout');
      configPath = join(root, 'arca.yaml');
      await writeFile(
        configPath,
        `regions:\n  eastus:\n    driver: fs\n    path: ${regionDir('eastus')}\n  westus:\n    driver: fs\n    path: ${regionDir('westus')}\n`,
      );
      env = {
        ARCA_DATABASE_URL: database.url,
        ARCA_MODE: 'scale-out',
        ARCA_ADMIN_TOKEN: token,
        ARCA_LOG_LEVEL: 'info',
        ARCA_JOB_LEASE_SECONDS: '2',
        ARCA_JOB_RETRY_BASE_SECONDS: '0.1',
        ARCA_JOB_WORKERS: '2',
      };
      // One after the other: two processes starting together on an empty database race to create the
      // admin (IdentityService.bootstrapAdmin) and the loser exits on a unique violation.
      a = await start('a');
      b = await start('b');
      sql = new pg.Client({ connectionString: database.url });
      await sql.connect();
      const put = await api(a.url, 'PUT', registry, {
        location: 'eastus',
        replication_locations: [{ location: 'eastus' }, { location: 'westus' }],
      });
      expectStatus(put, 202, 'create the registry through A');
      const operation = await settled('the create operation, seen through B', async () => {
        const op = await api(b.url, 'GET', put.headers.get('location') ?? '');
        return op.body?.status === 'Running' ? undefined : op.body;
      });
      assert.equal(operation.status, 'Succeeded', JSON.stringify(operation));
      // westus becoming ready queues a backfill; once it has run, every replicate job comes from a commit.
      await settled('the westus backfill to finish', async () => {
        const result = await sql?.query("select state from jobs where kind = 'backfill-region'");
        return result?.rows.length === 1 && result.rows[0].state === 'succeeded' ? true : undefined;
      });
    });

    after(async () => {
      for (const server of live) await stop(server, 'SIGKILL');
      await sql?.end().catch(() => undefined);
      await database?.drop();
      await rm(root, { recursive: true, force: true });
    });

    it('serves through B, byte for byte, a version uploaded through A, and replicates it to westus', async () => {
      const weights = bytesOf(3 * 1024 * 1024 + 17, 11);
      const base = `${registry}/models/handoff`;
      const committed = await createVersion(a.url, base, [
        { path: 'weights.bin', bytes: weights },
        { path: 'config.json', bytes: Buffer.from('{"layers": 4}') },
      ]);
      assert.equal(committed.state, 'ready');
      const download = await fetch(`${b.url}${base}/versions/1/files/weights.bin`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(download.status, 200);
      assert.ok(Buffer.from(await download.arrayBuffer()).equals(weights), 'B serves the bytes A received');
      await waitReplicated(b.url, `${base}/versions/1`);
      const fromWest = await fetch(`${a.url}${base}/versions/1/files/weights.bin?region=westus`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(fromWest.headers.get('x-arca-region'), 'westus');
      assert.ok(Buffer.from(await fromWest.arrayBuffer()).equals(weights), 'the westus copy holds the same bytes');
    });

    it('runs each replication job exactly once when both processes claim jobs', async () => {
      // 20 versions over 4 models, committed concurrently through A and B in turn, so both processes' workers compete.
      const committed = await Promise.all(
        [0, 1, 2, 3].map(async (model) => {
          const versions = [];
          for (let i = 0; i < 5; i++) {
            const seed = 100 + model * 10 + i;
            versions.push(
              await createVersion(((model + i) % 2 === 0 ? a : b).url, `${registry}/models/fleet-${model}`, [
                { path: 'weights.bin', bytes: bytesOf(256 * 1024 + seed, seed) },
              ]),
            );
          }
          return versions;
        }),
      );
      const versions = committed.flat();
      assert.equal(versions.length, 20);
      for (const version of versions)
        await waitReplicated(b.url, `${registry}/models/${version.name}/versions/${version.version}`);
      // A version shows `replicated` once its blobs are recorded, a moment before its job is settled.
      const jobs = await settled('every replicate job to settle', async () => {
        const rows = await replicateJobs();
        return rows.every((j) => j.state !== 'queued' && j.state !== 'running') ? rows : undefined;
      });
      const keys = new Set(versions.map((v) => `replicate:westus:version:${v.id}`));
      assert.equal(
        jobs.filter((j) => keys.has(j.dedupe_key)).length,
        20,
        'one replicate job per version committed here',
      );
      assert.equal(new Set(jobs.map((j) => j.dedupe_key)).size, jobs.length, 'no (version, region) has two jobs');
      assert.deepEqual(
        jobs.filter((j) => j.state !== 'succeeded' || j.attempts !== 1),
        [],
        'every job succeeded at its first attempt',
      );
      // Every job copied once, in one process: its id is logged as `replicated` exactly once across both.
      const logged = await settled(
        "both processes' logs to arrive",
        async () => {
          const ids = [...replicatedJobIds(a), ...replicatedJobIds(b)];
          return ids.length >= jobs.length ? ids.sort() : undefined;
        },
        10_000,
      );
      assert.deepEqual(logged, jobs.map((j) => j.id).sort());
      assert.deepEqual(
        await blobsIn(regionDir('westus')),
        await blobsIn(regionDir('eastus')),
        'westus holds each blob of eastus, once',
      );
      assert.deepEqual(
        (await readdir(join(regionDir('westus'), 'uploads'))).filter((name) => name.startsWith('replicate-')),
        [],
        'no copy was left half-done',
      );
    });

    it('finishes a replication in the other process when the one copying is killed, resuming after the bytes already copied', async () => {
      assert.equal(await stop(a, 'SIGTERM'), 0);
      assert.equal(await stop(b, 'SIGTERM'), 0);
      // Only A runs, copying slowly (a pause of 250 ms after each 1 MiB read: ~2 s for 8 MiB), so it can be
      // killed mid-copy.
      a = await start('a', { copyChunkDelayMs: 250 });
      const weights = bytesOf(8 * 1024 * 1024, 42);
      const digest = digestOf(weights);
      const base = `${registry}/models/big`;
      const version = await createVersion(a.url, base, [{ path: 'weights.bin', bytes: weights }]);
      const staged = join(regionDir('westus'), 'uploads', `replicate-${digest.slice('sha256:'.length)}`);
      await settled('A to have copied some bytes to westus', async () =>
        ((await stat(staged).catch(() => undefined))?.size ?? 0) > 0 ? true : undefined,
      );
      const [claimed] = (await replicateJobs()).filter(
        (j) => j.dedupe_key === `replicate:westus:version:${version.id}`,
      );
      assert.equal(claimed?.state, 'running');
      assert.equal(claimed?.attempts, 1);
      assert.match(claimed?.lease_owner ?? '', /^jobs-/);
      assert.notEqual(await stop(a, 'SIGKILL'), 0);

      const stagedByA = await stat(staged);
      assert.ok(
        stagedByA.size > 0 && stagedByA.size < weights.length,
        `killed mid-copy: ${stagedByA.size} of ${weights.length} bytes staged`,
      );
      // A second name keeps A's staged file (and its inode number) alive whatever B does with the upload.
      await link(staged, join(root, 'staged-by-a'));
      b = await start('b');
      const job = await settled("B to take the job over once A's lease expired, and finish it", async () => {
        const row = (await replicateJobs()).find((j) => j.id === claimed?.id);
        return row?.state === 'succeeded' ? row : undefined;
      });
      assert.equal(job.attempts, 2, 'one attempt by the killed process, one by the process that took it over');
      const hex = digest.slice('sha256:'.length);
      const blobFile = join(regionDir('westus'), 'blobs', 'sha256', hex.slice(0, 2), hex);
      assert.equal(digestOf(await readFile(blobFile)), digest, 'the westus copy verifies by digest');
      // Resumed, not restarted: B appended to A's staged file and renamed that very file into place.
      assert.equal((await stat(blobFile)).ino, stagedByA.ino, 'the blob is the file A had staged');
      assert.equal(await stat(staged).catch(() => undefined), undefined, 'nothing is left staged');
      await waitReplicated(b.url, `${base}/versions/1`);
      const fromWest = await fetch(`${b.url}${base}/versions/1/files/weights.bin?region=westus`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(fromWest.headers.get('x-arca-region'), 'westus');
      assert.ok(Buffer.from(await fromWest.arrayBuffer()).equals(weights));
    });
  },
);
