import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { ociRequest, pushImage } from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf } from '../../src/testing/uploads.js';

// Issue 12, item 6: `fraud:2` was deleted and made again with other bytes, so one reference named two
// different contents over time. A committed label is retired for good (a tombstone).
for (const dialect of testDialects) {
  describe(`version labels are never reused on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const model = '/api/v1/registries/shared/models/fraud';
    const other = { path: 'weights.bin', size: 11, digest: digestOf(Buffer.from('other bytes')) };

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/registries/shared', { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
      await createVersion(server, model, [{ path: 'weights.bin', bytes: Buffer.from('version one') }]);
      await createVersion(server, model, [{ path: 'weights.bin', bytes: Buffer.from('version two') }]);
      assert.equal((await server.api('DELETE', `${model}/versions/2`)).status, 204);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('refuses to create fraud:2 again after it was deleted: 409 VersionAlreadyExists saying it was used before, nothing written', async () => {
      const begin = await server.api('POST', `${model}/versions`, { version: '2', files: [other] });
      assert.equal(begin.status, 409);
      assert.equal(begin.body.error.code, 'VersionAlreadyExists');
      assert.match(begin.body.error.message, /had a version 2, deleted on .*never reused/);
      const read = await server.api('GET', `${model}/versions/2`);
      assert.equal(read.status, 404);
    });

    it('never hands out a retired number: the next version after deleting 2 is 3', async () => {
      const numbered = '/api/v1/registries/shared/models/numbered';
      for (const bytes of ['one', 'two'])
        await createVersion(server, numbered, [{ path: 'w', bytes: Buffer.from(bytes) }]);
      assert.equal((await server.api('DELETE', `${numbered}/versions/2`)).status, 204);
      const { version } = await createVersion(server, numbered, [{ path: 'w', bytes: Buffer.from('three') }]);
      assert.equal(version.version, '3');
    });

    it('refuses an OCI push of a tag that names a deleted label (DENIED), so /v2/ never serves other bytes as scorer:2', async () => {
      const scorer = '/api/v1/registries/shared/models/scorer';
      for (const bytes of ['one', 'two'])
        await createVersion(server, scorer, [{ path: 'w', bytes: Buffer.from(bytes) }]);
      assert.equal((await server.api('DELETE', `${scorer}/versions/2`)).status, 204);
      const push = await pushImage(server, 'shared/models/scorer', '2', [Buffer.from('other bytes')]).then(
        () => undefined,
        (error: Error) => error.message,
      );
      assert.match(push ?? 'accepted', /answered 409: .*"code":"DENIED".*VersionAlreadyExists/);
      const pulled = await ociRequest(server, 'GET', '/v2/shared/models/scorer/manifests/2');
      assert.equal(pulled.status, 404);
    });

    it('retires an environment label deleted over /v2/: pushing env:1 again with other content is refused, and by REST too', async () => {
      await pushImage(server, 'shared/environments/env', '1', [bytesOf(200, 1)]);
      await pushImage(server, 'shared/environments/env', '2', [bytesOf(200, 2)]);
      assert.equal((await ociRequest(server, 'DELETE', '/v2/shared/environments/env/manifests/1')).status, 202);
      const push = await pushImage(server, 'shared/environments/env', '1', [bytesOf(200, 3)]).then(
        () => undefined,
        (error: Error) => error.message,
      );
      assert.match(push ?? 'accepted', /answered 409: .*VersionAlreadyExists/);
      assert.equal((await ociRequest(server, 'GET', '/v2/shared/environments/env/manifests/1')).status, 404);
      const begin = await server.api('POST', '/api/v1/registries/shared/environments/env/versions', {
        version: '1',
        spec: `name: env\nversion: "1"\nimage: python@sha256:${'a'.repeat(64)}\n`,
        files: [],
      });
      assert.equal(begin.status, 409);
      assert.equal(begin.body.error.code, 'VersionAlreadyExists');
      assert.match(begin.body.error.message, /deleted on/);
    });

    it('keeps labels retired through a forced delete of the workspace and a new workspace of the same name', async () => {
      const create = async () =>
        server.waitForOperation(
          (await server.api('PUT', '/api/v1/workspaces/team', { location: 'eastus' })).headers.get('location') ?? '',
        );
      await create();
      const inWorkspace = '/api/v1/workspaces/team/models/churn';
      await createVersion(server, inWorkspace, [{ path: 'm', bytes: Buffer.from('first') }]);
      const deleted = await server.api('DELETE', '/api/v1/workspaces/team?force=true');
      assert.equal(deleted.status, 202, JSON.stringify(deleted.body));
      assert.equal((await server.waitForOperation(deleted.headers.get('location') ?? '')).status, 'Succeeded');
      await create();
      const again = await server.api('POST', `${inWorkspace}/versions`, {
        version: '1',
        files: [{ path: 'm', size: 5, digest: digestOf(Buffer.from('other')) }],
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'VersionAlreadyExists');
      assert.match(again.body.error.message, /deleted on/);
      const { version } = await createVersion(server, inWorkspace, [{ path: 'm', bytes: Buffer.from('other') }]);
      assert.equal(version.version, '2');
    });

    it('leaves a label that was only begun (never committed) free after its pending version is deleted', async () => {
      const begin = await server.api('POST', `${model}/versions`, { version: 'draft', files: [other] });
      assert.equal(begin.status, 201);
      assert.equal((await server.api('DELETE', `${model}/versions/draft`)).status, 204);
      assert.equal((await server.api('POST', `${model}/versions`, { version: 'draft', files: [other] })).status, 201);
    });
  });
}
