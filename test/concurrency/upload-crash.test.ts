import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPostgresReplicas, type Replicas } from '../../src/testing/replicas.js';
import { eventually } from '../../src/testing/eventually.js';
import {
  expectStatus,
  processApi,
  spawnServe,
  type ProcessAnswer,
  type ServeProcess,
} from '../../src/testing/processes.js';
import { bytesOf } from '../../src/testing/uploads.js';

// A replica killed (SIGKILL) in the middle of a chunk never records how far the chunk got, yet the bytes it
// staged are in the region's store. Asking for the session afterwards, through another replica or the
// restarted process, must answer those bytes: the offset the next PATCH is accepted at, no less.

const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];
const token = 'arca_upload_crash_test_token_0123456789ab';
const MiB = 1 << 20;
/** The blob: streamed in 1 MiB pieces, never held whole. */
const total = 96 * MiB;
/** The replica receiving the chunk is killed once its upload file holds at least this much. */
const killAt = 32 * MiB;

/** Piece `index` (1 MiB) of the blob. */
const piece = (index: number): Buffer => bytesOf(MiB, 9_000 + index);

/** The blob's bytes from `offset` to the end, one piece at a time. */
function* bytesFrom(offset: number): Generator<Buffer> {
  for (let index = Math.floor(offset / MiB); index * MiB < total; index++)
    yield piece(index).subarray(Math.max(0, offset - index * MiB));
}

const blobDigest = ((): string => {
  const hash = createHash('sha256');
  for (const bytes of bytesFrom(0)) hash.update(bytes);
  return `sha256:${hash.digest('hex')}`;
})();

type Answer = ProcessAnswer;

/** fetch against one process with the test's token: JSON in and out, or a raw byte body in. */
const api = (
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<ProcessAnswer> => processApi(token, url, method, path, body, headers);

/**
 * Streams the blob from `from` to the end as ONE PATCH with `Content-Range: from-(total-1)`. After each
 * piece `interrupt` may end the request (it returns true once it has, e.g. by killing the server); then
 * the result is undefined.
 */
async function streamPatch(
  url: string,
  path: string,
  from: number,
  interrupt?: () => Promise<boolean>,
): Promise<Answer | undefined> {
  const req = request(`${url}${path}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream',
      'content-length': String(total - from),
      'content-range': `${from}-${total - 1}`,
    },
  });
  let settled = false;
  const answered = new Promise<Answer>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () => {
        const text = Buffer.concat(chunks).toString();
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers))
          if (typeof value === 'string') headers.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers, body: text === '' ? undefined : JSON.parse(text) });
      });
    });
  }).finally(() => {
    settled = true;
  });
  // Once interrupted, the request's failure is expected and not waited for.
  answered.catch(() => undefined);
  for (const bytes of bytesFrom(from)) {
    if (settled) break;
    if (!req.write(bytes))
      await Promise.race([new Promise((resolve) => req.once('drain', resolve)), answered.catch(() => undefined)]);
    if (interrupt !== undefined && (await interrupt())) {
      req.destroy();
      return undefined;
    }
  }
  req.end();
  return answered;
}

/** Size of a file, 0 when it does not exist (yet). */
async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (info) => info.size,
    () => 0,
  );
}

/** SHA-256 of a file, streamed. */
async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Sends the blob in one PATCH to `victim` and SIGKILLs it mid-body, once its upload file holds `killAt`
 * bytes or more. Returns the bytes the file holds after the process is gone.
 */
async function killMidChunk(victim: ServeProcess, location: string, uploadFile: string): Promise<number> {
  let killed = false;
  const answer = await streamPatch(victim.url, location, 0, async () => {
    if (killed || (await sizeOf(uploadFile)) < killAt) return killed;
    victim.child.kill('SIGKILL');
    await victim.exited;
    killed = true;
    return true;
  });
  assert.equal(
    answer,
    undefined,
    `the process was to be killed before the ${total}-byte chunk ended, but it answered ${JSON.stringify(answer)}`,
  );
  const staged = await sizeOf(uploadFile);
  assert.ok(staged >= killAt && staged < total, `${staged} bytes staged when the process died`);
  return staged;
}

async function writeConfig(root: string): Promise<{ configPath: string; regionDir: string }> {
  const regionDir = join(root, 'regions', 'eastus');
  const configPath = join(root, 'arca.yaml');
  await writeFile(configPath, `regions:\n  eastus:\n    driver: fs\n    path: ${regionDir}\n`);
  return { configPath, regionDir };
}

async function createRegistry(through: ServeProcess, seenBy: ServeProcess, name: string): Promise<void> {
  const put = await api(through.url, 'PUT', `/api/v1/registries/${name}`, { location: 'eastus' });
  expectStatus(put, 202, 'create the registry');
  const operation = await eventually(
    'the create operation',
    async () => {
      const op = await api(seenBy.url, 'GET', put.headers.get('location') ?? '');
      return op.body?.status === 'Running' ? undefined : op.body;
    },
    30_000,
  );
  assert.equal(operation.status, 'Succeeded', JSON.stringify(operation));
}

describe(
  'an upload whose replica is SIGKILLed mid-chunk, two arca serve processes on PostgreSQL and one region directory',
  { skip: postgresUrl ? false : 'ARCA_TEST_POSTGRES_URL is not set: this test needs PostgreSQL' },
  () => {
    let replicas: Replicas | undefined;
    let regionDir: string;
    let a: ServeProcess;
    let b: ServeProcess;

    before(async () => {
      replicas = await startPostgresReplicas({ postgresUrl: postgresUrl ?? '', prefix: 'arca_upload_crash', token });
      regionDir = replicas.regionDir('eastus');
      [a, b] = replicas.servers as [ServeProcess, ServeProcess];
      await createRegistry(a, b, 'crashreg');
    });

    after(() => replicas?.stop());

    it('GET through the other replica answers the bytes staged (what a PATCH there accepts), and the upload resumes there to the right digest', async () => {
      const start = await api(a.url, 'POST', '/api/v1/registries/crashreg/uploads');
      expectStatus(start, 202, 'start the session through A');
      const location = start.headers.get('location') ?? '';
      const uploadFile = join(regionDir, 'uploads', start.body.id);
      const staged = await killMidChunk(a, location, uploadFile);

      const status = await api(b.url, 'GET', location);
      expectStatus(status, 200, 'the session through B');
      assert.equal(
        status.body.offset,
        staged,
        'B answers the bytes the store holds, not the offset A last recorded (0)',
      );
      assert.equal(status.headers.get('range'), `0-${staged - 1}`);
      assert.equal(status.headers.get('upload-offset'), String(staged));

      // The 416 path and GET tell the same truth.
      const early = await api(b.url, 'PATCH', location, Buffer.from('x'), {
        'content-range': `${staged - 1}-${staged - 1}`,
      });
      expectStatus(early, 416, 'a chunk one byte before the offset');
      assert.equal(early.body.error.code, 'UploadOutOfOrder');
      assert.equal(early.headers.get('range'), `0-${staged - 1}`);

      const resumed = await streamPatch(b.url, location, status.body.offset);
      assert.ok(resumed);
      expectStatus(resumed, 202, 'the rest of the blob through B, from the offset GET gave');
      assert.equal(resumed.body.offset, total);
      const finished = await api(b.url, 'PUT', `${location}?digest=${blobDigest}`, Buffer.alloc(0));
      expectStatus(finished, 201, 'finish through B');
      assert.deepEqual({ digest: finished.body.digest, size: finished.body.size }, { digest: blobDigest, size: total });
      const hex = blobDigest.slice('sha256:'.length);
      assert.equal(
        await fileDigest(join(regionDir, 'blobs', 'sha256', hex.slice(0, 2), hex)),
        blobDigest,
        'the stored blob holds the bytes sent',
      );
      assert.deepEqual(
        (await readdir(join(regionDir, 'uploads'))).filter((name) => name === start.body.id),
        [],
        "the session's upload file is gone",
      );
    });
  },
);

describe('an OCI blob upload whose arca serve process on SQLite is SIGKILLed mid-chunk and restarted', () => {
  let root: string;
  let configPath: string;
  let regionDir: string;
  let env: Record<string, string>;
  const live = new Set<ServeProcess>();

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'arca-upload-crash-sqlite-'));
    ({ configPath, regionDir } = await writeConfig(root));
    env = { ARCA_DATA_DIR: join(root, 'data'), ARCA_ADMIN_TOKEN: token };
  });

  after(async () => {
    for (const server of live) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await rm(root, { recursive: true, force: true });
  });

  async function serve(): Promise<ServeProcess> {
    const server = await spawnServe(env, ['--config', configPath]);
    live.add(server);
    return server;
  }

  it('GET /v2/…/blobs/uploads/:id after the restart answers the Range staged, and the push resumes there to the right digest', async () => {
    const first = await serve();
    await createRegistry(first, first, 'ocicrash');
    const start = await api(first.url, 'POST', '/v2/ocicrash/environments/base/blobs/uploads/');
    expectStatus(start, 202, 'start the blob upload');
    const location = start.headers.get('location') ?? '';
    const id = start.headers.get('docker-upload-uuid') ?? '';
    const staged = await killMidChunk(first, location, join(regionDir, 'uploads', id));
    live.delete(first);

    const second = await serve();
    const status = await api(second.url, 'GET', location);
    expectStatus(status, 204, 'the upload after the restart');
    assert.equal(
      status.headers.get('range'),
      `0-${staged - 1}`,
      'the restarted process answers the bytes the store holds, not 0',
    );

    const early = await api(second.url, 'PATCH', location, Buffer.from('x'), {
      'content-range': `${staged - 1}-${staged - 1}`,
    });
    expectStatus(early, 416, 'a chunk one byte before the offset');
    assert.equal(early.body.errors[0].code, 'BLOB_UPLOAD_INVALID');
    assert.equal(early.headers.get('range'), `0-${staged - 1}`);

    const resumed = await streamPatch(second.url, location, staged);
    assert.ok(resumed);
    expectStatus(resumed, 202, 'the rest of the blob, from the Range GET gave');
    assert.equal(resumed.headers.get('range'), `0-${total - 1}`);
    const finished = await api(second.url, 'PUT', `${location}?digest=${blobDigest}`, Buffer.alloc(0));
    expectStatus(finished, 201, 'finish the push');
    assert.equal(finished.headers.get('docker-content-digest'), blobDigest);
    const head = await api(second.url, 'HEAD', `/v2/ocicrash/environments/base/blobs/${blobDigest}`);
    expectStatus(head, 200, 'the blob in its repository');
    assert.equal(head.headers.get('content-length'), String(total));
    const hex = blobDigest.slice('sha256:'.length);
    assert.equal(
      await fileDigest(join(regionDir, 'blobs', 'sha256', hex.slice(0, 2), hex)),
      blobDigest,
      'the stored blob holds the bytes sent',
    );
  });
});
