import { compact } from '../../core/compact.js';
import type { Readable } from 'node:stream';
import type { RegionStoreConfig } from '../../config/region-store-config.js';
import { BlobStoreError } from './blob-store-errors.js';
import type { BlobInfo, BlobStore, BlobWriter, Digest, ReadRange } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';

/** What builds a region's store needs from the process environment (credentials live there, never in the file). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * A store whose driver module loads on first use: the S3 and Azure SDKs cost start-up time that a
 * server on local directories should not pay.
 */
class LazyBlobStore implements BlobStore {
  private loaded: Promise<BlobStore> | undefined;

  constructor(
    readonly description: string,
    private readonly load: () => Promise<BlobStore>,
  ) {}

  private store(): Promise<BlobStore> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  async provision(): Promise<void> {
    await (await this.store()).provision();
  }
  async stat(digest: Digest, signal?: AbortSignal): Promise<BlobInfo | undefined> {
    return (await this.store()).stat(digest, signal);
  }
  async reader(digest: Digest, range?: ReadRange, signal?: AbortSignal): Promise<Readable> {
    return (await this.store()).reader(digest, range, signal);
  }
  async writer(uploadId: string): Promise<BlobWriter> {
    return (await this.store()).writer(uploadId);
  }
  async uploadSize(uploadId: string): Promise<number> {
    return (await this.store()).uploadSize(uploadId);
  }
  async delete(digest: Digest): Promise<void> {
    await (await this.store()).delete(digest);
  }
  async *list(): AsyncIterable<BlobInfo> {
    yield* (await this.store()).list();
  }
  async presignedUrl(digest: Digest, expiresInSeconds: number): Promise<string> {
    const store = await this.store();
    if (store.presignedUrl === undefined)
      throw new BlobStoreError('unavailable', `${this.description} cannot presign URLs`);
    return store.presignedUrl(digest, expiresInSeconds);
  }
}

/** Builds the blob store a region's configuration describes. */
export function createRegionStore(config: RegionStoreConfig, env: Environment): BlobStore {
  switch (config.driver) {
    case 'fs':
      return new FsBlobStore(config.path, config.directIo === undefined ? {} : { directIo: config.directIo });
    case 's3': {
      const prefix = config.prefix ?? '';
      return new LazyBlobStore(`s3://${config.bucket}/${prefix}`, async () => {
        const { S3BlobStore } = await import('./s3-blob-store.js');
        return new S3BlobStore({
          bucket: config.bucket,
          ...compact({
            prefix: config.prefix,
            region: config.awsRegion,
            endpoint: config.endpoint,
            forcePathStyle: config.pathStyle,
            storageClass: config.storageClass,
            profile: config.awsProfile,
          }),
        });
      });
    }
    case 'azure': {
      // An empty variable counts as unset.
      const setting = (name: string) => (env[name] === '' ? undefined : env[name]);
      const connectionString = setting(config.connectionStringEnv ?? 'AZURE_STORAGE_CONNECTION_STRING');
      const accountName = setting('AZURE_STORAGE_ACCOUNT');
      const accountKey = setting('AZURE_STORAGE_KEY');
      const account =
        accountName ??
        (config.accountUrl === undefined ? 'account' : new URL(config.accountUrl).hostname.split('.')[0]);
      return new LazyBlobStore(`azure://${account}/${config.container}/${config.prefix ?? ''}`, async () => {
        const { AzureBlobStore } = await import('./azure-blob-store.js');
        if (connectionString === undefined && (accountName === undefined || accountKey === undefined)) {
          throw new BlobStoreError(
            'unavailable',
            `azure container ${config.container}: set ${config.connectionStringEnv ?? 'AZURE_STORAGE_CONNECTION_STRING'}, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY`,
          );
        }
        return new AzureBlobStore({
          container: config.container,
          ...compact({ prefix: config.prefix }),
          ...(connectionString !== undefined
            ? { connectionString }
            : {
                accountName,
                accountKey,
                ...compact({ accountUrl: config.accountUrl }),
              }),
          ...compact({ accessTier: config.accessTier, hns: config.hns }),
        });
      });
    }
    default: {
      const unknown: never = config;
      throw new BlobStoreError('internal', `no blob store driver for ${JSON.stringify(unknown)}`);
    }
  }
}
