import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { ensureCliBuilt, json, runArca, testAdminToken, type CliResult } from './harness.js';

const policyYaml = `$schema: https://arca.dev/schemas/retention.json
interval: 24h
rules:
  - asset_type: models
    name: "fraud-*"
    keep_last: 1
    action: delete
`;

describe('arca retention set, show, run and delete, end to end', () => {
  let server: TestServer;
  let home: string;
  let env: Record<string, string>;
  const arca = (args: string[]): Promise<CliResult> => runArca(args, env);
  const reg = ['--registry', 'global'];
  const model = '/api/v1/registries/global/models/fraud-a';

  before(async () => {
    await ensureCliBuilt();
    server = await startTestServer();
    home = mkdtempSync(join(tmpdir(), 'arca-cli-retention-'));
    env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ARCA_SERVER: server.url, ARCA_TOKEN: testAdminToken };
    const put = await server.api('PUT', '/api/v1/registries/global', { location: 'eastus' });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    for (const n of [1, 2, 3]) await createVersion(server, model, [{ path: 'w', bytes: Buffer.from(`w${n}`) }]);
    await server.api('PUT', `${model}/aliases/production`, { version: '1' });
  });
  after(async () => {
    await server?.stop();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  test('set reads retention.yml and show prints its rules and interval', async () => {
    const file = join(home, 'retention.yml');
    writeFileSync(file, policyYaml);
    const set = await arca(['retention', 'set', '--file', file, ...reg, '-o', 'json']);
    assert.equal(set.status, 0, set.stderr);
    const shown = await arca(['retention', 'show', ...reg, '-o', 'table']);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /models\s+│?\s*fraud-\*/);
    assert.match(shown.stdout, /Runs every 1d/);
  });

  test('set names the line of an unknown field in the file, and sends nothing', async () => {
    const file = join(home, 'typo.yml');
    writeFileSync(file, 'rules:\n  - asset_type: models\n    keep_lats: 2\n    action: archive\n');
    const set = await arca(['retention', 'set', '--file', file, ...reg]);
    assert.equal(set.status, 2, set.stdout);
    assert.match(set.stderr, /typo\.yml:3:5/);
    assert.equal(json(await arca(['retention', 'show', ...reg, '-o', 'json'])).rules[0].keep_last, 1, 'unchanged');
  });

  test('run --dry-run lists what would go and why the rest stays; run then does it', async () => {
    const dry = await arca(['retention', 'run', '--dry-run', ...reg, '-o', 'table']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /would_delete/);
    assert.match(dry.stdout, /alias production/);
    assert.match(dry.stdout, /would delete 1, kept 2, skipped 0 \(dry run: nothing changed\)/);
    const real = await arca(['retention', 'run', ...reg, '-o', 'json']);
    assert.equal(real.status, 0, real.stderr);
    const outcomes = Object.fromEntries(json(real).versions.map((v: any) => [v.version, v.outcome]));
    assert.deepEqual(outcomes, { '3': 'kept', '2': 'deleted', '1': 'kept' });
    assert.equal((await server.api('GET', `${model}/versions/2`)).status, 404);
  });

  test('needs exactly one of --registry or --workspace', async () => {
    const none = await arca(['retention', 'show']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /exactly one of --registry or --workspace/);
  });

  test('delete removes the policy; show then reports there is none', async () => {
    assert.equal((await arca(['retention', 'delete', ...reg])).status, 0);
    const shown = await arca(['retention', 'show', ...reg]);
    assert.equal(shown.status, 1);
    assert.match(shown.stderr, /RetentionPolicyNotFound|has no retention policy/);
  });
});
