import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  expectStatus,
  processApi,
  spawnServe,
  type ProcessAnswer,
  type ServeProcess,
} from '../../src/testing/processes.js';
import { startPostgresReplicas, type Replicas } from '../../src/testing/replicas.js';
import { eventually } from '../../src/testing/eventually.js';
import { bytesOf, digestOf } from '../../src/testing/uploads.js';

// Races on one version or asset, run by many clients at once against real `arca serve` processes:
// two replicas on one PostgreSQL database, and one process on SQLite. Each invariant is checked on
// what the servers answer afterwards (and on the audit log), never on timings.

const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];
const token = 'arca_concurrency_versions_token_0123456789';
const registry = '/api/v1/registries/racing';

type Answer = ProcessAnswer;

/** fetch against one process with the test's token: JSON in and out, or a raw byte body in. */
const api = (
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<ProcessAnswer> => processApi(token, url, method, path, body, headers);

/** Runs `count` tasks with at most `inFlight` at a time; answers in task order. */
async function bounded<T>(count: number, inFlight: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

function fileEntry(seed: number): { path: string; size: number; digest: string; bytes: Buffer } {
  const bytes = bytesOf(1024 + seed, seed);
  return { path: 'weights.bin', size: bytes.length, digest: digestOf(bytes), bytes };
}

/** Begins a version of one file and uploads its blob; answers the begin body (the version stays pending). */
async function beginUploaded(url: string, base: string, seed: number): Promise<any> {
  const { bytes, ...file } = fileEntry(seed);
  const begin = await api(url, 'POST', `${base}/versions`, { files: [file] });
  expectStatus(begin, 201, 'begin');
  for (const _missing of begin.body.missing as unknown[]) {
    const start = await api(url, 'POST', begin.body.upload_url);
    expectStatus(start, 202, 'upload start');
    const location = start.headers.get('location') ?? '';
    expectStatus(
      await api(url, 'PATCH', location, bytes, { 'content-range': `0-${bytes.length - 1}` }),
      202,
      'upload chunk',
    );
    expectStatus(await api(url, 'PUT', `${location}?digest=${file.digest}`, Buffer.alloc(0)), 201, 'upload finish');
  }
  return begin.body;
}

/** The race scenarios, against one or more replicas of one deployment (requests spread over them in turn). */
function versionRaces(replicas: () => string[]): void {
  const via = (i: number): string => {
    const urls = replicas();
    return urls[i % urls.length] ?? '';
  };

  it('keeps every tag of 48 PATCHes of distinct keys, 16 in flight, on one version and on one asset, and every removal', async () => {
    const base = `${registry}/models/tagged`;
    const begun = await beginUploaded(via(0), base, 1);
    expectStatus(await api(via(1), 'POST', `${base}/versions/${begun.version.version}/commit`), 200, 'commit');
    const keys = Array.from({ length: 48 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const path of [base, `${base}/versions/${begun.version.version}`]) {
      const set = await bounded(keys.length, 16, (i) =>
        api(via(i), 'PATCH', path, { tags: { [keys[i] ?? '']: `v${i}` } }),
      );
      assert.deepEqual(
        set.map((a) => a.status),
        keys.map(() => 200),
        `every PATCH of ${path} answers 200: ${JSON.stringify(set.find((a) => a.status !== 200)?.body)}`,
      );
      const shown = await api(via(0), 'GET', path);
      assert.deepEqual(
        shown.body.tags,
        Object.fromEntries(keys.map((k, i) => [k, `v${i}`])),
        `${path} holds every tag acknowledged`,
      );
      // Half removed while the other half is rewritten: the removals and the new values all land.
      const mixed = await bounded(keys.length, 16, (i) =>
        api(via(i), 'PATCH', path, { tags: { [keys[i] ?? '']: i % 2 === 0 ? null : `w${i}` } }),
      );
      assert.deepEqual(
        mixed.map((a) => a.status),
        keys.map(() => 200),
        `every mixed PATCH of ${path} answers 200`,
      );
      const after = await api(via(1), 'GET', path);
      assert.deepEqual(
        after.body.tags,
        Object.fromEntries(keys.flatMap((k, i) => (i % 2 === 0 ? [] : [[k, `w${i}`]]))),
        `${path} holds exactly the kept tags`,
      );
    }
  });

  it('keeps every tag of 40 PATCHes of distinct keys, 16 in flight, on one registry', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    const set = await bounded(keys.length, 16, (i) =>
      api(via(i), 'PATCH', registry, { tags: { [keys[i] ?? '']: `v${i}` } }),
    );
    assert.deepEqual(
      set.map((a) => a.status),
      keys.map(() => 200),
      `every PATCH answers 200: ${JSON.stringify(set.find((a) => a.status !== 200)?.body)}`,
    );
    const shown = await api(via(1), 'GET', registry);
    assert.deepEqual(
      shown.body.tags,
      Object.fromEntries(keys.map((k, i) => [k, `v${i}`])),
      'the registry holds every tag acknowledged',
    );
  });

  it('gives 20 parallel begins without a label 20 distinct labels, 1 to 20, all answered 201', async () => {
    const base = `${registry}/models/numbered`;
    const { bytes: _bytes, ...file } = fileEntry(2);
    const begins = await bounded(20, 20, (i) => api(via(i), 'POST', `${base}/versions`, { files: [file] }));
    assert.deepEqual(
      begins.map((a) => a.status),
      begins.map(() => 201),
      `every begin answers 201: ${JSON.stringify(begins.find((a) => a.status !== 201)?.body)}`,
    );
    const labels = begins.map((a) => Number(a.body.version.version)).sort((x, y) => x - y);
    assert.deepEqual(
      labels,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('skips a retired number when 20 parallel begins without a label number themselves', async () => {
    const base = `${registry}/models/renumbered`;
    const first = await beginUploaded(via(0), base, 3);
    expectStatus(await api(via(0), 'POST', `${base}/versions/${first.version.version}/commit`), 200, 'commit 1');
    expectStatus(await api(via(1), 'DELETE', `${base}/versions/1`), 204, 'delete 1 (its label is retired)');
    const { bytes: _bytes, ...file } = fileEntry(3);
    const begins = await bounded(20, 20, (i) => api(via(i), 'POST', `${base}/versions`, { files: [file] }));
    assert.deepEqual(
      begins.map((a) => a.status),
      begins.map(() => 201),
      `every begin answers 201: ${JSON.stringify(begins.find((a) => a.status !== 201)?.body)}`,
    );
    assert.deepEqual(
      begins.map((a) => Number(a.body.version.version)).sort((x, y) => x - y),
      Array.from({ length: 20 }, (_, i) => i + 2),
    );
  });

  it('commits a pending version once under 20 concurrent commits, 3 rounds: one event, one committed_at, the same answer to all', async () => {
    const base = `${registry}/models/committed`;
    for (let round = 0; round < 3; round++) {
      const begun = await beginUploaded(via(round), base, 10 + round);
      const path = `${base}/versions/${begun.version.version}`;
      const commits = await bounded(20, 20, (i) => api(via(i), 'POST', `${path}/commit`));
      assert.deepEqual(
        commits.map((a) => a.status),
        commits.map(() => 200),
        `every commit answers 200: ${JSON.stringify(commits.find((a) => a.status !== 200)?.body)}`,
      );
      const first = commits[0] as Answer;
      assert.equal(first.body.state, 'ready');
      for (const commit of commits)
        assert.deepEqual(commit.body, first.body, 'every commit answers the one committed version');
      const again = await api(via(round + 1), 'POST', `${path}/commit`);
      expectStatus(again, 200, 'a later commit');
      assert.deepEqual(again.body, first.body, 'a later commit answers the committed version, unchanged');
      const events = await api(
        via(0),
        'GET',
        `/api/v1/audit?action=${encodeURIComponent('models/versions/commit')}&target=${encodeURIComponent(first.body.reference)}&top=100`,
      );
      expectStatus(events, 200, 'audit');
      assert.equal(
        events.body.value.length,
        1,
        `one commit event: ${JSON.stringify(events.body.value.map((e: any) => e.at))}`,
      );
    }
  });
}

describe(
  'versions and tags under concurrency: two arca serve replicas on one PostgreSQL database',
  { skip: postgresUrl ? false : 'ARCA_TEST_POSTGRES_URL is not set: the replicas need PostgreSQL' },
  () => {
    let replicas: Replicas | undefined;
    const urls = () => replicas?.servers.map((s) => s.url) ?? [];

    before(async () => {
      replicas = await startPostgresReplicas({ postgresUrl: postgresUrl ?? '', prefix: 'arca_races', token });
      await createRegistry(urls());
    });

    after(() => replicas?.stop());

    versionRaces(urls);
  },
);

describe('versions and tags under concurrency: one arca serve on SQLite', () => {
  let root: string;
  let server: ServeProcess | undefined;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'arca-races-sqlite-'));
    server = await spawnServe({ ARCA_DATA_DIR: join(root, 'data'), ARCA_ADMIN_TOKEN: token });
    await createRegistry([server.url]);
  });

  after(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await rm(root, { recursive: true, force: true });
  });

  versionRaces(() => (server === undefined ? [] : [server.url]));
});

async function createRegistry(urls: string[]): Promise<void> {
  const [first = '', last = first] = [urls[0], urls[urls.length - 1]];
  const put = await api(first, 'PUT', registry, { location: 'eastus' });
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
