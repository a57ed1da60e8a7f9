import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../src/testing/databases.js';
import { experimentWithRun, trackingWorld, type TrackingWorld } from './tracking-world.js';

/** MLflow 3 logged models: created pending, finalized, tagged, searched, recorded as a run's output, deleted. */
for (const dialect of testDialects) {
  describe(`MLflow logged models on ${dialect.name}`, { skip: dialect.skip }, () => {
    let world: TrackingWorld;
    let experiment: string;
    let run: string;
    before(async () => {
      world = await trackingWorld(dialect);
      ({ experiment, run } = await experimentWithRun(world, 'models'));
    });
    after(async () => {
      await world?.stop();
    });

    const create = async (fields: Record<string, unknown> = {}) => {
      const made = await world.call('POST', 'logged-models', { experiment_id: experiment, ...fields });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      return made.body.model as { info: Record<string, any>; data: Record<string, any> };
    };

    it('creates a pending model with its id, artifact location, source run, params and tags', async () => {
      const model = await create({
        name: 'fraud-model',
        model_type: 'sklearn',
        source_run_id: run,
        params: [{ key: 'alpha', value: '1' }],
        tags: [{ key: 'team', value: 'risk' }],
      });
      const { info } = model;
      assert.match(info['model_id'], /^m-[0-9a-f]{32}$/);
      assert.deepEqual(
        [info['experiment_id'], info['name'], info['status'], info['model_type'], info['source_run_id']],
        [experiment, 'fraud-model', 'LOGGED_MODEL_PENDING', 'sklearn', run],
      );
      assert.equal(info['artifact_uri'], `mlflow-artifacts:/${experiment}/models/${info['model_id']}/artifacts`);
      assert.equal(typeof info['creation_timestamp_ms'], 'number');
      assert.deepEqual(info['tags'], [{ key: 'team', value: 'risk' }]);
      assert.deepEqual(model.data, { params: [{ key: 'alpha', value: '1' }], metrics: [] });
    });

    it('gets a model by the id in its path and finalizes it READY', async () => {
      const id = (await create()).info['model_id'];
      const got = await world.call('GET', `logged-models/${id}`);
      assert.equal(got.body.model.info.model_id, id);
      const done = await world.call('PATCH', `logged-models/${id}`, { model_id: id, status: 'LOGGED_MODEL_READY' });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.model.info.status, 'LOGGED_MODEL_READY');
    });

    it('refuses to finalize with a status other than READY or UPLOAD_FAILED', async () => {
      const id = (await create()).info['model_id'];
      const bad = await world.call('PATCH', `logged-models/${id}`, { model_id: id, status: 'LOGGED_MODEL_PENDING' });
      assert.deepEqual([bad.status, bad.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
    });

    it('sets tags, deletes one, and answers RESOURCE_DOES_NOT_EXIST for a tag it does not have', async () => {
      const id = (await create()).info['model_id'];
      const tagged = await world.call('PATCH', `logged-models/${id}/tags`, { tags: [{ key: 'k', value: 'v' }] });
      assert.deepEqual(tagged.body.model.info.tags, [{ key: 'k', value: 'v' }]);
      assert.equal((await world.call('DELETE', `logged-models/${id}/tags/k`)).status, 200);
      const again = await world.call('DELETE', `logged-models/${id}/tags/k`);
      assert.deepEqual([again.status, again.body.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
    });

    it('logs params onto a model', async () => {
      const id = (await create()).info['model_id'];
      assert.equal(
        (await world.call('POST', `logged-models/${id}/params`, { params: [{ key: 'p', value: '2' }] })).status,
        200,
      );
      assert.deepEqual((await world.call('GET', `logged-models/${id}`)).body.model.data.params, [
        { key: 'p', value: '2' },
      ]);
    });

    it('searches an experiment’s models by name and status, ordered, in pages', async () => {
      const found = await world.call('POST', 'logged-models/search', {
        experiment_ids: [experiment],
        filter: "name = 'fraud-model'",
      });
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.deepEqual(
        found.body.models.map((m: { info: { name: string } }) => m.info.name),
        ['fraud-model'],
      );
      const ready = await world.call('POST', 'logged-models/search', {
        experiment_ids: [experiment],
        filter: "status = 'LOGGED_MODEL_READY'",
      });
      assert.equal(ready.body.models.length, 1);
      const paged = await world.call('POST', 'logged-models/search', {
        experiment_ids: [experiment],
        order_by: [{ field_name: 'creation_timestamp', ascending: true }],
        max_results: 1,
      });
      assert.equal(paged.body.models.length, 1);
      assert.equal(typeof paged.body.next_page_token, 'string');
    });

    it('records the model as the run’s output at a step (runs/outputs) and shows it on the run', async () => {
      const id = (await create({ source_run_id: run })).info['model_id'];
      const logged = await world.call('POST', 'runs/outputs', { run_id: run, models: [{ model_id: id, step: 3 }] });
      assert.equal(logged.status, 200, JSON.stringify(logged.body));
      const got = await world.call('GET', 'runs/get', { run_id: run });
      assert.deepEqual(got.body.run.outputs.model_outputs, [{ model_id: id, step: 3 }]);
    });

    it('shows a metric logged for a model (model_id) on the model, and searches models by it', async () => {
      const id = (await create({ source_run_id: run, name: 'scored' })).info['model_id'];
      const logged = await world.call('POST', 'runs/log-metric', {
        run_id: run,
        key: 'auc',
        value: 0.75,
        timestamp: 9,
        step: 1,
        model_id: id,
      });
      assert.equal(logged.status, 200, JSON.stringify(logged.body));
      const got = await world.call('GET', `logged-models/${id}`);
      assert.deepEqual(got.body.model.data.metrics, [
        { key: 'auc', value: 0.75, timestamp: 9, step: 1, run_id: run, model_id: id },
      ]);
      const found = await world.call('POST', 'logged-models/search', {
        experiment_ids: [experiment],
        filter: 'metrics.auc > 0.5',
      });
      assert.deepEqual(
        found.body.models.map((m: { info: { name: string } }) => m.info.name),
        ['scored'],
      );
    });

    it('refuses an output naming a model the scope does not have', async () => {
      const bad = await world.call('POST', 'runs/outputs', {
        run_id: run,
        models: [{ model_id: `m-${'0'.repeat(32)}`, step: 0 }],
      });
      assert.deepEqual([bad.status, bad.body.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
    });

    it('deletes a model: reads then answer RESOURCE_DOES_NOT_EXIST', async () => {
      const id = (await create()).info['model_id'];
      assert.equal((await world.call('DELETE', `logged-models/${id}`)).status, 200);
      const got = await world.call('GET', `logged-models/${id}`);
      assert.deepEqual([got.status, got.body.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
    });

    it('refuses a malformed model id, an unknown experiment and an unknown source run', async () => {
      const malformed = await world.call('GET', 'logged-models/not-a-model');
      assert.deepEqual([malformed.status, malformed.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
      const noExperiment = await world.call('POST', 'logged-models', { experiment_id: '777' });
      assert.equal(noExperiment.body.error_code, 'RESOURCE_DOES_NOT_EXIST');
      const noRun = await world.call('POST', 'logged-models', {
        experiment_id: experiment,
        source_run_id: 'a'.repeat(32),
      });
      assert.equal(noRun.body.error_code, 'RESOURCE_DOES_NOT_EXIST');
    });

    it('refuses a Reader a new model with PERMISSION_DENIED but lets it search', async () => {
      const made = await world.call('POST', 'logged-models', { experiment_id: experiment }, world.readerToken);
      assert.deepEqual([made.status, made.body.error_code], [403, 'PERMISSION_DENIED']);
      const found = await world.call(
        'POST',
        'logged-models/search',
        { experiment_ids: [experiment] },
        world.readerToken,
      );
      assert.equal(found.status, 200);
    });
  });
}
