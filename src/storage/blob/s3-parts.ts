/** S3 keys, error mapping and the staged parts of uploads in progress: what the S3 store and its writer share. */
import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  paginateListObjectsV2,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { isArcaError, type ArcaError } from '../../core/errors.js';
import { BlobStoreError, blobStoreFault } from './blob-store-errors.js';
import type { Digest } from './blob-store.js';
import type { ResumePoints } from './resume-points.js';
import { errnoCode } from './fs-io.js';
import { type StorageFault } from '../storage-faults.js';

/** S3's floor for every part of a multipart upload but the last. */
export const minPartBytes = 5 * 1024 * 1024;
/** S3's ceiling on one part and on one CopyObject. */
export const maxPartBytes = 5 * 1024 * 1024 * 1024;
/** S3's ceiling on the parts of one multipart upload, so a blob holds at most this many staged parts. */
export const maxParts = 10_000;
/** Server-side part copies in flight during one commit. */
export const copyConcurrency = 4;
/** A part buffer starts this small and doubles up to the part size, so a small blob never costs a full part. */
export const initialBufferBytes = 64 * 1024;

/** What writers share with their store. */
export interface S3Place {
  client: S3Client;
  bucket: string;
  /** '' or ending in '/'. */
  prefix: string;
  description: string;
  /** Identifies the bucket across store instances, for the in-use guard. */
  scope: string;
  partSizeBytes: number;
  storageClass: StorageClass | undefined;
  resumePoints: ResumePoints;
  /** Learnt on first use: s3rver and a few S3-compatible servers lack UploadPartCopy. */
  capabilities: { uploadPartCopy: boolean };
}

/** A staged part: the object `<prefix>uploads/<id>/<number, 5 digits>`. */
export interface StagedPart {
  number: number;
  size: number;
  etag: string;
}

export interface Upload {
  id: string;
  /** `<prefix>uploads/<id>/` */
  keyPrefix: string;
  /** The in-use guard's and the resume points' key. */
  claimKey: string;
}

/** Upload `id` of this place: where its parts live and the key its claim and resume point go by. */
export function uploadOf(place: S3Place, id: string): Upload {
  const keyPrefix = `${place.prefix}uploads/${id}/`;
  return { id, keyPrefix, claimKey: `${place.scope}${keyPrefix}` };
}

export function blobKey(place: S3Place, digest: Digest): string {
  return `${place.prefix}blobs/sha256/${digest.slice('sha256:'.length)}`;
}

export function partKey(upload: Upload, number: number): string {
  return `${upload.keyPrefix}${String(number).padStart(5, '0')}`;
}

/** Wraps an S3 or network failure in `StorageUnavailable`, letting catalogue errors through unchanged. */
export function s3Failure(description: string, action: string, key: string, err: unknown): ArcaError {
  if (isArcaError(err)) return err;
  const fault = s3Fault(err);
  if (fault !== undefined) return blobStoreFault(fault, description, `${describeS3Cause(err)} on ${action}`, err);
  return new BlobStoreError('unavailable', `${description}: cannot ${action} ${key} (${describeS3Cause(err)})`, {
    cause: err,
  });
}

/** S3-compatible stores that run out of room say so by name (MinIO, Ceph RGW quotas) or with 507. */
const s3FullNames = new Set([
  'XMinioStorageFull',
  'QuotaExceeded',
  'XMinioAdminBucketQuotaExceeded',
  'InsufficientStorage',
]);

function s3Fault(err: unknown): StorageFault | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { name, $metadata } = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  if ((typeof name === 'string' && s3FullNames.has(name)) || $metadata?.httpStatusCode === 507) return 'full';
  return undefined;
}

/** The S3 error name or socket error code and its message; SDK errors never carry the credentials. */
export function describeS3Cause(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // Connecting to a name with several addresses fails with an AggregateError whose own message is empty.
  const inner = err instanceof AggregateError ? err.errors.find((e): e is Error => e instanceof Error) : undefined;
  const message = err.message || inner?.message || '';
  const code = errnoCode(err) ?? errnoCode(inner) ?? err.name;
  const described = message.includes(code) ? message : `${code}: ${message}`;
  // Errors of HEAD requests have no body, so the status is all S3 says (403: credentials or permissions).
  const status = httpStatus(err);
  return status === undefined ? described : `${described}, HTTP ${status}`;
}

export function httpStatus(err: unknown): number | undefined {
  const metadata =
    typeof err === 'object' && err !== null && '$metadata' in err
      ? (err.$metadata as { httpStatusCode?: number })
      : undefined;
  return metadata?.httpStatusCode;
}

/** An SDK response body as the Node stream it is at runtime. */
export function bodyStream(body: unknown, key: string): Readable {
  if (body instanceof Readable) return body;
  throw new BlobStoreError('internal', `GetObject ${key} returned a body that is not a Node stream`);
}

/** Every object under `keyPrefix`, page by page. */
export async function* objectsUnder(
  place: S3Place,
  keyPrefix: string,
): AsyncGenerator<{ key: string; size: number; etag: string }> {
  for await (const page of paginateListObjectsV2(
    { client: place.client },
    { Bucket: place.bucket, Prefix: keyPrefix },
  )) {
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0, etag: object.ETag ?? '' };
    }
  }
}

/** The staged parts of an upload in order; a gap means someone removed parts behind the writers' backs. */
export async function stagedParts(place: S3Place, upload: Upload): Promise<StagedPart[]> {
  const parts: StagedPart[] = [];
  for await (const object of objectsUnder(place, upload.keyPrefix)) {
    const name = object.key.slice(upload.keyPrefix.length);
    if (/^\d{5}$/.test(name)) parts.push({ number: Number(name), size: object.size, etag: object.etag });
  }
  parts.sort((a, b) => a.number - b.number);
  if (parts.some((part, index) => part.number !== index + 1)) {
    throw new BlobStoreError(
      'unavailable',
      `${place.description}: upload ${upload.id} is missing parts (${parts.map((p) => p.number).join(', ')}); cancel it and upload again`,
      { target: 'uploadId' },
    );
  }
  return parts;
}

/** Changes whenever any staged part does: a remembered hash is trusted only while the parts are exactly as left. */
export function identityOf(parts: StagedPart[]): string {
  return parts.map((part) => `${part.number}:${part.size}:${part.etag}`).join(',');
}

/** Removes every object of an upload. */
export async function removeUpload(place: S3Place, upload: Upload): Promise<void> {
  place.resumePoints.forget(upload.claimKey);
  let batch: { Key: string }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const { Errors } = await place.client.send(
      new DeleteObjectsCommand({ Bucket: place.bucket, Delete: { Objects: batch, Quiet: true } }),
    );
    batch = [];
    const failed = Errors?.[0];
    if (failed !== undefined)
      throw new Error(`DeleteObjects ${failed.Key ?? ''}: ${failed.Code ?? ''} ${failed.Message ?? ''}`);
  };
  for await (const object of objectsUnder(place, upload.keyPrefix)) {
    batch.push({ Key: object.key });
    if (batch.length === 1000) await flush();
  }
  await flush();
}

/**
 * Uploads that a live writer in this process holds. Two writers staging parts of one upload would
 * overwrite each other's parts under a hash neither covers. Process-local, like the fs driver's guard.
 */
export const claimedUploads = new Set<string>();

export function claim(upload: Upload): void {
  if (claimedUploads.has(upload.claimKey)) {
    throw new BlobStoreError(
      'uploadInUse',
      `upload ${upload.id} is open in another writer; end that one with commit, cancel or close first`,
      { target: 'uploadId' },
    );
  }
  claimedUploads.add(upload.claimKey);
}

/** Streams a staged part to `onChunk`, only while it is the object listed (another process may replace it). */
export async function streamPart(
  place: S3Place,
  upload: Upload,
  part: StagedPart,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  const key = partKey(upload, part.number);
  const { Body } = await place.client.send(
    new GetObjectCommand({ Bucket: place.bucket, Key: key, IfMatch: part.etag || undefined }),
  );
  let size = 0;
  for await (const chunk of bodyStream(Body, key)) {
    onChunk(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  if (size !== part.size) throw new Error(`part ${key} holds ${size} bytes, listed as ${part.size}`);
}

/** A staged part whole: at most one part, so memory stays bounded. */
export async function readPart(place: S3Place, upload: Upload, part: StagedPart): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await streamPart(place, upload, part, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}
