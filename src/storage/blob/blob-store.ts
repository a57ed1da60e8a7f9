import type { Readable } from 'node:stream';

/** `sha256:<64 lowercase hex>` */
export type Digest = `sha256:${string}`;

export interface BlobInfo {
  digest: Digest;
  size: number;
}

/** What a commit made visible under a digest. */
export interface CommittedBlob extends BlobInfo {
  /**
   * Set when the store already held an object under the digest whose size was not this blob's (truncated,
   * empty, planted): that object was replaced atomically by the verified bytes. Holds the size it had.
   */
  replaced?: { size: number };
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
 *
 * A writer holds resources (an open file, the upload's in-use claim) from `BlobStore.writer` on, so a
 * caller must end every writer with exactly one of `commit`, `cancel` or `close` — typically `close` in
 * a `finally` after each chunk. A further ending call is safe: `close` after any ending is a no-op,
 * `cancel` after `close` discards the upload.
 */
export interface BlobWriter {
  /**
   * Appends bytes (a `Uint8Array`; anything else is refused with `InvalidParameter` and nothing is taken);
   * resolves once the store has taken them (the caller may then reuse `chunk`), later when
   * the store falls behind (backpressure). Calls may be issued without awaiting; they apply in order.
   * A storage failure may surface on a later `write`, `close` or `commit` rather than on this call: the
   * bytes are certainly stored only once `close` or `commit` resolves.
   */
  write(chunk: Uint8Array): Promise<void>;
  /** Bytes accepted so far: what the upload holds once `close` resolves. */
  readonly size: number;
  /**
   * Verifies that the bytes hash to `expectedDigest` and that the upload holds exactly `size` of them, then
   * makes the blob visible atomically. An object already under the digest is kept only when its size
   * matches; otherwise it is replaced (and `replaced` says so). Throws `DigestMismatch` (and leaves nothing
   * behind) when the bytes do not hash to the digest; no failure leaves anything under the digest.
   */
  commit(expectedDigest: Digest): Promise<CommittedBlob>;
  /**
   * Discards the upload; leaves nothing behind. Safe to call twice, after `close` or after a failed
   * commit; throws `UploadInUse` when the writer was closed and another writer has the upload open.
   */
  cancel(): Promise<void>;
  /**
   * Releases this writer's resources but keeps the upload, so `writer(sameId)` can resume it. A no-op
   * when the writer has already ended; writing or committing through a closed writer fails. Throws
   * `StorageUnavailable` when accepted bytes could not be stored (resources are released all the same,
   * and the next writer's `size` tells how many bytes the upload really holds).
   */
  close(): Promise<void>;
}

/** How `BlobStore.copyFrom` may be stopped. */
export interface CopyOptions {
  /** Stops the copy after the current chunk; the bytes copied so far stay in the upload for a resume. */
  signal?: AbortSignal;
}

/**
 * The narrow storage seam, one instance per region. Drivers: `fs`, `s3` and `azure` (region-store-factory.ts
 * picks one by name). Every driver passes `runBlobStoreSuite` (blob-store.suite.ts). A wrapper around a store
 * (metrics, test faults) says so with `wrapsStore` (blob-wrappers.ts).
 */
export interface BlobStore {
  /** A short description for logs and errors, never containing a secret (e.g. `fs:/data/regions/eastus`). */
  readonly description: string;
  /** Makes sure the store exists and is writable (creates directories/buckets where it may). */
  provision(): Promise<void>;
  /**
   * Size of a committed blob, or undefined when the store does not hold it. Rejects with `signal`'s reason
   * once it aborts (a caller gave up: a request that went away, a probe that timed out).
   */
  stat(digest: Digest, signal?: AbortSignal): Promise<BlobInfo | undefined>;
  /**
   * Streams a committed blob or a range of it. Throws `BlobNotFound` / `RangeInvalid`. Once `signal`
   * aborts, an open still in progress rejects with its reason and a stream already returned is destroyed.
   */
  reader(digest: Digest, range?: ReadRange, signal?: AbortSignal): Promise<Readable>;
  /**
   * Starts an upload, or resumes it when `uploadId` exists. `uploadId` is caller-chosen ([A-Za-z0-9_-]{1,128})
   * so sessions can be resumed by id. Throws `UploadInUse` while another writer in this process has the same
   * upload open; the guard does not reach other processes.
   */
  writer(uploadId: string): Promise<BlobWriter>;
  /**
   * Bytes that upload `uploadId` holds in the store: the `size` a writer opened on it now starts at (0 when
   * there is no such upload). Read from the store itself, so it holds after a crash of the process that
   * wrote them, from any process. Takes no claim: while a writer has the upload open, it may lag that
   * writer's `size` by the bytes not yet stored.
   */
  uploadSize(uploadId: string): Promise<number>;
  /** Removes a blob; a missing blob is not an error. */
  delete(digest: Digest): Promise<void>;
  /** Every committed blob, in no particular order. */
  list(): AsyncIterable<BlobInfo>;
  /**
   * Copies committed blob `digest` of `source` into this store through upload `uploadId`, resuming the
   * bytes that upload already holds, verifies the digest of every byte and makes the blob visible — where
   * this driver can do so faster than a stream between the two stores. Resolves undefined when it cannot
   * (the caller streams through `source.reader` and `writer`). Throws `DigestMismatch` (discarding the
   * upload), `BlobNotFound`, `UploadInUse`, `StorageUnavailable`, or the signal's reason when stopped.
   */
  copyFrom?(
    source: BlobStore,
    digest: Digest,
    uploadId: string,
    options?: CopyOptions,
  ): Promise<CommittedBlob | undefined>;
  /** A URL a client may fetch the blob from directly, where the backend supports it. */
  presignedUrl?(digest: Digest, expiresInSeconds: number): Promise<string>;
}
