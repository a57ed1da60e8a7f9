import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../src/testing/databases.js';
import { experimentWithRun, trackingWorld, type TrackingWorld } from './tracking-world.js';

/** MLflow runs: their shape, status, params (immutable), metrics (history), tags, batches, and refusals. */
for (const dialect of testDialects) {
  describe(`MLflow runs on ${dialect.name}`, { skip: dialect.skip }, () => {
    let world: TrackingWorld;
    let run: string;
    let experiment: string;
    before(async () => {
      world = await trackingWorld(dialect);
      ({ experiment, run } = await experimentWithRun(world, 'runs'));
    });
    after(async () => {
      await world?.stop();
    });

    it('creates a run with MLflow’s info fields, the Arca principal as user_id and its artifact URI', async () => {
      const made = await world.call('POST', 'runs/create', {
        experiment_id: experiment,
        run_name: 'first',
        start_time: 1234,
        user_id: 'someone-else',
        tags: [{ key: 'mlflow.source.name', value: 'train.py' }],
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const { info, data } = made.body.run;
      assert.match(info.run_id, /^[0-9a-f]{32}$/);
      assert.equal(info.run_uuid, info.run_id);
      assert.deepEqual(
        [info.experiment_id, info.run_name, info.user_id, info.status, info.start_time, info.lifecycle_stage],
        [experiment, 'first', 'admin', 'RUNNING', 1234, 'active'],
      );
      assert.equal(info.artifact_uri, `mlflow-artifacts:/${experiment}/${info.run_id}/artifacts`);
      assert.deepEqual(data.tags, [
        { key: 'mlflow.runName', value: 'first' },
        { key: 'mlflow.source.name', value: 'train.py' },
      ]);
      assert.deepEqual([data.params, data.metrics], [[], []]);
      assert.deepEqual(made.body.run.outputs, { model_outputs: [] });
    });

    it('creates runs in the Default experiment "0", several at once', async () => {
      const made = await Promise.all(
        Array.from({ length: 6 }, () => world.call('POST', 'runs/create', { experiment_id: '0' })),
      );
      assert.deepEqual(
        made.map((m) => [m.status, m.body.run?.info.experiment_id]),
        Array.from({ length: 6 }, () => [200, '0']),
      );
    });

    it('logs params, metrics and tags one by one and shows them on the run (the latest value per metric)', async () => {
      assert.equal(
        (await world.call('POST', 'runs/log-parameter', { run_id: run, key: 'lr', value: '0.1' })).status,
        200,
      );
      for (const [step, value] of [
        [0, 0.5],
        [2, 0.9],
        [1, 0.7],
      ] as const)
        await world.call('POST', 'runs/log-metric', { run_id: run, key: 'acc', value, timestamp: 100 + step, step });
      await world.call('POST', 'runs/set-tag', { run_id: run, key: 'owner', value: 'risk' });
      const got = await world.call('GET', 'runs/get', { run_id: run });
      assert.deepEqual(got.body.run.data.params, [{ key: 'lr', value: '0.1' }]);
      assert.deepEqual(got.body.run.data.metrics, [{ key: 'acc', value: 0.9, timestamp: 102, step: 2 }]);
      assert.ok(got.body.run.data.tags.some((t: { key: string }) => t.key === 'owner'));
    });

    it('keeps a metric’s history in step order', async () => {
      const history = await world.call('GET', 'metrics/get-history', { run_id: run, metric_key: 'acc' });
      assert.equal(history.status, 200);
      assert.deepEqual(
        history.body.metrics.map((m: { step: number; value: number }) => [m.step, m.value]),
        [
          [0, 0.5],
          [1, 0.7],
          [2, 0.9],
        ],
      );
    });

    it('accepts a param logged again with the same value and refuses another value (params are immutable)', async () => {
      assert.equal(
        (await world.call('POST', 'runs/log-parameter', { run_id: run, key: 'lr', value: '0.1' })).status,
        200,
      );
      const changed = await world.call('POST', 'runs/log-parameter', { run_id: run, key: 'lr', value: '0.2' });
      assert.deepEqual([changed.status, changed.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
      assert.match(changed.body.message, /immutable/);
    });

    it('logs a batch of metrics, params and tags in one call', async () => {
      const batch = await world.call('POST', 'runs/log-batch', {
        run_id: run,
        metrics: [{ key: 'loss', value: 0.25, timestamp: 5, step: 3 }],
        params: [{ key: 'epochs', value: '10' }],
        tags: [{ key: 'phase', value: 'train' }],
      });
      assert.equal(batch.status, 200, JSON.stringify(batch.body));
      const got = (await world.call('GET', 'runs/get', { run_id: run })).body.run.data;
      assert.ok(got.metrics.some((m: { key: string; value: number }) => m.key === 'loss' && m.value === 0.25));
      assert.ok(got.params.some((p: { key: string }) => p.key === 'epochs'));
    });

    it('refuses a batch past MLflow’s limits (101 params) and writes none of it', async () => {
      const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'x' }));
      const batch = await world.call('POST', 'runs/log-batch', { run_id: run, params });
      assert.deepEqual([batch.status, batch.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
      const got = (await world.call('GET', 'runs/get', { run_id: run })).body.run.data;
      assert.ok(!got.params.some((p: { key: string }) => p.key === 'p0'));
    });

    it('refuses a batch whose param conflicts with a stored one, writing none of its metrics', async () => {
      const batch = await world.call('POST', 'runs/log-batch', {
        run_id: run,
        metrics: [{ key: 'never', value: 1, timestamp: 1 }],
        params: [{ key: 'lr', value: '0.3' }],
      });
      assert.equal(batch.body.error_code, 'INVALID_PARAMETER_VALUE');
      const history = await world.call('GET', 'metrics/get-history', { run_id: run, metric_key: 'never' });
      assert.deepEqual(history.body.metrics, []);
    });

    it('refuses an oversize param value (6000), tag value (8000) and key (250)', async () => {
      const param = await world.call('POST', 'runs/log-parameter', {
        run_id: run,
        key: 'big',
        value: 'x'.repeat(6001),
      });
      const tag = await world.call('POST', 'runs/set-tag', { run_id: run, key: 'big', value: 'x'.repeat(8001) });
      const key = await world.call('POST', 'runs/set-tag', { run_id: run, key: 'k'.repeat(251), value: 'v' });
      assert.deepEqual(
        [param.body.error_code, tag.body.error_code, key.body.error_code],
        ['INVALID_PARAMETER_VALUE', 'INVALID_PARAMETER_VALUE', 'INVALID_PARAMETER_VALUE'],
      );
      assert.equal(
        (await world.call('POST', 'runs/set-tag', { run_id: run, key: 'fits', value: 'x'.repeat(8000) })).status,
        200,
      );
    });

    it('refuses a metric without a timestamp or with a value that is not a number', async () => {
      const noTime = await world.call('POST', 'runs/log-metric', { run_id: run, key: 'm', value: 1 });
      const text = await world.call('POST', 'runs/log-metric', { run_id: run, key: 'm', value: 'high', timestamp: 1 });
      assert.deepEqual(
        [noTime.body.error_code, text.body.error_code],
        ['INVALID_PARAMETER_VALUE', 'INVALID_PARAMETER_VALUE'],
      );
    });

    it('finishes a run (status, end_time) and answers its run_info', async () => {
      const { run: other } = await experimentWithRun(world, 'finishing');
      const done = await world.call('POST', 'runs/update', { run_id: other, status: 'FINISHED', end_time: 5000 });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.deepEqual([done.body.run_info.status, done.body.run_info.end_time], ['FINISHED', 5000]);
    });

    it('refuses a status MLflow does not have', async () => {
      const bad = await world.call('POST', 'runs/update', { run_id: run, status: 'DONE' });
      assert.deepEqual([bad.status, bad.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
    });

    it('renames a run through update and through the mlflow.runName tag', async () => {
      await world.call('POST', 'runs/update', { run_id: run, run_name: 'renamed' });
      assert.equal((await world.call('GET', 'runs/get', { run_id: run })).body.run.info.run_name, 'renamed');
      await world.call('POST', 'runs/set-tag', { run_id: run, key: 'mlflow.runName', value: 'tagged-name' });
      assert.equal((await world.call('GET', 'runs/get', { run_id: run })).body.run.info.run_name, 'tagged-name');
    });

    it('deletes a tag, and answers RESOURCE_DOES_NOT_EXIST for a tag the run does not have', async () => {
      await world.call('POST', 'runs/set-tag', { run_id: run, key: 'temp', value: '1' });
      assert.equal((await world.call('POST', 'runs/delete-tag', { run_id: run, key: 'temp' })).status, 200);
      const again = await world.call('POST', 'runs/delete-tag', { run_id: run, key: 'temp' });
      assert.deepEqual([again.status, again.body.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
    });

    it('deletes and restores a run; a deleted run takes no values', async () => {
      const { run: doomed } = await experimentWithRun(world, 'deleting');
      assert.equal((await world.call('POST', 'runs/delete', { run_id: doomed })).status, 200);
      assert.equal((await world.call('GET', 'runs/get', { run_id: doomed })).body.run.info.lifecycle_stage, 'deleted');
      const refused = await world.call('POST', 'runs/log-parameter', { run_id: doomed, key: 'a', value: 'b' });
      assert.equal(refused.body.error_code, 'INVALID_PARAMETER_VALUE');
      assert.equal((await world.call('POST', 'runs/restore', { run_id: doomed })).status, 200);
      assert.equal(
        (await world.call('POST', 'runs/log-parameter', { run_id: doomed, key: 'a', value: 'b' })).status,
        200,
      );
    });

    it('answers RESOURCE_DOES_NOT_EXIST for an unknown run and INVALID_PARAMETER_VALUE for a malformed id', async () => {
      const unknown = await world.call('GET', 'runs/get', { run_id: 'f'.repeat(32) });
      assert.deepEqual([unknown.status, unknown.body.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
      const malformed = await world.call('GET', 'runs/get', { run_id: '../etc' });
      assert.deepEqual([malformed.status, malformed.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
      const noExperiment = await world.call('POST', 'runs/create', { experiment_id: '4242' });
      assert.deepEqual([noExperiment.status, noExperiment.body.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
    });

    it('accepts log-inputs for an existing run (datasets are not kept)', async () => {
      const inputs = await world.call('POST', 'runs/log-inputs', {
        run_id: run,
        datasets: [{ dataset: { name: 'd', digest: 'x', source_type: 'local', source: '/d' } }],
      });
      assert.equal(inputs.status, 200, JSON.stringify(inputs.body));
    });

    it('keeps runs/log-model descriptions in the mlflow.log-model.history tag, appended, and refuses text', async () => {
      const { run: logged } = await experimentWithRun(world, 'log-model');
      for (const path of ['model', 'other'])
        assert.equal(
          (
            await world.call('POST', 'runs/log-model', {
              run_id: logged,
              model_json: JSON.stringify({ artifact_path: path }),
            })
          ).status,
          200,
        );
      const tags = (await world.call('GET', 'runs/get', { run_id: logged })).body.run.data.tags;
      const history = tags.find((t: { key: string }) => t.key === 'mlflow.log-model.history');
      assert.deepEqual(JSON.parse(history.value), [{ artifact_path: 'model' }, { artifact_path: 'other' }]);
      const bad = await world.call('POST', 'runs/log-model', { run_id: logged, model_json: 'not json' });
      assert.deepEqual([bad.status, bad.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
    });

    it('refuses a Reader a new run with PERMISSION_DENIED, and a read-only token a metric', async () => {
      const made = await world.call('POST', 'runs/create', { experiment_id: experiment }, world.readerToken);
      assert.deepEqual([made.status, made.body.error_code], [403, 'PERMISSION_DENIED']);
      const logged = await world.call(
        'POST',
        'runs/log-metric',
        { run_id: run, key: 'm', value: 1, timestamp: 1 },
        world.readOnlyToken,
      );
      assert.deepEqual([logged.status, logged.body.error_code], [403, 'PERMISSION_DENIED']);
      assert.equal((await world.call('GET', 'runs/get', { run_id: run }, world.readerToken)).status, 200);
    });
  });
}
