import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

interface HistoryEntry {
  action: string;
  from_version: string | null;
  to_version: string | null;
  at: string;
  by: string;
}

for (const dialect of testDialects) {
  describe(`alias protection is visible: GET alias and its history on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let release: { authorization: string };
    const model = '/api/v1/registries/shared/models/fraud';
    const history = async (alias: string) => {
      const response = await server.api('GET', `${model}/aliases/${alias}/history`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.value as HistoryEntry[];
    };
    const entries = (moves: HistoryEntry[]) =>
      moves.map((m) => `${m.action} ${m.from_version ?? '-'}→${m.to_version ?? '-'} by ${m.by}`);

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/registries/shared', { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      await server.api('PUT', '/api/v1/users/release', {});
      assert.equal(
        (
          await server.api('POST', '/api/v1/role-assignments', {
            role: 'Approver',
            user: 'release',
            registry: 'shared',
          })
        ).status,
        201,
      );
      release = {
        authorization: `Bearer ${(await server.api('POST', '/api/v1/users/release/tokens', { name: 't' })).body.token}`,
      };
      for (const bytes of ['v1', 'v2', 'v3'])
        await createVersion(server, model, [{ path: 'w', bytes: Buffer.from(bytes) }]);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('GET …/aliases/production answers protected: true after alias set --protected true, and names the alias', async () => {
      assert.equal(
        (await server.api('PUT', `${model}/aliases/production`, { version: '2', protected: true })).status,
        200,
      );
      const shown = await server.api('GET', `${model}/aliases/production`);
      assert.equal(shown.status, 200);
      assert.deepEqual(
        { alias: shown.body.alias, protected: shown.body.protected, version: shown.body.version },
        { alias: 'production', protected: true, version: '2' },
      );
    });

    it('GET of an unprotected alias and of latest answers protected: false', async () => {
      assert.equal((await server.api('PUT', `${model}/aliases/staging`, { version: '1' })).status, 200);
      assert.equal((await server.api('GET', `${model}/aliases/staging`)).body.protected, false);
      const latest = await server.api('GET', `${model}/aliases/latest`);
      assert.deepEqual(
        { alias: latest.body.alias, protected: latest.body.protected, version: latest.body.version },
        { alias: 'latest', protected: false, version: '3' },
      );
    });

    it('history records who protected the alias and when, after the move that created it', async () => {
      const moves = await history('production');
      assert.deepEqual(entries(moves), ['protect 2→2 by admin', 'move -→2 by admin']);
      assert.ok(moves[0] !== undefined && !Number.isNaN(Date.parse(moves[0].at)));
    });

    it('records unprotecting (by an approver) as its own entry; setting the same protection again records nothing', async () => {
      assert.equal(
        (await server.api('PUT', `${model}/aliases/production`, { version: '2', protected: true })).status,
        200,
      );
      assert.equal((await history('production')).length, 2, 'protecting a protected alias changes nothing');
      const unprotect = await server.api(
        'PUT',
        `${model}/aliases/production`,
        { version: '2', protected: false },
        release,
      );
      assert.equal(unprotect.status, 200, JSON.stringify(unprotect.body));
      assert.equal((await server.api('GET', `${model}/aliases/production`)).body.protected, false);
      assert.deepEqual(entries(await history('production')), [
        'unprotect 2→2 by release',
        'protect 2→2 by admin',
        'move -→2 by admin',
      ]);
    });

    it('a move and a protection in one request are two entries, and rollback still returns to the previous version', async () => {
      assert.equal(
        (await server.api('PUT', `${model}/aliases/production`, { version: '3', protected: true }, release)).status,
        200,
      );
      assert.deepEqual(entries(await history('production')).slice(0, 2), [
        'protect 3→3 by release',
        'move 2→3 by release',
      ]);
      const rollback = await server.api('POST', `${model}/aliases/production/rollback`, {}, release);
      assert.equal(rollback.status, 200, JSON.stringify(rollback.body));
      assert.equal(
        rollback.body.aliases.production,
        '2',
        "back to the version before the last move, not to the protection entry's",
      );
      const shown = await server.api('GET', `${model}/aliases/production`);
      assert.deepEqual(
        { version: shown.body.version, protected: shown.body.protected },
        { version: '2', protected: true },
      );
    });
  });
}
