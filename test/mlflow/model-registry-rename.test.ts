import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { assertMlflowError, mlflowCaller, setUpWorkspace, type MlflowCaller } from './model-registry-setup.js';

/** registered-models/rename: the model keeps its versions, aliases and tags; the old name's labels stay retired. */
for (const dialect of testDialects) {
  describe(`MLflow registered-model renames on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let call: MlflowCaller;
    let readerToken: string;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      readerToken = await setUpWorkspace(server);
      call = mlflowCaller(server);
      await call('POST', 'registered-models/create', { name: 'fraud', tags: [{ key: 'team', value: 'risk' }] });
      for (const run of ['a', 'b'])
        await call('POST', 'model-versions/create', { name: 'fraud', source: `s3://x/${run}` });
      await call('POST', 'registered-models/alias', { name: 'fraud', alias: 'production', version: '2' });
      await call('POST', 'registered-models/create', { name: 'taken' });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('refuses a Reader, a missing new_name, an invalid one and a name taken, renaming nothing', async () => {
      assertMlflowError(
        await call('POST', 'registered-models/rename', { name: 'fraud', new_name: 'x' }, readerToken),
        403,
        'PERMISSION_DENIED',
      );
      assertMlflowError(
        await call('POST', 'registered-models/rename', { name: 'fraud' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /new_name/,
      );
      assertMlflowError(
        await call('POST', 'registered-models/rename', { name: 'fraud', new_name: 'bad/name' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /new_name/,
      );
      assertMlflowError(
        await call('POST', 'registered-models/rename', { name: 'fraud', new_name: 'TAKEN' }),
        400,
        'RESOURCE_ALREADY_EXISTS',
      );
      assertMlflowError(
        await call('POST', 'registered-models/rename', { name: 'nope', new_name: 'other' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      assert.equal((await call('GET', 'registered-models/get', { name: 'fraud' })).status, 200);
    });

    it('moves the model with its versions, aliases and tags, and the old name never serves a label again', async () => {
      const renamed = await call('POST', 'registered-models/rename', { name: 'fraud', new_name: 'fraud-detector' });
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
      assert.equal(renamed.body.registered_model.name, 'fraud-detector');
      assert.deepEqual(renamed.body.registered_model.tags, [{ key: 'team', value: 'risk' }]);
      assert.deepEqual(renamed.body.registered_model.aliases, [{ alias: 'production', version: '2' }]);
      const byAlias = await call('GET', 'registered-models/alias', { name: 'fraud-detector', alias: 'production' });
      assert.equal(byAlias.body.model_version.version, '2');
      assertMlflowError(await call('GET', 'registered-models/get', { name: 'fraud' }), 404, 'RESOURCE_DOES_NOT_EXIST');
      // A model made again under the old name starts above every label the old name committed.
      await call('POST', 'registered-models/create', { name: 'fraud' });
      const again = await call('POST', 'model-versions/create', { name: 'fraud', source: 's3://x/c' });
      assert.equal(again.body.model_version.version, '3');
      const audit = await server.api('GET', '/api/v1/audit?action=models/rename');
      assert.equal(audit.status, 200);
      assert.ok(
        audit.body.value.some(
          (e: { target: string; details?: { name?: string } }) => e.details?.name === 'fraud-detector',
        ),
        JSON.stringify(audit.body.value),
      );
    });
  });
}
