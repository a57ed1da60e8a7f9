import { strict as assert } from 'node:assert';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ArcaMetrics, instrumentBlobStore } from '../../src/services/metrics.js';
import { FsBlobStore } from '../../src/storage/blob/fs-blob-store.js';
import { cancelJob, insertJob } from '../../src/storage/metadata/jobs-repository.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import { withBlobFaults } from '../../src/testing/blob-faults.js';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, rawRequest } from '../../src/testing/uploads.js';

/** The value of one sample of the text exposition: `name{labels} value`, labels matched exactly. */
function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    const keys = Object.keys(labels);
    if (keys.length === Object.keys(found).length && keys.every((k) => found[k] === labels[k])) return Number(match[3]);
  }
  return undefined;
}

for (const dialect of testDialects) {
  describe(`GET /metrics on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const scrape = async (): Promise<string> => {
      const res = await server.api('GET', '/metrics');
      assert.equal(res.status, 200);
      return res.body as string;
    };
    const fileRoute = '/api/v1/registries/:scope/models/:name/versions/:version/files/*';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/registries/reg1', { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('serves the text exposition format with process metrics under the arca_ prefix', async () => {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.token}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      assert.ok((sampleOf(text, 'arca_process_cpu_user_seconds_total') ?? -1) >= 0, 'process CPU time is exported');
      assert.ok((sampleOf(text, 'arca_nodejs_heap_size_used_bytes') ?? 0) > 0, 'heap usage is exported');
    });

    it('counts requests by method, route pattern and status, and times them', async () => {
      const labels = { method: 'GET', route: '/api/v1/registries', status: '200' };
      const timing = { method: 'GET', route: '/api/v1/registries' };
      const before = await scrape();
      for (let i = 0; i < 3; i++) assert.equal((await server.api('GET', '/api/v1/registries')).status, 200);
      const after = await scrape();
      assert.equal(
        (sampleOf(after, 'arca_http_requests_total', labels) ?? 0) -
          (sampleOf(before, 'arca_http_requests_total', labels) ?? 0),
        3,
      );
      assert.equal(
        (sampleOf(after, 'arca_http_request_duration_seconds_count', timing) ?? 0) -
          (sampleOf(before, 'arca_http_request_duration_seconds_count', timing) ?? 0),
        3,
      );
      assert.ok((sampleOf(after, 'arca_http_request_duration_seconds_sum', timing) ?? 0) > 0);
      assert.equal(
        sampleOf(after, 'arca_http_request_duration_seconds_bucket', { ...timing, le: '+Inf' }),
        sampleOf(after, 'arca_http_request_duration_seconds_count', timing),
      );
    });

    it('labels the route by its pattern: a path with parameters, and "unmatched" for unknown paths, never the raw URL', async () => {
      assert.equal((await server.api('GET', '/api/v1/registries/no-such-registry-7f3a')).status, 404);
      assert.equal((await server.api('GET', '/api/v1/nowhere-9c1e')).status, 404);
      const text = await scrape();
      assert.ok(
        (sampleOf(text, 'arca_http_requests_total', {
          method: 'GET',
          route: '/api/v1/registries/:name',
          status: '404',
        }) ?? 0) >= 1,
      );
      assert.ok(
        (sampleOf(text, 'arca_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }) ?? 0) >= 1,
      );
      assert.doesNotMatch(text, /no-such-registry-7f3a|nowhere-9c1e/);
    });

    it('counts the body bytes of a file download going out', async () => {
      const bytes = bytesOf(200_000, 7);
      await createVersion(server, '/api/v1/registries/reg1/models/big', [{ path: 'weights.bin', bytes }]);
      const before = await scrape();
      const download = await fetch(`${server.url}/api/v1/registries/reg1/models/big/versions/1/files/weights.bin`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(download.status, 200);
      assert.equal((await download.arrayBuffer()).byteLength, bytes.length);
      const after = await scrape();
      const grown =
        (sampleOf(after, 'arca_http_response_bytes_total', { route: fileRoute }) ?? 0) -
        (sampleOf(before, 'arca_http_response_bytes_total', { route: fileRoute }) ?? 0);
      assert.equal(grown, bytes.length);
    });

    it('counts request body bytes coming in, with a Content-Length and streamed chunked without one', async () => {
      const uploadRoute = '/api/v1/registries/:scope/uploads/:id';
      const start = await server.api('POST', '/api/v1/registries/reg1/uploads');
      assert.equal(start.status, 202);
      const location = start.headers.get('location') ?? '';
      const declared = bytesOf(50_000, 3);
      const streamed = bytesOf(70_000, 4);
      const before = await scrape();
      assert.equal(
        (await rawRequest(server, 'PATCH', location, declared, { 'content-range': `0-${declared.length - 1}` })).status,
        202,
      );
      const chunks = [streamed.subarray(0, 30_000), streamed.subarray(30_000)];
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      });
      const chunked = await fetch(`${server.url}${location}`, {
        method: 'PATCH',
        body,
        duplex: 'half',
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/octet-stream',
          'content-range': `${declared.length}-${declared.length + streamed.length - 1}`,
        },
      } as RequestInit);
      assert.equal(chunked.status, 202, await chunked.text());
      assert.equal(
        chunked.headers.get('upload-offset'),
        String(declared.length + streamed.length),
        'the streamed bytes reached the upload',
      );
      const after = await scrape();
      const grown =
        (sampleOf(after, 'arca_http_request_bytes_total', { route: uploadRoute }) ?? 0) -
        (sampleOf(before, 'arca_http_request_bytes_total', { route: uploadRoute }) ?? 0);
      assert.equal(grown, declared.length + streamed.length);
    });

    it('reads queued jobs and replication lag from the database at scrape time, and reports 0 once they are gone', async () => {
      const store = await MetadataStore.open({
        database: server.config.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      const now = Date.now();
      const at = (offsetSeconds: number): string => new Date(now + offsetSeconds * 1000).toISOString();
      const job = (kind: string, payload: unknown, createdAt: string, nextRunAt: string) => ({
        id: randomUUID(),
        kind,
        payload: JSON.stringify(payload),
        state: 'queued' as const,
        attempts: 0,
        max_attempts: 10,
        next_run_at: nextRunAt,
        lease_owner: null,
        lease_expires_at: null,
        last_error: null,
        dedupe_key: null,
        created_at: createdAt,
        updated_at: createdAt,
        finished_at: null,
      });
      // Not due for an hour, so the server's replication workers leave it queued.
      const replicate = job('replicate', { region: 'westus', subject: { versionId: randomUUID() } }, at(-60), at(3600));
      // A kind no worker handles, due for 30 s.
      const probe = job('metrics-probe', {}, at(-45), at(-30));
      try {
        assert.ok(await insertJob(store.session, replicate));
        assert.ok(await insertJob(store.session, probe));
        const text = await scrape();
        assert.equal(sampleOf(text, 'arca_jobs', { kind: 'replicate', state: 'queued' }), 1);
        assert.equal(sampleOf(text, 'arca_jobs', { kind: 'metrics-probe', state: 'queued' }), 1);
        assert.equal(sampleOf(text, 'arca_jobs', { kind: 'metrics-probe', state: 'running' }), 0);
        const due = sampleOf(text, 'arca_job_oldest_due_seconds', { kind: 'metrics-probe' }) ?? -1;
        assert.ok(due >= 30 && due < 120, `oldest due ${due}`);
        assert.equal(
          sampleOf(text, 'arca_job_oldest_due_seconds', { kind: 'replicate' }),
          0,
          'a job due in the future is not waiting',
        );
        const lag = sampleOf(text, 'arca_replication_lag_seconds', { region: 'westus' }) ?? -1;
        assert.ok(lag >= 60 && lag < 180, `lag ${lag}`);
        assert.equal(sampleOf(text, 'arca_replication_pending_jobs', { region: 'westus' }), 1);

        assert.ok(await cancelJob(store.session, replicate.id, new Date().toISOString()));
        assert.ok(await cancelJob(store.session, probe.id, new Date().toISOString()));
        const drained = await scrape();
        assert.equal(sampleOf(drained, 'arca_jobs', { kind: 'replicate', state: 'queued' }), 0);
        assert.equal(sampleOf(drained, 'arca_job_oldest_due_seconds', { kind: 'metrics-probe' }), 0);
        assert.equal(sampleOf(drained, 'arca_replication_lag_seconds', { region: 'westus' }), 0);
        assert.equal(sampleOf(drained, 'arca_replication_pending_jobs', { region: 'westus' }), 0);
      } finally {
        await store.close();
      }
    });

    it('answers 401 without a token, 403 naming jobs/read to a caller without it, and 200 to a Reader', async () => {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
      const tokenFor = async (user: string, role: string): Promise<string> => {
        assert.equal((await server.api('PUT', `/api/v1/users/${user}`, {})).status, 200);
        assert.equal((await server.api('POST', '/api/v1/role-assignments', { role, user })).status, 201);
        return (await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 'scrape' })).body.token;
      };
      const denied = await server.api('GET', '/metrics', undefined, {
        authorization: `Bearer ${await tokenFor('metrics-asset-user', 'AssetUser')}`,
      });
      assert.equal(denied.status, 403);
      assert.equal(denied.body.error.code, 'Forbidden');
      assert.match(denied.body.error.message, /jobs\/read/);
      const reader = await server.api('GET', '/metrics', undefined, {
        authorization: `Bearer ${await tokenFor('metrics-reader', 'Reader')}`,
      });
      assert.equal(reader.status, 200);
      assert.match(reader.body, /^# HELP arca_/m);
    });
  });
}

describe('instrumentBlobStore', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arca-metrics-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('counts a failing store call by region and operation, and passes results and errors through unchanged', async () => {
    const metrics = new ArcaMetrics();
    // A store rooted under a regular file cannot be provisioned.
    await writeFile(join(dir, 'not-a-directory'), 'x');
    const broken = instrumentBlobStore(new FsBlobStore(join(dir, 'not-a-directory', 'store')), 'eastus', metrics);
    await assert.rejects(broken.provision());
    await assert.rejects(broken.provision());
    const text = await metrics.scrape();
    assert.equal(sampleOf(text, 'arca_blob_store_errors_total', { region: 'eastus', operation: 'provision' }), 2);
  });

  it('does not count answers a caller caused: a missing blob is undefined from stat and BlobNotFound from reader', async () => {
    const metrics = new ArcaMetrics();
    const store = instrumentBlobStore(new FsBlobStore(join(dir, 'healthy')), 'westus', metrics);
    await store.provision();
    const missing = `sha256:${'0'.repeat(64)}` as const;
    assert.equal(await store.stat(missing), undefined);
    await assert.rejects(store.reader(missing), { code: 'BlobNotFound' });
    assert.equal(store.description, new FsBlobStore(join(dir, 'healthy')).description);
    assert.doesNotMatch(await metrics.scrape(), /^arca_blob_store_errors_total\{/m);
  });

  it('passes a copy between directory regions through, counting a failed one but not one its caller stopped', async () => {
    const metrics = new ArcaMetrics();
    const east = instrumentBlobStore(new FsBlobStore(join(dir, 'copy-east')), 'eastus', metrics);
    const west = instrumentBlobStore(new FsBlobStore(join(dir, 'copy-west')), 'westus', metrics);
    await east.provision();
    await west.provision();
    const bytes = Buffer.alloc(3 << 20, 5);
    const writer = await east.writer('up');
    await writer.write(bytes);
    const { digest } = await writer.commit(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    // Stopped part-way (1 MiB at a time, 100 ms apart): the caller's doing, not the store's.
    const slowWest = instrumentBlobStore(
      withBlobFaults(new FsBlobStore(join(dir, 'copy-west')), { copyChunkDelayMs: 100 }),
      'westus',
      metrics,
    );
    const controller = new AbortController();
    const copy = slowWest.copyFrom?.(east, digest, 'stopped', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by the test')), 50);
    await assert.rejects(copy ?? Promise.resolve(), /stopped by the test/);
    assert.doesNotMatch(await metrics.scrape(), /^arca_blob_store_errors_total\{/m);
    // A target that cannot take the upload is the store's failure.
    await rm(join(dir, 'copy-west', 'uploads'), { recursive: true });
    await writeFile(join(dir, 'copy-west', 'uploads'), 'not a directory');
    await assert.rejects(west.copyFrom?.(east, digest, 'failing') ?? Promise.resolve(), { code: 'StorageUnavailable' });
    assert.equal(
      sampleOf(await metrics.scrape(), 'arca_blob_store_errors_total', { region: 'westus', operation: 'copyFrom' }),
      1,
    );
  });
});
