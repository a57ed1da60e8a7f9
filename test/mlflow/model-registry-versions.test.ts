import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { assertMlflowError, mlflowCaller, setUpWorkspace, type MlflowCaller } from './model-registry-setup.js';

/** Model versions through MLflow's REST protocol: an MLflow version is an Arca version, its label the version string. */
for (const dialect of testDialects) {
  describe(`MLflow model versions on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let call: MlflowCaller;
    const native = '/api/v1/workspaces/team-a/models/fraud';
    const source = 's3://elsewhere/run-1/artifacts/model';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      await setUpWorkspace(server);
      call = mlflowCaller(server);
      await call('POST', 'registered-models/create', { name: 'fraud' });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('creates version 1 from an external source: READY, recorded with its run, and saying Arca holds no bytes', async () => {
      const created = await call('POST', 'model-versions/create', {
        name: 'fraud',
        source,
        run_id: 'run-1',
        tags: [{ key: 'team', value: 'risk' }],
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const version = created.body.model_version;
      assert.deepEqual(Object.keys(version).sort(), [
        'creation_timestamp',
        'current_stage',
        'description',
        'last_updated_timestamp',
        'name',
        'run_id',
        'source',
        'status',
        'tags',
        'user_id',
        'version',
      ]);
      assert.equal(version.version, '1');
      assert.equal(version.status, 'READY');
      assert.equal(version.current_stage, 'None');
      assert.equal(version.source, source);
      assert.equal(version.run_id, 'run-1');
      assert.match(version.description, /Arca holds no bytes/);
      const shown = await server.api('GET', `${native}/versions/1`);
      assert.equal(shown.status, 200);
      assert.equal(shown.body.properties['mlflow.source_external'], 'true');
      assert.equal(shown.body.properties['mlflow.source'], source);
      assert.equal(shown.body.properties['mlflow.run_id'], 'run-1');
      assert.equal(shown.body.source, source);
      assert.equal(shown.body.job, 'run-1');
      assert.equal(shown.body.tags.team, 'risk');
    });

    it('makes a new version for every create, even of the same source', async () => {
      const again = await call('POST', 'model-versions/create', { name: 'fraud', source, run_id: 'run-1' });
      assert.equal(again.body.model_version.version, '2');
    });

    it('answers create without a source, or for a model that is not registered, with MLflow’s errors', async () => {
      assertMlflowError(
        await call('POST', 'model-versions/create', { name: 'fraud' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /source/,
      );
      assertMlflowError(
        await call('POST', 'model-versions/create', { name: 'nope', source }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('gets a version; an unknown integer is RESOURCE_DOES_NOT_EXIST, a non-integer INVALID_PARAMETER_VALUE', async () => {
      const got = await call('GET', 'model-versions/get', { name: 'fraud', version: '1' });
      assert.equal(got.body.model_version.version, '1');
      assertMlflowError(
        await call('GET', 'model-versions/get', { name: 'fraud', version: '99' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      assertMlflowError(
        await call('GET', 'model-versions/get', { name: 'fraud', version: 'abc' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /integer/,
      );
      assertMlflowError(
        await call('GET', 'model-versions/get', { name: 'fraud' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /version/,
      );
    });

    it('shows a natively made version with a non-integer label under that label, with its download URI in Arca', async () => {
      await createVersion(server, native, [{ path: 'model.pkl', bytes: Buffer.from('weights') }], { version: 'v2' });
      const got = await call('GET', 'model-versions/get', { name: 'fraud', version: 'v2' });
      assert.equal(got.body.model_version.version, 'v2');
      const uri = await call('GET', 'model-versions/get-download-uri', { name: 'fraud', version: 'v2' });
      assert.equal(
        uri.body.artifact_uri,
        `${server.url}/mlflow/workspaces/team-a/api/2.0/mlflow-artifacts/artifacts/_arca/models/fraud/versions/v2`,
      );
    });

    it('answers an external version’s download URI with its source', async () => {
      const uri = await call('GET', 'model-versions/get-download-uri', { name: 'fraud', version: '1' });
      assert.deepEqual(uri.body, { artifact_uri: source });
    });

    it('updates the description and sets and deletes tags as Arca version tags', async () => {
      const updated = await call('PATCH', 'model-versions/update', {
        name: 'fraud',
        version: '1',
        description: 'better',
      });
      assert.equal(updated.body.model_version.description, 'better');
      await call('POST', 'model-versions/set-tag', { name: 'fraud', version: '1', key: 'k', value: 'v' });
      assert.equal((await server.api('GET', `${native}/versions/1`)).body.tags.k, 'v');
      await call('DELETE', 'model-versions/delete-tag', { name: 'fraud', version: '1', key: 'k' });
      assert.equal((await server.api('GET', `${native}/versions/1`)).body.tags.k, undefined);
    });

    it('searches one model’s versions by run_id, tag, version_number and source_path', async () => {
      const versions = async (filter: string) => {
        const found = await call('GET', 'model-versions/search', { filter });
        assert.equal(found.status, 200, JSON.stringify(found.body));
        return found.body.model_versions.map((v: any) => v.version).sort();
      };
      assert.deepEqual(await versions("name = 'fraud'"), ['1', '2', 'v2']);
      assert.deepEqual(await versions("name='fraud' AND run_id = 'run-1'"), ['1', '2']);
      assert.deepEqual(await versions("name='fraud' AND run_id = ''"), ['v2']);
      assert.deepEqual(await versions("name='fraud' AND run_id IN ('run-1', 'other')"), ['1', '2']);
      assert.deepEqual(await versions("name='fraud' AND tags.team = 'risk'"), ['1']);
      assert.deepEqual(await versions("name='fraud' AND version_number = 2"), ['2']);
      assert.deepEqual(await versions(`name='fraud' AND source_path = '${source}'`), ['1', '2']);
      assert.deepEqual(await versions("name='fraud' AND tags.`mlflow.prompt.is_prompt` != 'true'"), ['1', '2', 'v2']);
    });

    it('orders and pages a version search', async () => {
      const first = await call('GET', 'model-versions/search', {
        filter: "name = 'fraud'",
        order_by: ['version_number DESC'],
        max_results: 2,
      });
      assert.equal(first.body.model_versions.length, 2);
      const second = await call('GET', 'model-versions/search', {
        filter: "name = 'fraud'",
        order_by: ['version_number DESC'],
        max_results: 2,
        page_token: first.body.next_page_token,
      });
      // version_number orders by creation: the integer labels follow it (and `v2` was made last).
      const all = [...first.body.model_versions, ...second.body.model_versions].map((v: any) => v.version);
      assert.deepEqual(all, ['v2', '2', '1']);
      assert.equal(second.body.next_page_token, undefined);
    });

    it('refuses a version search without the model’s name, an unknown field and an unknown order_by', async () => {
      assertMlflowError(
        await call('GET', 'model-versions/search', { filter: "run_id = 'x'" }),
        400,
        'INVALID_PARAMETER_VALUE',
        /name/,
      );
      assertMlflowError(
        await call('GET', 'model-versions/search', { filter: "name = 'fraud' AND size > 3" }),
        400,
        'INVALID_PARAMETER_VALUE',
        /size > 3/,
      );
      assertMlflowError(
        await call('GET', 'model-versions/search', { filter: "name = 'fraud'", order_by: ['last_updated_timestamp'] }),
        400,
        'INVALID_PARAMETER_VALUE',
        /order_by/,
      );
    });

    it('maps stages: Staging/Production to the tag mlflow.stage, Archived to archive, None back', async () => {
      const staged = await call('POST', 'model-versions/transition-stage', {
        name: 'fraud',
        version: '1',
        stage: 'staging',
      });
      assert.equal(staged.body.model_version.current_stage, 'Staging');
      assert.equal((await server.api('GET', `${native}/versions/1`)).body.tags['mlflow.stage'], 'Staging');
      const latest = await call('GET', 'registered-models/get-latest-versions', { name: 'fraud', stages: ['Staging'] });
      assert.deepEqual(
        latest.body.model_versions.map((v: any) => v.version),
        ['1'],
      );
      const archived = await call('POST', 'model-versions/transition-stage', {
        name: 'fraud',
        version: '1',
        stage: 'Archived',
      });
      assert.equal(archived.body.model_version.current_stage, 'Archived');
      assert.equal((await server.api('GET', `${native}/versions/1`)).body.state, 'archived');
      const back = await call('POST', 'model-versions/transition-stage', {
        name: 'fraud',
        version: '1',
        stage: 'None',
      });
      assert.equal(back.body.model_version.current_stage, 'None');
      assert.equal((await server.api('GET', `${native}/versions/1`)).body.state, 'ready');
    });

    it('archives the other versions of the stage with archive_existing_versions', async () => {
      await call('POST', 'model-versions/transition-stage', { name: 'fraud', version: '1', stage: 'Production' });
      const moved = await call('POST', 'model-versions/transition-stage', {
        name: 'fraud',
        version: '2',
        stage: 'Production',
        archive_existing_versions: true,
      });
      assert.equal(moved.body.model_version.current_stage, 'Production');
      const one = await call('GET', 'model-versions/get', { name: 'fraud', version: '1' });
      assert.equal(one.body.model_version.current_stage, 'Archived');
      await call('POST', 'model-versions/transition-stage', { name: 'fraud', version: '1', stage: 'None' });
    });

    it('refuses an unknown stage', async () => {
      assertMlflowError(
        await call('POST', 'model-versions/transition-stage', { name: 'fraud', version: '1', stage: 'Prod' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /stage/,
      );
    });

    it('answers get-latest-versions by GET and POST, one version per stage', async () => {
      for (const method of ['GET', 'POST']) {
        const latest = await call(method, 'registered-models/get-latest-versions', { name: 'fraud' });
        assert.equal(latest.status, 200);
        const byStage = Object.fromEntries(latest.body.model_versions.map((v: any) => [v.current_stage, v.version]));
        // The newest is the last created: `v2`, made natively after 1 and 2.
        assert.deepEqual(byStage, { None: 'v2', Production: '2' });
      }
    });

    it('deletes a version; it is gone from MLflow and from the native API', async () => {
      const made = await call('POST', 'model-versions/create', { name: 'fraud', source });
      const label = made.body.model_version.version;
      assert.deepEqual((await call('DELETE', 'model-versions/delete', { name: 'fraud', version: label })).body, {});
      assertMlflowError(
        await call('GET', 'model-versions/get', { name: 'fraud', version: label }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      assert.equal((await server.api('GET', `${native}/versions/${label}`)).status, 404);
    });
  });
}
