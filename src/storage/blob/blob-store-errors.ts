import { ArcaError, type ArcaErrorOptions, type ErrorCode } from '../../core/errors.js';
import { storageFaultMessage, type StorageFault } from '../storage-faults.js';

/** What went wrong in a blob store, in the store's own terms. */
export type BlobStoreErrorKind =
  /** No committed blob under the digest. */
  | 'notFound'
  /** A read range that lies outside the blob. */
  | 'rangeOutside'
  /** The bytes do not hash to the digest; the upload (or copy) was discarded. */
  | 'digestMismatch'
  /** Another writer in this process has the upload open. */
  | 'uploadInUse'
  /** An upload id, a chunk or a URL lifetime the seam does not take. */
  | 'invalidArgument'
  /** More bytes than the store can hold in one upload. */
  | 'tooLarge'
  /** The store cannot be reached, answered with a failure, or holds something it should not: retry later. */
  | 'unavailable'
  /** The store has no space left (or the file may not grow). */
  | 'full'
  /** The store refuses writes. */
  | 'readOnly'
  /** A writer used after it ended, a copy stopped without a reason, a driver that broke its own rule. */
  | 'internal';

/**
 * The one place a blob store's failure meets the error catalogue: the code each kind is answered with (and
 * through the code, the HTTP status and the OCI error code).
 */
const catalogueCodes: Readonly<Record<BlobStoreErrorKind, ErrorCode>> = {
  notFound: 'BlobNotFound',
  rangeOutside: 'RangeInvalid',
  digestMismatch: 'DigestMismatch',
  uploadInUse: 'UploadInUse',
  invalidArgument: 'InvalidParameter',
  tooLarge: 'PayloadTooLarge',
  unavailable: 'StorageUnavailable',
  full: 'StorageFull',
  readOnly: 'StorageReadOnly',
  internal: 'InternalError',
};

/**
 * What every blob store driver (and its writers) throws: a storage `kind`, and a message naming the store.
 * It is the catalogue error of that kind (`catalogueCodes`), so the layers above answer it as they
 * answer any `ArcaError`, while storage code and tests can tell failures apart by `kind`.
 */
export class BlobStoreError extends ArcaError {
  readonly kind: BlobStoreErrorKind;

  constructor(kind: BlobStoreErrorKind, message: string, options: ArcaErrorOptions = {}) {
    super(catalogueCodes[kind], message, options);
    this.kind = kind;
  }
}

/** The error for a storage fault of a blob store: `full` or `readOnly`, naming the store and what refused. */
export function blobStoreFault(fault: StorageFault, what: string, detail: string, cause?: unknown): BlobStoreError {
  return new BlobStoreError(fault, storageFaultMessage(fault, what, detail), cause === undefined ? {} : { cause });
}

export function isBlobStoreError(value: unknown, kind?: BlobStoreErrorKind): value is BlobStoreError {
  return value instanceof BlobStoreError && (kind === undefined || value.kind === kind);
}
