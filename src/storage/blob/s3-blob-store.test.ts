import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../testing/processes.js';
import { s3rverCredentials, startS3rver, type RunningS3rver } from '../../testing/s3rver.js';
import type { Staging } from './blob-leaks.suite.js';
import { runBlobStoreSuite } from './blob-store.suite.js';
import { assertCode, hasCode, listAll, patternChunks, put, readAll, sha256 } from './blob-helpers.suite.js';
import type { Digest } from './blob-store.js';
import { S3BlobStore, type S3StoreOptions } from './s3-blob-store.js';

const MiB = 1024 * 1024;
/** The driver's (and S3's) smallest part, so that several-part blobs stay small enough for a quick test. */
const smallPart = 5 * MiB;

// One server for the file; every test gets a bucket of its own.
const server: Promise<RunningS3rver> = startS3rver();
after(async () => {
  await (await server).stop();
});

let buckets = 0;
async function storeOptions(overrides: Partial<S3StoreOptions> = {}): Promise<S3StoreOptions> {
  const { endpoint } = await server;
  buckets += 1;
  return {
    bucket: `arca-test-${process.pid}-${buckets}`,
    endpoint,
    forcePathStyle: true,
    credentials: s3rverCredentials,
    ...overrides,
  };
}

/**
 * What a bucket holds besides committed blobs: the parts under `uploads/<id>/`, any other object, and
 * multipart uploads still open (where the server lists them: s3rver answers NotImplemented).
 */
async function s3Staging(raw: S3Client, bucket: string): Promise<Staging> {
  const uploads = new Set<string>();
  const strays: string[] = [];
  let token: string | undefined;
  do {
    const page = await raw.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const { Key: key = '' } of page.Contents ?? []) {
      const upload = /^uploads\/([^/]+)\//.exec(key)?.[1];
      if (upload !== undefined) uploads.add(upload);
      else if (!/^blobs\/sha256\/[0-9a-f]{64}$/.test(key)) strays.push(key);
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  const multipart = await raw.send(new ListMultipartUploadsCommand({ Bucket: bucket })).catch((error: unknown) => {
    if ((error as { name?: string }).name === 'NotImplemented') return { Uploads: [] };
    throw error;
  });
  strays.push(...(multipart.Uploads ?? []).map((upload) => `multipart upload of ${upload.Key ?? '?'}`));
  return { uploads: [...uploads], strays };
}

runBlobStoreSuite('s3 (s3rver)', async () => {
  const options = await storeOptions();
  const store = new S3BlobStore(options);
  const raw = new S3Client({
    endpoint: options.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: s3rverCredentials,
  });
  const plant = async (digest: Digest, bytes: Uint8Array) => {
    await raw.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: `blobs/sha256/${digest.slice('sha256:'.length)}`,
        Body: bytes,
      }),
    );
  };
  // Another process finds the keys where a server would: in the environment (the SDK's default chain).
  const recipe = {
    config: { driver: 's3' as const, bucket: options.bucket, endpoint: options.endpoint ?? '', pathStyle: true },
    env: { AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey },
  };
  return {
    store,
    cleanup: async () => {
      store.destroy();
      raw.destroy();
    },
    plant,
    recipe,
    staging: () => s3Staging(raw, options.bucket),
  };
});

describe('S3BlobStore on s3rver', () => {
  let options: S3StoreOptions;
  let store: S3BlobStore;
  let raw: S3Client;
  const opened: S3BlobStore[] = [];

  /** Another store instance on the same bucket: what a restarted server (or another replica) sees. */
  function sibling(overrides: Partial<S3StoreOptions> = {}): S3BlobStore {
    const other = new S3BlobStore({ ...options, ...overrides });
    opened.push(other);
    return other;
  }

  /** Every key in the bucket under `prefix` with its size, read past the driver. */
  async function objects(prefix: string): Promise<Array<[string, number]>> {
    const { Contents } = await raw.send(new ListObjectsV2Command({ Bucket: options.bucket, Prefix: prefix }));
    return (Contents ?? []).map((object) => [object.Key ?? '', object.Size ?? 0]);
  }

  before(async () => {
    const { endpoint } = await server;
    raw = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: s3rverCredentials });
  });
  after(() => raw.destroy());
  beforeEach(async () => {
    options = await storeOptions({ prefix: 'region-a', partSizeBytes: smallPart });
    store = sibling();
    await store.provision();
  });
  afterEach(() => {
    for (const each of opened.splice(0)) each.destroy();
  });

  it('describes itself as s3://<bucket>/<prefix>/ without the credentials', () => {
    assert.equal(store.description, `s3://${options.bucket}/region-a/`);
    const secretive = sibling({
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI-secret',
        sessionToken: 'session-secret',
      },
    });
    for (const secret of ['AKIDEXAMPLE', 'wJalrXUtnFEMI-secret', 'session-secret'])
      assert.ok(!secretive.description.includes(secret), secretive.description);
  });

  it('stores a committed blob at <prefix>blobs/sha256/<hex> and leaves nothing under <prefix>uploads/', async () => {
    const bytes = Buffer.from('laid out by digest');
    const { digest } = await put(store, 'layout', bytes);
    assert.deepEqual(await objects('region-a/'), [
      [`region-a/blobs/sha256/${digest.slice('sha256:'.length)}`, bytes.length],
    ]);
  });

  it('keeps a closed upload as numbered parts under <prefix>uploads/<uploadId>/', async () => {
    const writer = await store.writer('in-progress');
    await writer.write(Buffer.alloc(smallPart + 3, 1));
    await writer.close();
    assert.deepEqual(await objects('region-a/uploads/'), [
      ['region-a/uploads/in-progress/00001', smallPart],
      ['region-a/uploads/in-progress/00002', 3],
    ]);
  });

  it('a blob of more than two parts round-trips, and a range across a part boundary reads the right bytes', async () => {
    const expected = createHash('sha256');
    const chunks: Buffer[] = [];
    const writer = await store.writer('several-parts');
    // 1 MiB + 12 bytes per chunk: part boundaries fall inside chunks.
    for (const chunk of patternChunks(11, MiB + 12)) {
      expected.update(chunk);
      chunks.push(Buffer.from(chunk));
      await writer.write(chunk);
    }
    const whole = Buffer.concat(chunks);
    const digest: Digest = `sha256:${expected.digest('hex')}`;
    assert.deepEqual(await writer.commit(digest), { digest, size: whole.length });
    assert.equal(sha256(await readAll(await store.reader(digest))), digest);
    assert.deepEqual(
      await readAll(await store.reader(digest, { offset: smallPart - 10, length: 20 })),
      whole.subarray(smallPart - 10, smallPart + 10),
    );
    assert.deepEqual(await objects('region-a/uploads/'), []);
  });

  it('an upload resumed through a new store instance, as after a restart, rebuilds its hash from the parts and commits', async () => {
    const head = Buffer.alloc(smallPart + MiB, 3);
    const before = await store.writer('restart');
    await before.write(head);
    await before.close();
    const writer = await sibling().writer('restart');
    assert.equal(writer.size, head.length);
    const tail = Buffer.from('after restart');
    await writer.write(tail);
    const digest = sha256(head, tail);
    assert.deepEqual(await writer.commit(digest), { digest, size: head.length + tail.length });
    assert.deepEqual(await readAll(await store.reader(digest)), Buffer.concat([head, tail]));
  });

  it('a part changed behind the store after close is re-read on resume, not trusted from memory', async () => {
    const writer = await store.writer('changed');
    await writer.write(Buffer.from('written by the writer'));
    await writer.close();
    const replaced = Buffer.from('replaced by another replica');
    await raw.send(
      new PutObjectCommand({ Bucket: options.bucket, Key: 'region-a/uploads/changed/00001', Body: replaced }),
    );
    const resumed = await store.writer('changed');
    assert.equal(resumed.size, replaced.length);
    const digest = sha256(replaced);
    assert.deepEqual(await resumed.commit(digest), { digest, size: replaced.length });
  });

  it('an upload closed after every small chunk keeps each part but the last at S3 minimum size, and commits', async () => {
    const chunks = Array.from({ length: 6 }, (_, index) => Buffer.alloc(2 * MiB, index));
    for (const chunk of chunks) {
      const writer = await store.writer('chunked');
      await writer.write(chunk);
      await writer.close();
    }
    const sizes = (await objects('region-a/uploads/chunked/')).map(([, size]) => size);
    assert.deepEqual(sizes, [smallPart, smallPart, 2 * MiB]);
    const last = await store.writer('chunked');
    const digest = sha256(...chunks);
    assert.deepEqual(await last.commit(digest), { digest, size: 12 * MiB });
    assert.equal(sha256(await readAll(await store.reader(digest))), digest);
  });

  it('a presigned URL fetches the blob without other credentials, and refuses an expiry over a week', async () => {
    const bytes = Buffer.from('served straight from the bucket');
    const { digest } = await put(store, 'presigned', bytes);
    const url = await store.presignedUrl(digest, 60);
    assert.ok(new URL(url).port === new URL((await server).endpoint).port && url.includes('X-Amz-Signature='), url);
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
    await assert.rejects(store.presignedUrl(digest, 8 * 86_400), hasCode('InvalidParameter'));
  });

  it('a wrong digest on a several-part upload removes every part', async () => {
    const writer = await store.writer('mismatch');
    await writer.write(Buffer.alloc(2 * smallPart + 1, 9));
    await assert.rejects(writer.commit(sha256(Buffer.from('something else'))), hasCode('DigestMismatch'));
    assert.deepEqual(await objects('region-a/'), []);
  });

  it('an upload open through one store instance is UploadInUse through another on the same bucket and prefix', async () => {
    const writer = await store.writer('shared');
    await assert.rejects(sibling().writer('shared'), hasCode('UploadInUse'));
    await writer.close();
    const other = await sibling().writer('shared');
    await other.cancel();
  });

  it('stores on different prefixes of one bucket do not see each other', async () => {
    const other = sibling({ prefix: 'region-b/' });
    const mine = await put(store, 'mine', Buffer.from('region a'));
    const theirs = await put(other, 'theirs', Buffer.from('region b'));
    assert.deepEqual(await listAll(store), [mine]);
    assert.deepEqual(await listAll(other), [theirs]);
    assert.equal(await other.stat(mine.digest), undefined);
  });

  it('provision against an endpoint nobody listens on is StorageUnavailable naming bucket and endpoint, never the secret', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const unreachable = sibling({
      endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI-secret' },
    });
    await assert.rejects(unreachable.provision(), (err: unknown) => {
      assertCode(err, 'StorageUnavailable');
      assert.ok(err.message.includes(endpoint) && err.message.includes(options.bucket), err.message);
      assert.ok(!err.message.includes('wJalrXUtnFEMI-secret') && !err.message.includes('AKIDEXAMPLE'), err.message);
      return true;
    });
  });

  it('provision with an access key the server refuses is StorageUnavailable naming the HTTP status, never the secret', async () => {
    const refused = sibling({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'wJalrXUtnFEMI-secret' } });
    await assert.rejects(refused.provision(), (err: unknown) => {
      assertCode(err, 'StorageUnavailable');
      assert.match(err.message, /HTTP 403/);
      assert.ok(!err.message.includes('wJalrXUtnFEMI-secret'), err.message);
      return true;
    });
  });

  it("takes a region's identity from a named profile of the shared credentials file: the right keys work, another profile's are refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arca-aws-profile-'));
    const saved = { credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'], config: process.env['AWS_CONFIG_FILE'] };
    try {
      await writeFile(
        join(dir, 'credentials'),
        [
          '[arca-east]',
          `aws_access_key_id = ${s3rverCredentials.accessKeyId}`,
          `aws_secret_access_key = ${s3rverCredentials.secretAccessKey}`,
          '[arca-other-account]',
          'aws_access_key_id = AKIDOTHER',
          'aws_secret_access_key = wJalrXUtnFEMI-other-secret',
          '',
        ].join('\n'),
      );
      await writeFile(join(dir, 'config'), '');
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials');
      process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
      const east = sibling({ credentials: undefined, profile: 'arca-east' });
      const bytes = Buffer.from("signed with the profile's keys");
      const info = await put(east, 'profiled', bytes);
      assert.deepEqual(await readAll(await east.reader(info.digest)), bytes);
      const other = sibling({ credentials: undefined, profile: 'arca-other-account' });
      await assert.rejects(other.stat(info.digest), (err: unknown) => {
        assertCode(err, 'StorageUnavailable');
        assert.ok(!err.message.includes('wJalrXUtnFEMI-other-secret'), err.message);
        return true;
      });
    } finally {
      for (const [name, value] of [
        ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
        ['AWS_CONFIG_FILE', saved.config],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('provision creates a missing bucket, and a part size under 5 MiB is refused', async () => {
    const fresh = sibling({ bucket: `${options.bucket}-new` });
    await fresh.provision();
    assert.deepEqual(await listAll(fresh), []);
    assert.throws(() => sibling({ partSizeBytes: smallPart - 1 }), hasCode('InvalidParameter'));
  });
});
