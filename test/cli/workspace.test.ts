import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { examples, json, startCliWorld, type CliWorld } from './harness.js';

describe('arca workspace, end to end against a real server', () => {
  let world: CliWorld;
  before(async () => {
    world = await startCliWorld();
  });
  after(async () => {
    await world.stop();
  });

  test('workspace create --name --location --set tags.k=v waits and prints the workspace', async () => {
    const result = await world.arca([
      'workspace',
      'create',
      '--name',
      'team-a',
      '--location',
      'westus',
      '--description',
      'Team A',
      '--set',
      'tags.team=a',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const workspace = json(result);
    assert.deepEqual(
      {
        name: workspace.name,
        location: workspace.location,
        state: workspace.provisioning_state,
        description: workspace.description,
        tags: workspace.tags,
      },
      { name: 'team-a', location: 'westus', state: 'Succeeded', description: 'Team A', tags: { team: 'a' } },
    );
  });

  test('workspace create --file examples/workspace.yml creates the workspace the file describes', async () => {
    const result = await world.arca(['workspace', 'create', '--file', join(examples, 'workspace.yml')]);
    assert.equal(result.status, 0, result.stderr);
    const workspace = json(result);
    assert.equal(workspace.name, 'vision-research');
    assert.equal(workspace.location, 'eastus');
    assert.deepEqual(workspace.storage_config, { storage_account_type: 'Standard_LRS', storage_account_hns: false });
  });

  test('workspace create --file of a workspace updated since exits 1 with WorkspaceAlreadyExists and keeps its tags', async () => {
    const updated = await world.arca(['workspace', 'update', '--name', 'vision-research', '--set', 'tags.owner=alice']);
    assert.equal(updated.status, 0, updated.stderr);
    const again = await world.arca(['workspace', 'create', '--file', join(examples, 'workspace.yml')]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /^error WorkspaceAlreadyExists: workspace vision-research already exists .*tag owner/);
    assert.equal((await world.server.api('GET', '/api/v1/workspaces/vision-research')).body.tags.owner, 'alice');
  });

  test('workspace create --name of a workspace exactly as described exits 0, saying on stderr that nothing changed', async () => {
    const again = await world.arca([
      'workspace',
      'create',
      '--name',
      'team-a',
      '--location',
      'westus',
      '--description',
      'Team A',
      '--set',
      'tags.team=a',
    ]);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stderr, 'workspace team-a already exists as described; nothing changed\n');
    assert.equal(json(again).name, 'team-a');
  });

  test('workspace create --file with a misspelt location exits 2 naming the unknown key and the missing one; nothing is sent', async () => {
    const file = join(world.dir('yaml-'), 'workspace.yml');
    writeFileSync(file, 'name: typo-ws\nlocaton: eastus\n');
    const result = await world.arca(['workspace', 'create', '--file', file]);
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      `error UnknownField: ${file}:2:1: unknown field "locaton"; did you mean "location"?; ` +
        `${file}:2:1: "location" is required (or pass --location); is "locaton" a misspelling of it?\n`,
    );
    assert.equal((await world.server.api('GET', '/api/v1/workspaces/typo-ws')).status, 404);
  });

  test('workspace create --file --location with a misspelt key in the file still refuses the unknown key (exit 2)', async () => {
    const file = join(world.dir('yaml-'), 'workspace.yml');
    writeFileSync(file, 'name: typo-ws\nlocaton: eastus\n');
    const result = await world.arca(['workspace', 'create', '--file', file, '--location', 'eastus']);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, `error UnknownField: ${file}:2:1: unknown field "locaton"; did you mean "location"?\n`);
  });

  test('workspace create without a location is a usage error (exit 2) and sends nothing', async () => {
    const result = await world.arca(['workspace', 'create', '--name', 'nowhere']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error LocationMissing: .*--location/);
    assert.equal((await world.server.api('GET', '/api/v1/workspaces/nowhere')).status, 404);
  });

  test('workspace list prints every workspace; --tag filters', async () => {
    const all = await world.arca(['workspace', 'list', '--query', '[].name']);
    assert.equal(all.status, 0, all.stderr);
    assert.deepEqual(json(all), ['team-a', 'vision-research']);
    const tagged = await world.arca(['workspace', 'list', '--tag', 'team=vision', '--query', '[].name']);
    assert.deepEqual(json(tagged), ['vision-research']);
  });

  test('workspace show -o table shows name, location, state, description and tags', async () => {
    const result = await world.arca(['workspace', 'show', '--name', 'team-a', '-o', 'table']);
    assert.equal(result.status, 0, result.stderr);
    for (const text of [
      'Name',
      'Location',
      'State',
      'Description',
      'Tags',
      'team-a',
      'westus',
      'Succeeded',
      'Team A',
      'team=a',
    ]) {
      assert.ok(result.stdout.includes(text), `table lacks ${text}:\n${result.stdout}`);
    }
  });

  test('workspace update changes description and tags in place', async () => {
    const result = await world.arca([
      'workspace',
      'update',
      '--name',
      'team-a',
      '--description',
      'Team A, renamed',
      '--set',
      'tags.stage=dev',
      '--remove',
      'tags.team',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const workspace = json(result);
    assert.equal(workspace.description, 'Team A, renamed');
    assert.deepEqual(workspace.tags, { stage: 'dev' });
  });

  test('workspace update with nothing to change is a usage error (exit 2)', async () => {
    const result = await world.arca(['workspace', 'update', '--name', 'team-a']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error NothingToUpdate: /);
  });

  test('workspace delete --yes deletes it; show then exits 1 with WorkspaceNotFound', async () => {
    const deleted = await world.arca(['workspace', 'delete', '--name', 'team-a', '--yes']);
    assert.equal(deleted.status, 0, deleted.stderr);
    const shown = await world.arca(['workspace', 'show', '--name', 'team-a']);
    assert.equal(shown.status, 1);
    assert.match(shown.stderr, /^error WorkspaceNotFound: /);
  });

  test('workspace delete --no-wait prints the delete operation, which operation show reports', async () => {
    const deleted = await world.arca(['workspace', 'delete', '--name', 'vision-research', '--yes', '--no-wait']);
    assert.equal(deleted.status, 0, deleted.stderr);
    const operation = json(deleted);
    assert.equal(operation.target.name, 'vision-research');
    await world.server.waitForOperation(`/api/v1/operations/${operation.id}`);
    const shown = await world.arca([
      'operation',
      'show',
      '--id',
      operation.id,
      '-o',
      'tsv',
      '--query',
      '{kind: kind, status: status}',
    ]);
    assert.equal(shown.status, 0, shown.stderr);
    assert.equal(shown.stdout, 'scope.delete\tSucceeded\n', 'an object is one line of tab-separated values');
  });
});
