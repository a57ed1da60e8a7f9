import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../src/testing/databases.js';
import { trackingWorld, type TrackingWorld } from './tracking-world.js';

/** `runs/search` with the filters and orders MLflow's fluent API sends. */
for (const dialect of testDialects) {
  describe(`MLflow run search on ${dialect.name}`, { skip: dialect.skip }, () => {
    let world: TrackingWorld;
    let experiment: string;
    const names: Record<string, string> = {};
    before(async () => {
      world = await trackingWorld(dialect);
      experiment = (await world.call('POST', 'experiments/create', { name: 'searching' })).body.experiment_id;
      for (const [name, lr, acc, status, start] of [
        ['slow', '0.01', 0.6, 'FINISHED', 1000],
        ['fast', '0.1', 0.8, 'FINISHED', 2000],
        ['broken', '0.5', 0.1, 'FAILED', 3000],
      ] as const) {
        const run = (
          await world.call('POST', 'runs/create', { experiment_id: experiment, run_name: name, start_time: start })
        ).body.run.info.run_id;
        names[run] = name;
        await world.call('POST', 'runs/log-batch', {
          run_id: run,
          params: [{ key: 'lr', value: lr }],
          metrics: [{ key: 'acc', value: acc, timestamp: 1, step: 0 }],
          tags: [{ key: 'kind', value: name === 'broken' ? 'bad' : 'good' }],
        });
        await world.call('POST', 'runs/update', { run_id: run, status });
      }
    });
    after(async () => {
      await world?.stop();
    });

    const search = async (fields: Record<string, unknown>) => {
      const found = await world.call('POST', 'runs/search', { experiment_ids: [experiment], ...fields });
      assert.equal(found.status, 200, JSON.stringify(found.body));
      return found.body as { runs: { info: { run_id: string } }[]; next_page_token?: string };
    };
    const runNames = (body: { runs: { info: { run_id: string } }[] }) => body.runs.map((r) => names[r.info.run_id]);

    it('lists an experiment’s runs newest first by default', async () => {
      assert.deepEqual(runNames(await search({})), ['broken', 'fast', 'slow']);
    });

    it('filters on attributes.status', async () => {
      assert.deepEqual(runNames(await search({ filter: "attributes.status = 'FINISHED'" })), ['fast', 'slow']);
    });

    it('filters on a param, a metric and a tag, joined by AND', async () => {
      assert.deepEqual(runNames(await search({ filter: "params.lr = '0.1'" })), ['fast']);
      assert.deepEqual(runNames(await search({ filter: 'metrics.acc > 0.5' })), ['fast', 'slow']);
      assert.deepEqual(runNames(await search({ filter: "tags.kind = 'good' and metrics.acc < 0.7" })), ['slow']);
    });

    it('filters on run_name, quoted keys and IN lists', async () => {
      assert.deepEqual(runNames(await search({ filter: "attributes.run_name = 'slow'" })), ['slow']);
      assert.deepEqual(runNames(await search({ filter: "tags.`kind` = 'bad'" })), ['broken']);
      const both = await search({ filter: "attributes.run_name IN ('slow', 'fast')" });
      assert.deepEqual(runNames(both), ['fast', 'slow']);
    });

    it('orders by a metric, and pages with the token it hands back', async () => {
      const first = await search({ order_by: ['metrics.acc DESC'], max_results: 2 });
      assert.deepEqual(runNames(first), ['fast', 'slow']);
      const second = await search({
        order_by: ['metrics.acc DESC'],
        max_results: 2,
        page_token: first.next_page_token,
      });
      assert.deepEqual(runNames(second), ['broken']);
      assert.equal(second.next_page_token, undefined);
    });

    it('leaves deleted runs out unless run_view_type asks for them', async () => {
      const doomed = (await world.call('POST', 'runs/create', { experiment_id: experiment, run_name: 'gone' })).body.run
        .info.run_id;
      await world.call('POST', 'runs/delete', { run_id: doomed });
      assert.equal((await search({})).runs.length, 3);
      assert.equal((await search({ run_view_type: 'DELETED_ONLY' })).runs.length, 1);
      assert.equal((await search({ run_view_type: 'ALL' })).runs.length, 4);
    });

    it('refuses what it does not support, naming it: OR, a dataset field, an unknown attribute, a bad token', async () => {
      for (const filter of ["params.lr = '1' OR params.lr = '2'", "datasets.name = 'd'", "attributes.color = 'red'"]) {
        const refused = await world.call('POST', 'runs/search', { experiment_ids: [experiment], filter });
        assert.deepEqual([refused.status, refused.body.error_code], [400, 'INVALID_PARAMETER_VALUE'], filter);
        assert.match(refused.body.message, /filter/);
      }
      const token = await world.call('POST', 'runs/search', { experiment_ids: [experiment], page_token: 'garbage' });
      assert.equal(token.body.error_code, 'INVALID_PARAMETER_VALUE');
    });

    it('lets a Reader search (a POST that only reads)', async () => {
      const found = await world.call('POST', 'runs/search', { experiment_ids: [experiment] }, world.readerToken);
      assert.equal(found.status, 200);
    });
  });
}
