import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { json, startCliWorld, type CliWorld } from './harness.js';

describe('arca user, token, group, role and audit commands', () => {
  let world: CliWorld;
  before(async () => {
    world = await startCliWorld();
    const put = await world.server.api('PUT', '/api/v1/registries/shared', { location: 'eastus' });
    await world.server.waitForOperation(put.headers.get('location') ?? '');
  });
  after(async () => {
    await world.stop();
  });

  test('token create prints the secret once in the token field, and the secret works for whoami', async () => {
    assert.equal((await world.arca(['user', 'create', '--name', 'alice', '--email', 'alice@example.test'])).status, 0);
    const created = await world.arca([
      'token',
      'create',
      '--user',
      'alice',
      '--name',
      'laptop',
      '--expires-in-days',
      '30',
      '-o',
      'json',
    ]);
    assert.equal(created.status, 0, created.stderr);
    const token = json(created).token as string;
    assert.match(token, /^arca_/);
    const whoami = await world.arca(['whoami', '-o', 'json'], { ARCA_TOKEN: token });
    assert.equal(whoami.status, 0, whoami.stderr);
    assert.equal(json(whoami).principal.name, 'alice');
    const listed = await world.arca(['token', 'list', '--user', 'alice', '-o', 'json']);
    assert.equal(listed.stdout.includes(token), false, 'a listed token never shows its secret');
    assert.equal(json(listed).length, 1);
  });

  test('token create -o tsv --query token prints the bare secret, unquoted, for a credentials file', async () => {
    const created = await world.arca([
      'token',
      'create',
      '--user',
      'alice',
      '--name',
      'scrape',
      '--read-only',
      '-o',
      'tsv',
      '--query',
      'token',
    ]);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^arca_[A-Za-z0-9_-]+\n$/);
    const whoami = await world.arca(['whoami', '-o', 'json'], { ARCA_TOKEN: created.stdout.trim() });
    assert.equal(whoami.status, 0, whoami.stderr);
  });

  test('role assign through a group at one registry, assignment list shows it, and the member gets exactly that', async () => {
    await world.arca(['user', 'create', '--name', 'bob']);
    await world.arca(['group', 'create', '--name', 'publishers']);
    assert.equal((await world.arca(['group', 'member', 'add', '--group', 'publishers', '--member', 'bob'])).status, 0);
    const assigned = await world.arca([
      'role',
      'assign',
      '--role',
      'AssetPublisher',
      '--group',
      'publishers',
      '--registry',
      'shared',
      '-o',
      'json',
    ]);
    assert.equal(assigned.status, 0, assigned.stderr);
    assert.equal(json(assigned).scope, 'registry:shared');
    const list = json(await world.arca(['role', 'assignment', 'list', '--registry', 'shared', '-o', 'json']));
    assert.deepEqual(
      list.map((a: any) => [a.role, a.assignee]),
      [['AssetPublisher', 'group:publishers']],
    );
    const token = json(await world.arca(['token', 'create', '--user', 'bob', '--name', 't', '-o', 'json'])).token;
    const denied = await world.arca(['registry', 'delete', '--name', 'shared', '--yes'], { ARCA_TOKEN: token });
    assert.equal(denied.status, 1);
    assert.match(denied.stderr, /^error Forbidden: .*registries\/delete/);
  });

  test('whoami shows the roles that come from groups, naming the group, in json and in the table', async () => {
    assert.equal((await world.arca(['role', 'assign', '--role', 'AssetUser', '--user', 'bob'])).status, 0);
    const token = json(await world.arca(['token', 'create', '--user', 'bob', '--name', 'whoami', '-o', 'json'])).token;
    const asJson = await world.arca(['whoami', '-o', 'json'], { ARCA_TOKEN: token });
    assert.equal(asJson.status, 0, asJson.stderr);
    assert.deepEqual(
      json(asJson).assignments.map((a: any) => [a.role, a.scope, a.from_group]),
      [
        ['AssetUser', 'org', null],
        ['AssetPublisher', 'registry:shared', 'publishers'],
      ],
    );
    const table = await world.arca(['whoami', '-o', 'table'], { ARCA_TOKEN: token });
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^user bob, token [0-9a-f-]+\n/);
    assert.match(table.stdout, /Role +│ Scope +│ Through/);
    assert.match(table.stdout, /AssetUser +│ org +│ direct/);
    assert.match(table.stdout, /AssetPublisher +│ registry:shared +│ group publishers/);
  });

  test('role create from a file with a misspelt actions key exits 2 naming it and the missing actions at file:line:col', async () => {
    const file = join(world.dir('role-'), 'role.yml');
    writeFileSync(file, 'name: Typist\nactons: [registries/assets/read]\n');
    const result = await world.arca(['role', 'create', '--file', file]);
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      `error UnknownField: ${file}:2:1: unknown field "actons"; did you mean "actions"?; ` +
        `${file}:2:1: "actions" is required; is "actons" a misspelling of it?\n`,
    );
    assert.equal((await world.server.api('GET', '/api/v1/roles/Typist')).status, 404);
  });

  test('role create from a file refuses an unknown permission with exit 1 and PermissionUnknown', async () => {
    const file = join(world.dir('role-'), 'role.yml');
    writeFileSync(file, 'name: Deployer\nactions: [registries/assets/read, registries/teleport]\n');
    const bad = await world.arca(['role', 'create', '--file', file]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^error PermissionUnknown: /);
    writeFileSync(
      file,
      'name: Deployer\ndescription: reads and aliases\nactions: ["*/assets/read", "*/assets/aliases/write"]\n',
    );
    const good = await world.arca(['role', 'create', '--file', file, '-o', 'json']);
    assert.equal(good.status, 0, good.stderr);
    assert.deepEqual(json(good).permissions.sort(), [
      'registries/assets/aliases/write',
      'registries/assets/read',
      'workspaces/assets/aliases/write',
      'workspaces/assets/read',
    ]);
  });

  test('audit verify passes on an untouched log, and audit list filters by principal', async () => {
    const verify = await world.arca(['audit', 'verify', '-o', 'json']);
    assert.equal(verify.status, 0, verify.stderr);
    assert.equal(json(verify).ok, true);
    const events = json(await world.arca(['audit', 'list', '--action', 'tokens/create', '-o', 'json']));
    assert.ok(events.length >= 2);
    assert.ok(events.every((e: any) => e.action === 'tokens/create'));
  });

  test('audit list as a table shows time, principal, action, target and outcome only; -o json keeps every field', async () => {
    const table = await world.arca(['audit', 'list', '--action', 'tokens/create', '-o', 'table']);
    assert.equal(table.status, 0, table.stderr);
    const [header, ...rest] = table.stdout.split('\n').filter((line) => /[A-Za-z]/.test(line));
    assert.deepEqual(
      header
        ?.split('│')
        .map((cell) => cell.trim())
        .filter((cell) => cell !== ''),
      ['Time', 'Principal', 'Action', 'Target', 'Outcome'],
    );
    assert.ok(rest.length >= 2 && rest.every((line) => line.includes('tokens/create')));
    assert.doesNotMatch(table.stdout, /[0-9a-f]{64}/, 'no hash in the table');
    const events = json(await world.arca(['audit', 'list', '--action', 'tokens/create', '-o', 'json']));
    assert.ok(
      events.every((e: any) => /^[0-9a-f]{64}$/.test(e.hash) && /^[0-9a-f]{64}$/.test(e.prev_hash) && 'details' in e),
    );
  });

  test('token revoke makes the token fail with 401 at once', async () => {
    const created = json(await world.arca(['token', 'create', '--user', 'alice', '--name', 'short', '-o', 'json']));
    assert.equal((await world.arca(['token', 'revoke', '--id', created.id])).status, 0);
    const after = await world.arca(['whoami'], { ARCA_TOKEN: created.token });
    assert.equal(after.status, 1);
    assert.match(after.stderr, /^error Unauthenticated: /);
  });

  test('token create with a read-only token is refused (exit 1, CredentialRestricted) with what the token is and what to do', async () => {
    const readOnly = json(
      await world.arca(['token', 'create', '--user', 'alice', '--name', 'ro', '--read-only', '-o', 'json']),
    ).token;
    const refused = await world.arca(['token', 'create', '--user', 'alice', '--name', 'escalate', '-o', 'json'], {
      ARCA_TOKEN: readOnly,
    });
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /^error CredentialRestricted: this token is read-only; creating a token needs a full token/,
    );
    assert.match(refused.stderr, /\nhint: tokens are managed with a full token/);
    assert.equal(refused.stdout, '');
  });

  test('token create without --user or --sp is a usage error (exit 2)', async () => {
    const result = await world.arca(['token', 'create', '--name', 'x']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error UsageInvalid: /);
  });
});
