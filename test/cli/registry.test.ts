import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { examples, json, startCliWorld, type CliWorld } from './harness.js';

const registryFile = join(examples, 'registry.yml');
const regionStates = (registry: any) =>
  registry.replication_locations.map((r: any) => `${r.location}:${r.provisioning_state}`);

describe('arca registry, end to end against a real server', () => {
  let world: CliWorld;
  before(async () => {
    world = await startCliWorld();
    // A registry without the vision tag, made through the API, for the filters to leave out.
    const { headers } = await world.server.api('PUT', '/api/v1/registries/OtherRegistry', {
      location: 'eastus',
      tags: { team: 'speech' },
    });
    await world.server.waitForOperation(headers.get('location') ?? '');
  });
  after(async () => {
    await world.stop();
  });

  test('registry create --file examples/registry.yml waits for provisioning and prints the registry', async () => {
    const result = await world.arca(['registry', 'create', '--file', registryFile]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '', 'no spinner when stderr is not a terminal');
    const registry = json(result);
    assert.equal(registry.name, 'DemoRegistry1');
    assert.equal(registry.location, 'eastus');
    assert.equal(registry.public_network_access, 'enabled');
    assert.deepEqual(registry.tags, { team: 'vision', 'cost-center': '1234' });
    assert.deepEqual(registry.replication_locations[0].storage_config, {
      storage_account_type: 'Standard_LRS',
      storage_account_hns: false,
    });
  });

  test('registry show lists every region Succeeded (JSON when stdout is not a terminal)', async () => {
    const result = await world.arca(['registry', 'show', '--name', 'DemoRegistry1']);
    assert.equal(result.status, 0, result.stderr);
    const registry = json(result);
    assert.deepEqual(regionStates(registry), ['eastus:Succeeded', 'westus:Succeeded']);
    assert.equal(registry.provisioning_state, 'Succeeded');
  });

  test('registry update --add-region adds a replica and waits until it is Succeeded', async () => {
    const result = await world.arca(['registry', 'update', '--name', 'DemoRegistry1', '--add-region', 'westeurope']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(regionStates(json(result)), ['eastus:Succeeded', 'westus:Succeeded', 'westeurope:Succeeded']);
  });

  test('registry update --remove-region of the primary exits 1 with PrimaryLocationImmutable and changes nothing', async () => {
    const result = await world.arca([
      'registry',
      'update',
      '-n',
      'DemoRegistry1',
      '--remove-region',
      'eastus',
      '--yes',
    ]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error PrimaryLocationImmutable: .*eastus/);
    assert.equal(result.stdout, '');
    const { body } = await world.server.api('GET', '/api/v1/registries/DemoRegistry1');
    assert.deepEqual(regionStates(body), ['eastus:Succeeded', 'westus:Succeeded', 'westeurope:Succeeded']);
  });

  test('registry update --remove-region without --yes off a terminal exits 2 naming --yes and what is deleted; the region stays', async () => {
    const result = await world.arca(['registry', 'update', '--name', 'DemoRegistry1', '--remove-region', 'westeurope']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error ConfirmationRequired: .*--yes.*westeurope.*copies.*garbage-collection job/);
    const { body } = await world.server.api('GET', '/api/v1/registries/DemoRegistry1');
    assert.deepEqual(regionStates(body), ['eastus:Succeeded', 'westus:Succeeded', 'westeurope:Succeeded']);
  });

  test('registry update --remove-region --yes of a replica removes it', async () => {
    const result = await world.arca([
      'registry',
      'update',
      '-n',
      'DemoRegistry1',
      '--remove-region',
      'westeurope',
      '--yes',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(regionStates(json(result)), ['eastus:Succeeded', 'westus:Succeeded']);
  });

  test('registry update --set tags.k=v, --remove tags.k and --description change the registry in place', async () => {
    const result = await world.arca([
      'registry',
      'update',
      '-n',
      'DemoRegistry1',
      '--set',
      'tags.stage=prod',
      '--remove',
      'tags.cost-center',
      '--description',
      'Vision models',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const registry = json(result);
    assert.deepEqual(registry.tags, { team: 'vision', stage: 'prod' });
    assert.equal(registry.description, 'Vision models');
  });

  test('registry update --file leaving out a region, without --yes off a terminal, exits 2 naming the region; nothing changes', async () => {
    const file = join(world.dir('yaml-'), 'one-region.yml');
    writeFileSync(
      file,
      'location: eastus\ndescription: Only the primary now\ntags: {team: vision}\nreplication_locations:\n  - location: eastus\n',
    );
    const result = await world.arca(['registry', 'update', '--name', 'DemoRegistry1', '--file', file]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error ConfirmationRequired: .*--yes.*westus/);
    const { body } = await world.server.api('GET', '/api/v1/registries/DemoRegistry1');
    assert.deepEqual(regionStates(body), ['eastus:Succeeded', 'westus:Succeeded']);
    assert.equal(body.description, 'Vision models');
  });

  test('registry update --file --yes applies the whole file: regions not listed are removed', async () => {
    const file = join(world.dir('yaml-'), 'one-region.yml');
    writeFileSync(
      file,
      'location: eastus\ndescription: Only the primary now\ntags: {team: vision}\nreplication_locations:\n  - location: eastus\n',
    );
    const result = await world.arca(['registry', 'update', '--name', 'DemoRegistry1', '--file', file, '--yes']);
    assert.equal(result.status, 0, result.stderr);
    const registry = json(result);
    assert.deepEqual(regionStates(registry), ['eastus:Succeeded']);
    assert.equal(registry.description, 'Only the primary now');
  });

  test('registry update --file together with piecewise changes is a usage error (exit 2)', async () => {
    const result = await world.arca([
      'registry',
      'update',
      '--name',
      'DemoRegistry1',
      '--file',
      registryFile,
      '--add-region',
      'northeurope',
    ]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error OptionsConflict: /);
  });

  test('registry list --tag keeps only matching registries; -o tsv prints one tab-separated line each', async () => {
    const result = await world.arca(['registry', 'list', '--tag', 'team=vision', '-o', 'tsv']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1);
    const fields = lines[0]!.split('\t');
    assert.ok(fields.includes('DemoRegistry1') && fields.includes('eastus') && fields.includes('Succeeded'), lines[0]);
  });

  test('--query applies JMESPath to the result before formatting', async () => {
    const names = await world.arca(['registry', 'list', '--query', '[].name', '-o', 'tsv']);
    assert.equal(names.status, 0, names.stderr);
    assert.equal(names.stdout, 'DemoRegistry1\nOtherRegistry\n');

    const regions = await world.arca([
      'registry',
      'show',
      '-n',
      'DemoRegistry1',
      '--query',
      '{name: name, regions: replication_locations[].location}',
    ]);
    assert.deepEqual(json(regions), { name: 'DemoRegistry1', regions: ['eastus'] });
  });

  test('a malformed --query is a usage error (exit 2)', async () => {
    const result = await world.arca(['registry', 'list', '--query', '[?name==']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error QueryInvalid: /);
  });

  test('-o yaml prints the same registry as YAML', async () => {
    const [asYaml, asJson] = await Promise.all([
      world.arca(['registry', 'show', '-n', 'DemoRegistry1', '-o', 'yaml']),
      world.arca(['registry', 'show', '-n', 'DemoRegistry1', '-o', 'json']),
    ]);
    assert.equal(asYaml.status, 0, asYaml.stderr);
    assert.match(asYaml.stdout, /^name: DemoRegistry1$/m);
    assert.deepEqual(parseYaml(asYaml.stdout), json(asJson));
  });

  test('-o table shows name, location, each region with its state, and tags', async () => {
    const result = await world.arca(['registry', 'list', '-o', 'table', '--tag', 'team']);
    assert.equal(result.status, 0, result.stderr);
    for (const text of [
      'Name',
      'Location',
      'Regions',
      'State',
      'Tags',
      'DemoRegistry1',
      'OtherRegistry',
      'eastus (Succeeded)',
      'team=vision',
      'team=speech',
    ]) {
      assert.ok(result.stdout.includes(text), `table lacks ${text}:\n${result.stdout}`);
    }
  });

  test('registry list --all follows the next cursors; without --all it prints one page and warns on stderr', async () => {
    const all = await world.arca(['registry', 'list', '--top', '1', '--all', '--query', '[].name']);
    assert.equal(all.status, 0, all.stderr);
    assert.deepEqual(json(all), ['DemoRegistry1', 'OtherRegistry']);
    assert.equal(all.stderr, '');

    const first = await world.arca(['registry', 'list', '--top', '1', '--query', '[].name']);
    assert.deepEqual(json(first), ['DemoRegistry1']);
    assert.match(first.stderr, /more registries exist; pass --all/);
  });

  test('a YAML syntax error prints file:line:column, exits 2 and creates nothing', async () => {
    const file = join(world.dir('yaml-'), 'broken.yml');
    writeFileSync(file, 'name: BrokenRegistry\nlocation: eastus\ntags: {team: vision\nreplication_locations: []\n');
    const result = await world.arca(['registry', 'create', '--file', file]);
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      new RegExp(`^error YamlInvalid: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:1: \\S`),
    );
    assert.equal((await world.server.api('GET', '/api/v1/registries/BrokenRegistry')).status, 404);
  });

  test('an unknown field in the file exits 2 with UnknownField at file:line:col, listing the known fields; nothing is sent', async () => {
    const file = join(world.dir('yaml-'), 'unknown.yml');
    writeFileSync(file, 'name: ColourRegistry\nlocation: eastus\ncolour: blue\n');
    const result = await world.arca(['registry', 'create', '--file', file]);
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      `error UnknownField: ${file}:3:1: unknown field "colour"; known fields: $schema, name, description, ` +
        'tags, location, public_network_access, replication_locations\n',
    );
    assert.equal((await world.server.api('GET', '/api/v1/registries/ColourRegistry')).status, 404);
  });

  test('a misspelt required key (locaton) exits 2 naming both the unknown key and the missing one at file:line:col', async () => {
    const file = join(world.dir('yaml-'), 'misspelt.yml');
    writeFileSync(file, 'name: TypoRegistry\ndescription: typo\nlocaton: eastus\n');
    const result = await world.arca(['registry', 'create', '--file', file]);
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      `error UnknownField: ${file}:3:1: unknown field "locaton"; did you mean "location"?; ` +
        `${file}:3:1: "location" is required; is "locaton" a misspelling of it?\n`,
    );
    assert.equal((await world.server.api('GET', '/api/v1/registries/TypoRegistry')).status, 404);
  });

  test('a misspelt key inside replication_locations is named by its path and position', async () => {
    const file = join(world.dir('yaml-'), 'nested.yml');
    writeFileSync(
      file,
      'name: TypoRegistry\nlocation: eastus\nreplication_locations:\n  - location: eastus\n  - locaton: westus\n',
    );
    const result = await world.arca(['registry', 'create', '--file', file]);
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      `error UnknownField: ${file}:5:5: unknown field "replication_locations[1].locaton"; ` +
        `did you mean "location"?; ${file}:5:5: "replication_locations[1].location" is required; is "locaton" a misspelling of it?\n`,
    );
  });

  test('a file without a required key (and no misspelling of it) exits 2 with FieldMissing at the start of the file', async () => {
    const file = join(world.dir('yaml-'), 'nowhere.yml');
    writeFileSync(file, '# a registry with no region\nname: NowhereRegistry\n');
    const result = await world.arca(['registry', 'create', '--file', file]);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, `error FieldMissing: ${file}:2:1: "location" is required\n`);
  });

  test('a file without a name, and no --name, exits 2 saying to add it or pass --name', async () => {
    const file = join(world.dir('yaml-'), 'nameless.yml');
    writeFileSync(file, 'location: eastus\n');
    const result = await world.arca(['registry', 'create', '--file', file]);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, `error FieldMissing: ${file}:1:1: "name" is required (or pass --name)\n`);
  });

  test('a missing file is a usage error (exit 2)', async () => {
    const result = await world.arca(['registry', 'create', '--file', join(examples, 'no-such.yml')]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error FileNotFound: .*no-such\.yml/);
  });

  test('--name overrides the name in the file', async () => {
    const result = await world.arca([
      'registry',
      'create',
      '--file',
      registryFile,
      '--name',
      'RenamedRegistry',
      '--query',
      'name',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(json(result), 'RenamedRegistry');
  });

  test('--no-wait prints the Running operation; operation show --id reports how it ended', async () => {
    const created = await world.arca([
      'registry',
      'create',
      '--file',
      registryFile,
      '--name',
      'NoWaitRegistry',
      '--no-wait',
    ]);
    assert.equal(created.status, 0, created.stderr);
    const operation = json(created);
    assert.equal(operation.target.name, 'NoWaitRegistry');
    assert.equal(operation.status, 'Running');

    const ended = await world.server.waitForOperation(`/api/v1/operations/${operation.id}`);
    assert.equal(ended.status, 'Succeeded');
    const shown = await world.arca(['operation', 'show', '--id', operation.id]);
    assert.equal(shown.status, 0, shown.stderr);
    assert.deepEqual({ id: json(shown).id, status: json(shown).status }, { id: operation.id, status: 'Succeeded' });
  });

  test('operation show of an unknown id exits 1 with OperationNotFound', async () => {
    const result = await world.arca(['operation', 'show', '--id', 'no-such-operation']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error OperationNotFound: /);
  });

  test("an operation that ends Failed exits 1 with the operation's error code and message", async () => {
    // A plain file where the region's directory should go: provisioning that region must fail.
    mkdirSync(join(world.server.dataDir, 'regions'), { recursive: true });
    writeFileSync(join(world.server.dataDir, 'regions', 'brokenregion'), 'not a directory');
    const file = join(world.dir('yaml-'), 'failing.yml');
    writeFileSync(file, 'name: FailingRegistry\nlocation: brokenregion\n');
    const result = await world.arca(['registry', 'create', '--file', file]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error StorageUnavailable: .*brokenregion/);
  });

  test('operation list --status Failed finds the failed creation; operation retry runs it to the end once the region can be made', async () => {
    const listed = await world.arca(['operation', 'list', '--status', 'Failed']);
    assert.equal(listed.status, 0, listed.stderr);
    const failed = (json(listed) as { id: string; target: { name: string } }[]).find(
      (op) => op.target.name === 'FailingRegistry',
    );
    assert.ok(failed, listed.stdout);
    rmSync(join(world.server.dataDir, 'regions', 'brokenregion'));
    const retried = await world.arca(['operation', 'retry', failed.id]);
    assert.equal(retried.status, 0, retried.stderr);
    assert.deepEqual({ id: json(retried).id, status: json(retried).status }, { id: failed.id, status: 'Succeeded' });
    const cancel = await world.arca(['operation', 'cancel', failed.id]);
    assert.equal(cancel.status, 1);
    assert.match(
      cancel.stderr,
      /^error OperationNotActive: operation .* is Succeeded: only Running operations can be cancelled/,
    );
  });

  test('registry delete without --yes and without a terminal exits 2 and deletes nothing', async () => {
    const result = await world.arca(['registry', 'delete', '--name', 'OtherRegistry']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error ConfirmationRequired: .*--yes/);
    assert.equal((await world.server.api('GET', '/api/v1/registries/OtherRegistry')).status, 200);
  });

  test('registry delete --yes deletes it; show then exits 1 with RegistryNotFound', async () => {
    const deleted = await world.arca(['registry', 'delete', '--name', 'OtherRegistry', '--yes']);
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.equal(deleted.stdout, '');
    const shown = await world.arca(['registry', 'show', '--name', 'OtherRegistry']);
    assert.equal(shown.status, 1);
    assert.match(shown.stderr, /^error RegistryNotFound: /);
  });

  test('command-line mistakes are usage errors (exit 2) printed as error UsageError', async () => {
    const unknownOption = await world.arca(['registry', 'list', '--colour']);
    assert.equal(unknownOption.status, 2);
    assert.match(unknownOption.stderr, /^error UsageError: unknown option '--colour'/);

    const missingName = await world.arca(['registry', 'show']);
    assert.equal(missingName.status, 2);
    assert.match(missingName.stderr, /^error UsageError: required option '-n, --name <name>' not specified/);

    const badFormat = await world.arca(['registry', 'list', '-o', 'xml']);
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /^error UsageError: .*'xml' is invalid/);
  });

  test('--help and --version exit 0 on stdout; a group without its verb exits 2 with the group help on stderr', async () => {
    const help = await world.arca(['registry', 'create', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: arca registry create \[options\]/);
    assert.match(help.stdout, /--no-wait/);

    const version = await world.arca(['--version']);
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);

    const group = await world.arca(['registry']);
    assert.equal(group.status, 2);
    assert.match(group.stderr, /Usage: arca registry \[options\] \[command\]/);
  });
});

describe('arca registry create, run again', () => {
  let world: CliWorld;
  before(async () => {
    world = await startCliWorld();
  });
  after(async () => {
    await world.stop();
  });

  test("re-running the tour's create after an update exits 1 with RegistryAlreadyExists and keeps the added region and tag", async () => {
    const created = await world.arca(['registry', 'create', '--file', registryFile, '--name', 'TourAgain']);
    assert.equal(created.status, 0, created.stderr);
    const updated = await world.arca([
      'registry',
      'update',
      '--name',
      'TourAgain',
      '--add-region',
      'northeurope',
      '--set',
      'tags.owner=alice',
    ]);
    assert.equal(updated.status, 0, updated.stderr);

    const again = await world.arca(['registry', 'create', '--file', registryFile, '--name', 'TourAgain']);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /^error RegistryAlreadyExists: registry TourAgain already exists .*northeurope/);
    assert.equal(again.stdout, '');
    const { body } = await world.server.api('GET', '/api/v1/registries/TourAgain');
    assert.deepEqual(regionStates(body), ['eastus:Succeeded', 'westus:Succeeded', 'northeurope:Succeeded']);
    assert.equal(body.tags.owner, 'alice');
  });

  test('re-running create of a registry exactly as its file describes exits 0, saying on stderr that nothing changed', async () => {
    const first = await world.arca(['registry', 'create', '--file', registryFile, '--name', 'TourSame']);
    assert.equal(first.status, 0, first.stderr);
    const again = await world.arca(['registry', 'create', '--file', registryFile, '--name', 'TourSame']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stderr, 'registry TourSame already exists as described; nothing changed\n');
    assert.deepEqual(json(again), json(first));
  });
});
