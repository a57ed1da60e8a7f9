import { open, stat } from 'node:fs/promises';
import { isArcaError, type ArcaError } from '../../core/errors.js';
import { BlobStoreError, blobStoreFault } from './blob-store-errors.js';
import { faultOfErrno } from '../storage-faults.js';

/**
 * Wraps an I/O failure in `StorageUnavailable`, letting catalogue errors through unchanged; a full
 * or read-only file system (ENOSPC, EDQUOT, EFBIG, EROFS) is `StorageFull` or `StorageReadOnly`.
 */
export function storageUnavailable(description: string, action: string, path: string, err: unknown): ArcaError {
  if (isArcaError(err)) return err;
  const fault = faultOfErrno(errnoCode(err));
  if (fault !== undefined) return blobStoreFault(fault, description, `${errnoCode(err) ?? ''} on ${action}`, err);
  return new BlobStoreError('unavailable', `${description}: cannot ${action} ${path} (${describeCause(err)})`, {
    cause: err,
  });
}

export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

export function describeCause(err: unknown): string {
  return errnoCode(err) ?? (err instanceof Error ? err.message : String(err));
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw err;
  }
}

/** Flushes a file or directory (for a directory: the entries in it) to the disk. */
export async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
