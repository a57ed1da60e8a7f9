import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { examples, hasScript, startCliWorld, type CliWorld } from './harness.js';

// The terminal behaviours need a pseudo-terminal; util-linux `script` provides one (Debian has it by default).
describe(
  'arca at a terminal (a pseudo-terminal through util-linux script)',
  { skip: hasScript ? false : 'util-linux `script` is not installed' },
  () => {
    let world: CliWorld;
    before(async () => {
      world = await startCliWorld();
    });
    after(async () => {
      await world.stop();
    });

    test('on a terminal, create shows progress on stderr and prints a table by default', async () => {
      const result = await world.arcaInTerminal(['registry', 'create', '--file', join(examples, 'registry.yml')]);
      assert.equal(result.status, 0, result.stdout);
      assert.match(
        result.stdout,
        /⠋ Provisioning registry DemoRegistry1 \d+\.\ds/,
        'a spinner frame with the elapsed time',
      );
      assert.match(result.stdout, /Provisioning registry DemoRegistry1: done/);
      assert.match(result.stdout, /┌.*\r?\n│ Name +│ Location +│ Regions +│ State +│ Tags/);
      assert.match(result.stdout, /│ DemoRegistry1 +│ eastus +│ eastus \(Succeeded\)/);
    });

    test('on a terminal, update --remove-region asks first, saying the copies there are deleted; no keeps the region', async () => {
      const removal = ['registry', 'update', '-n', 'DemoRegistry1', '--remove-region', 'westus'];
      const result = await world.arcaInTerminal(removal, 'n\n');
      assert.equal(result.status, 2, result.stdout);
      assert.match(result.stdout, /Remove westus from registry DemoRegistry1\? Its copies there are deleted /);
      assert.match(result.stdout, /\(a garbage-collection job reclaims them\)\. \[y\/N\]/);
      assert.match(result.stdout, /error Cancelled: registry DemoRegistry1 still replicates to westus/);
      const { body } = await world.server.api('GET', '/api/v1/registries/DemoRegistry1');
      assert.deepEqual(
        body.replication_locations.map((r: any) => r.location),
        ['eastus', 'westus'],
      );
    });

    test('on a terminal, answering yes to update --remove-region removes the region', async () => {
      const removal = ['registry', 'update', '-n', 'DemoRegistry1', '--remove-region', 'westus'];
      const result = await world.arcaInTerminal(removal, 'y\n');
      assert.equal(result.status, 0, result.stdout);
      const { body } = await world.server.api('GET', '/api/v1/registries/DemoRegistry1');
      assert.deepEqual(
        body.replication_locations.map((r: any) => r.location),
        ['eastus'],
      );
    });

    test('on a terminal, delete asks first, and an answer other than yes keeps the registry', async () => {
      const result = await world.arcaInTerminal(['registry', 'delete', '--name', 'DemoRegistry1'], 'n\n');
      assert.equal(result.status, 2, result.stdout);
      assert.match(result.stdout, /Delete registry DemoRegistry1\? \[y\/N\]/);
      assert.match(result.stdout, /error Cancelled: registry DemoRegistry1 was not deleted/);
      assert.equal((await world.server.api('GET', '/api/v1/registries/DemoRegistry1')).status, 200);
    });

    test('on a terminal, answering yes deletes the registry', async () => {
      const result = await world.arcaInTerminal(['registry', 'delete', '--name', 'DemoRegistry1'], 'yes\n');
      assert.equal(result.status, 0, result.stdout);
      assert.equal((await world.server.api('GET', '/api/v1/registries/DemoRegistry1')).status, 404);
    });
  },
);
