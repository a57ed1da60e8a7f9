import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

const environmentYaml = 'name: pytorch\nversion: "1"\nimage: pytorch/pytorch:2.3.0\nconda_file: conda.yml\n';
const componentYaml =
  'name: train\nversion: "1"\ntype: command\ncommand: python train.py\nenvironment: azureml:pytorch:1\ncode: ./src\n';

/** `relation reference` of each `derived_from` entry (or `relation (hidden)`), sorted. */
const derivedFrom = (version: any): string[] =>
  (version.derived_from as any[]).map((d) => `${d.relation} ${d.hidden === true ? '(hidden)' : d.reference}`).sort();

/** The names the origin workspace holds: none may reach a reader who cannot read it. */
const privateNames = /team-a|pytorch|train/;

for (const dialect of testDialects) {
  describe(`sharing a version into a registry on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let reader: Record<string, string>;
    let auditor: Record<string, string>;
    const ws = '/api/v1/workspaces/team-a';
    const registry = '/api/v1/registries/shared';

    const tokenOf = async (user: string, role: string): Promise<Record<string, string>> => {
      await server.api('PUT', `/api/v1/users/${user}`, {});
      await server.api('POST', '/api/v1/role-assignments', { role, user, registry: 'shared' });
      return {
        authorization: `Bearer ${(await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 't' })).body.token}`,
      };
    };

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const scopes = [
        [ws, { location: 'eastus' }],
        [registry, { location: 'eastus', replication_locations: [{ location: 'eastus' }, { location: 'westus' }] }],
      ] as const;
      for (const [path, body] of scopes) {
        const put = await server.api('PUT', path, body);
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
      await createVersion(server, `${ws}/data/labels`, [{ path: 'labels.csv', bytes: Buffer.from('id,label\n1,0\n') }]);
      await createVersion(
        server,
        `${ws}/environments/pytorch`,
        [{ path: 'conda.yml', bytes: Buffer.from('dependencies: []\n') }],
        { spec: environmentYaml },
      );
      await createVersion(
        server,
        `${ws}/components/train`,
        [{ path: 'src/train.py', bytes: Buffer.from('print(1)\n') }],
        { spec: componentYaml },
      );
      await createVersion(server, `${ws}/models/fraud`, [{ path: 'model.pkl', bytes: Buffer.from('weights') }], {
        lineage: { data: ['labels:1'], component: 'train:1', environment: 'pytorch:1' },
      });
      // The data goes first: the model's copy then points at the registry's copy of it.
      assert.equal(
        (await server.api('POST', `${ws}/data/labels/versions/1/share`, { registry: 'shared' })).status,
        201,
      );
      reader = await tokenOf('registry-reader', 'Reader');
      auditor = await tokenOf('registry-auditor', 'Owner');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('answers the share with the version as show answers it, regions included', async () => {
      const shared = await server.api('POST', `${ws}/models/fraud/versions/1/share`, { registry: 'shared' });
      assert.equal(shared.status, 201, JSON.stringify(shared.body));
      assert.equal(shared.body.created, true);
      const shown = await server.api('GET', `${registry}/models/fraud/versions/1`);
      // The replica's state may move on between the two answers (replication runs meanwhile): compare where, not how far.
      const where = (version: any) =>
        version.regions.map((r: { region: string; role: string }) => `${r.region} ${r.role}`);
      assert.deepEqual(where(shared.body), ['eastus primary', 'westus replica']);
      assert.deepEqual(where(shown.body), where(shared.body));
      const { created: _created, regions: _regions, ...version } = shared.body;
      const { regions: _shownRegions, ...shownVersion } = shown.body;
      assert.deepEqual(version, shownVersion);
    });

    it("keeps the origin's lineage: an input shared into the registry points at its registry copy, the rest at the workspace", async () => {
      const shown = await server.api('GET', `${registry}/models/fraud/versions/1`);
      assert.deepEqual(derivedFrom(shown.body), [
        'component arca://workspaces/team-a/components/train/versions/1',
        'data arca://registries/shared/data/labels/versions/1',
        'environment arca://workspaces/team-a/environments/pytorch/versions/1',
      ]);
      const up = await server.api('GET', `${registry}/models/fraud/versions/1/lineage?direction=up&depth=1`);
      assert.deepEqual(up.body.nodes.map((n: { reference: string }) => n.reference).sort(), [
        'arca://registries/shared/data/labels/versions/1',
        'arca://registries/shared/models/fraud/versions/1',
        'arca://workspaces/team-a/components/train/versions/1',
        'arca://workspaces/team-a/environments/pytorch/versions/1',
      ]);
      assert.equal(up.body.edges.length, 3);
      const down = await server.api('GET', `${registry}/data/labels/versions/1/lineage?direction=down`);
      assert.deepEqual(down.body.nodes.map((n: { reference: string }) => n.reference).sort(), [
        'arca://registries/shared/data/labels/versions/1',
        'arca://registries/shared/models/fraud/versions/1',
      ]);
    });

    it('shows a registry reader who cannot read the workspace that inputs exist in a scope it cannot read, and no name of them', async () => {
      const shown = await server.api('GET', `${registry}/models/fraud/versions/1`, undefined, reader);
      assert.equal(shown.status, 200);
      assert.deepEqual(derivedFrom(shown.body), [
        'component (hidden)',
        'data arca://registries/shared/data/labels/versions/1',
        'environment (hidden)',
      ]);
      assert.equal(shown.body.origin, undefined);
      assert.equal(shown.body.origin_hidden, true);
      assert.doesNotMatch(JSON.stringify(shown.body), privateNames);

      for (const direction of ['up', 'both']) {
        const graph = await server.api(
          'GET',
          `${registry}/models/fraud/versions/1/lineage?direction=${direction}`,
          undefined,
          reader,
        );
        assert.equal(graph.status, 200);
        assert.doesNotMatch(JSON.stringify(graph.body), privateNames);
        const hidden = graph.body.nodes.filter((n: { hidden?: boolean }) => n.hidden === true);
        assert.equal(hidden.length, 2);
        assert.equal(graph.body.hidden, 2);
        const relationTo = new Map(graph.body.edges.map((e: { to: string; relation: string }) => [e.to, e.relation]));
        assert.deepEqual(hidden.map((n: { id: string }) => relationTo.get(n.id)).sort(), ['component', 'environment']);
        assert.deepEqual(Object.keys(hidden[0]).sort(), ['hidden', 'id']);
      }
    });

    it('names both directions in the evidence as lineage does (upstream, downstream) and where the version was shared from and to', async () => {
      const copy = await server.api('GET', `${registry}/models/fraud/versions/1/evidence`);
      assert.equal(copy.status, 200, JSON.stringify(copy.body));
      const line = (e: { relation: string; reference?: string; hidden?: boolean }) =>
        `${e.relation} ${e.hidden === true ? '(hidden)' : e.reference}`;
      assert.deepEqual(copy.body.lineage.upstream.map(line).sort(), [
        'component arca://workspaces/team-a/components/train/versions/1',
        'data arca://registries/shared/data/labels/versions/1',
        'environment arca://workspaces/team-a/environments/pytorch/versions/1',
      ]);
      assert.deepEqual(copy.body.lineage.downstream, []);
      assert.equal(copy.body.lineage.shared_from, 'arca://workspaces/team-a/models/fraud/versions/1');
      assert.equal(copy.body.lineage.derived, undefined);
      assert.equal(copy.body.lineage.origin, undefined);
      const data = await server.api('GET', `${ws}/data/labels/versions/1/evidence`);
      assert.deepEqual(data.body.lineage.downstream.map(line), [
        'data arca://workspaces/team-a/models/fraud/versions/1',
      ]);
      assert.deepEqual(data.body.lineage.shared_to, ['arca://registries/shared/data/labels/versions/1']);
      assert.deepEqual(data.body.lineage.upstream, []);
      const dataCopy = await server.api('GET', `${registry}/data/labels/versions/1/evidence`);
      assert.deepEqual(dataCopy.body.lineage.downstream.map(line), [
        'data arca://registries/shared/models/fraud/versions/1',
      ]);
    });

    it("gives an auditor of the registry alone the evidence with the workspace's inputs marked hidden, unnamed", async () => {
      const evidence = await server.api('GET', `${registry}/models/fraud/versions/1/evidence`, undefined, auditor);
      assert.equal(evidence.status, 200, JSON.stringify(evidence.body));
      assert.deepEqual(
        evidence.body.lineage.upstream
          .filter((e: { hidden?: boolean }) => e.hidden === true)
          .map((e: { relation: string }) => e.relation)
          .sort(),
        ['component', 'environment'],
      );
      assert.equal(evidence.body.lineage.shared_from, null);
      assert.equal(evidence.body.lineage.shared_from_hidden, true);
      assert.doesNotMatch(JSON.stringify(evidence.body.lineage), privateNames);
      assert.doesNotMatch(JSON.stringify(evidence.body.version), privateNames);
    });

    it('answers a second share of the same version into the same registry with the existing copy (200, created false), making none', async () => {
      const first = await server.api('GET', `${registry}/models/fraud/versions/1`);
      const again = await server.api('POST', `${ws}/models/fraud/versions/1/share`, { registry: 'shared' });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.body.created, false);
      assert.equal(again.body.id, first.body.id);
      const relabelled = await server.api('POST', `${ws}/models/fraud/versions/1/share`, {
        registry: 'shared',
        version: '7',
      });
      assert.equal(relabelled.status, 200);
      assert.equal(relabelled.body.version, '1');
      const versions = await server.api('GET', `${registry}/models/fraud/versions`);
      assert.deepEqual(
        versions.body.value.map((v: { version: string }) => v.version),
        ['1'],
      );
    });

    it('makes another copy of an already-shared version only when asked (allow_duplicate), under a free label', async () => {
      const sameLabel = await server.api('POST', `${ws}/models/fraud/versions/1/share`, {
        registry: 'shared',
        allow_duplicate: true,
      });
      assert.equal(sameLabel.status, 409);
      assert.equal(sameLabel.body.error.code, 'VersionAlreadyExists');
      const copy = await server.api('POST', `${ws}/models/fraud/versions/1/share`, {
        registry: 'shared',
        version: '2',
        allow_duplicate: true,
      });
      assert.equal(copy.status, 201, JSON.stringify(copy.body));
      assert.equal(copy.body.created, true);
      assert.equal(copy.body.version, '2');
      assert.equal(copy.body.derived_from.length, 3);
      const versions = await server.api('GET', `${registry}/models/fraud/versions`);
      assert.deepEqual(versions.body.value.map((v: { version: string }) => v.version).sort(), ['1', '2']);
    });

    it('refuses allow_duplicate that is not a boolean (400)', async () => {
      const res = await server.api('POST', `${ws}/models/fraud/versions/1/share`, {
        registry: 'shared',
        allow_duplicate: 'yes',
      });
      assert.equal(res.status, 400);
    });
  });
}
