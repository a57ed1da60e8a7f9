import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { expectStatus, processApi, spawnServe, type ServeProcess } from '../../src/testing/processes.js';

// Each `arca serve` keeps the registries it showed, with the version each was read at. Two replicas on
// one PostgreSQL database: every change one of them acknowledges shows on the very next read of the
// other, which has the registry kept from a read just before.

const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];
const token = 'arca_concurrency_scope_show_token_0123456789';
const registry = '/api/v1/registries/shown';

describe(
  'a registry shown by one replica right after another changed it',
  {
    skip: postgresUrl ? false : 'ARCA_TEST_POSTGRES_URL is not set: the replicas need PostgreSQL',
  },
  () => {
    let root = '';
    let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
    const replicas: ServeProcess[] = [];
    const on = (replica: number, method: string, path: string, body?: unknown) =>
      processApi(token, replicas[replica]?.url ?? '', method, path, body);
    /** Shows the registry on replica 1, which keeps it (and showed it just before the change on replica 0). */
    const shownByOther = async () => {
      const shown = await on(1, 'GET', registry);
      expectStatus(shown, 200, 'show on the other replica');
      return shown.body;
    };
    const finished = (location: string | null) =>
      eventually(`operation ${location}`, async () => {
        const operation = await on(0, 'GET', location ?? '');
        return operation.body.status === 'Running' ? undefined : operation.body;
      });

    before(async () => {
      root = await mkdtemp(join(tmpdir(), 'arca-scope-show-'));
      database = await createPostgresDatabase(postgresUrl ?? '', 'arca_scope_show');
      const config = join(root, 'arca.yaml');
      await writeFile(
        config,
        `regions:\n  eastus:\n    driver: fs\n    path: ${join(root, 'eastus')}\n  westus:\n    driver: fs\n    path: ${join(root, 'westus')}\n`,
      );
      const env = { ARCA_DATABASE_URL: database.url, ARCA_MODE: 'scale-out', ARCA_ADMIN_TOKEN: token };
      // One after the other: two processes starting on an empty database race to create the admin.
      for (const name of ['a', 'b'])
        replicas.push(await spawnServe({ ...env, ARCA_DATA_DIR: join(root, name) }, ['--config', config]));
      const put = await on(0, 'PUT', registry, { location: 'eastus', tags: { team: 'vision' } });
      expectStatus(put, 202, 'create');
      assert.equal((await finished(put.headers.get('location'))).status, 'Succeeded');
    });

    after(async () => {
      for (const replica of replicas) {
        replica.child.kill('SIGKILL');
        await replica.exited;
      }
      await database?.drop();
      await rm(root, { recursive: true, force: true });
    });

    it('shows new tags and a new description', async () => {
      assert.deepEqual((await shownByOther()).tags, { team: 'vision' });
      expectStatus(await on(0, 'PATCH', registry, { tags: { stage: 'prod' } }), 200, 'patch tags');
      assert.deepEqual((await shownByOther()).tags, { stage: 'prod', team: 'vision' });
      expectStatus(await on(0, 'PATCH', registry, { description: 'the shown one' }), 200, 'patch description');
      assert.equal((await shownByOther()).description, 'the shown one');
    });

    it('shows a region being added, then added, then removed', async () => {
      const regions = (body: any) =>
        body.replication_locations.map((r: any) => `${r.location}:${r.provisioning_state}`) as string[];
      assert.deepEqual(regions(await shownByOther()), ['eastus:Succeeded']);
      const added = await on(0, 'PATCH', registry, { add_replication_locations: [{ location: 'westus' }] });
      expectStatus(added, 202, 'add a region');
      const adding = regions(await shownByOther());
      assert.equal(adding.length, 2, `the new region shows at once: ${adding.join(', ')}`);
      assert.equal((await finished(added.headers.get('location'))).status, 'Succeeded');
      assert.deepEqual(regions(await shownByOther()), ['eastus:Succeeded', 'westus:Succeeded']);
      const removed = await on(0, 'PATCH', registry, { remove_replication_locations: ['westus'] });
      expectStatus(removed, 202, 'remove a region');
      assert.equal((await finished(removed.headers.get('location'))).status, 'Succeeded');
      assert.deepEqual(regions(await shownByOther()), ['eastus:Succeeded']);
    });

    it('shows a registry deleted and created again under the same name as the new one', async () => {
      const before = await shownByOther();
      const deleted = await on(0, 'DELETE', registry);
      expectStatus(deleted, 202, 'delete');
      assert.equal((await finished(deleted.headers.get('location'))).status, 'Succeeded');
      expectStatus(await on(1, 'GET', registry), 404, 'show once deleted');
      const put = await on(0, 'PUT', registry, { location: 'eastus', tags: { team: 'speech' } });
      expectStatus(put, 202, 'create again');
      assert.equal((await finished(put.headers.get('location'))).status, 'Succeeded');
      const again = await shownByOther();
      assert.notEqual(again.id, before.id);
      assert.deepEqual([again.tags, again.description], [{ team: 'speech' }, null]);
    });
  },
);
