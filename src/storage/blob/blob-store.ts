import type { Readable } from 'node:stream';

/** `sha256:<64 lowercase hex>` */
export type Digest = `sha256:${string}`;

export interface BlobInfo {
  digest: Digest;
  size: number;
}

export interface ReadRange {
  /** First byte to read (default 0). */
  offset?: number;
  /** Number of bytes to read (default: to the end). */
  length?: number;
}

/**
 * An in-progress upload. Bytes are hashed while they stream in; nothing is visible under the digest
 * until `commit` verifies it and moves the data into place atomically.
 */
export interface BlobWriter {
  /** Appends bytes; resolves once they are durably buffered (backpressure is respected). */
  write(chunk: Uint8Array): Promise<void>;
  /** Bytes written so far. */
  readonly size: number;
  /**
   * Verifies that the bytes hash to `expectedDigest`, then makes the blob visible atomically.
   * Throws `DigestMismatch` (and leaves nothing behind) when they do not.
   */
  commit(expectedDigest: Digest): Promise<BlobInfo>;
  /** Discards the upload; leaves nothing behind. Safe to call twice or after a failed commit. */
  cancel(): Promise<void>;
}

/**
 * The narrow storage seam, one instance per region. Drivers: `fs` now; `s3` and `azure` later. Every
 * driver passes `runBlobStoreSuite` (blob-store.suite.ts).
 */
export interface BlobStore {
  /** A short description for logs and errors, never containing a secret (e.g. `fs:/data/regions/eastus`). */
  readonly description: string;
  /** Makes sure the store exists and is writable (creates directories/buckets where it may). */
  provision(): Promise<void>;
  /** Size of a committed blob, or undefined when the store does not hold it. */
  stat(digest: Digest): Promise<BlobInfo | undefined>;
  /** Streams a committed blob or a range of it. Throws `BlobNotFound` / `RangeInvalid`. */
  reader(digest: Digest, range?: ReadRange): Promise<Readable>;
  /** Starts an upload. `uploadId` is caller-chosen ([A-Za-z0-9_-]{1,128}) so sessions can be resumed by id. */
  writer(uploadId: string): Promise<BlobWriter>;
  /** Removes a blob; a missing blob is not an error. */
  delete(digest: Digest): Promise<void>;
  /** Every committed blob, in no particular order. */
  list(): AsyncIterable<BlobInfo>;
  /** A URL a client may fetch the blob from directly, where the backend supports it. */
  presignedUrl?(digest: Digest, expiresInSeconds: number): Promise<string>;
}
