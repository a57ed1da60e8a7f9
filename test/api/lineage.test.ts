import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion, digestOf } from '../../src/testing/uploads.js';

const environmentYaml = `$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
name: pytorch
version: "1"
description: PyTorch 2.3 on CUDA 12
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04@sha256:${'a'.repeat(64)}
conda_file: conda.yml
`;

const componentYaml = (
  environment: string,
  command = 'python train.py --data ${{inputs.training_data}} --epochs ${{inputs.epochs}} --out ${{outputs.model}}',
) => `name: train
version: "1"
display_name: Train a model
type: command
inputs:
  training_data:
    type: uri_folder
  epochs:
    type: integer
    default: 10
outputs:
  model:
    type: mlflow_model
command: ${command}
environment: ${environment}
code: ./src
`;

const trainPy = { path: 'src/train.py', size: 15, digest: digestOf(Buffer.from('print("train")\n')) };

for (const dialect of testDialects) {
  describe(`environments, components and lineage on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const base = '/api/v1/registries/shared';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const [path, body] of [
        ['/api/v1/registries/shared', { location: 'eastus' }],
        ['/api/v1/workspaces/secret-ws', { location: 'eastus' }],
      ] as const) {
        const put = await server.api('PUT', path, body);
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('creates an environment from its Azure YAML (conda file as a version file) and shows the spec back', async () => {
      const { version } = await createVersion(
        server,
        `${base}/environments/pytorch`,
        [{ path: 'conda.yml', bytes: Buffer.from('dependencies: [python=3.11]\n') }],
        { spec: environmentYaml },
      );
      assert.equal(version.version, '1');
      assert.equal(version.state, 'ready');
      const shown = await server.api('GET', `${base}/environments/pytorch/versions/1`);
      assert.equal(
        shown.body.spec.image,
        `mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04@sha256:${'a'.repeat(64)}`,
      );
      assert.equal(shown.body.spec_yaml, environmentYaml);
      assert.equal(shown.body.description, 'PyTorch 2.3 on CUDA 12');
      const listed = await server.api('GET', `${base}/environments`);
      assert.deepEqual(
        listed.body.value.map((a: { name: string }) => a.name),
        ['pytorch'],
      );
    });

    it('creates a component whose environment reference (azureml: form) resolves, recording it as lineage', async () => {
      const { version } = await createVersion(
        server,
        `${base}/components/train`,
        [{ path: 'src/train.py', bytes: Buffer.from('print("train")\n') }],
        { spec: componentYaml('azureml:pytorch:1') },
      );
      assert.equal(version.version, '1');
      const shown = await server.api('GET', `${base}/components/train/versions/1`);
      assert.equal(shown.body.spec.environment, 'pytorch:1');
      assert.equal(shown.body.spec.inputs.epochs.default, 10);
      assert.deepEqual(shown.body.derived_from, [
        { relation: 'environment', reference: 'arca://registries/shared/environments/pytorch/versions/1' },
      ]);
    });

    it('refuses component YAML with an undeclared placeholder, a missing environment or an unknown input type (400 naming the line); nothing is created', async () => {
      const cases: [string, RegExp][] = [
        [componentYaml('pytorch:1', 'python train.py --lr ${{inputs.learning_rate}}'), /line 14: .*learning_rate/],
        [componentYaml('pytorch:9'), /line 15: environment "pytorch:9" does not resolve/],
        [componentYaml('pytorch:1').replace('type: uri_folder', 'type: spreadsheet'), /line 7: .*spreadsheet/],
      ];
      for (const [spec, message] of cases) {
        const res = await server.api('POST', `${base}/components/train/versions`, {
          files: [trainPy],
          spec: spec.replace('version: "1"', 'version: "2"'),
        });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'ComponentSpecInvalid');
        assert.match(res.body.error.message, message);
      }
      assert.deepEqual(
        (await server.api('GET', `${base}/components/train/versions`)).body.value.map(
          (v: { version: string }) => v.version,
        ),
        ['1'],
      );
    });

    it('asks environments and components for their YAML, refuses it on models, and checks the YAML name against the URL', async () => {
      const noSpec = await server.api('POST', `${base}/environments/bare/versions`, { files: [] });
      assert.equal(noSpec.status, 400);
      assert.equal(noSpec.body.error.target, 'spec');
      const onModel = await server.api('POST', `${base}/models/fraud/versions`, { files: [], spec: environmentYaml });
      assert.equal(onModel.status, 400);
      assert.equal(onModel.body.error.target, 'spec');
      const noConda = await server.api('POST', `${base}/environments/pytorch/versions`, {
        files: [],
        spec: environmentYaml.replace('version: "1"', 'version: "2"'),
      });
      assert.equal(noConda.status, 400);
      assert.equal(noConda.body.error.code, 'EnvironmentSpecInvalid');
      assert.match(
        noConda.body.error.message,
        /line 6: conda_file "conda.yml" names a file that is not in the version's file list/,
      );
      const mismatch = await server.api('POST', `${base}/environments/tensorflow/versions`, {
        files: [],
        spec: environmentYaml,
      });
      assert.equal(mismatch.status, 400);
      assert.equal(mismatch.body.error.code, 'EnvironmentSpecInvalid');
      assert.match(mismatch.body.error.message, /line 2: the YAML names "pytorch"/);
    });

    it('records what a model was derived from and walks the graph up and down', async () => {
      await createVersion(server, `${base}/data/transactions`, [
        { path: 'part-0.parquet', bytes: Buffer.from('rows') },
      ]);
      await createVersion(server, `${base}/models/fraud`, [{ path: 'model.pkl', bytes: Buffer.from('weights 1') }], {
        job: 'run-42',
        lineage: { data: ['transactions:1'], component: 'train:1', environment: 'shared/pytorch@latest' },
      });
      await createVersion(server, `${base}/models/fraud`, [{ path: 'model.pkl', bytes: Buffer.from('weights 2') }], {
        lineage: { model: 'fraud:1' },
      });

      const shown = await server.api('GET', `${base}/models/fraud/versions/1`);
      assert.deepEqual(
        shown.body.derived_from
          .map((d: { relation: string; reference: string }) => `${d.relation} ${d.reference}`)
          .sort(),
        [
          'component arca://registries/shared/components/train/versions/1',
          'data arca://registries/shared/data/transactions/versions/1',
          'environment arca://registries/shared/environments/pytorch/versions/1',
        ],
      );
      const up = await server.api('GET', `${base}/models/fraud/versions/2/lineage?direction=up&depth=3`);
      assert.equal(up.status, 200);
      const names = (graph: { nodes: { reference: string }[] }) =>
        graph.nodes.map((n) => n.reference.replace('arca://registries/shared/', '')).sort();
      assert.deepEqual(names(up.body), [
        'components/train/versions/1',
        'data/transactions/versions/1',
        'environments/pytorch/versions/1',
        'models/fraud/versions/1',
        'models/fraud/versions/2',
      ]);
      const shallow = await server.api('GET', `${base}/models/fraud/versions/2/lineage?direction=up&depth=1`);
      assert.deepEqual(names(shallow.body), ['models/fraud/versions/1', 'models/fraud/versions/2']);
      const down = await server.api('GET', `${base}/data/transactions/versions/1/lineage?direction=down`);
      assert.deepEqual(names(down.body), [
        'data/transactions/versions/1',
        'models/fraud/versions/1',
        'models/fraud/versions/2',
      ]);
      const byId = new Map(down.body.nodes.map((n: { id: string; reference: string }) => [n.id, n.reference]));
      assert.deepEqual(
        down.body.edges
          .map(
            (e: { from: string; to: string; relation: string }) =>
              `${String(byId.get(e.from)).split('/').slice(-3).join('/')} -${e.relation}-> ${String(byId.get(e.to)).split('/').slice(-3).join('/')}`,
          )
          .sort(),
        ['fraud/versions/1 -data-> transactions/versions/1', 'fraud/versions/2 -model-> fraud/versions/1'],
      );
    });

    it('refuses to delete a version others derive from (409) unless forced, which drops it from their lineage', async () => {
      const refused = await server.api('DELETE', `${base}/data/transactions/versions/1`);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'VersionInUse');
      assert.match(refused.body.error.message, /models\/fraud\/versions\/1/);
      assert.equal((await server.api('DELETE', `${base}/data/transactions/versions/1?force=true`)).status, 204);
      const shown = await server.api('GET', `${base}/models/fraud/versions/1`);
      assert.ok(!shown.body.derived_from.some((d: { relation: string }) => d.relation === 'data'));
    });

    it('refuses lineage references of the wrong type, unknown ones and ones the caller cannot read alike (400 LineageInvalid naming the field)', async () => {
      await createVersion(server, '/api/v1/workspaces/secret-ws/data/hidden', [
        { path: 'x', bytes: Buffer.from('secret') },
      ]);
      await server.api('PUT', '/api/v1/users/publisher', {});
      await server.api('POST', '/api/v1/role-assignments', {
        role: 'AssetPublisher',
        user: 'publisher',
        registry: 'shared',
      });
      const auth = {
        authorization: `Bearer ${(await server.api('POST', '/api/v1/users/publisher/tokens', { name: 't' })).body.token}`,
      };
      const cases: [unknown, string, RegExp][] = [
        [{ data: ['fraud:1'] }, 'lineage.data[0]', /names|does not resolve/],
        [{ model: 'arca://registries/shared/data/transactions/versions/9' }, 'lineage.model', /names a data/],
        [
          { data: ['arca://workspaces/secret-ws/data/hidden/versions/1'] },
          'lineage.data[0]',
          /does not resolve to a data version you can read/,
        ],
        [
          { data: ['arca://workspaces/secret-ws/data/nothing/versions/1'] },
          'lineage.data[0]',
          /does not resolve to a data version you can read/,
        ],
        [{ component: 'not a reference!' }, 'lineage.component', /is not a reference/],
      ];
      for (const [lineage, target, message] of cases) {
        const res = await server.api('POST', `${base}/models/derived/versions`, { files: [], lineage }, auth);
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'LineageInvalid');
        assert.equal(res.body.error.target, target);
        assert.match(res.body.error.message, message);
      }
      assert.equal((await server.api('GET', `${base}/models/derived`)).status, 404);
    });

    it('shows a version the caller may not read as an unnamed hidden node, counted, and does not walk through it', async () => {
      await createVersion(
        server,
        '/api/v1/workspaces/secret-ws/models/private',
        [{ path: 'm', bytes: Buffer.from('private model') }],
        { lineage: { model: 'shared/fraud:2' } },
      );
      await server.api('PUT', '/api/v1/users/registry-reader', {});
      await server.api('POST', '/api/v1/role-assignments', {
        role: 'Reader',
        user: 'registry-reader',
        registry: 'shared',
      });
      const auth = {
        authorization: `Bearer ${(await server.api('POST', '/api/v1/users/registry-reader/tokens', { name: 't' })).body.token}`,
      };
      const graph = await server.api('GET', `${base}/models/fraud/versions/2/lineage?direction=down`, undefined, auth);
      assert.equal(graph.status, 200);
      assert.equal(graph.body.hidden, 1);
      assert.deepEqual(
        graph.body.nodes.map((n: { id: string; hidden?: boolean }) => (n.hidden === true ? n : n.id)),
        [graph.body.root, { id: 'hidden-1', hidden: true }],
      );
      assert.deepEqual(graph.body.edges, [{ from: 'hidden-1', to: graph.body.root, relation: 'model' }]);
      assert.doesNotMatch(JSON.stringify(graph.body), /secret-ws|private/);
      assert.equal((await server.api('GET', `${base}/models/fraud/versions/2/lineage?direction=down`)).body.hidden, 0);
    });
  });
}
