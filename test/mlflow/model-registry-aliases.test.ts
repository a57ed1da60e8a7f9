import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { assertMlflowError, mlflowCaller, setUpWorkspace, tokenOf, type MlflowCaller } from './model-registry-setup.js';

/** MLflow aliases are Arca aliases: moved through the alias service, with its history, protection and approvals. */
for (const dialect of testDialects) {
  describe(`MLflow aliases on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let call: MlflowCaller;
    let readerToken: string;
    let publisherToken: string;
    let approverToken: string;
    const native = '/api/v1/workspaces/team-a/models/fraud';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      readerToken = await setUpWorkspace(server);
      publisherToken = await tokenOf(server, 'AssetPublisher', 'publisher');
      approverToken = await tokenOf(server, 'Approver', 'approver');
      call = mlflowCaller(server);
      await call('POST', 'registered-models/create', { name: 'fraud' });
      for (const run of ['r1', 'r2'])
        await call('POST', 'model-versions/create', { name: 'fraud', source: `s3://b/${run}` });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('sets an alias, shown on the model (never `latest`) and on the version, and gets the version by it', async () => {
      assert.deepEqual(
        (await call('POST', 'registered-models/alias', { name: 'fraud', alias: 'prod', version: '1' })).body,
        {},
      );
      const model = await call('GET', 'registered-models/get', { name: 'fraud' });
      assert.deepEqual(model.body.registered_model.aliases, [{ alias: 'prod', version: '1' }]);
      const byAlias = await call('GET', 'registered-models/alias', { name: 'fraud', alias: 'prod' });
      assert.equal(byAlias.body.model_version.version, '1');
      assert.deepEqual(byAlias.body.model_version.aliases, ['prod']);
      const latest = await call('GET', 'model-versions/get', { name: 'fraud', version: '2' });
      assert.equal(latest.body.model_version.aliases, undefined);
    });

    it('moves an alias with a second set, keeping both moves in the native history', async () => {
      await call('POST', 'registered-models/alias', { name: 'fraud', alias: 'prod', version: '2' });
      assert.equal(
        (await call('GET', 'registered-models/alias', { name: 'fraud', alias: 'prod' })).body.model_version.version,
        '2',
      );
      const history = await server.api('GET', `${native}/aliases/prod/history`);
      assert.deepEqual(
        history.body.value.map((m: any) => [m.from_version, m.to_version]),
        [
          ['1', '2'],
          [null, '1'],
        ],
      );
    });

    it('refuses `latest` (Arca’s own alias) for set and delete with INVALID_PARAMETER_VALUE', async () => {
      assertMlflowError(
        await call('POST', 'registered-models/alias', { name: 'fraud', alias: 'latest', version: '1' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /latest/,
      );
      assertMlflowError(
        await call('DELETE', 'registered-models/alias', { name: 'fraud', alias: 'latest' }),
        400,
        'INVALID_PARAMETER_VALUE',
      );
    });

    it('answers a missing field, an unknown version and an unknown alias with MLflow’s errors', async () => {
      assertMlflowError(
        await call('POST', 'registered-models/alias', { name: 'fraud', version: '1' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /alias/,
      );
      assertMlflowError(
        await call('POST', 'registered-models/alias', { name: 'fraud', alias: 'x', version: '9' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      assertMlflowError(
        await call('GET', 'registered-models/alias', { name: 'fraud', alias: 'nope' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('refuses a Reader’s alias set with PERMISSION_DENIED', async () => {
      assertMlflowError(
        await call('POST', 'registered-models/alias', { name: 'fraud', alias: 'mine', version: '1' }, readerToken),
        403,
        'PERMISSION_DENIED',
      );
    });

    it('answers PERMISSION_DENIED naming the approval for a protected alias; the approved request moves it', async () => {
      const protect = await server.api('PUT', `${native}/aliases/prod`, { version: '2', protected: true });
      assert.equal(protect.status, 200, JSON.stringify(protect.body));
      assertMlflowError(
        await call('POST', 'registered-models/alias', { name: 'fraud', alias: 'prod', version: '1' }, publisherToken),
        403,
        'PERMISSION_DENIED',
        /approval request/,
      );
      const asked = await server.api(
        'POST',
        `${native}/aliases/prod/approvals`,
        { version: '1', reason: 'roll back' },
        {
          authorization: `Bearer ${publisherToken}`,
        },
      );
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      const granted = await server.api(
        'POST',
        `${native}/approvals/${asked.body.id}/approve`,
        {},
        {
          authorization: `Bearer ${approverToken}`,
        },
      );
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      assert.equal(
        (await call('GET', 'registered-models/alias', { name: 'fraud', alias: 'prod' })).body.model_version.version,
        '1',
      );
    });

    it('refuses a protected alias’s delete to a caller without approve, and deletes an unprotected one', async () => {
      assertMlflowError(
        await call('DELETE', 'registered-models/alias', { name: 'fraud', alias: 'prod' }, publisherToken),
        403,
        'PERMISSION_DENIED',
      );
      await call('POST', 'registered-models/alias', { name: 'fraud', alias: 'staging', version: '2' }, publisherToken);
      assert.deepEqual(
        (await call('DELETE', 'registered-models/alias', { name: 'fraud', alias: 'staging' }, publisherToken)).body,
        {},
      );
      assertMlflowError(
        await call('GET', 'registered-models/alias', { name: 'fraud', alias: 'staging' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });
  });
}
