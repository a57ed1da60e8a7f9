import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { ociRequest, pushImage } from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf } from '../../src/testing/uploads.js';

// Issue 12, item 5: a protected alias could be dropped by force-deleting its version, and an OCI push
// of an existing version's tag replaced that version's manifest under the alias.
for (const dialect of testDialects) {
  describe(`protected aliases survive every delete and push on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const model = '/api/v1/registries/shared/models/fraud';
    const environment = '/api/v1/registries/shared/environments/env';
    let modelManifest = '';
    let envManifest = '';
    let publisher: { authorization: string };

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/registries/shared', { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
      await createVersion(server, model, [{ path: 'weights.bin', bytes: Buffer.from('the approved weights') }]);
      await createVersion(server, model, [{ path: 'weights.bin', bytes: Buffer.from('a candidate') }]);
      assert.equal(
        (await server.api('PUT', `${model}/aliases/production`, { version: '1', protected: true })).status,
        200,
      );
      modelManifest = (await server.api('GET', `${model}/versions/1`)).body.manifest_digest;
      envManifest = await pushImage(server, 'shared/environments/env', '1', [bytesOf(300, 1)]);
      await pushImage(server, 'shared/environments/env', '2', [bytesOf(300, 2)]);
      assert.equal(
        (await server.api('PUT', `${environment}/aliases/production`, { version: '1', protected: true })).status,
        200,
      );
      // A publisher may delete versions (and force) but not approve: the one the protection is for.
      await server.api('PUT', '/api/v1/users/publisher', {});
      await server.api('POST', '/api/v1/role-assignments', {
        role: 'AssetPublisher',
        user: 'publisher',
        registry: 'shared',
      });
      publisher = {
        authorization: `Bearer ${(await server.api('POST', '/api/v1/users/publisher/tokens', { name: 't' })).body.token}`,
      };
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('refuses to force-delete the version a protected alias points at: 409 VersionProtected, alias, protection and bytes intact', async () => {
      for (const who of [publisher, { authorization: `Bearer ${server.token}` }]) {
        const del = await server.api('DELETE', `${model}/versions/1?force=true`, undefined, who);
        assert.equal(del.status, 409);
        assert.equal(del.body.error.code, 'VersionProtected');
        assert.match(del.body.error.message, /production/);
      }
      const alias = await server.api('GET', `${model}/aliases/production`);
      assert.equal(alias.status, 200);
      assert.equal(alias.body.version, '1');
      // Still protected: the publisher cannot set it freely.
      const move = await server.api('PUT', `${model}/aliases/production`, { version: '2' }, publisher);
      assert.equal(move.status, 403);
      assert.equal(move.body.error.code, 'AliasProtected');
      const file = await fetch(`${server.url}${model}/versions/1/files/weights.bin`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(await file.text(), 'the approved weights');
    });

    it('refuses the same delete over /v2/ for an environment (by tag and by digest): DENIED, the version stays', async () => {
      for (const reference of ['1', envManifest]) {
        const del = await ociRequest(server, 'DELETE', `/v2/shared/environments/env/manifests/${reference}`);
        assert.equal(del.status, 409, reference);
        assert.equal(del.json.errors[0].code, 'DENIED');
        assert.equal(del.json.errors[0].detail.arcaCode, 'VersionProtected');
      }
      assert.equal((await server.api('GET', `${environment}/aliases/production`)).body.version, '1');
      assert.equal(
        (await ociRequest(server, 'GET', '/v2/shared/environments/env/manifests/production')).headers.get(
          'docker-content-digest',
        ),
        envManifest,
      );
    });

    it('refuses a forced delete of the registry that holds the protected alias: 409 VersionProtected, nothing deleted', async () => {
      const del = await server.api('DELETE', '/api/v1/registries/shared?force=true');
      assert.equal(del.status, 409);
      assert.equal(del.body.error.code, 'VersionProtected');
      assert.equal((await server.api('GET', '/api/v1/registries/shared')).body.provisioning_state, 'Succeeded');
      assert.equal((await server.api('GET', `${model}/aliases/production`)).body.version, '1');
    });

    it('refuses an OCI push over env:1 (the version under the protected alias): 409 DENIED VersionImmutable, same bytes through REST and /v2/', async () => {
      const other = bytesOf(300, 3);
      const push = await pushImage(server, 'shared/environments/env', '1', [other]).then(
        () => undefined,
        (error: Error) => error.message,
      );
      assert.match(push ?? 'accepted', /answered 409: .*"code":"DENIED".*VersionImmutable/);
      assert.equal(
        (await ociRequest(server, 'GET', '/v2/shared/environments/env/manifests/1')).headers.get(
          'docker-content-digest',
        ),
        envManifest,
      );
      const pulled = await ociRequest(server, 'GET', '/v2/shared/environments/env/manifests/production');
      assert.equal(pulled.headers.get('docker-content-digest'), envManifest);
      assert.equal(digestOf(Buffer.from(pulled.text)), envManifest);
      assert.equal((await server.api('GET', `${environment}/versions/1`)).body.manifest_digest, envManifest);
    });

    it('refuses an OCI push over a model version made through the API: 409 VersionImmutable, files unchanged', async () => {
      const push = await pushImage(server, 'shared/models/fraud', '1', [Buffer.from('planted weights')]).then(
        () => undefined,
        (error: Error) => error.message,
      );
      assert.match(push ?? 'accepted', /answered 409: .*VersionImmutable/);
      assert.equal(
        (await ociRequest(server, 'GET', '/v2/shared/models/fraud/manifests/1')).headers.get('docker-content-digest'),
        modelManifest,
      );
      assert.equal(
        (await ociRequest(server, 'GET', '/v2/shared/models/fraud/manifests/production')).headers.get(
          'docker-content-digest',
        ),
        modelManifest,
      );
      const file = await fetch(`${server.url}${model}/versions/1/files/weights.bin`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(await file.text(), 'the approved weights');
    });

    it('refuses a push whose tag is the name of a protected alias (it would shadow the alias for pulls)', async () => {
      const push = await pushImage(server, 'shared/environments/env', 'production', [bytesOf(300, 4)]).then(
        () => undefined,
        (error: Error) => error.message,
      );
      assert.match(push ?? 'accepted', /answered 403: .*AliasProtected/);
      assert.equal(
        (await ociRequest(server, 'GET', '/v2/shared/environments/env/manifests/production')).headers.get(
          'docker-content-digest',
        ),
        envManifest,
      );
    });

    it('keeps pushing the identical manifest again idempotent (201, same digest)', async () => {
      const again = await pushImage(server, 'shared/environments/env', '1', [bytesOf(300, 1)]);
      assert.equal(again, envManifest);
    });

    it('lets the version go once an approved request moved the alias away', async () => {
      const request = await server.api('POST', `${model}/aliases/production/approvals`, { version: '2' }, publisher);
      assert.equal(request.status, 201, JSON.stringify(request.body));
      const decided = await server.api('POST', `${model}/approvals/${request.body.id}/approve`, {});
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
      assert.equal((await server.api('GET', `${model}/aliases/production`)).body.version, '2');
      assert.equal((await server.api('DELETE', `${model}/versions/1`, undefined, publisher)).status, 204);
    });
  });
}
