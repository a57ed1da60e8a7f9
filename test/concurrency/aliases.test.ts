import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase } from '../../src/testing/databases.js';
import {
  expectStatus,
  processApi,
  spawnServe,
  type ProcessAnswer,
  type ServeProcess,
} from '../../src/testing/processes.js';
import { digestOf } from '../../src/testing/uploads.js';

// Races on aliases against real `arca serve` processes: two replicas on one fresh PostgreSQL database
// (requests alternate between them), and one process on SQLite. Every race runs a few bounded rounds
// in parallel lanes (one asset per lane); each invariant is checked on what the server shows afterwards.

const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];
const token = 'arca_concurrency_aliases_token_0123456789abcdef';
const registry = '/api/v1/registries/race';
const lanes = 6;
const rounds = 4;

type Answer = ProcessAnswer;

interface Cluster {
  urls: string[];
  stop(): Promise<void>;
}

const call = (url: string, method: string, path: string, body?: unknown, auth = token): Promise<Answer> =>
  processApi(auth, url, method, path, body);

const clusters: { name: string; skip: string | false; start(): Promise<Cluster> }[] = [
  {
    name: 'SQLite (one process)',
    skip: false,
    async start() {
      const root = await mkdtemp(join(tmpdir(), 'arca-race-sqlite-'));
      const server = await spawnServe({ ARCA_DATA_DIR: join(root, 'data'), ARCA_ADMIN_TOKEN: token });
      return {
        urls: [server.url],
        stop: async () => {
          await kill(server);
          await rm(root, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL (two replicas)',
    skip: postgresUrl ? false : 'ARCA_TEST_POSTGRES_URL is not set: the replicas need PostgreSQL',
    async start() {
      const root = await mkdtemp(join(tmpdir(), 'arca-race-pg-'));
      const database = await createPostgresDatabase(postgresUrl ?? '', 'arca_race_aliases');
      const config = join(root, 'arca.yaml');
      await writeFile(config, `regions:\n  eastus:\n    driver: fs\n    path: ${join(root, 'eastus')}\n`);
      const env = { ARCA_DATABASE_URL: database.url, ARCA_MODE: 'scale-out', ARCA_ADMIN_TOKEN: token };
      // One after the other: two processes starting on an empty database race to create the admin.
      const a = await spawnServe({ ...env, ARCA_DATA_DIR: join(root, 'a') }, ['--config', config]);
      const b = await spawnServe({ ...env, ARCA_DATA_DIR: join(root, 'b') }, ['--config', config]).catch(
        async (error: unknown) => {
          await kill(a);
          throw error;
        },
      );
      return {
        urls: [a.url, b.url],
        stop: async () => {
          await kill(a);
          await kill(b);
          await database.drop();
          await rm(root, { recursive: true, force: true });
        },
      };
    },
  },
];

async function kill(server: ServeProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

for (const cluster of clusters) {
  describe(`alias races on ${cluster.name}`, { skip: cluster.skip }, () => {
    let running: Cluster | undefined;
    let turn = 0;
    let approver = '';
    /** The next replica, round robin: racing requests land on different processes. */
    const next = (): string => {
      const urls = running?.urls ?? [];
      return urls[turn++ % urls.length] ?? '';
    };
    const api = (method: string, path: string, body?: unknown, auth?: string): Promise<Answer> =>
      call(next(), method, path, body, auth);

    /** Begins, uploads and (unless `commit` is false) commits one version with one small unique file. */
    async function version(model: string, label: string, commit = true): Promise<void> {
      const bytes = Buffer.from(`${model}:${label}:${Math.random()}`);
      const begin = await api('POST', `${model}/versions`, {
        version: label,
        files: [{ path: 'w', size: bytes.length, digest: digestOf(bytes) }],
      });
      expectStatus(begin, 201, `begin ${label}`);
      for (const missing of begin.body.missing as { digest: string }[]) {
        const url = next();
        const start = await call(url, 'POST', begin.body.upload_url);
        expectStatus(start, 202, 'upload start');
        const location = start.headers.get('location') ?? '';
        expectStatus(await call(url, 'PATCH', location, bytes), 202, 'upload chunk');
        expectStatus(
          await call(url, 'PUT', `${location}?digest=${missing.digest}`, Buffer.alloc(0)),
          201,
          'upload finish',
        );
      }
      if (commit) expectStatus(await api('POST', `${model}/versions/${label}/commit`), 200, `commit ${label}`);
    }

    async function aliasVersion(model: string, alias: string): Promise<string | undefined> {
      const shown = await api('GET', `${model}/aliases/${alias}`);
      if (shown.status === 404) return undefined;
      expectStatus(shown, 200, `alias ${alias}`);
      return shown.body.version as string;
    }

    async function versionState(model: string, label: string): Promise<string | undefined> {
      const shown = await api('GET', `${model}/versions/${label}`);
      return shown.status === 404 ? undefined : (shown.body.state as string);
    }

    type Move = { from_version: string | null; to_version: string | null };

    /** Asserts the history is a chain (newest first): each entry's `from` is the entry before's `to`. */
    async function assertChain(model: string, alias: string, current: string | undefined): Promise<Move[]> {
      const history = await api('GET', `${model}/aliases/${alias}/history`);
      expectStatus(history, 200, `history of ${alias}`);
      const moves = history.body.value as Move[];
      assert.ok(moves.length > 0, `${alias} has a history`);
      assert.equal(moves[0]?.to_version ?? undefined, current, `${alias}: the newest entry names where it points now`);
      const broken = moves.filter((m, i) => i + 1 < moves.length && m.from_version !== moves[i + 1]?.to_version);
      assert.equal(
        broken.length,
        0,
        `${alias}: ${broken.length} of ${moves.length} entries do not start where the one before ended: ${JSON.stringify(moves)}`,
      );
      assert.equal(moves.at(-1)?.from_version, null, `${alias}: the first entry creates the alias`);
      return moves;
    }

    /** Runs `lane` for each of the lanes at once (bounded: `lanes` in flight, each a few requests). */
    const inLanes = (lane: (i: number) => Promise<void>): Promise<unknown> =>
      Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));

    before(async () => {
      running = await cluster.start();
      const put = await api('PUT', registry, { location: 'eastus' });
      expectStatus(put, 202, 'create the registry');
      for (let i = 0; i < 100; i++) {
        const op = await api('GET', put.headers.get('location') ?? '');
        if (op.body?.status === 'Succeeded') break;
        assert.notEqual(op.body?.status, 'Failed', JSON.stringify(op.body));
        await new Promise((r) => setTimeout(r, 50));
      }
      const user = await api('PUT', '/api/v1/users/release', {});
      assert.ok([200, 201].includes(user.status), JSON.stringify(user.body));
      expectStatus(
        await api('POST', '/api/v1/role-assignments', { role: 'Approver', user: 'release', registry: 'race' }),
        201,
        'approver role',
      );
      const minted = await api('POST', '/api/v1/users/release/tokens', { name: 't' });
      approver = minted.body.token as string;
    });
    after(async () => {
      await running?.stop();
    });

    it('never leaves an alias on an archived version when a PUT races an archive of its target (one wins: 200 + 409 VersionInUse, or 200 + 400 AliasTargetInvalid)', async () => {
      await inLanes(async (lane) => {
        const model = `${registry}/models/put-archive-${lane}`;
        await version(model, '0');
        expectStatus(await api('PUT', `${model}/aliases/prod`, { version: '0' }), 200, 'first prod');
        for (let round = 1; round <= rounds; round++) {
          await version(model, String(round));
          const [put, archive] = await Promise.all([
            api('PUT', `${model}/aliases/prod`, { version: String(round) }),
            api('POST', `${model}/versions/${round}/archive`),
          ]);
          const what = `lane ${lane} round ${round}: PUT ${put.status} ${JSON.stringify(put.body?.error ?? '')}, archive ${archive.status} ${JSON.stringify(archive.body?.error ?? '')}`;
          const putWon = put.status === 200 && archive.status === 409 && archive.body.error.code === 'VersionInUse';
          const archiveWon =
            archive.status === 200 && put.status === 400 && put.body.error.code === 'AliasTargetInvalid';
          assert.ok(putWon || archiveWon, what);
          const target = await aliasVersion(model, 'prod');
          assert.equal(await versionState(model, target ?? ''), 'ready', `${what}: prod names ${target}`);
        }
        await assertChain(model, 'prod', await aliasVersion(model, 'prod'));
      });
    });

    it('never moves a protected alias onto an archived version when an approval races an archive (approve 200 + archive 409, or archive 200 + approve 400 and the request stays pending)', async () => {
      await inLanes(async (lane) => {
        const model = `${registry}/models/approve-archive-${lane}`;
        await version(model, '0');
        expectStatus(
          await api('PUT', `${model}/aliases/production`, { version: '0', protected: true }),
          200,
          'protect production',
        );
        for (let round = 1; round <= rounds; round++) {
          await version(model, String(round));
          const request = await api('POST', `${model}/aliases/production/approvals`, { version: String(round) });
          expectStatus(request, 201, 'request');
          const [approve, archive] = await Promise.all([
            api('POST', `${model}/approvals/${request.body.id}/approve`, {}, approver),
            api('POST', `${model}/versions/${round}/archive`),
          ]);
          const what = `lane ${lane} round ${round}: approve ${approve.status} ${JSON.stringify(approve.body?.error ?? '')}, archive ${archive.status} ${JSON.stringify(archive.body?.error ?? '')}`;
          const approveWon =
            approve.status === 200 && archive.status === 409 && archive.body.error.code === 'VersionInUse';
          const archiveWon =
            archive.status === 200 && approve.status === 400 && approve.body.error.code === 'AliasTargetInvalid';
          assert.ok(approveWon || archiveWon, what);
          if (archiveWon) {
            const pending = await api('GET', `${model}/approvals?state=pending`);
            assert.ok(
              (pending.body.value as { id: string }[]).some((a) => a.id === request.body.id),
              `${what}: the refused request stays pending`,
            );
          }
          const target = await aliasVersion(model, 'production');
          assert.equal(await versionState(model, target ?? ''), 'ready', `${what}: production names ${target}`);
        }
        await assertChain(model, 'production', await aliasVersion(model, 'production'));
      });
    });

    it('answers a non-forced DELETE racing an alias PUT with 409 VersionInUse or refuses the PUT: the alias never vanishes and every move is in its history', async () => {
      await inLanes(async (lane) => {
        const model = `${registry}/models/put-delete-${lane}`;
        await version(model, '0');
        expectStatus(await api('PUT', `${model}/aliases/stable`, { version: '0' }), 200, 'first stable');
        for (let round = 1; round <= rounds; round++) {
          await version(model, String(round));
          const [put, del] = await Promise.all([
            api('PUT', `${model}/aliases/stable`, { version: String(round) }),
            api('DELETE', `${model}/versions/${round}`),
          ]);
          const what = `lane ${lane} round ${round}: PUT ${put.status} ${JSON.stringify(put.body?.error ?? '')}, DELETE ${del.status} ${JSON.stringify(del.body?.error ?? '')}`;
          const putWon = put.status === 200 && del.status === 409 && del.body.error.code === 'VersionInUse';
          const deleteWon = del.status === 204 && put.status === 404 && put.body.error.code === 'VersionNotFound';
          assert.ok(putWon || deleteWon, what);
          const target = await aliasVersion(model, 'stable');
          assert.ok(target !== undefined, `${what}: stable still exists`);
          assert.equal(await versionState(model, target), 'ready', `${what}: stable names ${target}`);
        }
        await assertChain(model, 'stable', await aliasVersion(model, 'stable'));
      });
    });

    it('keeps `latest` on the newest ready version when the versions it falls back to are archived and deleted at once, every fallback in its history', async () => {
      await inLanes(async (lane) => {
        const model = `${registry}/models/fallback-${lane}`;
        for (const label of ['1', '2', '3', '4', '5', '6']) await version(model, label);
        const answers = await Promise.all([
          api('POST', `${model}/versions/6/archive`),
          api('POST', `${model}/versions/5/archive`),
          api('DELETE', `${model}/versions/4`),
          api('POST', `${model}/versions/3/archive`),
        ]);
        assert.deepEqual(
          answers.map((a) => a.status),
          [200, 200, 204, 200],
          JSON.stringify(answers.map((a) => a.body)),
        );
        const latest = await aliasVersion(model, 'latest');
        assert.equal(latest, '2', `lane ${lane}: latest falls back past every version archived or deleted`);
        await assertChain(model, 'latest', latest);
      });
    });

    it('keeps alias history a strict chain under 16 concurrent moves, so rollback returns to the version named before the last move', async () => {
      const model = `${registry}/models/moves`;
      const labels = ['1', '2', '3', '4', '5'];
      for (const label of labels) await version(model, label);
      // Made first: this race is about moves of an alias that exists (its creation is the last test's).
      expectStatus(await api('PUT', `${model}/aliases/champion`, { version: '1' }), 200, 'first champion');
      for (let round = 0; round < 3; round++) {
        const moves = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            api('PUT', `${model}/aliases/champion`, { version: labels[(round + i) % labels.length] }),
          ),
        );
        assert.deepEqual(
          moves.map((m) => m.status),
          moves.map(() => 200),
          JSON.stringify(moves.filter((m) => m.status !== 200).map((m) => m.body)),
        );
        const current = await aliasVersion(model, 'champion');
        const history = await assertChain(model, 'champion', current);
        const rollback = await api('POST', `${model}/aliases/champion/rollback`, { reason: 'race' });
        expectStatus(rollback, 200, 'rollback');
        assert.equal(
          await aliasVersion(model, 'champion'),
          history[0]?.from_version ?? undefined,
          'rollback returns to the version named before the last move',
        );
        await assertChain(model, 'champion', await aliasVersion(model, 'champion'));
      }
    });

    it('commits the first versions of a new asset concurrently: every commit 200 and ready, one `latest` on the newest, whose history is a chain', async () => {
      for (let round = 0; round < 3; round++) {
        const model = `${registry}/models/first-${round}`;
        const labels = Array.from({ length: 8 }, (_, i) => `v${i + 1}`);
        for (const label of labels) await version(model, label, false);
        const commits = await Promise.all(labels.map((label) => api('POST', `${model}/versions/${label}/commit`)));
        assert.deepEqual(
          commits.map((c) => c.status),
          commits.map(() => 200),
          JSON.stringify(commits.filter((c) => c.status !== 200).map((c) => c.body)),
        );
        const committed = new Map<string, string>();
        for (const label of labels) {
          const shown = await api('GET', `${model}/versions/${label}`);
          assert.equal(shown.body.state, 'ready', `${model} ${label}`);
          committed.set(label, shown.body.committed_at as string);
        }
        const latest = await aliasVersion(model, 'latest');
        assert.ok(latest !== undefined && labels.includes(latest), `latest names one of the versions (${latest})`);
        assert.equal(
          committed.get(latest),
          [...committed.values()].sort().at(-1),
          `latest names the newest committed version: ${JSON.stringify([...committed])}`,
        );
        const history = await assertChain(model, 'latest', latest);
        assert.ok(history.length <= labels.length, `at most one move per commit (${history.length})`);
      }
    });

    it('creates a new alias once when concurrent PUTs race to make it: every PUT 200, one alias, a history that starts at its creation', async () => {
      const model = `${registry}/models/new-alias`;
      const labels = ['1', '2', '3'];
      for (const label of labels) await version(model, label);
      for (let round = 0; round < 3; round++) {
        const alias = `fresh-${round}`;
        const puts = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            api('PUT', `${model}/aliases/${alias}`, { version: labels[i % labels.length] }),
          ),
        );
        assert.deepEqual(
          puts.map((p) => p.status),
          puts.map(() => 200),
          JSON.stringify(puts.filter((p) => p.status !== 200).map((p) => p.body)),
        );
        const current = await aliasVersion(model, alias);
        assert.ok(current !== undefined && labels.includes(current), `${alias} names one of the versions (${current})`);
        const history = await assertChain(model, alias, current);
        assert.equal(history.filter((m) => m.from_version === null).length, 1, `${alias} was created once`);
      }
    });
  });
}
