import { strict as assert } from 'node:assert';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf } from '../../src/testing/uploads.js';
import { eventually } from '../../src/testing/eventually.js';

function blobPath(dataDir: string, region: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(dataDir, 'regions', region, 'blobs', 'sha256', hex.slice(0, 2), hex);
}

const fastJobs = { ARCA_JOB_RETRY_BASE_SECONDS: '0.05', ARCA_GC_GRACE_SECONDS: '0', ARCA_JOB_LEASE_SECONDS: '2' };

for (const dialect of testDialects) {
  describe(`replication, garbage collection and fsck on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const base = '/api/v1/registries/global/models/fraud';

    before(async () => {
      database = await dialect.create();
      // `broken` provisions, then its directory is replaced by a file: replication there fails and retries.
      server = await startTestServer({
        database,
        env: fastJobs,
        configYaml: 'regions:\n  broken:\n    driver: fs\n    path: ./broken-region\n',
      });
      const put = await server.api('PUT', '/api/v1/registries/global', {
        location: 'eastus',
        replication_locations: [{ location: 'eastus' }, { location: 'westus' }],
      });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('copies a committed version to each replica region and serves reads from the region asked for', async () => {
      const weights = bytesOf(300_000, 1);
      await createVersion(server, base, [
        { path: 'weights.bin', bytes: weights },
        { path: 'config.json', bytes: Buffer.from('{}') },
      ]);
      const version = await eventually('westus to be replicated', async () => {
        const shown = await server.api('GET', `${base}/versions/1`);
        return shown.body.regions?.find(
          (r: { region: string; state?: string }) => r.region === 'westus' && r.state === 'replicated',
        )
          ? shown.body
          : undefined;
      });
      assert.deepEqual(
        version.regions.map((r: { region: string; role: string }) => `${r.region}:${r.role}`),
        ['eastus:primary', 'westus:replica'],
      );
      const fromWest = await fetch(`${server.url}${base}/versions/1/files/weights.bin?region=westus`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(fromWest.headers.get('x-arca-region'), 'westus');
      assert.equal(fromWest.headers.get('x-arca-served-from'), null);
      assert.ok(Buffer.from(await fromWest.arrayBuffer()).equals(weights));
      const jobs = await server.api('GET', '/api/v1/jobs?kind=replicate');
      assert.ok(
        jobs.body.value.some(
          (j: { state: string; payload: { region: string } }) =>
            j.state === 'succeeded' && j.payload.region === 'westus',
        ),
      );
    });

    it('keeps a version readable from the primary while a replica region is unreachable, retrying with backoff', async () => {
      const patch = await server.api('PATCH', '/api/v1/registries/global', {
        add_replication_locations: [{ location: 'broken' }],
      });
      assert.equal(patch.status, 202);
      assert.equal((await server.waitForOperation(patch.headers.get('location') ?? '')).status, 'Succeeded');
      await eventually('the backfill of broken', async () => {
        const shown = await server.api('GET', `${base}/versions/1`);
        return shown.body.regions.find(
          (r: { region: string; state?: string }) => r.region === 'broken' && r.state === 'replicated',
        );
      });
      // The region's store goes away: its directory becomes a file.
      await rm(join(server.dataDir, 'broken-region'), { recursive: true, force: true });
      await writeFile(join(server.dataDir, 'broken-region'), 'not a directory any more');
      await createVersion(server, base, [{ path: 'weights.bin', bytes: bytesOf(1000, 2) }]);
      const failing = await eventually('a failed attempt to reach the broken region', async () => {
        const shown = await server.api('GET', `${base}/versions/2`);
        const broken = shown.body.regions.find((r: { region: string }) => r.region === 'broken');
        return broken?.error !== undefined ? broken : undefined;
      });
      assert.ok(['pending', 'failed'].includes(failing.state));
      const job = await eventually('a retried replication job', async () => {
        const listed = await server.api('GET', '/api/v1/jobs?kind=replicate');
        return listed.body.value.find(
          (j: { payload: { region: string }; attempts: number }) => j.payload.region === 'broken' && j.attempts >= 2,
        );
      });
      assert.ok(job.last_error.message.length > 0);
      assert.doesNotMatch(job.last_error.message, /secret|password/i);
      const read = await fetch(`${server.url}${base}/versions/2/files/weights.bin?region=broken`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(read.status, 200);
      assert.equal(read.headers.get('x-arca-served-from'), 'primary');
      assert.equal(read.headers.get('x-arca-region'), 'eastus');
      assert.equal((await read.arrayBuffer()).byteLength, 1000);
      const cancelled = await server.api('POST', `/api/v1/jobs/${job.id}/cancel`);
      assert.ok(cancelled.status === 200 || cancelled.status === 409, JSON.stringify(cancelled.body));
      const removed = await server.api('PATCH', '/api/v1/registries/global', {
        remove_replication_locations: ['broken'],
      });
      await server.waitForOperation(removed.headers.get('location') ?? '');
    });

    it('backfills a region added later with everything the registry holds', async () => {
      const patch = await server.api('PATCH', '/api/v1/registries/global', {
        add_replication_locations: [{ location: 'northeurope' }],
      });
      await server.waitForOperation(patch.headers.get('location') ?? '');
      for (const label of ['1', '2']) {
        await eventually(`version ${label} in northeurope`, async () => {
          const shown = await server.api('GET', `${base}/versions/${label}`);
          return shown.body.regions.find(
            (r: { region: string; state?: string }) => r.region === 'northeurope' && r.state === 'replicated',
          );
        });
      }
    });

    it('finds a corrupted replica copy with fsck --verify and re-copies it from a healthy region', async () => {
      const digest = digestOf(bytesOf(300_000, 1));
      await writeFile(blobPath(server.dataDir, 'westus', digest), Buffer.alloc(300_000, 7));
      const check = await server.api('POST', '/api/v1/fsck', { region: 'westus', verify: true });
      assert.equal(check.status, 200);
      assert.deepEqual(
        check.body.findings.map((f: { digest: string; problem: string }) => `${f.problem} ${f.digest}`),
        [`digest-mismatch ${digest}`],
      );
      const repair = await server.api('POST', '/api/v1/fsck', { region: 'westus', verify: true, repair: true });
      assert.equal(repair.body.findings[0].repaired, true);
      assert.match(repair.body.findings[0].repair, /re-copied from (eastus|northeurope)/);
      assert.deepEqual(
        (await server.api('POST', '/api/v1/fsck', { region: 'westus', verify: true })).body.findings,
        [],
      );
      await rm(blobPath(server.dataDir, 'westus', digest));
      const missing = await server.api('POST', '/api/v1/fsck', { region: 'westus' });
      assert.equal(missing.body.findings[0].problem, 'missing');
      // The replica's index still lists it, but its store fails the read: the primary serves it.
      const read = await fetch(`${server.url}${base}/versions/1/files/weights.bin?region=westus`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(read.status, 200);
      assert.equal(read.headers.get('x-arca-served-from'), 'primary');
      assert.equal((await read.arrayBuffer()).byteLength, 300_000);
    });

    it("collects only blobs nothing references: a blob shared with a live version stays, a deleted version's own blob goes", async () => {
      const shared = bytesOf(5000, 3);
      const own = bytesOf(5000, 4);
      await createVersion(server, base, [
        { path: 'shared.bin', bytes: shared },
        { path: 'own.bin', bytes: own },
      ]);
      await createVersion(server, '/api/v1/registries/global/models/other', [{ path: 'shared.bin', bytes: shared }]);
      assert.equal((await server.api('DELETE', `${base}/versions/3`)).status, 204);
      const dry = await server.api('POST', '/api/v1/gc', { dry_run: true, region: 'eastus' });
      assert.equal(dry.status, 200);
      assert.equal(dry.body.regions[0].reclaimable.blobs >= 1, true);
      assert.deepEqual(dry.body.regions[0].removed, { blobs: 0, bytes: 0 });
      const run = await server.api('POST', '/api/v1/gc', {});
      assert.equal(run.status, 200);
      const eastus = run.body.regions.find((r: { region: string }) => r.region === 'eastus');
      assert.ok(eastus.removed.bytes >= own.length);
      const blobs = await readdir(
        join(server.dataDir, 'regions', 'eastus', 'blobs', 'sha256', digestOf(shared).slice(7, 9)),
      );
      assert.ok(blobs.includes(digestOf(shared).slice(7)), 'the shared blob is kept');
      const gone: string[] = await readdir(
        join(server.dataDir, 'regions', 'eastus', 'blobs', 'sha256', digestOf(own).slice(7, 9)),
      ).catch(() => []);
      assert.ok(!gone.includes(digestOf(own).slice(7)), "the deleted version's own blob is removed");
      const other = await fetch(`${server.url}/api/v1/registries/global/models/other/versions/1/files/shared.bin`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.ok(Buffer.from(await other.arrayBuffer()).equals(shared));
      const v1 = await fetch(`${server.url}${base}/versions/1/files/config.json`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(await v1.text(), '{}');
    });

    it('keeps a blob that a pending version lists, and one re-uploaded while garbage collection runs: neither version loses data', async () => {
      const x = bytesOf(20_000, 5);
      await createVersion(server, '/api/v1/registries/global/models/gc-race', [{ path: 'x.bin', bytes: x }]);
      // B begins with the same file (the server already holds it; allow_duplicate, or the begin would answer A), then A goes:
      // only pending B references x now.
      const begin = await server.api('POST', '/api/v1/registries/global/models/gc-race/versions', {
        files: [{ path: 'x.bin', size: x.length, digest: digestOf(x) }],
        allow_duplicate: true,
      });
      assert.deepEqual(begin.body.missing, []);
      assert.equal(
        (await server.api('DELETE', '/api/v1/registries/global/models/gc-race/versions/1?force=true')).status,
        204,
      );
      // A client uploads x again while the collector runs (sessions are not references; the version rows are).
      const session = await server.api('POST', '/api/v1/registries/global/uploads');
      const location = session.headers.get('location') ?? '';
      const half = await fetch(`${server.url}${location}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/octet-stream',
          'content-range': `0-${x.length / 2 - 1}`,
        },
        body: x.subarray(0, x.length / 2),
      });
      assert.equal(half.status, 202);
      const collected = await server.api('POST', '/api/v1/gc', { region: 'eastus' });
      assert.equal(collected.status, 200);
      const rest = await fetch(`${server.url}${location}?digest=${digestOf(x)}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/octet-stream',
          'content-range': `${x.length / 2}-${x.length - 1}`,
        },
        body: x.subarray(x.length / 2),
      });
      assert.equal(rest.status, 201);
      assert.equal(
        (
          await server.api(
            'POST',
            `/api/v1/registries/global/models/gc-race/versions/${begin.body.version.version}/commit`,
          )
        ).status,
        200,
      );
      const read = await fetch(
        `${server.url}/api/v1/registries/global/models/gc-race/versions/${begin.body.version.version}/files/x.bin`,
        { headers: { authorization: `Bearer ${server.token}` } },
      );
      assert.ok(Buffer.from(await read.arrayBuffer()).equals(x));
      assert.deepEqual(
        (await server.api('POST', '/api/v1/fsck', { region: 'eastus', verify: true })).body.findings,
        [],
      );
    });

    it('refuses garbage collection and repair without jobs/write, and bad job ids, with catalogue errors', async () => {
      await server.api('PUT', '/api/v1/users/auditor', {});
      await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'auditor' });
      const auth = {
        authorization: `Bearer ${(await server.api('POST', '/api/v1/users/auditor/tokens', { name: 't' })).body.token}`,
      };
      assert.equal((await server.api('POST', '/api/v1/gc', { dry_run: true }, auth)).status, 200);
      const real = await server.api('POST', '/api/v1/gc', {}, auth);
      assert.equal(real.status, 403);
      assert.match(real.body.error.message, /jobs\/write/);
      assert.equal((await server.api('POST', '/api/v1/fsck', { repair: true }, auth)).status, 403);
      assert.equal((await server.api('GET', '/api/v1/jobs/not-a-job')).body.error.code, 'JobNotFound');
      assert.equal(
        (await server.api('POST', '/api/v1/gc', { region: 'Bad Region' })).body.error.code,
        'RegionNameInvalid',
      );
      // In the background the same checks hold, before any job is queued.
      assert.equal((await server.api('POST', '/api/v1/gc', { background: true }, auth)).status, 403);
      assert.equal((await server.api('POST', '/api/v1/fsck', { repair: true, background: true }, auth)).status, 403);
      assert.equal((await server.api('POST', '/api/v1/gc', { background: 'yes' })).status, 400);
      assert.equal((await server.api('GET', '/api/v1/jobs?kind=fsck')).body.value.length, 0);
    });

    it('runs garbage collection and fsck in the background on request: 202 with the job, whose result is the report', async () => {
      const gc = await server.api('POST', '/api/v1/gc', { dry_run: true, region: 'eastus', background: true });
      assert.equal(gc.status, 202);
      assert.equal(gc.headers.get('location'), `/api/v1/jobs/${gc.body.id}`);
      assert.equal(gc.body.kind, 'gc');
      assert.deepEqual(gc.body.payload, { dryRun: true, region: 'eastus' });
      const fsck = await server.api('POST', '/api/v1/fsck', { region: 'westus', verify: true, background: true });
      assert.equal(fsck.status, 202);
      const finished = async (id: string) =>
        eventually(`job ${id} to finish`, async () => {
          const job = (await server.api('GET', `/api/v1/jobs/${id}`)).body;
          return job.state === 'succeeded' || job.state === 'failed' ? job : undefined;
        });
      const gcJob = await finished(gc.body.id);
      assert.equal(gcJob.state, 'succeeded');
      assert.ok(gcJob.result.regions[0].examined > 0, 'the report counts the blobs it examined');
      // The same report as the same request answered inline (a dry run changes nothing in between).
      assert.deepEqual(
        gcJob.result,
        (await server.api('POST', '/api/v1/gc', { dry_run: true, region: 'eastus' })).body,
      );
      const fsckJob = await finished(fsck.body.id);
      assert.equal(fsckJob.state, 'succeeded');
      assert.deepEqual(
        fsckJob.result,
        (await server.api('POST', '/api/v1/fsck', { region: 'westus', verify: true })).body,
      );
      assert.deepEqual(
        fsckJob.result.regions.map((r: { region: string }) => r.region),
        ['westus'],
      );
    });
  });
}
