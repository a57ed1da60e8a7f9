import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { json, startCliWorld, type CliWorld } from './harness.js';

/** One argument style: ids are arguments (`operation show <id>`), and the older `--id <id>` still works. */
describe('ids as arguments, with --id kept as a hidden alias', () => {
  let world: CliWorld;
  let operationId: string;
  before(async () => {
    world = await startCliWorld();
    const put = await world.server.api('PUT', '/api/v1/registries/ids', { location: 'eastus' });
    operationId = (put.headers.get('location') ?? '').split('/').pop() ?? '';
    await world.server.waitForOperation(put.headers.get('location') ?? '');
    await world.arca(['user', 'create', '--name', 'carol']);
  });
  after(async () => {
    await world.stop();
  });

  test('operation show <id> and operation show --id <id> show the same operation', async () => {
    const byArgument = await world.arca(['operation', 'show', operationId, '-o', 'json']);
    assert.equal(byArgument.status, 0, byArgument.stderr);
    assert.equal(json(byArgument).id, operationId);
    const byFlag = await world.arca(['operation', 'show', '--id', operationId, '-o', 'json']);
    assert.equal(byFlag.status, 0, byFlag.stderr);
    assert.deepEqual(json(byFlag), json(byArgument));
  });

  test('operation show --help names the id argument and not the --id flag', async () => {
    const help = await world.arca(['operation', 'show', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: arca operation show \[options\] \[id\]/);
    assert.doesNotMatch(help.stdout, /--id/);
  });

  test('token revoke <id> and token revoke --id <id> both revoke', async () => {
    for (const form of [(id: string) => [id], (id: string) => ['--id', id]]) {
      const created = json(await world.arca(['token', 'create', '--user', 'carol', '--name', 'temp', '-o', 'json']));
      const revoked = await world.arca(['token', 'revoke', ...form(created.id), '-o', 'json']);
      assert.equal(revoked.status, 0, revoked.stderr);
      assert.equal(
        (await world.arca(['whoami'], { ARCA_TOKEN: created.token })).status,
        1,
        'the revoked token no longer works',
      );
    }
  });

  test('role assignment delete <id> and role assignment delete --id <id> both remove the assignment', async () => {
    for (const form of [(id: string) => [id], (id: string) => ['--id', id]]) {
      const assigned = json(
        await world.arca(['role', 'assign', '--role', 'Reader', '--user', 'carol', '--registry', 'ids', '-o', 'json']),
      );
      const removed = await world.arca(['role', 'assignment', 'delete', ...form(assigned.id)]);
      assert.equal(removed.status, 0, removed.stderr);
      const left = json(await world.arca(['role', 'assignment', 'list', '--registry', 'ids', '-o', 'json']));
      assert.deepEqual(
        left.filter((a: any) => a.id === assigned.id),
        [],
      );
    }
  });

  test('no id at all is a usage error (exit 2) showing the argument form', async () => {
    const missing = await world.arca(['operation', 'show']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^error UsageInvalid: missing the id: arca operation show <id>/);
  });

  test('two different ids (argument and --id) are a usage error (exit 2), not a guess', async () => {
    const both = await world.arca(['token', 'revoke', 'one', '--id', 'two']);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /^error UsageInvalid: two ids given \(one and --id two\)/);
  });
});
