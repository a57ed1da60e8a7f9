import { ArcaError } from '../core/errors.js';

/** What a storage fault means for the operator: no space left, or writes refused. */
export type StorageFault = 'full' | 'readOnly';

/** errno codes of a file system that is full (or a file that may not grow), and of one mounted read-only. */
const errnoFaults: Readonly<Record<string, StorageFault>> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EFBIG: 'full',
  EROFS: 'readOnly',
};

/** The fault an errno code means, if it is one of the storage faults. */
export function faultOfErrno(code: string | undefined): StorageFault | undefined {
  return code !== undefined && Object.hasOwn(errnoFaults, code) ? errnoFaults[code] : undefined;
}

/** The `code` an error (or anything in its `cause` chain, a few levels deep) carries. */
export function errnoOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && faultOfErrno(code) !== undefined) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What a storage fault tells the operator: what refused the write, why, and what to do. */
export function storageFaultMessage(fault: StorageFault, what: string, detail: string): string {
  return fault === 'full'
    ? `${what} has no space left (${detail}); nothing was changed: free space or grow the volume, then retry`
    : `${what} refuses writes (${detail}); nothing was changed: make it writable again, then retry`;
}

/**
 * The catalogue error for a storage fault: `StorageFull` (507) or `StorageReadOnly` (503), naming
 * what refused the write (`the metadata database`, `region eastus`, ...) and what the operator does.
 */
export function storageFaultError(fault: StorageFault, what: string, detail: string, cause?: unknown): ArcaError {
  const options = cause === undefined ? {} : { cause };
  return new ArcaError(
    fault === 'full' ? 'StorageFull' : 'StorageReadOnly',
    storageFaultMessage(fault, what, detail),
    options,
  );
}
