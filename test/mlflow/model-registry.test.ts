import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { assertMlflowError, mlflowCaller, setUpWorkspace, type MlflowCaller } from './model-registry-setup.js';

/** Registered models through MLflow's REST protocol (model_registry.proto): an MLflow registered model is an Arca model. */
for (const dialect of testDialects) {
  describe(`MLflow registered models on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let call: MlflowCaller;
    let readerToken: string;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      readerToken = await setUpWorkspace(server);
      call = mlflowCaller(server);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('creates a registered model with tags and a description, answered with the proto’s field names', async () => {
      const created = await call('POST', 'registered-models/create', {
        name: 'fraud',
        description: 'catches fraud',
        tags: [{ key: 'team', value: 'risk' }],
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const model = created.body.registered_model;
      assert.deepEqual(Object.keys(model).sort(), [
        'creation_timestamp',
        'description',
        'last_updated_timestamp',
        'name',
        'tags',
        'user_id',
      ]);
      assert.equal(model.name, 'fraud');
      assert.equal(typeof model.creation_timestamp, 'number');
      assert.deepEqual(model.tags, [{ key: 'team', value: 'risk' }]);
      const native = await server.api('GET', '/api/v1/workspaces/team-a/models/fraud');
      assert.equal(native.status, 200);
      assert.equal(native.body.description, 'catches fraud');
    });

    it('answers RESOURCE_ALREADY_EXISTS for a name taken (whatever its case)', async () => {
      assertMlflowError(
        await call('POST', 'registered-models/create', { name: 'FRAUD' }),
        400,
        'RESOURCE_ALREADY_EXISTS',
      );
    });

    it('answers INVALID_PARAMETER_VALUE for a create without a name, and for tags that are no list', async () => {
      assertMlflowError(await call('POST', 'registered-models/create', {}), 400, 'INVALID_PARAMETER_VALUE', /name/);
      assertMlflowError(
        await call('POST', 'registered-models/create', { name: 'x', tags: { a: 'b' } }),
        400,
        'INVALID_PARAMETER_VALUE',
        /tags/,
      );
    });

    it('refuses a Reader’s create with PERMISSION_DENIED and lets the Reader get', async () => {
      assertMlflowError(
        await call('POST', 'registered-models/create', { name: 'not-mine' }, readerToken),
        403,
        'PERMISSION_DENIED',
      );
      assert.equal((await call('GET', 'registered-models/get', { name: 'fraud' }, readerToken)).status, 200);
    });

    it('updates the description (PATCH) and sets and deletes tags as Arca asset tags', async () => {
      const updated = await call('PATCH', 'registered-models/update', { name: 'fraud', description: 'v2' });
      assert.equal(updated.body.registered_model.description, 'v2');
      assert.deepEqual(
        (await call('POST', 'registered-models/set-tag', { name: 'fraud', key: 'k', value: 'v' })).body,
        {},
      );
      assert.equal((await server.api('GET', '/api/v1/workspaces/team-a/models/fraud')).body.tags.k, 'v');
      assert.deepEqual((await call('DELETE', 'registered-models/delete-tag', { name: 'fraud', key: 'k' })).body, {});
      assert.equal((await server.api('GET', '/api/v1/workspaces/team-a/models/fraud')).body.tags.k, undefined);
    });

    it('answers set-tag without a key, and with a value over 1024 characters, with INVALID_PARAMETER_VALUE', async () => {
      assertMlflowError(
        await call('POST', 'registered-models/set-tag', { name: 'fraud', value: 'v' }),
        400,
        'INVALID_PARAMETER_VALUE',
        /key/,
      );
      assertMlflowError(
        await call('POST', 'registered-models/set-tag', { name: 'fraud', key: 'k', value: 'x'.repeat(1025) }),
        400,
        'INVALID_PARAMETER_VALUE',
        /value/,
      );
    });

    it('answers RESOURCE_DOES_NOT_EXIST for a tag set on a model the scope does not have', async () => {
      assertMlflowError(
        await call('POST', 'registered-models/set-tag', { name: 'nope', key: 'k', value: 'v' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    describe('search', () => {
      before(async () => {
        for (const name of ['alpha', 'beta', 'gamma'])
          await call('POST', 'registered-models/create', {
            name,
            tags: [{ key: 'kind', value: name === 'beta' ? 'b' : 'other' }],
          });
        await call('POST', 'registered-models/create', {
          name: 'a-prompt',
          tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }],
        });
        await createVersion(server, '/api/v1/workspaces/team-a/models/native', [
          { path: 'w', bytes: Buffer.from('n') },
        ]);
      });
      const names = (body: any) => (body.registered_models ?? []).map((m: any) => m.name);

      it('lists every model by name with no filter, natively made ones too', async () => {
        const all = await call('GET', 'registered-models/search', {});
        assert.deepEqual(names(all.body), ['a-prompt', 'alpha', 'beta', 'fraud', 'gamma', 'native']);
      });

      it('keeps prompts out with the 3.x client’s filter, written with tag. or tags.', async () => {
        for (const prefix of ['tags', 'tag']) {
          const found = await call('GET', 'registered-models/search', {
            filter: `${prefix}.\`mlflow.prompt.is_prompt\` != 'true'`,
          });
          assert.deepEqual(names(found.body), ['alpha', 'beta', 'fraud', 'gamma', 'native']);
        }
        const prompts = await call('GET', 'registered-models/search', {
          filter: "tags.`mlflow.prompt.is_prompt` = 'true'",
        });
        assert.deepEqual(names(prompts.body), ['a-prompt']);
      });

      it('filters by name =, LIKE, ILIKE and a tag, joined with AND', async () => {
        assert.deepEqual(names((await call('GET', 'registered-models/search', { filter: "name = 'beta'" })).body), [
          'beta',
        ]);
        assert.deepEqual(names((await call('GET', 'registered-models/search', { filter: "name LIKE '%a'" })).body), [
          'alpha',
          'beta',
          'gamma',
        ]);
        assert.deepEqual(names((await call('GET', 'registered-models/search', { filter: "name ILIKE 'ALP%'" })).body), [
          'alpha',
        ]);
        const both = await call('GET', 'registered-models/search', {
          filter: "name LIKE '%a' AND tags.kind = 'other'",
        });
        assert.equal(both.status, 200, JSON.stringify(both.body));
        assert.deepEqual(names(both.body), ['alpha', 'gamma']);
      });

      it('orders by name DESC and by last_updated_timestamp', async () => {
        const desc = await call('GET', 'registered-models/search', {
          order_by: ['name DESC'],
          filter: "name LIKE '%a'",
        });
        assert.deepEqual(names(desc.body), ['gamma', 'beta', 'alpha']);
        const updated = await call('GET', 'registered-models/search', { order_by: ['last_updated_timestamp DESC'] });
        assert.equal(updated.status, 200);
        assert.equal(names(updated.body).length, 6);
      });

      it('pages with max_results and an opaque page_token', async () => {
        const first = await call('GET', 'registered-models/search', { max_results: 4 });
        assert.deepEqual(names(first.body), ['a-prompt', 'alpha', 'beta', 'fraud']);
        assert.equal(typeof first.body.next_page_token, 'string');
        const second = await call('GET', 'registered-models/search', {
          max_results: 4,
          page_token: first.body.next_page_token,
        });
        assert.deepEqual(names(second.body), ['gamma', 'native']);
        assert.equal(second.body.next_page_token, undefined);
      });

      it('refuses a filter it cannot translate, naming the clause', async () => {
        assertMlflowError(
          await call('GET', 'registered-models/search', { filter: "name = 'a' OR name = 'b'" }),
          400,
          'INVALID_PARAMETER_VALUE',
          /AND/,
        );
        assertMlflowError(
          await call('GET', 'registered-models/search', { filter: "description = 'x'" }),
          400,
          'INVALID_PARAMETER_VALUE',
          /description = 'x'/,
        );
        assertMlflowError(
          await call('GET', 'registered-models/search', { filter: 'name = ' }),
          400,
          'INVALID_PARAMETER_VALUE',
          /filter/,
        );
      });

      it('refuses an unknown order_by field and max_results out of 1–1000', async () => {
        assertMlflowError(
          await call('GET', 'registered-models/search', { order_by: ['size DESC'] }),
          400,
          'INVALID_PARAMETER_VALUE',
          /order_by/,
        );
        for (const max of [0, 1001])
          assertMlflowError(
            await call('GET', 'registered-models/search', { max_results: max }),
            400,
            'INVALID_PARAMETER_VALUE',
            /max_results/,
          );
      });
    });

    it('deletes a model with its versions and aliases; a model made again under the name never reuses a label', async () => {
      await call('POST', 'registered-models/create', { name: 'doomed' });
      for (const run of ['a', 'b'])
        await call('POST', 'model-versions/create', { name: 'doomed', source: `s3://x/${run}` });
      await call('POST', 'registered-models/alias', { name: 'doomed', alias: 'prod', version: '1' });
      assertMlflowError(
        await call('DELETE', 'registered-models/delete', { name: 'doomed' }, readerToken),
        403,
        'PERMISSION_DENIED',
      );
      assert.deepEqual((await call('DELETE', 'registered-models/delete', { name: 'doomed' })).body, {});
      assertMlflowError(await call('GET', 'registered-models/get', { name: 'doomed' }), 404, 'RESOURCE_DOES_NOT_EXIST');
      assert.equal((await server.api('GET', '/api/v1/workspaces/team-a/models/doomed')).status, 404);
      await call('POST', 'registered-models/create', { name: 'doomed' });
      const again = await call('POST', 'model-versions/create', { name: 'doomed', source: 's3://x/c' });
      assert.equal(again.body.model_version.version, '3');
      await call('DELETE', 'registered-models/delete', { name: 'doomed' });
    });

    it('refuses to delete a model a protected alias points into, deleting nothing', async () => {
      await call('POST', 'registered-models/create', { name: 'guarded' });
      await call('POST', 'model-versions/create', { name: 'guarded', source: 's3://x/a' });
      await server.api('PUT', '/api/v1/workspaces/team-a/models/guarded/aliases/prod', {
        version: '1',
        protected: true,
      });
      assertMlflowError(
        await call('DELETE', 'registered-models/delete', { name: 'guarded' }),
        409,
        'RESOURCE_CONFLICT',
        /protected/,
      );
      assert.equal((await call('GET', 'model-versions/get', { name: 'guarded', version: '1' })).status, 200);
      assertMlflowError(
        await call('DELETE', 'registered-models/delete', { name: 'nope' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });
  });
}
