import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../src/testing/databases.js';
import { trackingWorld, type TrackingWorld } from './tracking-world.js';

/** MLflow experiments kept in a workspace: create, read, search, rename, delete/restore, tags, and refusals. */
for (const dialect of testDialects) {
  describe(`MLflow experiments on ${dialect.name}`, { skip: dialect.skip }, () => {
    let world: TrackingWorld;
    before(async () => {
      world = await trackingWorld(dialect);
    });
    after(async () => {
      await world?.stop();
    });

    it('has a Default experiment "0" before anything was written, as the client expects', async () => {
      const byId = await world.call('GET', 'experiments/get', { experiment_id: '0' });
      assert.equal(byId.status, 200);
      assert.deepEqual(
        [byId.body.experiment.experiment_id, byId.body.experiment.name, byId.body.experiment.lifecycle_stage],
        ['0', 'Default', 'active'],
      );
      const byName = await world.call('GET', 'experiments/get-by-name', { experiment_name: 'Default' });
      assert.equal(byName.body.experiment.experiment_id, '0');
    });

    it('creates an experiment with tags and shows it with proto field names and an mlflow-artifacts location', async () => {
      const made = await world.call('POST', 'experiments/create', {
        name: 'fraud-training',
        tags: [{ key: 'team', value: 'risk' }],
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      assert.match(made.body.experiment_id, /^[1-9]\d*$/);
      const got = await world.call('GET', 'experiments/get', { experiment_id: made.body.experiment_id });
      const experiment = got.body.experiment;
      assert.deepEqual(Object.keys(experiment).sort(), [
        'artifact_location',
        'creation_time',
        'experiment_id',
        'last_update_time',
        'lifecycle_stage',
        'name',
        'tags',
      ]);
      assert.equal(experiment.artifact_location, `mlflow-artifacts:/${made.body.experiment_id}`);
      assert.equal(typeof experiment.creation_time, 'number');
      assert.deepEqual(experiment.tags, [{ key: 'team', value: 'risk' }]);
    });

    it('numbers experiments made at the same time one after the other, each with its own id', async () => {
      const made = await Promise.all(
        Array.from({ length: 8 }, (_, i) => world.call('POST', 'experiments/create', { name: `parallel-${i}` })),
      );
      assert.deepEqual(
        made.map((m) => m.status),
        Array.from({ length: 8 }, () => 200),
      );
      assert.equal(new Set(made.map((m) => m.body.experiment_id)).size, 8);
    });

    it('refuses a second experiment of the same name with RESOURCE_ALREADY_EXISTS', async () => {
      await world.call('POST', 'experiments/create', { name: 'twice' });
      const again = await world.call('POST', 'experiments/create', { name: 'twice' });
      assert.deepEqual([again.status, again.body.error_code], [400, 'RESOURCE_ALREADY_EXISTS']);
    });

    it('refuses a name already taken by the Default experiment', async () => {
      const again = await world.call('POST', 'experiments/create', { name: 'Default' });
      assert.equal(again.body.error_code, 'RESOURCE_ALREADY_EXISTS');
    });

    it('answers RESOURCE_DOES_NOT_EXIST for an unknown experiment id or name', async () => {
      const byId = await world.call('GET', 'experiments/get', { experiment_id: '9999' });
      assert.deepEqual([byId.status, byId.body.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
      const byName = await world.call('GET', 'experiments/get-by-name', { experiment_name: 'nope' });
      assert.deepEqual([byName.status, byName.body.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
    });

    it('refuses an experiment id that is not a number with INVALID_PARAMETER_VALUE', async () => {
      const bad = await world.call('GET', 'experiments/get', { experiment_id: 'abc' });
      assert.deepEqual([bad.status, bad.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
    });

    it('refuses an artifact_location: Arca keeps the artifacts', async () => {
      const bad = await world.call('POST', 'experiments/create', { name: 'elsewhere', artifact_location: 's3://b/x' });
      assert.deepEqual([bad.status, bad.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
    });

    it('renames an experiment, and refuses a rename onto another experiment’s name', async () => {
      const made = await world.call('POST', 'experiments/create', { name: 'old-name' });
      const id = made.body.experiment_id;
      assert.equal(
        (await world.call('POST', 'experiments/update', { experiment_id: id, new_name: 'new-name' })).status,
        200,
      );
      assert.equal(
        (await world.call('GET', 'experiments/get', { experiment_id: id })).body.experiment.name,
        'new-name',
      );
      const clash = await world.call('POST', 'experiments/update', { experiment_id: id, new_name: 'Default' });
      assert.equal(clash.body.error_code, 'RESOURCE_ALREADY_EXISTS');
    });

    it('deletes and restores an experiment; a deleted one takes no new runs', async () => {
      const id = (await world.call('POST', 'experiments/create', { name: 'doomed' })).body.experiment_id;
      assert.equal((await world.call('POST', 'experiments/delete', { experiment_id: id })).status, 200);
      const got = await world.call('GET', 'experiments/get', { experiment_id: id });
      assert.equal(got.body.experiment.lifecycle_stage, 'deleted');
      const run = await world.call('POST', 'runs/create', { experiment_id: id });
      assert.deepEqual([run.status, run.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
      assert.equal((await world.call('POST', 'experiments/restore', { experiment_id: id })).status, 200);
      assert.equal((await world.call('POST', 'runs/create', { experiment_id: id })).status, 200);
    });

    it('deletes an experiment’s runs with it and restores them with it, as MLflow does', async () => {
      const id = (await world.call('POST', 'experiments/create', { name: 'with-runs' })).body.experiment_id;
      const run = (await world.call('POST', 'runs/create', { experiment_id: id })).body.run.info.run_id;
      await world.call('POST', 'experiments/delete', { experiment_id: id });
      const stage = async () => (await world.call('GET', 'runs/get', { run_id: run })).body.run.info.lifecycle_stage;
      assert.equal(await stage(), 'deleted');
      await world.call('POST', 'experiments/restore', { experiment_id: id });
      assert.equal(await stage(), 'active');
    });

    it('sets and deletes an experiment tag', async () => {
      const id = (await world.call('POST', 'experiments/create', { name: 'tagged' })).body.experiment_id;
      await world.call('POST', 'experiments/set-experiment-tag', { experiment_id: id, key: 'stage', value: 'dev' });
      const got = await world.call('GET', 'experiments/get', { experiment_id: id });
      assert.deepEqual(got.body.experiment.tags, [{ key: 'stage', value: 'dev' }]);
      await world.call('POST', 'experiments/delete-experiment-tag', { experiment_id: id, key: 'stage' });
      assert.deepEqual((await world.call('GET', 'experiments/get', { experiment_id: id })).body.experiment.tags, []);
    });

    it('searches experiments by name (GET and POST), pages them, and hides deleted ones unless asked', async () => {
      for (const name of ['search-a', 'search-b', 'search-c']) await world.call('POST', 'experiments/create', { name });
      const post = await world.call('POST', 'experiments/search', { filter: "name LIKE 'search-%'", max_results: 2 });
      assert.equal(post.status, 200, JSON.stringify(post.body));
      assert.equal(post.body.experiments.length, 2);
      const rest = await world.call('POST', 'experiments/search', {
        filter: "name LIKE 'search-%'",
        max_results: 2,
        page_token: post.body.next_page_token,
      });
      assert.equal(rest.body.experiments.length, 1);
      assert.equal(rest.body.next_page_token, undefined);
      const get = await world.call('GET', 'experiments/search', {
        filter: "attribute.name = 'search-b'",
        max_results: 10,
      });
      assert.deepEqual(
        get.body.experiments.map((e: { name: string }) => e.name),
        ['search-b'],
      );
      const doomed = await world.call('GET', 'experiments/get-by-name', { experiment_name: 'search-c' });
      await world.call('POST', 'experiments/delete', { experiment_id: doomed.body.experiment.experiment_id });
      const active = await world.call('POST', 'experiments/search', { filter: "name LIKE 'search-%'" });
      assert.equal(active.body.experiments.length, 2);
      const all = await world.call('POST', 'experiments/search', { filter: "name LIKE 'search-%'", view_type: 'ALL' });
      assert.equal(all.body.experiments.length, 3);
    });

    it('refuses a filter it cannot read, naming the field', async () => {
      const bad = await world.call('POST', 'experiments/search', { filter: "name = 'a' OR name = 'b'" });
      assert.deepEqual([bad.status, bad.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
      assert.match(bad.body.message, /filter/);
    });

    it('lets a Reader read experiments and refuses it a new one with PERMISSION_DENIED', async () => {
      const read = await world.call('GET', 'experiments/get', { experiment_id: '0' }, world.readerToken);
      assert.equal(read.status, 200);
      const made = await world.call('POST', 'experiments/create', { name: 'readers' }, world.readerToken);
      assert.deepEqual([made.status, made.body.error_code], [403, 'PERMISSION_DENIED']);
    });

    it('refuses a write with a read-only token', async () => {
      const made = await world.call('POST', 'experiments/create', { name: 'read-only' }, world.readOnlyToken);
      assert.deepEqual([made.status, made.body.error_code], [403, 'PERMISSION_DENIED']);
    });

    it('answers RESOURCE_DOES_NOT_EXIST for a tracking URI whose workspace does not exist', async () => {
      const response = await fetch(
        `${world.server.url}/mlflow/workspaces/nowhere/api/2.0/mlflow/experiments/get?experiment_id=0`,
        {
          headers: { authorization: `Bearer ${world.server.token}` },
        },
      );
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { error_code: string }).error_code, 'RESOURCE_DOES_NOT_EXIST');
    });
  });
}
