import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf } from '../../src/testing/uploads.js';
import { digestsOf, writeTree } from './assets-fixtures.js';
import { ensureCliBuilt, json, runArca, testAdminToken, type CliResult } from './harness.js';

/** `lagging` provisions, then its store goes away: it stays the registry's region but never receives a copy. */
const laggingRegion = 'regions:\n  lagging:\n    driver: fs\n    path: ./lagging-region\n';

describe('arca model download --region: an unknown region is an error, a lagging one falls back with a notice', () => {
  let server: TestServer;
  let home: string;
  let env: Record<string, string>;
  let folder: string;
  const arca = (args: string[]): Promise<CliResult> => runArca(args, env);
  const fallbackNotice = 'note: 2 file(s) came from the primary region: lagging holds no copy of them yet\n';

  before(async () => {
    await ensureCliBuilt();
    server = await startTestServer({ configYaml: laggingRegion });
    home = mkdtempSync(join(tmpdir(), 'arca-cli-region-'));
    env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ARCA_SERVER: server.url, ARCA_TOKEN: testAdminToken };
    const registry = await server.api('PUT', '/api/v1/registries/global', {
      location: 'eastus',
      replication_locations: [{ location: 'eastus' }, { location: 'lagging' }],
    });
    assert.equal((await server.waitForOperation(registry.headers.get('location') ?? '')).status, 'Succeeded');
    assert.equal((await arca(['workspace', 'create', '--name', 'team-a', '--location', 'eastus'])).status, 0);
    rmSync(join(server.dataDir, 'lagging-region'), { recursive: true, force: true });
    writeFileSync(join(server.dataDir, 'lagging-region'), 'not a directory any more');
    folder = writeTree(mkdtempSync(join(home, 'fraud-')), {
      'weights.bin': bytesOf(20_000, 62),
      'config.json': '{"lr": 0.1}\n',
    });
    for (const scope of [
      ['--workspace', 'team-a'],
      ['--registry', 'global'],
    ]) {
      const created = await arca(['model', 'create', '--name', 'fraud', '--path', folder, ...scope]);
      assert.equal(created.status, 0, created.stderr);
    }
    const alias = await arca(['model', 'alias', 'set', 'fraud:1', 'production', '--workspace', 'team-a']);
    assert.equal(alias.status, 0, alias.stderr);
  });
  after(async () => {
    await server?.stop();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  test("a misspelled --region fails with RegionNotInScope listing the workspace's regions (exit 1), writing nothing", async () => {
    const target = mkdtempSync(join(home, 'typo-'));
    const result = await arca([
      'model',
      'download',
      'fraud@production',
      '--workspace',
      'team-a',
      '--region',
      'southeastaisa',
      '--path',
      target,
    ]);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stderr,
      'error RegionNotInScope: workspace team-a has no region "southeastaisa"; its regions are eastus\n',
    );
    assert.equal(result.stdout, '');
    assert.deepEqual(readdirSync(target), []);
  });

  test('a region of another scope fails too, even when every file is already in the folder', async () => {
    const target = mkdtempSync(join(home, 'present-'));
    assert.equal((await arca(['model', 'download', 'fraud:1', '--workspace', 'team-a', '--path', target])).status, 0);
    const result = await arca([
      'model',
      'download',
      'fraud:1',
      '--workspace',
      'team-a',
      '--region',
      'lagging',
      '--path',
      target,
    ]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /^error RegionNotInScope: workspace team-a has no region "lagging"; its regions are eastus$/m,
    );
  });

  test('a region of the registry without a copy gets the files from the primary, with the notice on stderr in every format', async () => {
    for (const format of [[], ['-o', 'json'], ['-o', 'table'], ['-o', 'yaml']]) {
      const target = mkdtempSync(join(home, 'lagging-'));
      const result = await arca([
        'model',
        'download',
        'global/fraud:1',
        '--region',
        'lagging',
        '--path',
        target,
        ...format,
      ]);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(digestsOf(target), digestsOf(folder));
      assert.equal(result.stderr, fallbackNotice, `output ${format.join(' ') || 'by default (not a terminal)'}`);
      if (format.length === 0 || format[1] === 'json') assert.equal(json(result).servedFromPrimary, 2);
    }
  });

  test('the primary named as --region downloads with no notice', async () => {
    const target = mkdtempSync(join(home, 'primary-'));
    const result = await arca(['model', 'download', 'global/fraud:1', '--region', 'eastus', '--path', target]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(json(result).servedFromPrimary, 0);
  });
});
