import { compact } from '../../core/compact.js';
import { assertUploadId, isBlobHex, resolveRange } from './blob-names.js';
import { constants as bufferConstants } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  type BucketLocationConstraint,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { assertDigest } from '../../core/digest.js';
import { BlobStoreError } from './blob-store-errors.js';
import type { BlobInfo, BlobStore, BlobWriter, Digest, ReadRange } from './blob-store.js';
import { ResumePoints } from './resume-points.js';
import { openS3BlobWriter } from './s3-blob-writer.js';
import {
  blobKey,
  bodyStream,
  describeS3Cause,
  httpStatus,
  maxPartBytes,
  minPartBytes,
  s3Failure,
  stagedParts,
  uploadOf,
  type S3Place,
} from './s3-parts.js';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix for everything the store writes; a trailing '/' is added when missing. */
  prefix?: string;
  /** AWS region (default 'us-east-1'). */
  region?: string;
  /** For S3-compatible servers (MinIO, Ceph RGW, s3rver): `http(s)://host:port`. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Storage class of committed blobs (staged parts always use the default class). */
  storageClass?: string;
  /** Otherwise the SDK's default chain (environment, shared files, instance or task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** A profile of the shared config and credentials files, taken instead of the environment's keys. */
  profile?: string;
  /** Bytes per staged part and the most one writer buffers (default 16 MiB, at least 5 MiB, at most 5 GiB). */
  partSizeBytes?: number;
}

const defaultPartSizeBytes = 16 * 1024 * 1024;

/**
 * A BlobStore on an S3 bucket: committed blobs at `<prefix>blobs/sha256/<hex>`, an upload in progress as
 * its parts `<prefix>uploads/<uploadId>/00001, 00002, …`. Parts are plain objects, not an S3 multipart
 * upload: a restarted process must read them back to rebuild the hash, which S3 allows for objects but
 * not for the parts of an unfinished multipart upload. Commit assembles them at the final key (see
 * s3-blob-writer.ts), the one moment the key is known.
 */
export class S3BlobStore implements BlobStore {
  readonly description: string;
  readonly #place: S3Place;
  readonly #endpoint: string;

  constructor(options: S3StoreOptions) {
    const prefix =
      options.prefix === undefined || options.prefix === '' || options.prefix.endsWith('/')
        ? (options.prefix ?? '')
        : `${options.prefix}/`;
    const region = options.region ?? 'us-east-1';
    const partSizeBytes = options.partSizeBytes ?? defaultPartSizeBytes;
    // A part is buffered whole, so it must also fit in one Node Buffer.
    const largestPart = Math.min(maxPartBytes, bufferConstants.MAX_LENGTH);
    if (!Number.isSafeInteger(partSizeBytes) || partSizeBytes < minPartBytes || partSizeBytes > largestPart) {
      throw new BlobStoreError(
        'invalidArgument',
        `partSizeBytes ${partSizeBytes} must be a whole number of bytes from ${minPartBytes} (5 MiB) to ${largestPart}`,
        { target: 'partSizeBytes' },
      );
    }
    this.description = `s3://${options.bucket}/${prefix}`;
    this.#endpoint = options.endpoint === undefined ? `AWS S3 in ${region}` : withoutUserInfo(options.endpoint);
    const client = new S3Client({
      region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      ...compact({ profile: options.profile }),
      // Arca verifies every blob's sha256 itself; the SDK's default extra CRC on every request breaks
      // several S3-compatible servers, so checksums are sent only where S3 requires one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    this.#place = {
      client,
      bucket: options.bucket,
      prefix,
      description: this.description,
      scope: `${this.#endpoint}|${options.bucket}|`,
      partSizeBytes,
      storageClass: options.storageClass as StorageClass | undefined,
      resumePoints: new ResumePoints(),
      capabilities: { uploadPartCopy: true },
    };
  }

  /** Creates the bucket when it is missing and proves it writable with a probe object. */
  async provision(): Promise<void> {
    const { client, bucket, prefix } = this.#place;
    const probe = `${prefix}uploads/.probe-${randomUUID()}`;
    try {
      if (!(await this.#bucketExists())) await this.#createBucket();
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: probe, Body: 'arca' }));
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: probe }));
    } catch (err) {
      throw new BlobStoreError(
        'unavailable',
        `${this.description}: bucket ${bucket} at ${this.#endpoint} is not a writable bucket (${describeS3Cause(err)})`,
        { cause: err },
      );
    }
  }

  async stat(digest: Digest, signal?: AbortSignal): Promise<BlobInfo | undefined> {
    assertDigest(digest);
    signal?.throwIfAborted();
    const key = blobKey(this.#place, digest);
    try {
      const { ContentLength } = await this.#place.client.send(
        new HeadObjectCommand({ Bucket: this.#place.bucket, Key: key }),
        signal === undefined ? {} : { abortSignal: signal },
      );
      return { digest, size: ContentLength ?? 0 };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (httpStatus(err) === 404) return undefined;
      throw s3Failure(this.description, 'stat', key, err);
    }
  }

  /** A presigned GET URL for the blob (SigV4, read only). Does not check that the blob exists. */
  async presignedUrl(digest: Digest, expiresInSeconds: number): Promise<string> {
    assertDigest(digest);
    if (!Number.isSafeInteger(expiresInSeconds) || expiresInSeconds <= 0 || expiresInSeconds > 604_800) {
      throw new BlobStoreError(
        'invalidArgument',
        `expiresInSeconds must be a whole number of seconds up to a week, not ${expiresInSeconds}`,
        { target: 'expiresInSeconds' },
      );
    }
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    return getSignedUrl(
      this.#place.client,
      new GetObjectCommand({ Bucket: this.#place.bucket, Key: blobKey(this.#place, digest) }),
      { expiresIn: expiresInSeconds },
    );
  }

  async reader(digest: Digest, range: ReadRange = {}, signal?: AbortSignal): Promise<Readable> {
    assertDigest(digest);
    signal?.throwIfAborted();
    const key = blobKey(this.#place, digest);
    try {
      let byteRange: string | undefined;
      if (range.offset !== undefined || range.length !== undefined) {
        const info = await this.stat(digest, signal);
        if (info === undefined) throw this.#notFound(digest);
        const { offset, length } = resolveRange(range, info.size, digest);
        // An HTTP range cannot name zero bytes.
        if (length === 0) return Readable.from([], { objectMode: false });
        byteRange = `bytes=${offset}-${offset + length - 1}`;
      }
      // The signal also ends the body's stream once it has been returned.
      const { Body } = await this.#place.client.send(
        new GetObjectCommand({ Bucket: this.#place.bucket, Key: key, Range: byteRange }),
        signal === undefined ? {} : { abortSignal: signal },
      );
      return bodyStream(Body, key);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (httpStatus(err) === 404) throw this.#notFound(digest);
      throw s3Failure(this.description, 'read', key, err);
    }
  }

  /**
   * Opens upload `uploadId`, resuming it when it exists: the hash comes from where this store last closed
   * it, or is rebuilt by streaming its parts back (after a restart, or when another process changed it).
   */
  async writer(uploadId: string): Promise<BlobWriter> {
    assertUploadId(uploadId);
    return openS3BlobWriter(this.#place, uploadId);
  }

  /** The bytes of every staged part, the last one too: what a writer reopened on the upload starts at. */
  async uploadSize(uploadId: string): Promise<number> {
    assertUploadId(uploadId);
    const upload = uploadOf(this.#place, uploadId);
    try {
      return (await stagedParts(this.#place, upload)).reduce((sum, part) => sum + part.size, 0);
    } catch (err) {
      throw s3Failure(this.description, 'list upload', upload.keyPrefix, err);
    }
  }

  async delete(digest: Digest): Promise<void> {
    assertDigest(digest);
    const key = blobKey(this.#place, digest);
    try {
      await this.#place.client.send(new DeleteObjectCommand({ Bucket: this.#place.bucket, Key: key }));
    } catch (err) {
      if (httpStatus(err) === 404) return;
      throw s3Failure(this.description, 'delete', key, err);
    }
  }

  async *list(): AsyncGenerator<BlobInfo> {
    const { client, bucket, prefix } = this.#place;
    const blobsPrefix = `${prefix}blobs/sha256/`;
    try {
      for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: blobsPrefix })) {
        for (const object of page.Contents ?? []) {
          const hex = object.Key?.slice(blobsPrefix.length) ?? '';
          // Anything else under the prefix (strays, "directories") is not a committed blob.
          if (isBlobHex(hex)) yield { digest: `sha256:${hex}`, size: object.Size ?? 0 };
        }
      }
    } catch (err) {
      // Like a directory that was never created: a store never provisioned holds no blobs.
      if (httpStatus(err) === 404) return;
      throw s3Failure(this.description, 'list', blobsPrefix, err);
    }
  }

  /** Closes the client's connections; the store is unusable afterwards. */
  destroy(): void {
    this.#place.client.destroy();
  }

  async #bucketExists(): Promise<boolean> {
    try {
      await this.#place.client.send(new HeadBucketCommand({ Bucket: this.#place.bucket }));
      return true;
    } catch (err) {
      if (httpStatus(err) === 404) return false;
      throw err;
    }
  }

  async #createBucket(): Promise<void> {
    const region = await this.#place.client.config.region();
    try {
      await this.#place.client.send(
        new CreateBucketCommand({
          Bucket: this.#place.bucket,
          // us-east-1 is the one region S3 refuses to be named as a location constraint.
          CreateBucketConfiguration:
            region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint },
        }),
      );
    } catch (err) {
      // Created meanwhile by another replica (or owned by someone else, which the probe write then reports).
      if (httpStatus(err) !== 409) throw err;
    }
  }

  #notFound(digest: Digest): BlobStoreError {
    return new BlobStoreError('notFound', `${this.description} holds no blob ${digest}`, { target: 'digest' });
  }
}

/** An endpoint for messages: `https://user:secret@host` must not leak its userinfo. */
function withoutUserInfo(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return endpoint.replace(/\/\/[^@/]*@/, '//');
  }
}
