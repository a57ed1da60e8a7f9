import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createScopes, writeTree } from './assets-fixtures.js';
import { json, startCliWorld, type CliWorld } from './harness.js';

/** A graph's edges as `derived -relation-> source`, by the versions' short names, sorted. */
function edgesOf(graph: any): string[] {
  const names = new Map<string, string>(graph.nodes.map((n: any) => [n.id, `${n.name}:${n.version}`]));
  return graph.edges.map((e: any) => `${names.get(e.from)} -${e.relation}-> ${names.get(e.to)}`).sort();
}

describe('arca lineage: recording what a version derives from, and walking the graph', () => {
  let world: CliWorld;
  const ws = ['--workspace', 'ws1'];

  before(async () => {
    world = await startCliWorld();
    await createScopes(world.server, ['/api/v1/workspaces/ws1', '/api/v1/registries/shared']);
    const dir = writeTree(world.dir('lineage-'), {
      'labels.csv': 'id,label\n1,0\n',
      'environment.yml': 'name: pytorch\nversion: "1"\nimage: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\n',
      'component.yml':
        'name: train\nversion: "1"\ntype: command\ninputs:\n  data:\n    type: uri_file\ncommand: python train.py ${{inputs.data}}\nenvironment: azureml:pytorch:1\ncode: ./src\n',
      'src/train.py': 'print("train")\n',
      'model/weights.bin': 'weights 1\n',
      'model2/weights.bin': 'weights 2\n',
    });
    for (const args of [
      ['data', 'create', '--name', 'labels', '--path', join(dir, 'labels.csv')],
      ['environment', 'create', '--file', join(dir, 'environment.yml')],
      ['component', 'create', '--file', join(dir, 'component.yml')],
    ]) {
      const result = await world.arca([...args, ...ws]);
      assert.equal(result.status, 0, result.stderr);
    }
    const first = await world.arca([
      'model',
      'create',
      '--name',
      'fraud',
      '--path',
      join(dir, 'model'),
      ...ws,
      '--data',
      'labels:1',
      '--component',
      'train@latest',
      '--job',
      'run-42',
    ]);
    assert.equal(first.status, 0, first.stderr);
    const second = await world.arca([
      'model',
      'create',
      '--name',
      'fraud',
      '--path',
      join(dir, 'model2'),
      ...ws,
      '--parent',
      'fraud:1',
    ]);
    assert.equal(second.status, 0, second.stderr);
  });
  after(async () => {
    await world.stop();
  });

  test('model create records --data and --component (an alias resolved to its version) and --job; show lists them', async () => {
    const shown = json(await world.arca(['model', 'show', 'fraud:1', ...ws]));
    assert.deepEqual(
      { job: shown.job, derived: shown.derived_from.map((d: any) => `${d.relation} ${d.reference}`).sort() },
      {
        job: 'run-42',
        derived: [
          'component arca://workspaces/ws1/components/train/versions/1',
          'data arca://workspaces/ws1/data/labels/versions/1',
        ],
      },
    );
  });

  test('lineage -o json walks up three steps by default: parent model, data, component and its environment', async () => {
    const result = await world.arca(['model', 'lineage', 'fraud:2', ...ws, '-o', 'json']);
    assert.equal(result.status, 0, result.stderr);
    const graph = json(result);
    assert.deepEqual(edgesOf(graph), [
      'fraud:1 -component-> train:1',
      'fraud:1 -data-> labels:1',
      'fraud:2 -model-> fraud:1',
      'train:1 -environment-> pytorch:1',
    ]);
    assert.equal(
      graph.nodes.find((n: any) => n.id === graph.root).reference,
      'arca://workspaces/ws1/models/fraud/versions/2',
    );
    assert.equal(graph.hidden, 0);
  });

  test('--depth 1 --direction up stops at the parent; data lineage --direction down finds the models derived from it', async () => {
    const shallow = json(
      await world.arca(['model', 'lineage', 'fraud:2', ...ws, '--depth', '1', '--direction', 'up', '-o', 'json']),
    );
    assert.deepEqual(edgesOf(shallow), ['fraud:2 -model-> fraud:1']);
    const down = json(await world.arca(['data', 'lineage', 'labels:1', ...ws, '--direction', 'down', '-o', 'json']));
    assert.deepEqual(edgesOf(down), ['fraud:1 -data-> labels:1', 'fraud:2 -model-> fraud:1']);
  });

  test('lineage -o dot prints a Graphviz digraph: quoted ids, type name:version labels, derived -> source edges, the same text every time', async () => {
    const graph = json(await world.arca(['model', 'lineage', 'fraud:2', ...ws, '-o', 'json']));
    const id = (name: string, version: string): string =>
      graph.nodes.find((n: any) => n.name === name && n.version === version).id;
    const result = await world.arca(['model', 'lineage', 'fraud:2', ...ws, '-o', 'dot']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'digraph lineage {');
    assert.ok(lines.includes(`  "${id('fraud', '2')}" -> "${id('fraud', '1')}" [label="model"];`), result.stdout);
    assert.ok(lines.includes(`  "${id('fraud', '1')}" -> "${id('labels', '1')}" [label="data"];`), result.stdout);
    assert.ok(
      lines.includes(`  "${id('train', '1')}" -> "${id('pytorch', '1')}" [label="environment"];`),
      result.stdout,
    );
    assert.match(
      result.stdout,
      new RegExp(
        `"${id('fraud', '2')}" \\[label="model fraud:2", tooltip="arca://workspaces/ws1/models/fraud/versions/2", penwidth=2\\];`,
      ),
    );
    assert.equal(lines.filter((l) => l.includes(' -> ')).length, 4);
    assert.equal((await world.arca(['model', 'lineage', 'fraud:2', ...ws, '-o', 'dot'])).stdout, result.stdout);
  });

  test('lineage as a table lists the versions and the edges by type name:version', async () => {
    const result = await world.arca(['model', 'lineage', 'fraud@latest', ...ws, '-o', 'table']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Versions \(\* is model fraud:2\)/);
    assert.match(result.stdout, /component train:1 .*│ environment .*│ environment pytorch:1/);
    assert.match(result.stdout, /model fraud:2 .*│ model .*│ model fraud:1/);
  });

  test('-o dot on a command that prints no graph is a usage error', async () => {
    const result = await world.arca(['model', 'show', 'fraud:1', ...ws, '-o', 'dot']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error OutputFormatUnsupported: /);
  });

  test('a lineage flag naming an asset of another type is a usage error before anything is uploaded', async () => {
    const result = await world.arca([
      'model',
      'create',
      '--name',
      'x',
      '--path',
      '.',
      ...ws,
      '--data',
      'arca://workspaces/ws1/models/fraud/versions/1',
    ]);
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /^error ReferenceInvalid: --data arca:\/\/workspaces\/ws1\/models\/fraud\/versions\/1 names a model version/,
    );
  });

  test("a lineage reference that does not resolve is refused by the server (exit 1, LineageInvalid) naming the flag's field", async () => {
    const dir = writeTree(world.dir('orphan-'), { 'w.bin': 'w\n' });
    const result = await world.arca([
      'model',
      'create',
      '--name',
      'orphan',
      '--path',
      dir,
      ...ws,
      '--data',
      'labels:7',
    ]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error LineageInvalid: lineage\.data\[0\] "labels:7" does not resolve/);
  });

  test('share keeps the lineage: the registry copy shows what its origin was derived from', async () => {
    const result = await world.arca([
      'model',
      'share',
      'fraud:1',
      '--from-workspace',
      'ws1',
      '--registry',
      'shared',
      '-o',
      'json',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    const shared = json(result);
    assert.equal(shared.created, true);
    assert.deepEqual(
      shared.derived_from.map((d: any) => `${d.relation} ${d.reference}`),
      [
        'component arca://workspaces/ws1/components/train/versions/1',
        'data arca://workspaces/ws1/data/labels/versions/1',
      ],
    );
    const graph = json(
      await world.arca(['model', 'lineage', 'shared/fraud:1', '--direction', 'up', '--depth', '1', '-o', 'json']),
    );
    assert.deepEqual(edgesOf(graph), ['fraud:1 -component-> train:1', 'fraud:1 -data-> labels:1']);
  });

  test('share of a version already shared there answers with that copy, with a notice on stderr; --allow-duplicate makes another', async () => {
    const first = json(await world.arca(['model', 'show', 'shared/fraud:1', '-o', 'json']));
    const again = await world.arca([
      'model',
      'share',
      'fraud:1',
      '--from-workspace',
      'ws1',
      '--registry',
      'shared',
      '-o',
      'json',
    ]);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual({ created: json(again).created, id: json(again).id }, { created: false, id: first.id });
    assert.match(
      again.stderr,
      /^fraud:1 was already shared as arca:\/\/registries\/shared\/models\/fraud\/versions\/1: .*--allow-duplicate/,
    );
    const duplicate = await world.arca([
      'model',
      'share',
      'fraud:1',
      '--from-workspace',
      'ws1',
      '--registry',
      'shared',
      '--allow-duplicate',
      '--version',
      '2',
      '-o',
      'json',
    ]);
    assert.equal(duplicate.status, 0, duplicate.stderr);
    assert.deepEqual(
      { created: json(duplicate).created, version: json(duplicate).version },
      { created: true, version: '2' },
    );
    assert.deepEqual(
      json(await world.arca(['model', 'list', '--name', 'shared/fraud', '--query', '[].version'])).sort(),
      ['1', '2'],
    );
  });

  test("a registry reader who cannot read the workspace sees the copy's inputs as in a scope it cannot read, unnamed", async () => {
    await world.server.api('PUT', '/api/v1/users/reader', {});
    await world.server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'reader', registry: 'shared' });
    const token = (await world.server.api('POST', '/api/v1/users/reader/tokens', { name: 't' })).body.token as string;
    const shown = await world.arca(['model', 'show', 'shared/fraud:1', '-o', 'table'], { ARCA_TOKEN: token });
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /component: \(in a scope you cannot read\)/);
    assert.match(shown.stdout, /data: \(in a scope you cannot read\)/);
    const table = await world.arca(['model', 'lineage', 'shared/fraud:1', '-o', 'table'], { ARCA_TOKEN: token });
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /model fraud:1 .*│ data .*│ \(in a scope you cannot read\)/);
    assert.match(table.stdout, /2 version\(s\) in reach are in scopes you cannot read/);
    const dot = await world.arca(['model', 'lineage', 'shared/fraud:1', '-o', 'dot'], { ARCA_TOKEN: token });
    assert.match(dot.stdout, /"hidden-1" \[label="\(in a scope you cannot read\)", style=dashed\];/);
    for (const output of [shown.stdout, table.stdout, dot.stdout]) assert.doesNotMatch(output, /ws1|labels|train/);
  });

  test('deleting a data version a model derives from is refused (exit 1, VersionInUse) until --force', async () => {
    const refused = await world.arca(['data', 'delete', 'labels:1', ...ws, '--yes']);
    assert.equal(refused.status, 1);
    // The registry's copies of fraud:1 (shared above, with its lineage) derive from it too.
    assert.match(
      refused.stderr,
      /^error VersionInUse: other versions derive from version 1 \([^)]*arca:\/\/workspaces\/ws1\/models\/fraud\/versions\/1[,)].*--force/,
    );
    assert.match(refused.stderr, /arca:\/\/registries\/shared\/models\/fraud\/versions\/1[,)]/);
    assert.equal(json(await world.arca(['data', 'show', 'labels:1', ...ws, '--query', 'state'])), 'ready');
    const forced = await world.arca(['data', 'delete', 'labels:1', ...ws, '--yes', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.deepEqual(
      json(await world.arca(['model', 'show', 'fraud:1', ...ws, '--query', 'derived_from[].relation'])),
      ['component'],
    );
  });
});
