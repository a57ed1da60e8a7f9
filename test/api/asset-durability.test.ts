import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf, rawRequest } from '../../src/testing/uploads.js';

function blobPath(dataDir: string, region: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(dataDir, 'regions', region, 'blobs', 'sha256', hex.slice(0, 2), hex);
}

describe('what a committed version leaves behind', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/workspaces/ws9', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
  });
  after(async () => {
    await server?.stop();
  });

  it('stores each ready version as an OCI artifact manifest: one layer per file, titled with its path', async () => {
    const files = [
      { path: 'weights/model.safetensors', bytes: bytesOf(4096, 11) },
      { path: 'MLmodel', bytes: Buffer.from('flavors: {}\n') },
    ];
    const { version } = await createVersion(server, '/api/v1/workspaces/ws9/models/ocified', files);
    const manifest = JSON.parse(await readFile(blobPath(server.dataDir, 'eastus', version.manifest_digest), 'utf8'));
    assert.equal(
      digestOf(await readFile(blobPath(server.dataDir, 'eastus', version.manifest_digest))),
      version.manifest_digest,
    );
    assert.equal(manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.equal(manifest.artifactType, 'application/vnd.arca.model.v1');
    assert.equal(manifest.config.digest, 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    assert.equal(await readFile(blobPath(server.dataDir, 'eastus', manifest.config.digest), 'utf8'), '{}');
    assert.deepEqual(
      manifest.layers.map((l: any) => [l.annotations['org.opencontainers.image.title'], l.digest, l.size]),
      [
        ['MLmodel', digestOf(files[1]!.bytes), files[1]!.bytes.length],
        ['weights/model.safetensors', digestOf(files[0]!.bytes), 4096],
      ],
    );
  });

  it('writes an audit record with the commit, in the same transaction as the state change', async () => {
    const { version } = await createVersion(server, '/api/v1/workspaces/ws9/models/audited', [
      { path: 'a', bytes: Buffer.from('audit me') },
    ]);
    const tagged = await server.api(
      'PATCH',
      `/api/v1/workspaces/ws9/models/audited/versions/1`,
      { tags: { reviewed: 'yes' } },
      { 'x-request-id': 'req-audit-42' },
    );
    assert.equal(tagged.status, 200);
    const store = await MetadataStore.open({ database: server.config.database });
    try {
      const events = await store.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('target', '=', version.reference)
        .where('action', '=', 'models/versions/commit')
        .execute();
      assert.deepEqual(
        events.map((e) => [e.action, e.principal, e.outcome]),
        [['models/versions/commit', 'admin', 'succeeded']],
      );
      const row = await store.kysely
        .selectFrom('versions')
        .select(['state', 'committed_at'])
        .where('id', '=', version.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.state, 'ready');
      assert.equal(events[0]?.at, row.committed_at);
      const update = await store.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('request_id', '=', 'req-audit-42')
        .execute();
      assert.deepEqual(
        update.map((e) => [e.action, e.target, e.source]),
        [['models/versions/update', version.reference, '127.0.0.1']],
        'the event carries the request id and the client address',
      );
      const uploads = await store.kysely
        .selectFrom('audit_events')
        .select(['action', 'details'])
        .where('action', 'in', ['uploads/start', 'uploads/finish'])
        .execute();
      assert.ok(
        uploads.some((e) => e.action === 'uploads/start'),
        'starting an upload session is audited',
      );
      assert.ok(
        uploads.some(
          (e) => e.action === 'uploads/finish' && (e.details ?? '').includes(digestOf(Buffer.from('audit me'))),
        ),
        'finishing one records the blob it stored',
      );
    } finally {
      await store.close();
    }
  });
});

describe('deleting versions and their blobs', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/workspaces/ws-gc', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
  });
  after(async () => {
    await server?.stop();
  });

  it('queues for garbage collection only the blobs no other version uses, and deletes no bytes itself', async () => {
    const shared = Buffer.from('used by two versions');
    const own = Buffer.from('only in version 1');
    await createVersion(server, '/api/v1/workspaces/ws-gc/models/m', [
      { path: 'shared', bytes: shared },
      { path: 'own', bytes: own },
    ]);
    await createVersion(server, '/api/v1/workspaces/ws-gc/models/other', [{ path: 'shared', bytes: shared }]);
    assert.equal((await server.api('DELETE', '/api/v1/workspaces/ws-gc/models/m/versions/1')).status, 204);
    const store = await MetadataStore.open({ database: server.config.database });
    try {
      const queued = await store.kysely.selectFrom('gc_candidates').select(['region', 'digest']).execute();
      assert.deepEqual(queued, [{ region: 'eastus', digest: digestOf(own) }]);
    } finally {
      await store.close();
    }
    assert.equal(
      (await readFile(blobPath(server.dataDir, 'eastus', digestOf(own)))).toString(),
      'only in version 1',
      'the bytes stay until the collector runs',
    );
    const still = await fetch(`${server.url}/api/v1/workspaces/ws-gc/models/other/versions/1/files/shared`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    assert.equal(await still.text(), 'used by two versions');
  });
});

describe('an upload session across a server restart', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'arca-restart-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the bytes already sent: after a restart the session reports its offset and takes the rest', async () => {
    const bytes = bytesOf(3 * 1024 * 1024, 21);
    const first = await startTestServer({ dataDir });
    let location: string;
    try {
      const put = await first.api('PUT', '/api/v1/workspaces/ws-r', { location: 'eastus' });
      await first.waitForOperation(put.headers.get('location') ?? '');
      const start = await first.api('POST', '/api/v1/workspaces/ws-r/uploads');
      location = start.headers.get('location') ?? '';
      const chunk = await rawRequest(first, 'PATCH', location, bytes.subarray(0, 2 * 1024 * 1024), {
        'content-range': `0-${2 * 1024 * 1024 - 1}`,
      });
      assert.equal(chunk.status, 202);
    } finally {
      await first.stop();
    }
    const second = await startTestServer({ dataDir });
    try {
      const status = await second.api('GET', location);
      assert.equal(status.status, 200);
      assert.equal(status.body.offset, 2 * 1024 * 1024);
      const rest = await rawRequest(second, 'PATCH', location, bytes.subarray(2 * 1024 * 1024), {
        'content-range': `${2 * 1024 * 1024}-${bytes.length - 1}`,
      });
      assert.equal(rest.status, 202);
      const done = await rawRequest(second, 'PUT', `${location}?digest=${digestOf(bytes)}`, Buffer.alloc(0));
      assert.equal(done.status, 201, done.text);
      const begin = await second.api('POST', '/api/v1/workspaces/ws-r/models/restarted/versions', {
        files: [{ path: 'big.bin', size: bytes.length, digest: digestOf(bytes) }],
      });
      assert.deepEqual(begin.body.missing, [], 'the blob finished after the restart is known');
    } finally {
      await second.stop();
    }
  });
});

describe('a chunk cut off mid-stream', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/workspaces/ws-cut', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
  });
  after(async () => {
    await server?.stop();
  });

  it('keeps the bytes that arrived, reports them as the offset, and lets the client resume there to a correct blob', async () => {
    const { request } = await import('node:http');
    const bytes = bytesOf(4 * 1024 * 1024, 33);
    const start = await server.api('POST', '/api/v1/workspaces/ws-cut/uploads');
    const location = start.headers.get('location') ?? '';
    const url = new URL(server.url);
    // Declare the whole 4 MiB but send 1 MiB and drop the connection, as a flaky network would.
    await new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'PATCH',
        path: location,
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/octet-stream',
          'content-range': `0-${bytes.length - 1}`,
          'content-length': String(bytes.length),
        },
      });
      req.on('error', () => resolve());
      req.write(bytes.subarray(0, 1024 * 1024), () =>
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200),
      );
    });
    const offset = await eventually('the offset of what arrived', async () => {
      const status = await server.api('GET', location);
      return status.body.offset === 1024 * 1024 ? (status.body.offset as number) : undefined;
    });
    assert.equal(offset, 1024 * 1024, 'the server kept exactly what arrived');
    // The cut request's writer closes once the server notices the dropped connection; until then a
    // resume hears UploadInUse, as the CLI does, and retries.
    const rest = await eventually('the resumed PATCH past the cut writer', async () => {
      const answer = await rawRequest(server, 'PATCH', location, bytes.subarray(offset), {
        'content-range': `${offset}-${bytes.length - 1}`,
      });
      return answer.status === 409 && answer.text.includes('UploadInUse') ? undefined : answer;
    });
    assert.equal(rest.status, 202, rest.text);
    const done = await rawRequest(server, 'PUT', `${location}?digest=${digestOf(bytes)}`, Buffer.alloc(0));
    assert.equal(done.status, 201, done.text);
  });
});
