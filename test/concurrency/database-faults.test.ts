import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createPostgresDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { spawnServe, type ServeProcess } from '../../src/testing/processes.js';
import { startTcpFaultProxy, type TcpFaultProxy } from '../../src/testing/tcp-fault-proxy.js';
import { digestOf } from '../../src/testing/uploads.js';

// Real `arca serve` processes while their database fails under them: connections terminated by the
// server, refused, or black-holed by a proxy in between; a SQLite file locked by another connection.
// Every answer must be a success or 503 StorageUnavailable naming the metadata database, within a
// bound; no process may exit; each recovers by itself once the database is back.

const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];
const token = 'arca_database_faults_test_token_0123456789abcdef';
const registry = '/api/v1/registries/faults';
/** Longer than any configured timeout below plus the work around it: an answer later than this is a hang. */
const answerWithinMs = 10_000;

/** What a request came back with: an HTTP answer, or `hung` (no answer in time) / `down` (no process). */
type Answer = { status: number | 'hung' | 'down'; body: any; path: string; retryAfter?: string | null };

async function api(url: string, method: string, path: string, body?: unknown): Promise<Answer> {
  try {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(answerWithinMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed, path, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    return { status: (error as Error).name === 'TimeoutError' ? 'hung' : 'down', body: String(error), path };
  }
}

/** One bounded burst: `inFlight` requests at once, reads of the registry and begins of new versions (writes). */
function burst(urls: string[], tag: string, inFlight: number): Promise<Answer>[] {
  return Array.from({ length: inFlight }, (_, i) => {
    const url = urls[i % urls.length] ?? '';
    if (i % 2 === 0) return api(url, 'GET', registry);
    const bytes = Buffer.from(`${tag}-${i}`);
    return api(url, 'POST', `${registry}/models/${tag}-${i}/versions`, {
      files: [{ path: 'weights.bin', size: bytes.length, digest: digestOf(bytes) }],
    });
  });
}

/** Succeeded, or refused as the catalogue says an unreachable database is: 503 StorageUnavailable naming it. */
function assertSucceededOrUnavailable(answers: Answer[]): void {
  for (const answer of answers) {
    if (typeof answer.status === 'number' && answer.status < 300) continue;
    assert.equal(answer.status, 503, `${answer.path}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body?.error?.code, 'StorageUnavailable', `${answer.path}: ${JSON.stringify(answer.body)}`);
    assert.match(answer.body.error.message, /metadata database/);
    assert.equal(answer.retryAfter, '1', 'a 503 says when to try again');
  }
}

function assertUnavailable(answers: Answer[]): void {
  assertSucceededOrUnavailable(answers);
  assert.deepEqual(
    answers.filter((a) => a.status !== 503).map((a) => `${a.path}: ${a.status}`),
    [],
    'every request answered 503 while the database was away',
  );
}

function alive(server: ServeProcess): boolean {
  return server.child.exitCode === null && server.child.signalCode === null;
}

const healthy = (url: string): Promise<true> =>
  eventually(
    `${url} to serve again`,
    async () => {
      const [ready, read] = [await api(url, 'GET', '/readyz'), await api(url, 'GET', registry)];
      return ready.status === 200 && read.status === 200 ? true : undefined;
    },
    30_000,
    100,
  );

describe(
  'arca serve replicas when their PostgreSQL database fails',
  {
    timeout: 180_000,
    skip: postgresUrl ? false : 'ARCA_TEST_POSTGRES_URL is not set: the database fault tests need PostgreSQL',
  },
  () => {
    let root: string;
    let database: { url: string; drop(): Promise<void> } | undefined;
    let admin: pg.Client | undefined;
    let env: Record<string, string>;
    let configPath: string;
    const live = new Set<ServeProcess>();
    let a: ServeProcess;
    let b: ServeProcess;

    async function start(name: string, extra: Record<string, string> = {}): Promise<ServeProcess> {
      const server = await spawnServe({ ...env, ARCA_DATA_DIR: join(root, name), ...extra }, ['--config', configPath]);
      live.add(server);
      return server;
    }

    /** Ends every connection to this test's database (only), as a restart or a failover of the server would. */
    async function terminateBackends(): Promise<number> {
      const name = new URL(database?.url ?? '').pathname.slice(1);
      const result = await admin?.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      return result?.rowCount ?? 0;
    }

    before(async () => {
      root = await mkdtemp(join(tmpdir(), 'arca-db-faults-'));
      database = await createPostgresDatabase(postgresUrl ?? '', 'arca_dbfaults');
      configPath = join(root, 'arca.yaml');
      await writeFile(
        configPath,
        `regions:\n  eastus:\n    driver: fs\n    path: ${join(root, 'regions', 'eastus')}\n`,
      );
      env = {
        ARCA_DATABASE_URL: database.url,
        ARCA_MODE: 'scale-out',
        ARCA_ADMIN_TOKEN: token,
        ARCA_JOB_LEASE_SECONDS: '2',
        ARCA_JOB_RETRY_BASE_SECONDS: '0.1',
        ARCA_JOB_WORKERS: '2',
        ARCA_GC_GRACE_SECONDS: '0',
      };
      // One after the other: two processes starting together on an empty database race to create the admin.
      a = await start('a');
      b = await start('b');
      // The admin connection is to the server's own database, never to the one whose backends are ended.
      admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      const put = await api(a.url, 'PUT', registry, { location: 'eastus' });
      assert.equal(put.status, 202, JSON.stringify(put.body));
      await eventually(
        'the registry to be created',
        async () => ((await api(b.url, 'GET', registry)).status === 200 ? true : undefined),
        30_000,
      );
    });

    after(async () => {
      for (const server of live) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      await admin?.end().catch(() => undefined);
      await database?.drop();
      await rm(root, { recursive: true, force: true });
    });

    it('keeps both replicas up through terminated connections, answers 503 meanwhile, then serves and runs jobs again', async () => {
      const answers: Answer[] = [];
      for (let round = 0; round < 4; round++) {
        // The idle connections of both pools first, then the busy ones, mid-burst.
        const ended = await terminateBackends();
        if (round === 0) assert.ok(ended > 0, 'the replicas had connections to end');
        const inFlight = burst([a.url, b.url], `terminated-${round}`, 24);
        await terminateBackends();
        answers.push(...(await Promise.all(inFlight)));
      }
      assert.ok(
        alive(a) && alive(b),
        `both replicas are still running; stderr: ${a.stderr().slice(0, 600)}${b.stderr().slice(0, 600)}`,
      );
      assertSucceededOrUnavailable(answers);

      await healthy(a.url);
      await healthy(b.url);
      const after = await Promise.all(burst([a.url, b.url], 'after-terminate', 16));
      assert.deepEqual(
        after.filter((x) => x.status !== 200 && x.status !== 201).map((x) => `${x.path}: ${x.status}`),
        [],
        'every request succeeds again',
      );

      // The job workers met the dead connections too (their claims failed): a job queued now still runs to its end.
      await terminateBackends();
      await healthy(a.url);
      await healthy(b.url);
      const queued = await api(b.url, 'POST', '/api/v1/gc', { dry_run: true, background: true });
      assert.equal(queued.status, 202, JSON.stringify(queued.body));
      const job = await eventually(
        'the garbage-collection job to finish',
        async () => {
          const shown = await api(a.url, 'GET', `/api/v1/jobs/${queued.body.id}`);
          return shown.body?.state === 'succeeded' || shown.body?.state === 'failed' ? shown.body : undefined;
        },
        30_000,
        100,
      );
      assert.equal(job.state, 'succeeded', JSON.stringify(job));
      assert.ok(alive(a) && alive(b), 'both replicas are still running');
    });

    it('answers 503 StorageUnavailable, and /readyz 503 naming the database, while connections are refused or black-holed; recovers by itself', async () => {
      const proxy: TcpFaultProxy = await startTcpFaultProxy(
        '127.0.0.1',
        Number(new URL(postgresUrl ?? '').port || 5432),
      );
      try {
        const through = new URL(database?.url ?? '');
        through.host = proxy.address;
        const c = await start('c', {
          ARCA_DATABASE_URL: through.href,
          ARCA_DATABASE_CONNECT_TIMEOUT_SECONDS: '1',
          ARCA_DATABASE_STATEMENT_TIMEOUT_SECONDS: '2',
        });
        await healthy(c.url);

        for (const fault of ['refuse', 'blackhole'] as const) {
          await proxy.set(fault);
          assertUnavailable(await Promise.all(burst([c.url], `${fault}-during`, 16)));
          const ready = await api(c.url, 'GET', '/readyz');
          assert.equal(ready.status, 503, `${fault}: /readyz ${JSON.stringify(ready.body)}`);
          assert.match(ready.body.checks.database, /^failing: .*metadata database/, JSON.stringify(ready.body));

          await proxy.set('pass');
          await healthy(c.url);
          const after = await Promise.all(burst([c.url], `${fault}-after`, 16));
          assert.deepEqual(
            after.filter((x) => x.status !== 200 && x.status !== 201).map((x) => `${x.path}: ${x.status}`),
            [],
            `every request succeeds again after ${fault}`,
          );
        }
        assert.ok(alive(c), `the replica is still running; stderr: ${c.stderr().slice(0, 600)}`);
      } finally {
        await proxy.close();
      }
    });
  },
);

describe('arca serve on SQLite when another connection holds the write lock', { timeout: 60_000 }, () => {
  let root: string;
  let server: ServeProcess | undefined;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'arca-db-busy-'));
    server = await spawnServe({
      ARCA_DATA_DIR: root,
      ARCA_ADMIN_TOKEN: token,
      ARCA_DATABASE_CONNECT_TIMEOUT_SECONDS: '1',
    });
  });

  after(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await rm(root, { recursive: true, force: true });
  });

  it('answers a write 503 StorageUnavailable while the lock is held, writes nothing, and takes it once released', async () => {
    const url = server?.url ?? '';
    const holder = new SQLite(join(root, 'arca.db'));
    try {
      holder.exec('BEGIN IMMEDIATE');
      const refused = await api(url, 'PUT', '/api/v1/registries/busy', { location: 'eastus' });
      assertUnavailable([refused]);
      assert.match(refused.body.error.message, /locked/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    assert.equal(
      (await api(url, 'GET', '/api/v1/registries/busy')).status,
      404,
      'the refused write left nothing behind',
    );
    const put = await api(url, 'PUT', '/api/v1/registries/busy', { location: 'eastus' });
    assert.equal(put.status, 202, JSON.stringify(put.body));
    await eventually('the registry to be created', async () =>
      (await api(url, 'GET', '/api/v1/registries/busy')).status === 200 ? true : undefined,
    );
    assert.ok(server !== undefined && alive(server));
  });
});
