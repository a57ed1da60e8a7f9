import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedScope } from '../../testing/metadata-seeds.js';
import type { MetadataStore } from './metadata-store.js';
import {
  deleteExperimentTag,
  findExperiment,
  findExperimentByName,
  insertExperiment,
  nextExperimentNumber,
  scopeExperiments,
  scopeExperimentTags,
  setExperimentTag,
  updateExperiment,
} from './mlflow-experiments-repository.js';
import {
  deleteLoggedModelTag,
  experimentLoggedModels,
  findLoggedModel,
  insertLoggedModel,
  loggedModelValues,
  setLoggedModelValues,
  updateLoggedModel,
} from './mlflow-logged-models-repository.js';
import {
  deleteRunTag,
  experimentRuns,
  findRun,
  insertMetrics,
  insertRun,
  insertRunOutputs,
  insertRunParams,
  latestMetrics,
  metricHistory,
  runOutputs,
  runParams,
  runTags,
  setExperimentRunsLifecycle,
  setRunTags,
  updateRun,
  type RunRow,
} from './mlflow-runs-repository.js';

/** The MLflow tracking tables (migration 0033) through their repositories, on each dialect. */
for (const dialect of testDialects) {
  describe(`MLflow tracking storage on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;
    let scopeId: string;
    let otherScopeId: string;
    const runId = 'a'.repeat(32);

    const run = (fields: Partial<RunRow> = {}): RunRow => ({
      run_id: runId,
      scope_id: scopeId,
      experiment: 1,
      run_name: 'r',
      user_id: 'admin',
      status: 'RUNNING',
      start_time: 1000,
      end_time: null,
      lifecycle_stage: 'active',
      ...fields,
    });

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      scopeId = await seedScope(store, 'tracking-ws', { kind: 'workspace' });
      otherScopeId = await seedScope(store, 'other-ws', { kind: 'workspace' });
      await insertExperiment(store.session, {
        scope_id: scopeId,
        number: 1,
        name: 'one',
        lifecycle_stage: 'active',
        creation_time: 10,
        last_update_time: 10,
      });
      await insertRun(store.session, run());
    });
    after(async () => {
      await close?.();
    });

    it('numbers experiments per scope, finds them by number and by name, and lists and updates them', async () => {
      assert.equal(await nextExperimentNumber(store.session, scopeId), 2);
      assert.equal(await nextExperimentNumber(store.session, otherScopeId), 1);
      const again = {
        scope_id: scopeId,
        number: 1,
        name: 'again',
        lifecycle_stage: 'active',
        creation_time: 1,
        last_update_time: 1,
      };
      await insertExperiment(store.session, again, { ifAbsent: true });
      assert.equal((await findExperiment(store.session, scopeId, 1))?.name, 'one');
      assert.equal(await findExperiment(store.session, otherScopeId, 1), undefined);
      assert.equal((await findExperimentByName(store.session, scopeId, 'one'))?.number, 1);
      await updateExperiment(store.session, scopeId, 1, { name: 'uno', last_update_time: 20 });
      const [row] = await scopeExperiments(store.session, scopeId);
      assert.deepEqual([row?.name, Number(row?.last_update_time)], ['uno', 20]);
      await updateExperiment(store.session, scopeId, 1, { name: 'one', last_update_time: 20 });
    });

    it('sets (replacing) and deletes experiment tags', async () => {
      await setExperimentTag(store.session, { scope_id: scopeId, experiment: 1, key: 'k', value: 'v1' });
      await setExperimentTag(store.session, { scope_id: scopeId, experiment: 1, key: 'k', value: 'v2' });
      assert.deepEqual(
        (await scopeExperimentTags(store.session, scopeId)).map((t) => [t.key, t.value]),
        [['k', 'v2']],
      );
      assert.equal(await deleteExperimentTag(store.session, scopeId, 1, 'k'), true);
      assert.equal(await deleteExperimentTag(store.session, scopeId, 1, 'k'), false);
    });

    it('finds a run only in its own scope, lists an experiment’s runs and updates one', async () => {
      assert.equal((await findRun(store.session, scopeId, runId))?.run_name, 'r');
      assert.equal(await findRun(store.session, otherScopeId, runId), undefined);
      await updateRun(store.session, runId, { status: 'FINISHED', end_time: 2000 });
      const [listed] = await experimentRuns(store.session, scopeId, [1]);
      assert.deepEqual([listed?.status, Number(listed?.end_time)], ['FINISHED', 2000]);
      assert.deepEqual(await experimentRuns(store.session, scopeId, [2]), []);
      await setExperimentRunsLifecycle(store.session, scopeId, 1, 'deleted');
      assert.equal((await findRun(store.session, scopeId, runId))?.lifecycle_stage, 'deleted');
      await setExperimentRunsLifecycle(store.session, scopeId, 1, 'active');
      assert.equal((await findRun(store.session, scopeId, runId))?.lifecycle_stage, 'active');
    });

    it('keeps params once per key, and tags replaced or deleted', async () => {
      await insertRunParams(store.session, [{ run_id: runId, key: 'lr', value: '0.1' }]);
      await insertRunParams(store.session, [{ run_id: runId, key: 'lr', value: '0.1' }]);
      assert.deepEqual(
        (await runParams(store.session, [runId])).map((p) => [p.key, p.value]),
        [['lr', '0.1']],
      );
      await setRunTags(store.session, [{ run_id: runId, key: 't', value: '1' }]);
      await setRunTags(store.session, [{ run_id: runId, key: 't', value: '2' }]);
      assert.deepEqual(
        (await runTags(store.session, [runId])).map((t) => t.value),
        ['2'],
      );
      assert.equal(await deleteRunTag(store.session, runId, 't'), true);
      assert.equal(await deleteRunTag(store.session, runId, 't'), false);
    });

    it('keeps every metric value: the history in step order, and the latest by step then time', async () => {
      const metric = (value: number, step: number, timestamp: number) => ({
        run_id: runId,
        key: 'acc',
        value,
        step,
        timestamp,
        model_id: null,
      });
      await insertMetrics(store.session, [metric(0.5, 0, 1), metric(0.9, 2, 3), metric(0.7, 1, 2), metric(0.8, 2, 4)]);
      assert.deepEqual(
        (await metricHistory(store.session, runId, 'acc')).map((m) => [Number(m.step), m.value]),
        [
          [0, 0.5],
          [1, 0.7],
          [2, 0.9],
          [2, 0.8],
        ],
      );
      const [latest] = await latestMetrics(store.session, [runId]);
      assert.deepEqual([latest?.value, Number(latest?.timestamp)], [0.8, 4]);
    });

    it('keeps logged models per scope, with params, tags, status and deletion; and run outputs', async () => {
      const modelId = `m-${'b'.repeat(32)}`;
      await insertLoggedModel(store.session, {
        model_id: modelId,
        scope_id: scopeId,
        experiment: 1,
        name: 'm',
        model_type: null,
        source_run_id: runId,
        status: 'LOGGED_MODEL_PENDING',
        status_message: null,
        lifecycle_stage: 'active',
        creation_time: 5,
        last_updated_time: 5,
      });
      assert.equal(await findLoggedModel(store.session, otherScopeId, modelId), undefined);
      await setLoggedModelValues(store.session, 'params', [{ model_id: modelId, key: 'a', value: '1' }]);
      await setLoggedModelValues(store.session, 'tags', [{ model_id: modelId, key: 't', value: 'x' }]);
      assert.deepEqual(
        (await loggedModelValues(store.session, 'params', [modelId])).map((p) => p.value),
        ['1'],
      );
      assert.equal(await deleteLoggedModelTag(store.session, modelId, 't'), true);
      assert.deepEqual(await loggedModelValues(store.session, 'tags', [modelId]), []);
      await updateLoggedModel(store.session, modelId, { status: 'LOGGED_MODEL_READY', last_updated_time: 6 });
      assert.equal((await findLoggedModel(store.session, scopeId, modelId))?.status, 'LOGGED_MODEL_READY');
      await insertRunOutputs(store.session, [{ run_id: runId, model_id: modelId, step: 3 }]);
      assert.deepEqual(
        (await runOutputs(store.session, [runId])).map((o) => [o.model_id, Number(o.step)]),
        [[modelId, 3]],
      );
      assert.equal((await experimentLoggedModels(store.session, scopeId, [1])).length, 1);
      await insertMetrics(store.session, [
        { run_id: runId, key: 'auc', value: 0.5, step: 0, timestamp: 1, model_id: modelId },
        { run_id: runId, key: 'auc', value: 0.6, step: 1, timestamp: 2, model_id: modelId },
      ]);
      const [forModel] = await latestMetrics(store.session, [modelId], 'model');
      assert.deepEqual([forModel?.key, forModel?.value], ['auc', 0.6]);
      await updateLoggedModel(store.session, modelId, { lifecycle_stage: 'deleted', last_updated_time: 7 });
      assert.deepEqual(await experimentLoggedModels(store.session, scopeId, [1]), []);
    });
  });
}
