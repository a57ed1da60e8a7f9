import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, digestOf } from '../../src/testing/uploads.js';

/**
 * model-versions/create from a source whose bytes came through `mlflow-artifacts`: the version lists the same
 * blobs (no byte copied, nothing to upload), and the download URI serves them byte-identical.
 */
for (const dialect of testDialects) {
  describe(`registering MLflow artifacts as a version on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const base = '/mlflow/workspaces/team-a';
    const api = '/api/2.0/mlflow';
    const weights = bytesOf(200_000, 7);
    const mlmodel = Buffer.from('artifact_path: model\nflavors: {}\n');
    const put = (path: string, bytes: Buffer) =>
      fetch(`${server.url}${base}/api/2.0/mlflow-artifacts/artifacts/${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${server.token}` },
        body: bytes,
      });
    const call = (method: string, path: string, body?: unknown) => server.api(method, `${base}${api}/${path}`, body);

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const ws = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
      assert.equal((await server.waitForOperation(ws.headers.get('location') ?? '')).status, 'Succeeded');
      assert.equal((await put('0/aaaa/artifacts/model/MLmodel', mlmodel)).status, 200);
      assert.equal((await put('0/aaaa/artifacts/model/data/weights.bin', weights)).status, 200);
      assert.equal((await call('POST', 'registered-models/create', { name: 'fraud' })).status, 200);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    for (const [shape, source] of [
      ['an mlflow-artifacts: URI', 'mlflow-artifacts:/0/aaaa/artifacts/model'],
      [
        'this server’s artifact URL',
        () => `${server.url}${base}/api/2.0/mlflow-artifacts/artifacts/0/aaaa/artifacts/model`,
      ],
    ] as const) {
      it(`makes a version of the files under ${shape}, by digest, and serves them at its download URI`, async () => {
        const uri = typeof source === 'string' ? source : source();
        const created = await call('POST', 'model-versions/create', { name: 'fraud', source: uri });
        assert.equal(created.status, 200, JSON.stringify(created.body));
        assert.equal(created.body.model_version.status, 'READY');
        const label = created.body.model_version.version as string;
        const native = await server.api('GET', `/api/v1/workspaces/team-a/models/fraud/versions/${label}`);
        assert.deepEqual(
          native.body.files.map((f: { path: string; digest: string }) => [f.path, f.digest]),
          [
            ['MLmodel', digestOf(mlmodel)],
            ['data/weights.bin', digestOf(weights)],
          ],
        );
        assert.equal(native.body.properties['mlflow.source_external'], undefined);
        const download = await call('GET', `model-versions/get-download-uri?name=fraud&version=${label}`);
        const root = download.body.artifact_uri as string;
        assert.equal(
          root,
          `${server.url}${base}/api/2.0/mlflow-artifacts/artifacts/_arca/models/fraud/versions/${label}`,
        );
        const file = await fetch(`${root}/data/weights.bin`, { headers: { authorization: `Bearer ${server.token}` } });
        assert.ok(Buffer.from(await file.arrayBuffer()).equals(weights));
      });
    }

    it('resolves runs:/<run>/<path> through the run’s artifact location, and shows the run as the version’s lineage', async () => {
      const run = await call('POST', 'runs/create', { experiment_id: '0', run_name: 'train-1' });
      assert.equal(run.status, 200, JSON.stringify(run.body));
      const runId = run.body.run.info.run_id as string;
      const logged = await call('POST', 'runs/log-batch', {
        run_id: runId,
        params: [{ key: 'C', value: '0.5' }],
        metrics: [
          { key: 'auc', value: 0.9, timestamp: 1, step: 0 },
          { key: 'auc', value: 0.93, timestamp: 2, step: 1 },
        ],
      });
      assert.equal(logged.status, 200, JSON.stringify(logged.body));
      assert.equal((await put(`0/${runId}/artifacts/model/MLmodel`, mlmodel)).status, 200);
      const created = await call('POST', 'model-versions/create', {
        name: 'fraud',
        source: `runs:/${runId}/model`,
        run_id: runId,
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const label = created.body.model_version.version as string;
      const native = await server.api('GET', `/api/v1/workspaces/team-a/models/fraud/versions/${label}`);
      assert.deepEqual(
        native.body.files.map((f: { path: string; digest: string }) => [f.path, f.digest]),
        [['MLmodel', digestOf(mlmodel)]],
      );
      assert.equal(native.body.properties['mlflow.run_id'], runId);
      assert.deepEqual(
        {
          ...native.body.run,
          start_time: typeof native.body.run.start_time,
        },
        {
          experiment_id: '0',
          run_id: runId,
          run_name: 'train-1',
          status: 'RUNNING',
          user_id: 'admin',
          start_time: 'number',
          params: { C: '0.5' },
          metrics: { auc: 0.93 },
        },
      );
    });

    it('shows no run for a version whose mlflow.run_id names none in its scope, and still shows the version', async () => {
      const created = await call('POST', 'model-versions/create', {
        name: 'fraud',
        source: 's3://elsewhere/model',
        run_id: 'f'.repeat(32),
      });
      const label = created.body.model_version.version as string;
      await server.api('PATCH', `/api/v1/workspaces/team-a/models/fraud/versions/${label}`, {
        properties: { 'mlflow.run_id': '../not a run' },
      });
      const native = await server.api('GET', `/api/v1/workspaces/team-a/models/fraud/versions/${label}`);
      assert.equal(native.status, 200);
      assert.equal(native.body.run, undefined);
    });

    it('resolves models:/<model_id> (MLflow 3 logged models) through the logged model’s artifact location', async () => {
      const logged = await call('POST', 'logged-models', { experiment_id: '0', name: 'model' });
      assert.equal(logged.status, 200, JSON.stringify(logged.body));
      const modelId = logged.body.model.info.model_id as string;
      assert.equal((await put(`0/models/${modelId}/artifacts/MLmodel`, mlmodel)).status, 200);
      assert.equal((await put(`0/models/${modelId}/artifacts/model.bin`, weights)).status, 200);
      const created = await call('POST', 'model-versions/create', {
        name: 'fraud',
        source: `models:/${modelId}`,
        model_id: modelId,
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const label = created.body.model_version.version as string;
      const native = await server.api('GET', `/api/v1/workspaces/team-a/models/fraud/versions/${label}`);
      assert.deepEqual(
        native.body.files.map((f: { path: string }) => f.path),
        ['MLmodel', 'model.bin'],
      );
    });

    it('answers RESOURCE_DOES_NOT_EXIST for a run or logged model the scope does not have, making no version', async () => {
      for (const source of [`runs:/${'e'.repeat(32)}/model`, `models:/m-${'e'.repeat(32)}`]) {
        const created = await call('POST', 'model-versions/create', { name: 'fraud', source });
        assert.equal(created.status, 404, JSON.stringify(created.body));
        assert.equal(created.body.error_code, 'RESOURCE_DOES_NOT_EXIST');
      }
    });

    it('answers RESOURCE_DOES_NOT_EXIST for an artifact source with nothing under it, and makes no version', async () => {
      const before = await call('GET', "model-versions/search?filter=name%3D'fraud'");
      const created = await call('POST', 'model-versions/create', {
        name: 'fraud',
        source: 'mlflow-artifacts:/0/nothing/artifacts/model',
      });
      assert.equal(created.status, 404);
      assert.equal(created.body.error_code, 'RESOURCE_DOES_NOT_EXIST');
      assert.match(created.body.message, /0\/nothing\/artifacts\/model/);
      const after = await call('GET', "model-versions/search?filter=name%3D'fraud'");
      assert.equal(after.body.model_versions.length, before.body.model_versions.length);
    });

    it('records a source on another server as external: no files, and says so', async () => {
      const created = await call('POST', 'model-versions/create', { name: 'fraud', source: 's3://elsewhere/model' });
      assert.equal(created.status, 200);
      const label = created.body.model_version.version as string;
      const native = await server.api('GET', `/api/v1/workspaces/team-a/models/fraud/versions/${label}`);
      assert.deepEqual(native.body.files, []);
      assert.equal(native.body.properties['mlflow.source_external'], 'true');
      assert.match(native.body.description, /Arca holds no bytes/);
    });
  });
}
