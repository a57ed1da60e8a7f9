import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { json, startCliWorld, testAdminToken, type CliWorld } from './harness.js';

describe('arca login and where the CLI finds its server', () => {
  let world: CliWorld;
  before(async () => {
    world = await startCliWorld();
  });
  after(async () => {
    await world.stop();
  });

  /** No ARCA_SERVER/ARCA_TOKEN: only what is on the line and in the login file counts. */
  const noEnvLogin = (configHome: string) => ({
    XDG_CONFIG_HOME: configHome,
    ARCA_SERVER: undefined,
    ARCA_TOKEN: undefined,
  });

  test('login with a good token saves server and token to $XDG_CONFIG_HOME/arca/config.json, file 0600 in a 0700 directory', async () => {
    const configHome = world.dir('login-');
    const result = await world.arca(
      ['login', '--server', world.server.url, '--token', testAdminToken],
      noEnvLogin(configHome),
    );
    assert.equal(result.status, 0, result.stderr);
    const file = join(configHome, 'arca', 'config.json');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { server: world.server.url, token: testAdminToken });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(configHome, 'arca')).mode & 0o777, 0o700);
    assert.equal(json(result).saved_to, file);
    assert.ok(!result.stdout.includes(testAdminToken), 'the token is never echoed');

    const list = await world.arca(['registry', 'list'], noEnvLogin(configHome));
    assert.equal(list.status, 0, list.stderr);
    assert.deepEqual(json(list), []);
  });

  test('login with a wrong token exits 1 with Unauthenticated and saves nothing', async () => {
    const configHome = world.dir('login-');
    const result = await world.arca(
      ['login', '--server', world.server.url, '--token', 'not-the-token'],
      noEnvLogin(configHome),
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error Unauthenticated: /);
    assert.equal(result.stdout, '');
    assert.equal(existsSync(join(configHome, 'arca', 'config.json')), false);
  });

  test('login against a server that is not there exits 1 with ServerUnreachable naming the URL', async () => {
    const result = await world.arca(
      ['login', '--server', 'http://127.0.0.1:1', '--token', testAdminToken],
      noEnvLogin(world.dir('login-')),
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error ServerUnreachable: .*http:\/\/127\.0\.0\.1:1/);
  });

  test('without a saved login or ARCA_SERVER/ARCA_TOKEN a command exits 2 with NotLoggedIn', async () => {
    const result = await world.arca(['registry', 'list'], noEnvLogin(world.dir('login-')));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error NotLoggedIn: run arca login --server URL --token TOKEN/);
    assert.equal(result.stdout, '');
  });

  test('ARCA_TOKEN overrides the saved token, and --token overrides ARCA_TOKEN', async () => {
    const configHome = world.dir('login-');
    mkdirSync(join(configHome, 'arca'), { recursive: true });
    writeFileSync(
      join(configHome, 'arca', 'config.json'),
      JSON.stringify({ server: world.server.url, token: 'stale-token' }),
    );

    const saved = await world.arca(['registry', 'list'], noEnvLogin(configHome));
    assert.equal(saved.status, 1, 'the saved stale token is used when nothing overrides it');
    assert.match(saved.stderr, /^error Unauthenticated/);

    const fromEnv = await world.arca(['registry', 'list'], { ...noEnvLogin(configHome), ARCA_TOKEN: testAdminToken });
    assert.equal(fromEnv.status, 0, fromEnv.stderr);

    const fromFlag = await world.arca(['registry', 'list', '--token', testAdminToken], {
      ...noEnvLogin(configHome),
      ARCA_TOKEN: 'wrong-env-token',
    });
    assert.equal(fromFlag.status, 0, fromFlag.stderr);
  });

  test('a server that is not an http(s) URL is a usage error (exit 2)', async () => {
    const result = await world.arca(['registry', 'list', '--server', 'localhost:8600']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error ServerUrlInvalid: .*localhost:8600.*--server/);
  });
});
