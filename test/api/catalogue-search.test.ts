import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

interface Hit {
  type: string;
  scope: { kind: string; name: string };
  asset_type?: string;
  name?: string;
  alias?: string;
  version?: string;
  matched: string;
  tag?: string;
}

for (const dialect of testDialects) {
  describe(`GET /api/v1/search on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const tokens: Record<string, string> = {};

    async function search(q: string, token?: string, extra = ''): Promise<{ status: number; body: any }> {
      const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
      return server.api('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, undefined, headers);
    }
    const names = (hits: Hit[]) => hits.map((h) => `${h.type}:${h.scope.name}/${h.name ?? ''}${h.alias ?? ''}`);

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const [path, body] of [
        [
          '/api/v1/registries/vision-reg',
          { location: 'eastus', description: 'Shared models', tags: { team: 'Vision' } },
        ],
        ['/api/v1/workspaces/team-a', { location: 'eastus' }],
        ['/api/v1/workspaces/team-b', { location: 'eastus', description: 'Secret projects' }],
      ] as const) {
        const put = await server.api('PUT', path, body);
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
      const file = [{ path: 'w', bytes: Buffer.from('w') }];
      await createVersion(server, '/api/v1/workspaces/team-a/models/fraud', file);
      await server.api('PATCH', '/api/v1/workspaces/team-a/models/fraud', {
        description: 'Detects card FRAUD at checkout',
        tags: { stage: 'Production-EU' },
      });
      await server.api('PUT', '/api/v1/workspaces/team-a/models/fraud/aliases/champion', { version: '1' });
      await createVersion(server, '/api/v1/workspaces/team-b/models/hidden-gem', file);
      await server.api('PATCH', '/api/v1/workspaces/team-b/models/hidden-gem', { tags: { stage: 'production-us' } });
      await server.api('PUT', '/api/v1/users/alice', {});
      const grant = await server.api('POST', '/api/v1/role-assignments', {
        role: 'Reader',
        user: 'alice',
        workspace: 'team-a',
      });
      assert.equal(grant.status, 201, JSON.stringify(grant.body));
      tokens['alice'] = (await server.api('POST', '/api/v1/users/alice/tokens', { name: 't' })).body.token;
      tokens['narrow-ro'] = (
        await server.api('POST', '/api/v1/users/admin/tokens', { name: 'n', workspace: 'team-a', read_only: true })
      ).body.token;
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('finds assets by a tag value, case-insensitively, and says which tag matched', async () => {
      const res = await search('PRODUCTION');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(names(res.body.value), ['asset:team-a/fraud', 'asset:team-b/hidden-gem']);
      assert.equal(res.body.value[0].matched, 'tag');
      assert.equal(res.body.value[0].tag, 'stage=Production-EU');
      assert.equal(res.body.value[0].reference, 'arca://workspaces/team-a/models/fraud');
    });

    it('finds assets by description, scopes by description and tag, and aliases by name', async () => {
      assert.deepEqual(names((await search('card fraud')).body.value), ['asset:team-a/fraud']);
      const scopes = (await search('vision')).body.value as Hit[];
      assert.deepEqual(
        scopes.map((h) => [h.type, h.scope.name, h.matched]),
        [['scope', 'vision-reg', 'name']],
      );
      assert.deepEqual(
        ((await search('secret')).body.value as Hit[]).map((h) => [h.scope.name, h.matched]),
        [['team-b', 'description']],
      );
      const alias = ((await search('champ')).body.value as Hit[])[0];
      assert.deepEqual(
        [alias?.type, alias?.name, alias?.alias, alias?.version],
        ['version-alias', 'fraud', 'champion', '1'],
      );
    });

    it('never shows a user names from a workspace they cannot read', async () => {
      for (const token of [tokens['alice'], tokens['narrow-ro']]) {
        const res = await search('e', token, '&top=200');
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const scopesSeen = new Set((res.body.value as Hit[]).map((h) => h.scope.name));
        assert.deepEqual([...scopesSeen], ['team-a']);
        assert.deepEqual(names((await search('production', token)).body.value), ['asset:team-a/fraud']);
        assert.deepEqual((await search('secret', token)).body.value, []);
      }
    });

    it('pages across scopes, assets and aliases with a cursor, each hit once', async () => {
      const all = (await search('a', undefined, '&top=200')).body.value as Hit[];
      assert.ok(all.length >= 5);
      const paged: Hit[] = [];
      let cursor: string | undefined;
      do {
        const res = await search('a', undefined, `&top=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.ok(res.body.value.length <= 2);
        paged.push(...res.body.value);
        cursor = res.body.next;
      } while (cursor !== undefined);
      assert.deepEqual(names(paged), names(all));
    });

    it('takes % and _ as the characters they are', async () => {
      assert.deepEqual((await search('%')).body.value, []);
      assert.deepEqual((await search('_')).body.value, []);
    });

    it('refuses an empty, blank or too long q with InvalidParameter naming q', async () => {
      for (const q of ['', '   ', 'x'.repeat(201)]) {
        const res = await search(q);
        assert.equal(res.status, 400, q);
        assert.equal(res.body.error.code, 'InvalidParameter');
        assert.equal(res.body.error.target, 'q');
      }
      const missing = await server.api('GET', '/api/v1/search');
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error.code, 'InvalidParameter');
    });

    it('refuses a cursor of another search', async () => {
      const first = await search('a', undefined, '&top=1');
      assert.ok(first.body.next);
      const res = await search('b', undefined, `&cursor=${first.body.next}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'CursorInvalid');
    });
  });
}
