import { arcaError } from './errors.js';

const digestPattern = /^sha256:[0-9a-f]{64}$/;

/** True when `value` is `sha256:<64 lowercase hex>`. */
export function isDigest(value: string): value is `sha256:${string}` {
  return digestPattern.test(value);
}

/** Throws `DigestInvalid` unless `value` is `sha256:<64 lowercase hex>`. */
export function assertDigest(value: string, target = 'digest'): asserts value is `sha256:${string}` {
  if (!isDigest(value)) {
    throw arcaError('DigestInvalid', { value }, { target });
  }
}

/** A content digest: `sha256:<64 lowercase hex>` (checked by `assertDigest`). */
export type Digest = `sha256:${string}`;
