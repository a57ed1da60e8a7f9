import { compact } from '../../core/compact.js';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  BlobSASPermissions,
  BlobServiceClient,
  SASProtocol,
  StorageSharedKeyCredential,
  type BlockBlobClient,
  type ContainerClient,
  type StoragePipelineOptions,
} from '@azure/storage-blob';
import { assertDigest } from '../../core/digest.js';
import { BlobStoreError } from './blob-store-errors.js';
import {
  azureFailure,
  describeAzureCause,
  isVisible,
  openAzureBlobWriter,
  stagedUploadSize,
  statusOf,
  type AzureUploadContext,
} from './azure-blob-writer.js';
import type { BlobInfo, BlobStore, BlobWriter, Digest, ReadRange } from './blob-store.js';
import { assertUploadId, isBlobHex, resolveRange } from './blob-names.js';
import { ResumePoints } from './resume-points.js';

/**
 * Where and how an AzureBlobStore keeps its blobs. Credentials are a shared key only — a connection
 * string carrying `AccountKey` (or `UseDevelopmentStorage=true`), or `accountName` + `accountKey`:
 * `@azure/identity` is not a dependency, so Entra ID / managed identity is not supported, and a
 * SAS-only connection string is refused because commits and `presignedUrl` sign SAS URLs with the key.
 */
export interface AzureStoreOptions {
  container: string;
  /** Prepended to every blob name; a missing trailing `/` is added. */
  prefix?: string;
  /** `https://<account>.blob.core.windows.net` (the default, from `accountName`) or azurite's `http://127.0.0.1:<port>/devstoreaccount1`. */
  accountUrl?: string;
  /** Takes the place of `accountUrl`, `accountName` and `accountKey`. */
  connectionString?: string;
  accountName?: string;
  accountKey?: string;
  /** Bytes per staged block, and the most a writer buffers (default 8 MiB, at most 4000 MiB). A blob holds at most 50,000 blocks. */
  blockSizeBytes?: number;
  /** Access tier of committed blobs (`Hot`, `Cool`, `Cold`, `Archive`); uploads in progress stay in the account's default tier. */
  accessTier?: string;
  /** Whether the account has a hierarchical namespace; recorded only, the driver behaves the same. */
  hns?: boolean;
  /** Largest blob placed with a synchronous copy (default and at most 256 MiB); larger ones are copied asynchronously. */
  syncCopyLimitBytes?: number;
  /** Attempts per request before a failure is reported (default 4). */
  maxTries?: number;
}

const mebibyte = 1024 * 1024;

/**
 * A BlobStore on an Azure Blob Storage container: committed blobs are block blobs at
 * `<prefix>blobs/sha256/<hex>`; an upload in progress is a set of uncommitted blocks staged on
 * `<prefix>uploads/<uploadId>`, so any process can resume it by id (see azure-blob-writer.ts for how
 * commit places it).
 */
export class AzureBlobStore implements BlobStore {
  /** `azure://<account>/<container>/<prefix>`; never a key. */
  readonly description: string;
  readonly hns: boolean;
  readonly #accountUrl: string;
  readonly #container: ContainerClient;
  readonly #prefix: string;
  readonly #blockSizeBytes: number;
  readonly #syncCopyLimitBytes: number;
  readonly #accessTier: string | undefined;
  readonly #resumePoints = new ResumePoints();

  constructor(options: AzureStoreOptions) {
    const service = serviceClient(options);
    this.#accountUrl = service.url.replace(/\/+$/, '');
    this.#container = service.getContainerClient(options.container);
    this.#prefix =
      options.prefix === undefined || options.prefix === '' || options.prefix.endsWith('/')
        ? (options.prefix ?? '')
        : `${options.prefix}/`;
    this.description = `azure://${service.accountName}/${options.container}/${this.#prefix}`;
    this.hns = options.hns ?? false;
    this.#blockSizeBytes = sizeOption(options.blockSizeBytes, 'blockSizeBytes', 8 * mebibyte, 4000 * mebibyte);
    this.#syncCopyLimitBytes = sizeOption(
      options.syncCopyLimitBytes,
      'syncCopyLimitBytes',
      256 * mebibyte,
      256 * mebibyte,
    );
    this.#accessTier = options.accessTier;
  }

  /** Creates the container when it is missing and proves it writable by writing and deleting a probe blob. */
  async provision(): Promise<void> {
    // Upload ids cannot contain '.', so the probe never meets an upload.
    const probe = this.#container.getBlockBlobClient(`${this.#prefix}uploads/.probe-${randomUUID()}`);
    try {
      await this.#container.createIfNotExists();
      await probe.upload('arca', 4);
      await probe.delete();
    } catch (err) {
      throw new BlobStoreError(
        'unavailable',
        `${this.description}: container ${this.#container.containerName} at ${this.#accountUrl} is not a writable container (${describeAzureCause(err)})`,
        { cause: err },
      );
    }
  }

  async stat(digest: Digest, signal?: AbortSignal): Promise<BlobInfo | undefined> {
    assertDigest(digest);
    signal?.throwIfAborted();
    try {
      const properties = await this.#blob(digest).getProperties(signal === undefined ? {} : { abortSignal: signal });
      return isVisible(properties.copyStatus) ? { digest, size: properties.contentLength ?? 0 } : undefined;
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (statusOf(err) === 404) return undefined;
      throw azureFailure(this.description, 'stat', digest, err);
    }
  }

  async reader(digest: Digest, range: ReadRange = {}, signal?: AbortSignal): Promise<Readable> {
    assertDigest(digest);
    signal?.throwIfAborted();
    const blob = this.#blob(digest);
    const missing = () =>
      new BlobStoreError('notFound', `${this.description} holds no blob ${digest}`, { target: 'digest' });
    try {
      const properties = await blob.getProperties(signal === undefined ? {} : { abortSignal: signal });
      if (!isVisible(properties.copyStatus)) throw missing();
      const { offset, length } = resolveRange(range, properties.contentLength ?? 0, digest);
      // Azure answers a zero-byte range with 416, so an empty range gets an empty byte stream of its own.
      if (length === 0) return Readable.from([], { objectMode: false });
      // The ETag pins the download (and its internal retries) to the blob that was just measured.
      const response = await blob.download(offset, length, {
        conditions: { ifMatch: properties.etag },
        maxRetryRequests: 5,
        ...compact({ abortSignal: signal }),
      });
      const body = response.readableStreamBody;
      if (body === undefined) throw new Error('the download carried no body');
      return body instanceof Readable ? body : Readable.from(body);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      // Deleted (404) or replaced (412) between the measurement and the download.
      if (statusOf(err) === 404 || statusOf(err) === 412) throw missing();
      throw azureFailure(this.description, 'read', digest, err);
    }
  }

  /**
   * Opens upload `uploadId`, resuming it when blocks are staged under it: size from the block list, hash
   * from where this store last closed it, or rebuilt from the staged bytes (after a restart).
   */
  async writer(uploadId: string): Promise<BlobWriter> {
    return openAzureBlobWriter(this.#upload(uploadId));
  }

  /** The sizes of the upload's blocks, staged or committed onto its staging blob, read from the block list. */
  async uploadSize(uploadId: string): Promise<number> {
    return stagedUploadSize(this.#upload(uploadId));
  }

  #upload(uploadId: string): AzureUploadContext {
    assertUploadId(uploadId);
    const name = `${this.#prefix}uploads/${uploadId}`;
    return {
      description: this.description,
      uploadId,
      staging: this.#container.getBlockBlobClient(name),
      claimKey: `${this.#accountUrl}/${this.#container.containerName}/${name}`,
      blobClient: (digest) => this.#blob(digest),
      blockSizeBytes: this.#blockSizeBytes,
      syncCopyLimitBytes: this.#syncCopyLimitBytes,
      accessTier: this.#accessTier,
      resumePoints: this.#resumePoints,
    };
  }

  async delete(digest: Digest): Promise<void> {
    assertDigest(digest);
    try {
      await this.#blob(digest).deleteIfExists();
    } catch (err) {
      throw azureFailure(this.description, 'delete', digest, err);
    }
  }

  async *list(): AsyncGenerator<BlobInfo> {
    const prefix = `${this.#prefix}blobs/sha256/`;
    try {
      for await (const page of this.#container
        .listBlobsFlat({ prefix, includeCopy: true })
        .byPage({ maxPageSize: 5000 })) {
        for (const item of page.segment.blobItems) {
          const hex = item.name.slice(prefix.length);
          // Anything else under the prefix (strays, copies still pending) is not a committed blob.
          if (!isBlobHex(hex) || !isVisible(item.properties.copyStatus)) continue;
          yield { digest: `sha256:${hex}`, size: item.properties.contentLength ?? 0 };
        }
      }
    } catch (err) {
      // A container that was never provisioned holds no blobs.
      if (statusOf(err) === 404) return;
      throw azureFailure(this.description, 'list', prefix, err);
    }
  }

  /** A read-only SAS URL for the blob, signed with the account key. Does not check that the blob exists. */
  async presignedUrl(digest: Digest, expiresInSeconds: number): Promise<string> {
    assertDigest(digest);
    if (!Number.isSafeInteger(expiresInSeconds) || expiresInSeconds <= 0) {
      throw new BlobStoreError(
        'invalidArgument',
        `expiresInSeconds must be a positive whole number, not ${expiresInSeconds}`,
        { target: 'expiresInSeconds' },
      );
    }
    return this.#blob(digest).generateSasUrl({
      permissions: BlobSASPermissions.parse('r'),
      expiresOn: new Date(Date.now() + expiresInSeconds * 1000),
      protocol: this.#accountUrl.startsWith('https:') ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
    });
  }

  #blob(digest: Digest): BlockBlobClient {
    return this.#container.getBlockBlobClient(`${this.#prefix}blobs/sha256/${digest.slice('sha256:'.length)}`);
  }
}

/** The service client for the configured shared-key credentials; refuses anything it could not sign with. */
function serviceClient(options: AzureStoreOptions): BlobServiceClient {
  const pipeline: StoragePipelineOptions = {
    retryOptions: { maxTries: options.maxTries ?? 4, retryDelayInMs: 500, maxRetryDelayInMs: 8000 },
  };
  const unusable = (why: string) =>
    new BlobStoreError('unavailable', `azure store for container ${options.container}: ${why}`, {
      target: 'storage',
    });
  if (options.connectionString !== undefined) {
    if (options.accountUrl !== undefined || options.accountName !== undefined || options.accountKey !== undefined) {
      throw unusable('give either connectionString or accountUrl/accountName/accountKey, not both');
    }
    let service: BlobServiceClient;
    try {
      service = BlobServiceClient.fromConnectionString(options.connectionString, pipeline);
    } catch {
      // The parser's message may quote the connection string, key included.
      throw unusable('the connection string is malformed');
    }
    if (!(service.credential instanceof StorageSharedKeyCredential))
      throw unusable('the connection string carries no AccountKey (only shared-key authentication is supported)');
    return service;
  }
  if (options.accountName === undefined || options.accountKey === undefined) {
    throw unusable(
      'give connectionString, or accountName and accountKey (only shared-key authentication is supported)',
    );
  }
  const accountUrl = options.accountUrl ?? `https://${options.accountName}.blob.core.windows.net`;
  return new BlobServiceClient(
    accountUrl,
    new StorageSharedKeyCredential(options.accountName, options.accountKey),
    pipeline,
  );
}

function sizeOption(value: number | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new BlobStoreError(
      'unavailable',
      `azure store: ${name} must be a whole number of bytes from 1 to ${max}, not ${value}`,
      { target: name },
    );
  }
  return value;
}
