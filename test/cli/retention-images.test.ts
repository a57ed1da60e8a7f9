import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ociRequest, pushImage, pushUntaggedImage } from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { ensureCliBuilt, json, runArca, testAdminToken, type CliResult } from './harness.js';

const policyYaml = `$schema: https://arca.dev/schemas/retention.json
untagged_manifests:
  older_than_days: 14
  repository: "environments/*"
`;

describe('arca retention with the untagged_manifests rule, end to end', () => {
  let server: TestServer;
  let home: string;
  let env: Record<string, string>;
  // The server's clock: 20 days behind while the old images are pushed.
  let offsetMs = -20 * 86_400_000;
  let untagged = '';
  const arca = (args: string[]): Promise<CliResult> => runArca(args, env);
  const reg = ['--registry', 'images'];
  const repository = 'images/environments/base';

  before(async () => {
    await ensureCliBuilt();
    server = await startTestServer({ clock: { now: () => new Date(Date.now() + offsetMs) } });
    home = mkdtempSync(join(tmpdir(), 'arca-cli-retention-images-'));
    env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ARCA_SERVER: server.url, ARCA_TOKEN: testAdminToken };
    const put = await server.api('PUT', '/api/v1/registries/images', { location: 'eastus' });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    untagged = (await pushUntaggedImage(server, repository, [Buffer.from('old and untagged')])).digest;
    await pushImage(server, repository, 'v1', [Buffer.from('the version')]);
    offsetMs = 0;
  });
  after(async () => {
    await server?.stop();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  test('set reads the image rule from retention.yml and show prints it', async () => {
    const file = join(home, 'retention.yml');
    writeFileSync(file, policyYaml);
    const set = await arca(['retention', 'set', '--file', file, ...reg, '-o', 'json']);
    assert.equal(set.status, 0, set.stderr);
    const shown = await arca(['retention', 'show', ...reg, '-o', 'table']);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(
      shown.stdout,
      /Untagged image manifests pushed more than 14 day\(s\) ago are deleted, in repositories environments\/\*/,
    );
  });

  test('set names the line of a misspelt key of the image rule, and sends nothing', async () => {
    const file = join(home, 'typo.yml');
    writeFileSync(file, 'untagged_manifests:\n  older_then_days: 3\n');
    const set = await arca(['retention', 'set', '--file', file, ...reg]);
    assert.equal(set.status, 2, set.stdout);
    assert.match(set.stderr, /typo\.yml:2:3/);
  });

  test('run --dry-run lists the manifests with outcome and reasons; run deletes the untagged one', async () => {
    const dry = await arca(['retention', 'run', '--dry-run', ...reg, '-o', 'table']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`${untagged.slice(0, 19)}.*would_delete`));
    assert.match(dry.stdout, /kept\s+│?\s*version v1/);
    assert.match(dry.stdout, /2 image manifest\(s\): would delete 1, kept 1, skipped 0 \(dry run: nothing changed\)/);
    assert.doesNotMatch(dry.stdout, /version\(s\)/, 'no version table for a policy without version rules');
    const real = await arca(['retention', 'run', ...reg, '-o', 'json']);
    assert.equal(real.status, 0, real.stderr);
    const outcomes = json(real).manifests.map((m: any) => m.outcome);
    assert.deepEqual(outcomes.sort(), ['deleted', 'kept']);
    assert.equal((await ociRequest(server, 'GET', `/v2/${repository}/manifests/${untagged}`)).status, 404);
  });
});
