import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { isArcaError } from '../../core/errors.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedScope } from '../../testing/metadata-seeds.js';
import { systemClock } from '../clock.js';
import { TrackingService } from './tracking.js';

/** What TrackingService offers the registry and artifacts sides: a run's lineage, its artifact URI, a logged model. */
for (const dialect of testDialects) {
  describe(`TrackingService for the registry and artifacts on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;
    let tracking: TrackingService;
    const scope = { kind: 'workspace', name: 'lineage-ws' } as const;
    const actor = { name: 'alice' };
    let runId: string;
    let experiment: string;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      await seedScope(store, scope.name, { kind: 'workspace' });
      tracking = new TrackingService(store, systemClock);
      experiment = await tracking.createExperiment(scope, { name: 'lineage', tags: [] }, actor);
      runId = (await tracking.createRun(scope, { experimentId: experiment, tags: [] }, actor)).info.run_id;
      await tracking.logToRun(
        scope,
        runId,
        {
          params: [{ key: 'lr', value: '0.1' }],
          metrics: [{ key: 'acc', value: 0.9, timestamp: 1, step: 0 }],
          tags: [{ key: 'team', value: 'risk' }],
        },
        actor,
      );
    });
    after(async () => {
      await close?.();
    });

    it('shows a run with its params, latest metrics and tags, and the principal that made it', async () => {
      const run = await tracking.run(scope, runId);
      assert.equal(run.info.user_id, 'alice');
      assert.deepEqual(run.data.params, [{ key: 'lr', value: '0.1' }]);
      assert.deepEqual(run.data.metrics, [{ key: 'acc', value: 0.9, timestamp: 1, step: 0 }]);
      assert.ok(run.data.tags.some((t) => t.key === 'team' && t.value === 'risk'));
    });

    it('refuses a search of experiments holding more runs than one search reads, and answers one within the bound', async () => {
      const bounded = new TrackingService(store, systemClock, 3);
      const sweep = await bounded.createExperiment(scope, { name: 'sweep', tags: [] }, actor);
      for (let i = 0; i < 3; i++) await bounded.createRun(scope, { experimentId: sweep, tags: [] }, actor);
      const page = { filter: [], maxResults: 100, orderBy: [], viewType: 'ACTIVE_ONLY' as const };
      assert.equal((await bounded.searchRuns(scope, [sweep], page)).runs.length, 3);
      await bounded.createRun(scope, { experimentId: sweep, tags: [] }, actor);
      await assert.rejects(bounded.searchRuns(scope, [sweep], page), (error: unknown) => {
        assert.ok(isArcaError(error, 'InvalidParameter'));
        assert.match(error.message, /more than 3 runs/);
        return true;
      });
    });

    it('refuses a logged-model search past the same bound, and answers one within it', async () => {
      const bounded = new TrackingService(store, systemClock, 2);
      const sweep = await bounded.createExperiment(scope, { name: 'models-sweep', tags: [] }, actor);
      const model = () => bounded.models.create(scope, { experimentId: sweep, params: [], tags: [] }, actor);
      await model();
      await model();
      const page = { filter: [], maxResults: 100, orderBy: [] };
      assert.equal((await bounded.models.search(scope, [sweep], page)).models.length, 2);
      await model();
      await assert.rejects(bounded.models.search(scope, [sweep], page), (error: unknown) => {
        assert.ok(isArcaError(error, 'InvalidParameter'));
        assert.match(error.message, /more than 2 logged models/);
        return true;
      });
    });

    it('answers where a run’s artifacts are', async () => {
      assert.equal(await tracking.runArtifactUri(scope, runId), `mlflow-artifacts:/${experiment}/${runId}/artifacts`);
    });

    it('answers a logged model with its artifact location and source run', async () => {
      const made = await tracking.models.create(
        scope,
        { experimentId: experiment, sourceRunId: runId, params: [], tags: [] },
        actor,
      );
      const model = await tracking.loggedModel(scope, made.info.model_id);
      assert.equal(model.info.source_run_id, runId);
      assert.equal(model.info.artifact_uri, `mlflow-artifacts:/${experiment}/models/${made.info.model_id}/artifacts`);
    });

    it('refuses a run of a scope that does not exist with WorkspaceNotFound', async () => {
      await assert.rejects(
        tracking.run({ kind: 'workspace', name: 'nowhere' }, runId),
        (error) => isArcaError(error) && error.code === 'WorkspaceNotFound',
      );
    });
  });
}
