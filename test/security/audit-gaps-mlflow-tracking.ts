import type { TestServer } from '../../src/testing/server.js';

/** The part of audit-gaps' world the MLflow probes use. */
interface ProbeWorld {
  server: TestServer;
  fresh(prefix: string): string;
}
interface Probe {
  method?: string;
  path: string;
  body?: unknown;
}
type AddProbe = (key: string, probe: (world: ProbeWorld) => Promise<Probe>) => void;
type Exempt = (key: string, why: string) => void;

const families = [
  ['registries', 'reg1'],
  ['workspaces', 'ws1'],
] as const;

/** The searches: POSTs that only read (MLflow sends its search bodies with POST). */
export const mlflowReadingPosts = ['experiments/search', 'runs/search', 'logged-models/search'];

/**
 * Succeeding requests for MLflow's tracking endpoints (issue 19), under each scope's tracking URI; every one
 * must leave an `mlflow/…` audit event.
 */
export function addMlflowTrackingProbes(add: AddProbe, exempt: Exempt): void {
  for (const [family, scope] of families) {
    const base = `/mlflow/${family}/${scope}/api/2.0/mlflow`;
    const key = (method: string, path: string) => `${method} /mlflow/${family}/:scope/api/2.0/mlflow/${path}`;
    const call = async (w: ProbeWorld, method: string, path: string, body: unknown) => {
      const answer = await w.server.api(method, `${base}/${path}`, body);
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    const experiment = async (w: ProbeWorld): Promise<string> =>
      (await call(w, 'POST', 'experiments/create', { name: w.fresh('experiment') })).experiment_id;
    const run = async (w: ProbeWorld): Promise<string> =>
      (await call(w, 'POST', 'runs/create', { experiment_id: await experiment(w) })).run.info.run_id;
    const model = async (w: ProbeWorld): Promise<string> =>
      (await call(w, 'POST', 'logged-models', { experiment_id: await experiment(w), tags: [{ key: 'k', value: 'v' }] }))
        .model.info.model_id;

    for (const path of mlflowReadingPosts) exempt(key('POST', path), 'a search: reads, changes nothing');
    add(key('POST', 'experiments/create'), async (w) => ({
      path: `${base}/experiments/create`,
      body: { name: w.fresh('experiment') },
    }));
    add(key('POST', 'experiments/update'), async (w) => ({
      path: `${base}/experiments/update`,
      body: { experiment_id: await experiment(w), new_name: w.fresh('renamed') },
    }));
    add(key('POST', 'experiments/delete'), async (w) => ({
      path: `${base}/experiments/delete`,
      body: { experiment_id: await experiment(w) },
    }));
    add(key('POST', 'experiments/restore'), async (w) => {
      const id = await experiment(w);
      await call(w, 'POST', 'experiments/delete', { experiment_id: id });
      return { path: `${base}/experiments/restore`, body: { experiment_id: id } };
    });
    add(key('POST', 'experiments/set-experiment-tag'), async (w) => ({
      path: `${base}/experiments/set-experiment-tag`,
      body: { experiment_id: await experiment(w), key: 'k', value: 'v' },
    }));
    add(key('POST', 'experiments/delete-experiment-tag'), async (w) => {
      const id = await experiment(w);
      await call(w, 'POST', 'experiments/set-experiment-tag', { experiment_id: id, key: 'k', value: 'v' });
      return { path: `${base}/experiments/delete-experiment-tag`, body: { experiment_id: id, key: 'k' } };
    });
    add(key('POST', 'runs/create'), async (w) => ({
      path: `${base}/runs/create`,
      body: { experiment_id: await experiment(w) },
    }));
    const onRun = (path: string, body: Record<string, unknown>) =>
      add(key('POST', path), async (w) => ({ path: `${base}/${path}`, body: { run_id: await run(w), ...body } }));
    onRun('runs/update', { status: 'FINISHED', end_time: 1 });
    onRun('runs/delete', {});
    onRun('runs/log-metric', { key: 'm', value: 1, timestamp: 1 });
    onRun('runs/log-parameter', { key: 'p', value: '1' });
    onRun('runs/set-tag', { key: 't', value: '1' });
    onRun('runs/log-batch', { params: [{ key: 'p', value: '1' }] });
    onRun('runs/log-inputs', {});
    onRun('runs/log-model', { model_json: JSON.stringify({ artifact_path: 'model', flavors: {} }) });
    add(key('POST', 'runs/restore'), async (w) => {
      const id = await run(w);
      await call(w, 'POST', 'runs/delete', { run_id: id });
      return { path: `${base}/runs/restore`, body: { run_id: id } };
    });
    add(key('POST', 'runs/delete-tag'), async (w) => {
      const id = await run(w);
      await call(w, 'POST', 'runs/set-tag', { run_id: id, key: 't', value: '1' });
      return { path: `${base}/runs/delete-tag`, body: { run_id: id, key: 't' } };
    });
    add(key('POST', 'runs/outputs'), async (w) => ({
      path: `${base}/runs/outputs`,
      body: { run_id: await run(w), models: [{ model_id: await model(w), step: 0 }] },
    }));
    add(key('POST', 'logged-models'), async (w) => ({
      path: `${base}/logged-models`,
      body: { experiment_id: await experiment(w) },
    }));
    add(key('PATCH', 'logged-models/:model_id'), async (w) => ({
      path: `${base}/logged-models/${await model(w)}`,
      body: { status: 'LOGGED_MODEL_READY' },
    }));
    add(key('DELETE', 'logged-models/:model_id'), async (w) => ({ path: `${base}/logged-models/${await model(w)}` }));
    add(key('PATCH', 'logged-models/:model_id/tags'), async (w) => ({
      path: `${base}/logged-models/${await model(w)}/tags`,
      body: { tags: [{ key: 'a', value: 'b' }] },
    }));
    add(key('DELETE', 'logged-models/:model_id/tags/:tag_key'), async (w) => ({
      path: `${base}/logged-models/${await model(w)}/tags/k`,
    }));
    add(key('POST', 'logged-models/:model_id/params'), async (w) => ({
      path: `${base}/logged-models/${await model(w)}/params`,
      body: { params: [{ key: 'a', value: 'b' }] },
    }));
  }
}
