import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf } from '../../src/testing/uploads.js';
import { digestsOf, sha256, writeTree } from './assets-fixtures.js';
import { ensureCliBuilt, json, runArca, testAdminToken, type CliResult } from './harness.js';
import { eventually } from '../../src/testing/eventually.js';

/** Retries back off from 50 ms and nothing unreferenced is young, so replication and gc happen within a test. */
const fastJobs = { ARCA_JOB_RETRY_BASE_SECONDS: '0.05', ARCA_GC_GRACE_SECONDS: '0' };
/** `broken` is a region that provisions, then loses its store (its directory becomes a file): jobs copying there fail and retry. */
const brokenRegion = 'regions:\n  broken:\n    driver: fs\n    path: ./broken-region\n';

function blobPath(dataDir: string, region: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(dataDir, 'regions', region, 'blobs', 'sha256', hex.slice(0, 2), hex);
}

describe('arca job, gc, fsck and region reads, end to end against a registry in eastus and westus', () => {
  let server: TestServer;
  let home: string;
  let env: Record<string, string>;
  let folder: string;
  const arca = (args: string[]): Promise<CliResult> => runArca(args, env);
  const weights = bytesOf(300_000, 21);
  const files = { 'weights.bin': weights, 'config.json': '{"lr": 0.1}\n' };
  const reg = ['--registry', 'global'];

  before(async () => {
    await ensureCliBuilt();
    server = await startTestServer({ env: fastJobs, configYaml: brokenRegion });
    home = mkdtempSync(join(tmpdir(), 'arca-cli-jobs-'));
    env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ARCA_SERVER: server.url, ARCA_TOKEN: testAdminToken };
    const put = await server.api('PUT', '/api/v1/registries/global', {
      location: 'eastus',
      replication_locations: [{ location: 'eastus' }, { location: 'westus' }],
    });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    folder = writeTree(mkdtempSync(join(home, 'fraud-')), files);
    const created = await arca(['model', 'create', '--name', 'fraud', '--path', folder, ...reg]);
    assert.equal(created.status, 0, created.stderr);
  });
  after(async () => {
    await server?.stop();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  test('job list --kind replicate shows the copy to westus succeeding; the table has its attempts', async () => {
    const job = await eventually('the westus replication job to succeed', async () => {
      const listed = await arca(['job', 'list', '--kind', 'replicate', '-o', 'json']);
      assert.equal(listed.status, 0, listed.stderr);
      return json(listed).find((j: any) => j.payload.region === 'westus' && j.state === 'succeeded');
    });
    assert.equal(job.kind, 'replicate');
    const table = await arca(['job', 'list', '--kind', 'replicate', '--state', 'succeeded', '-o', 'table']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Id.*Kind.*State.*Attempts.*Next run.*Last error/);
    assert.match(table.stdout, new RegExp(`${job.id}.*replicate.*succeeded.*${job.attempts}/${job.max_attempts}`));
    const shown = json(await arca(['job', 'show', job.id]));
    assert.deepEqual(
      { id: shown.id, state: shown.state, region: shown.payload.region },
      { id: job.id, state: 'succeeded', region: 'westus' },
    );
  });

  test('model show of a version lists its regions: the table says westus is replicated', async () => {
    const version = json(await arca(['model', 'show', 'global/fraud:1']));
    assert.deepEqual(
      version.regions.map((r: any) => `${r.region}:${r.role}:${r.state ?? ''}`),
      ['eastus:primary:', 'westus:replica:replicated'],
    );
    const table = await arca(['model', 'show', 'global/fraud:1', '-o', 'table']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Regions/);
    assert.match(table.stdout, /eastus \(primary\) +│\n.*westus: replicated +│/);
    const asset = await arca(['model', 'show', 'global/fraud', '-o', 'table']);
    assert.doesNotMatch(asset.stdout, /Regions/, 'an asset (not a version) has no regions to show');
  });

  test('download --region westus reads every file from the westus copy, with no notice', async () => {
    const target = mkdtempSync(join(home, 'west-'));
    const result = await arca(['model', 'download', 'global/fraud:1', '--path', target, '--region', 'westus']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(digestsOf(target), digestsOf(folder));
    assert.deepEqual(
      { region: json(result).region, servedFromPrimary: json(result).servedFromPrimary },
      { region: 'westus', servedFromPrimary: 0 },
    );
    assert.equal(result.stderr, '');
  });

  test('download --region of a region the registry does not have fails with RegionNotInScope, listing its regions', async () => {
    const result = await arca([
      'model',
      'download',
      'global/fraud:1',
      '--path',
      mkdtempSync(join(home, 'north-')),
      '--region',
      'northeurope',
    ]);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stderr,
      'error RegionNotInScope: registry global has no region "northeurope"; its regions are eastus, westus\n',
    );
  });

  test('job show, retry and cancel of an id no job has fail with JobNotFound (exit 1)', async () => {
    for (const verb of ['show', 'retry', 'cancel']) {
      const result = await arca(['job', verb, 'no-such-job']);
      assert.equal(result.status, 1, `${verb}: ${result.stderr}`);
      assert.match(result.stderr, /^error JobNotFound: /);
    }
  });

  test('retry and cancel of a succeeded job fail with JobNotActive (exit 1)', async () => {
    const [job] = json(await arca(['job', 'list', '--kind', 'replicate', '--state', 'succeeded', '--top', '1']));
    for (const verb of ['retry', 'cancel']) {
      const result = await arca(['job', verb, job.id]);
      assert.equal(result.status, 1, `${verb}: ${result.stderr}`);
      assert.match(result.stderr, /^error JobNotActive: /);
    }
  });

  test('fsck of a clean store exits 0 with a row per region and no findings', async () => {
    const result = await arca(['fsck', '--verify', '-o', 'json']);
    assert.equal(result.status, 0, result.stderr);
    const report = json(result);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.regions.map((r: any) => r.region).sort(), ['eastus', 'westus']);
    const table = await arca(['fsck', '-o', 'table']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Region.*Indexed.*Stored.*Findings/);
  });

  test('fsck exits 1 with FsckFindings after a westus blob file is cut short, listing the size mismatch', async () => {
    const digest = sha256(weights);
    writeFileSync(blobPath(server.dataDir, 'westus', digest), weights.subarray(0, 1000));
    const result = await arca(['fsck', '-o', 'table']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /^error FsckFindings: 1 of 1 finding\(s\) remain unrepaired; run arca fsck --repair/);
    assert.match(result.stdout, new RegExp(`westus.*${digest}.*size-mismatch`));
    const report = json(await arca(['fsck', '--region', 'westus']));
    assert.deepEqual(
      report.findings.map((f: any) => `${f.region} ${f.problem} ${f.digest}`),
      [`westus size-mismatch ${digest}`],
    );
  });

  test('fsck --repair --verify re-copies the bad blob from eastus and exits 0; the next check is clean', async () => {
    const repaired = await arca(['fsck', '--repair', '--verify']);
    assert.equal(repaired.status, 0, repaired.stderr);
    const finding = json(repaired).findings[0];
    assert.deepEqual(
      { problem: finding.problem, repaired: finding.repaired, repair: finding.repair },
      { problem: 'size-mismatch', repaired: true, repair: 're-copied from eastus' },
    );
    const again = await arca(['fsck', '--verify']);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(json(again).findings, []);
    const target = mkdtempSync(join(home, 'repaired-'));
    assert.equal(
      (await arca(['model', 'download', 'global/fraud:1', '--path', target, '--region', 'westus'])).status,
      0,
    );
    assert.deepEqual(digestsOf(target), digestsOf(folder));
  });

  test('gc run --dry-run after a version is deleted reports its bytes as reclaimable and removes nothing; gc run removes them', async () => {
    const own = bytesOf(40_000, 22);
    const extra = writeTree(mkdtempSync(join(home, 'extra-')), { 'own.bin': own });
    assert.equal((await arca(['model', 'create', '--name', 'scratch', '--path', extra, ...reg])).status, 0);
    await eventually('scratch to be replicated to westus', async () => {
      const regions = json(await arca(['model', 'show', 'global/scratch:1', '--query', 'regions']));
      return regions.some((r: any) => r.region === 'westus' && r.state === 'replicated') ? true : undefined;
    });
    const deleted = await arca(['model', 'delete', 'global/scratch:1', '--yes']);
    assert.equal(deleted.status, 0, deleted.stderr);

    const dry = await arca(['gc', 'run', '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    const dryReport = json(dry);
    assert.equal(dryReport.dryRun, true);
    for (const region of ['eastus', 'westus']) {
      const entry = dryReport.regions.find((r: any) => r.region === region);
      assert.ok(entry.reclaimable.bytes >= own.length, `${region}: ${JSON.stringify(entry)}`);
      assert.deepEqual(entry.removed, { blobs: 0, bytes: 0 });
    }
    const table = await arca(['gc', 'run', '--dry-run', '--region', 'eastus', '-o', 'table']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Region.*Examined.*Reclaimable.*Removed.*Young \(kept\)/);
    assert.match(table.stdout, /eastus.*\d+ \(\d+(\.\d+)? KiB\).*0 \(0 B\)/);
    assert.match(
      table.stdout,
      /^Total over 1 region\(s\): dry run, \d+ blob\(s\), \d+(\.\d+)? KiB reclaimable, nothing removed; 0 young blob\(s\) kept within the 0 s grace period$/m,
    );

    const run = await arca(['gc', 'run']);
    assert.equal(run.status, 0, run.stderr);
    const eastus = json(run).regions.find((r: any) => r.region === 'eastus');
    assert.ok(eastus.removed.bytes >= own.length, JSON.stringify(eastus));
    const after = json(await arca(['gc', 'run', '--dry-run', '--query', 'regions[].reclaimable.bytes']));
    assert.deepEqual(after, [0, 0]);
    const target = mkdtempSync(join(home, 'after-gc-'));
    assert.equal(
      (await arca(['model', 'download', 'global/fraud:1', '--path', target])).status,
      0,
      'the live version keeps its blobs',
    );
    assert.deepEqual(digestsOf(target), digestsOf(folder));
  });

  test('gc run --background and fsck --background print the queued job at once; job show prints its report when it has finished', async () => {
    const queued = await arca(['gc', 'run', '--dry-run', '--region', 'eastus', '--background']);
    assert.equal(queued.status, 0, queued.stderr);
    const job = json(queued);
    assert.equal(job.kind, 'gc');
    assert.deepEqual(job.payload, { dryRun: true, region: 'eastus' });
    assert.match(queued.stderr, new RegExp(`arca job show ${job.id}`));
    const finished = await eventually('the background collection to finish', async () => {
      const shown = json(await arca(['job', 'show', job.id]));
      return shown.state === 'succeeded' ? shown : undefined;
    });
    assert.equal(finished.result.dryRun, true);
    assert.deepEqual(
      finished.result.regions.map((r: any) => r.region),
      ['eastus'],
    );
    const table = await arca(['job', 'show', job.id, '-o', 'table']);
    assert.match(table.stdout, /Result/);
    assert.match(table.stdout, /"dryRun":true/);

    const check = await arca(['fsck', '--region', 'westus', '--background', '-o', 'table']);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /Id.*Kind.*State/);
    assert.match(check.stdout, /fsck/);
  });

  test('a job failing against an unreachable region shows its last error; cancel stops it and retry queues it with attempts from 0', async () => {
    // `broken` provisions, then its store goes away: versions committed later are queued for it and fail.
    const patch = await server.api('PATCH', '/api/v1/registries/global', {
      add_replication_locations: [{ location: 'broken' }],
    });
    assert.equal(patch.status, 202);
    assert.equal((await server.waitForOperation(patch.headers.get('location') ?? '')).status, 'Succeeded');
    rmSync(join(server.dataDir, 'broken-region'), { recursive: true, force: true });
    writeFileSync(join(server.dataDir, 'broken-region'), 'not a directory any more');
    const canary = writeTree(mkdtempSync(join(home, 'canary-')), { 'canary.bin': bytesOf(2000, 23) });
    assert.equal((await arca(['model', 'create', '--name', 'canary', '--path', canary, ...reg])).status, 0);
    const failing = await eventually('a replication job for broken to fail twice', async () => {
      const jobs = json(await arca(['job', 'list', '--kind', 'replicate', '--state', 'queued']));
      return jobs.find((j: any) => j.payload.region === 'broken' && j.attempts >= 2 && j.last_error !== null);
    });
    const shown = await arca(['model', 'show', 'global/canary:1', '-o', 'table']);
    assert.match(shown.stdout, /broken: (pending|failed) \(.{1,60}\)/, "the region's error, cut short");
    // The job may be between attempts (queued) or in one (running) when the table is read: both show the last error.
    const table = await arca(['job', 'list', '--kind', 'replicate', '-o', 'table']);
    assert.match(
      table.stdout,
      new RegExp(
        `${failing.id}.*${failing.kind}.*(queued|running).*\\d+/${failing.max_attempts}.*${failing.last_error.code}`,
      ),
    );

    const cancelled = await arca(['job', 'cancel', failing.id]);
    assert.equal(cancelled.status, 0, cancelled.stderr);
    assert.equal(json(cancelled).state, 'cancelled');
    assert.equal(json(await arca(['job', 'show', failing.id, '--query', 'state'])), 'cancelled');

    const retried = await arca(['job', 'retry', failing.id]);
    assert.equal(retried.status, 0, retried.stderr);
    assert.ok(['queued', 'running'].includes(json(retried).state), json(retried).state);
    assert.ok(json(retried).attempts <= 1, `attempts start over: ${json(retried).attempts}`);
    await arca(['job', 'cancel', failing.id]);
  });
});
