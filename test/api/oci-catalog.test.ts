import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { ociRequest, pushImage } from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion } from '../../src/testing/uploads.js';

function basic(token: string): string {
  return `Basic ${Buffer.from(`anyone:${token}`).toString('base64')}`;
}

/** Every repository an admin sees, in byte order: `alpha-b/…` sorts before `alpha/…` ('-' < '/'). */
const everything = [
  'alpha-b/models/m',
  'alpha/data/x',
  'alpha/environments/base',
  'alpha/models/fraud',
  'elsewhere/models/own',
  'team-ws/models/secret',
];

for (const dialect of testDialects) {
  describe(`OCI /v2/_catalog on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const tokens: Record<string, string> = {};

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const scopes = [
        ['registries', 'alpha'],
        ['registries', 'alpha-b'],
        ['workspaces', 'team-ws'],
        ['workspaces', 'elsewhere'],
      ] as const;
      for (const [family, name] of scopes) {
        const put = await server.api('PUT', `/api/v1/${family}/${name}`, { location: 'eastus' });
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
      await createVersion(server, '/api/v1/registries/alpha/models/Fraud', [
        { path: 'w', bytes: Buffer.from('fraud') },
      ]);
      await createVersion(server, '/api/v1/registries/alpha/data/x', [{ path: 'd', bytes: Buffer.from('x') }]);
      await pushImage(server, 'alpha/environments/base', '1.0', [bytesOf(50, 1)]);
      await createVersion(server, '/api/v1/registries/alpha-b/models/m', [{ path: 'w', bytes: Buffer.from('m') }]);
      await createVersion(server, '/api/v1/workspaces/team-ws/models/secret', [
        { path: 'w', bytes: Buffer.from('secret') },
      ]);
      await createVersion(server, '/api/v1/workspaces/elsewhere/models/own', [
        { path: 'w', bytes: Buffer.from('own') },
      ]);
      for (const [user, role, scope] of [
        ['reader', 'Reader', { registry: 'alpha' }],
        ['stranger', 'Owner', { workspace: 'elsewhere' }],
      ] as const) {
        await server.api('PUT', `/api/v1/users/${user}`, {});
        assert.equal((await server.api('POST', '/api/v1/role-assignments', { role, user, ...scope })).status, 201);
        tokens[user] = (await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 't' })).body.token;
      }
      tokens['narrow'] = (
        await server.api('POST', '/api/v1/users/admin/tokens', { name: 'narrow', registry: 'alpha-b' })
      ).body.token;
      tokens['read-only'] = (
        await server.api('POST', '/api/v1/users/admin/tokens', { name: 'ro', read_only: true })
      ).body.token;
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('lists every repository the caller can read, in byte order, with lowercase names as /v2/ reaches them', async () => {
      const res = await ociRequest(server, 'GET', '/v2/_catalog');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { repositories: everything });
      assert.equal(res.headers.get('link'), null);
      // Each listed name is a repository the caller can pull from.
      assert.equal((await ociRequest(server, 'GET', `/v2/${everything[3] ?? ''}/tags/list`)).status, 200);
    });

    it('pages with n and last, and a Link header to the next page until the last one', async () => {
      const pages: string[][] = [];
      let path: string | undefined = '/v2/_catalog?n=2';
      while (path !== undefined) {
        const res = await ociRequest(server, 'GET', path);
        assert.equal(res.status, 200, res.text);
        pages.push(res.json.repositories);
        path = /^<([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '')?.[1];
      }
      assert.deepEqual(pages, [everything.slice(0, 2), everything.slice(2, 4), everything.slice(4)]);
      const first = await ociRequest(server, 'GET', '/v2/_catalog?n=2');
      assert.equal(first.headers.get('link'), '</v2/_catalog?n=2&last=alpha%2Fdata%2Fx>; rel="next"');
      assert.deepEqual(
        (await ociRequest(server, 'GET', '/v2/_catalog?last=alpha%2Fmodels%2Ffraud')).json.repositories,
        everything.slice(4),
      );
      assert.deepEqual((await ociRequest(server, 'GET', '/v2/_catalog?n=0')).json.repositories, []);
    });

    it('lists only the registries and workspaces the role grants: a reader of one registry sees its repositories alone', async () => {
      const res = await ociRequest(server, 'GET', '/v2/_catalog', { auth: basic(tokens['reader'] ?? '') });
      assert.deepEqual(res.json.repositories, ['alpha/data/x', 'alpha/environments/base', 'alpha/models/fraud']);
    });

    it('shows a principal of another workspace none of ours', async () => {
      const res = await ociRequest(server, 'GET', '/v2/_catalog', { auth: basic(tokens['stranger'] ?? '') });
      assert.deepEqual(res.json.repositories, ['elsewhere/models/own']);
    });

    it('applies a narrowed token (only its registry), and a read-only one (everything the role reads)', async () => {
      assert.deepEqual(
        (await ociRequest(server, 'GET', '/v2/_catalog', { auth: basic(tokens['narrow'] ?? '') })).json.repositories,
        ['alpha-b/models/m'],
      );
      assert.deepEqual(
        (await ociRequest(server, 'GET', '/v2/_catalog', { auth: basic(tokens['read-only'] ?? '') })).json.repositories,
        everything,
      );
    });

    it('answers an anonymous request 401 with a challenge for registry:catalog:*, and serves the token that challenge leads to', async () => {
      const anonymous = await ociRequest(server, 'GET', '/v2/_catalog', { auth: null });
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.json.errors[0].code, 'UNAUTHORIZED');
      assert.match(anonymous.headers.get('www-authenticate') ?? '', /scope="registry:catalog:\*"/);
      const issued = await ociRequest(server, 'GET', '/v2/token?service=arca&scope=registry:catalog:*', {
        auth: basic(tokens['reader'] ?? ''),
      });
      assert.equal(issued.status, 200);
      const res = await ociRequest(server, 'GET', '/v2/_catalog', { auth: `Bearer ${issued.json.token}` });
      assert.deepEqual(res.json.repositories, ['alpha/data/x', 'alpha/environments/base', 'alpha/models/fraud']);
    });

    it('refuses an n above 1000, below 0 or not a number with 400 in the OCI error format', async () => {
      for (const n of ['1001', '-1', 'ten', '2.5']) {
        const res = await ociRequest(server, 'GET', `/v2/_catalog?n=${n}`);
        assert.equal(res.status, 400, n);
        assert.equal(res.json.errors[0].code, 'UNSUPPORTED', n);
        assert.equal(res.json.errors[0].detail.arcaCode, 'InvalidParameter', n);
        assert.match(res.json.errors[0].message, /"n"/, n);
      }
      const long = await ociRequest(server, 'GET', `/v2/_catalog?last=${'a'.repeat(256)}`);
      assert.equal(long.status, 400);
      assert.equal(long.json.errors[0].code, 'UNSUPPORTED');
    });
  });
}
