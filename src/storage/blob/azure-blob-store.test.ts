import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { azuriteAccount, startAzurite, type Azurite } from '../../testing/azurite.js';
import { freePort } from '../../testing/processes.js';
import { assertCode, hasCode, listAll, put, readAll, sha256 } from './blob-helpers.suite.js';
import type { Staging } from './blob-leaks.suite.js';
import { runBlobStoreSuite } from './blob-store.suite.js';
import { AzureBlobStore, type AzureStoreOptions } from './azure-blob-store.js';
import type { Digest } from './blob-store.js';

let azurite: Azurite | undefined;
after(async () => {
  await azurite?.stop();
});

/** One azurite for the whole file, started by the first test that needs it. */
async function emulator(): Promise<Azurite> {
  azurite ??= await startAzurite();
  return azurite;
}

/** A container name no other test uses (3–63 lowercase letters, digits and dashes). */
function freshContainerName(): string {
  return `arca-${randomBytes(8).toString('hex')}`;
}

/** A store on a fresh container of the shared azurite, and the function that deletes the container. */
async function freshStore(
  options: Partial<AzureStoreOptions> = {},
): Promise<{ store: AzureBlobStore; container: ContainerClient; cleanup: () => Promise<void> }> {
  const { connectionString } = await emulator();
  const name = options.container ?? freshContainerName();
  const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(name);
  const store = new AzureBlobStore({ connectionString, ...options, container: name });
  return { store, container, cleanup: async () => void (await container.deleteIfExists()) };
}

/** `freshStore` with the suite's `plant`: raw bytes under a digest's final name, past the driver. */
async function suiteStore(options: Partial<AzureStoreOptions> = {}) {
  const { store, container, cleanup } = await freshStore(options);
  const plant = async (digest: Digest, bytes: Uint8Array) => {
    await container
      .getBlockBlobClient(`blobs/sha256/${digest.slice('sha256:'.length)}`)
      .upload(bytes, bytes.byteLength);
  };
  const recipe = {
    config: { driver: 'azure' as const, container: container.containerName },
    env: { AZURE_STORAGE_CONNECTION_STRING: (await emulator()).connectionString },
  };
  return { store, cleanup, plant, recipe, staging: () => azureStaging(container) };
}

/** What a container holds besides committed blobs: upload blobs (committed or only staged blocks), and anything else. */
async function azureStaging(container: ContainerClient): Promise<Staging> {
  const uploads: string[] = [];
  const strays: string[] = [];
  if (!(await container.exists())) return { uploads, strays };
  for await (const { name } of container.listBlobsFlat({ includeUncommitedBlobs: true })) {
    const upload = /^uploads\/([^/]+)$/.exec(name)?.[1];
    if (upload !== undefined) uploads.push(upload);
    else if (!/^blobs\/sha256\/[0-9a-f]{64}$/.test(name)) strays.push(name);
  }
  return { uploads, strays };
}

runBlobStoreSuite('azure (azurite)', () => suiteStore());
// Small blocks put block boundaries inside the suite's chunks and its chunked uploads.
runBlobStoreSuite('azure (azurite, 64 KiB blocks)', () => suiteStore({ blockSizeBytes: 64 * 1024 }));

describe('AzureBlobStore', () => {
  let store: AzureBlobStore;
  let container: ContainerClient;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, container, cleanup } = await freshStore({ prefix: 'eastus', blockSizeBytes: 1024 }));
    await store.provision();
  });
  afterEach(async () => {
    await cleanup();
  });

  async function blobNames(): Promise<string[]> {
    const names: string[] = [];
    for await (const item of container.listBlobsFlat()) names.push(item.name);
    return names.sort();
  }

  it('describes itself as azure://<account>/<container>/<prefix>/ with no key', () => {
    assert.equal(store.description, `azure://${azuriteAccount.name}/${container.containerName}/eastus/`);
    assert.ok(!store.description.includes(azuriteAccount.key));
  });

  it('keeps an upload as uncommitted blocks on <prefix>/uploads/<id> and commits to <prefix>/blobs/sha256/<hex>, leaving no upload behind', async () => {
    const bytes = randomBytes(2500);
    const writer = await store.writer('layout');
    await writer.write(bytes);
    await writer.close();
    const staged = await container.getBlockBlobClient('eastus/uploads/layout').getBlockList('uncommitted');
    assert.deepEqual(
      staged.uncommittedBlocks?.map((block) => block.size),
      [1024, 1024, 452],
    );
    assert.ok(
      new Set(staged.uncommittedBlocks?.map((block) => block.name.length)).size === 1,
      'block ids have equal length',
    );
    const resumed = await store.writer('layout');
    const { digest } = await resumed.commit(sha256(bytes));
    assert.deepEqual(await blobNames(), [`eastus/blobs/sha256/${digest.slice('sha256:'.length)}`]);
  });

  it('a blob of more than two blocks, written in chunks that straddle block boundaries, round-trips', async () => {
    const chunks = [randomBytes(700), randomBytes(3000), randomBytes(1), randomBytes(1024), randomBytes(333)];
    const info = await put(store, 'multi-block', ...chunks);
    const whole = Buffer.concat(chunks);
    assert.deepEqual(info, { digest: sha256(whole), size: whole.length });
    assert.deepEqual(await readAll(await store.reader(info.digest)), whole);
    assert.deepEqual(
      await readAll(await store.reader(info.digest, { offset: 1000, length: 2100 })),
      whole.subarray(1000, 3100),
    );
  });

  it('an upload resumed through a new store instance (as after a restart) rehashes the staged blocks and commits the right digest', async () => {
    const head = randomBytes(3000);
    const before = await store.writer('restart');
    await before.write(head);
    await before.close();
    const restarted = new AzureBlobStore({
      connectionString: (await emulator()).connectionString,
      container: container.containerName,
      prefix: 'eastus',
      blockSizeBytes: 1024,
    });
    const writer = await restarted.writer('restart');
    assert.equal(writer.size, head.length);
    const tail = randomBytes(1500);
    await writer.write(tail);
    await writer.close();
    // A second restart finds committed blocks (from the first rehash) followed by uncommitted ones.
    const again = await new AzureBlobStore({
      connectionString: (await emulator()).connectionString,
      container: container.containerName,
      prefix: 'eastus',
      blockSizeBytes: 1024,
    }).writer('restart');
    assert.equal(again.size, head.length + tail.length);
    const digest = sha256(head, tail);
    assert.deepEqual(await again.commit(digest), { digest, size: head.length + tail.length });
    assert.deepEqual(await readAll(await store.reader(digest)), Buffer.concat([head, tail]));
  });

  it('after a restart, a wrong digest is still DigestMismatch and the upload is discarded', async () => {
    const writer = await store.writer('restart-mismatch');
    await writer.write(randomBytes(2000));
    await writer.close();
    const restarted = await new AzureBlobStore({
      connectionString: (await emulator()).connectionString,
      container: container.containerName,
      prefix: 'eastus',
    }).writer('restart-mismatch');
    await assert.rejects(restarted.commit(sha256(Buffer.from('something else'))), hasCode('DigestMismatch'));
    assert.deepEqual(await blobNames(), []);
  });

  it('blocks staged behind a closed writer are counted and hashed by the next writer, not trusted from memory', async () => {
    const head = Buffer.from('written by the writer / ');
    const writer = await store.writer('changed');
    await writer.write(head);
    await writer.close();
    const extra = Buffer.from('staged behind its back / ');
    const staging = container.getBlockBlobClient('eastus/uploads/changed');
    await staging.stageBlock(Buffer.from('000007').toString('base64'), extra, extra.length);
    const resumed = await store.writer('changed');
    assert.equal(resumed.size, head.length + extra.length);
    const digest = sha256(head, extra);
    assert.deepEqual(await resumed.commit(digest), { digest, size: head.length + extra.length });
  });

  it('cancel removes the staging blob and its uncommitted blocks', async () => {
    const writer = await store.writer('cancelled');
    await writer.write(randomBytes(2048));
    await writer.cancel();
    assert.deepEqual(await blobNames(), []);
    await assert.rejects(
      container.getBlockBlobClient('eastus/uploads/cancelled').getBlockList('all'),
      (err: unknown) => (err as { statusCode?: number }).statusCode === 404,
    );
  });

  it('a blob larger than the synchronous-copy limit commits through an asynchronous copy', async () => {
    const { store: asyncStore, cleanup: drop } = await freshStore({ blockSizeBytes: 1024, syncCopyLimitBytes: 1024 });
    try {
      await asyncStore.provision();
      const bytes = randomBytes(5000);
      const info = await put(asyncStore, 'async-copy', bytes);
      assert.deepEqual(await asyncStore.stat(info.digest), info);
      assert.deepEqual(await readAll(await asyncStore.reader(info.digest)), bytes);
      assert.deepEqual(await put(asyncStore, 'async-copy-again', bytes), info);
    } finally {
      await drop();
    }
  });

  it('commits with the configured access tier', async () => {
    const { store: coolStore, container: coolContainer, cleanup: drop } = await freshStore({ accessTier: 'Cool' });
    try {
      await coolStore.provision();
      const { digest } = await put(coolStore, 'cool', Buffer.from('rarely read'));
      const properties = await coolContainer
        .getBlockBlobClient(`blobs/sha256/${digest.slice('sha256:'.length)}`)
        .getProperties();
      assert.equal(properties.accessTier, 'Cool');
    } finally {
      await drop();
    }
  });

  it('a presigned URL fetches the blob without other credentials', async () => {
    const bytes = Buffer.from('fetched directly');
    const { digest } = await put(store, 'presigned', bytes);
    const url = await store.presignedUrl(digest, 60);
    assert.ok(!url.includes(azuriteAccount.key));
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
    await assert.rejects(store.presignedUrl(digest, 0), hasCode('InvalidParameter'));
  });

  it('lists only committed blobs under its own prefix', async () => {
    const own = await put(store, 'own', Buffer.from('mine'));
    // Same container (removed by afterEach), another prefix.
    const { store: other } = await freshStore({ container: container.containerName, prefix: 'westus/' });
    await put(other, 'theirs', Buffer.from('theirs'));
    await container.getBlockBlobClient(`eastus/blobs/sha256/not-a-digest`).upload('stray', 5);
    assert.deepEqual(await listAll(store), [own]);
  });

  it('a store whose container was never provisioned lists nothing and stats nothing', async () => {
    const { store: unprovisioned } = await freshStore();
    assert.deepEqual(await listAll(unprovisioned), []);
    assert.equal(await unprovisioned.stat(sha256(Buffer.from('x'))), undefined);
  });

  it('provision against an unreachable account URL is StorageUnavailable naming the URL and container, never the key', async () => {
    const accountUrl = `http://127.0.0.1:${await freePort()}/${azuriteAccount.name}`;
    const unreachable = new AzureBlobStore({
      accountUrl,
      accountName: azuriteAccount.name,
      accountKey: azuriteAccount.key,
      container: 'unreachable',
      maxTries: 1,
    });
    await assert.rejects(unreachable.provision(), (err: unknown) => {
      assertCode(err, 'StorageUnavailable');
      assert.ok(err.message.includes(accountUrl), err.message);
      assert.ok(err.message.includes('unreachable'), err.message);
      assert.ok(!err.message.includes(azuriteAccount.key), err.message);
      return true;
    });
  });

  it('provision with an account the service does not know is StorageUnavailable naming the URL, never the key', async () => {
    const accountUrl = (await emulator()).accountUrl.replace(azuriteAccount.name, 'nosuchaccount');
    const wrong = new AzureBlobStore({
      accountUrl,
      accountName: 'nosuchaccount',
      accountKey: azuriteAccount.key,
      container: 'wrong-account',
    });
    await assert.rejects(wrong.provision(), (err: unknown) => {
      assertCode(err, 'StorageUnavailable');
      assert.ok(err.message.includes(accountUrl), err.message);
      assert.ok(!err.message.includes(azuriteAccount.key), err.message);
      return true;
    });
  });

  it('refuses credentials it could not sign with, without echoing them', () => {
    const sasOnly = `BlobEndpoint=http://127.0.0.1:1/${azuriteAccount.name};SharedAccessSignature=sv=2020-08-04&sig=secret-signature`;
    assert.throws(
      () => new AzureBlobStore({ connectionString: sasOnly, container: 'c' }),
      (err: unknown) => {
        assertCode(err, 'StorageUnavailable');
        assert.ok(!err.message.includes('secret-signature'), err.message);
        return true;
      },
    );
    assert.throws(
      () => new AzureBlobStore({ accountName: azuriteAccount.name, container: 'c' }),
      hasCode('StorageUnavailable'),
    );
    assert.throws(
      () => new AzureBlobStore({ accountName: 'a', accountKey: azuriteAccount.key, container: 'c', blockSizeBytes: 0 }),
      hasCode('StorageUnavailable'),
    );
  });
});
