import { BlobStoreError } from './blob-store-errors.js';
import type { Digest, ReadRange } from './blob-store.js';

/** Checks a requested range against the blob size and fills in the defaults. */
export function resolveRange(range: ReadRange, size: number, digest: Digest): { offset: number; length: number } {
  const offset = range.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > size) {
    throw new BlobStoreError('rangeOutside', `offset ${offset} lies outside ${digest} (${size} bytes)`, {
      target: 'offset',
    });
  }
  const length = range.length ?? size - offset;
  if (!Number.isSafeInteger(length) || length < 0 || offset + length > size) {
    throw new BlobStoreError(
      'rangeOutside',
      `${length} bytes from offset ${offset} lie outside ${digest} (${size} bytes)`,
      { target: 'length' },
    );
  }
  return { offset, length };
}

const uploadIdPattern = /^[A-Za-z0-9_-]{1,128}$/;
const hexPattern = /^[0-9a-f]{64}$/;

/** Upload ids are caller-chosen names in every store: `[A-Za-z0-9_-]{1,128}`, else `InvalidParameter`. */
export function assertUploadId(uploadId: string): void {
  if (!uploadIdPattern.test(uploadId)) {
    throw new BlobStoreError(
      'invalidArgument',
      `upload id ${JSON.stringify(uploadId)} must match [A-Za-z0-9_-]{1,128}`,
      { target: 'uploadId' },
    );
  }
}

/** True for the 64 lowercase hex characters of a sha256 blob name (what `list` accepts from a store). */
export function isBlobHex(name: string): boolean {
  return hexPattern.test(name);
}
