import { stat } from 'node:fs/promises';
import { CliError, exitStatus } from '../cli-error.js';
import { forEachBounded } from './bounded.js';
import { identityOf, nowNs, sameIdentity, type DigestCache, type FileIdentity } from './digest-cache.js';
import { HashPool } from './hash-pool.js';
import type { LocalFile } from './walk-files.js';

/** Read size for uploading: big enough that syscalls do not dominate, small enough to stay constant. */
export const readChunkBytes = 1 << 20;

/** Files stat-ed and queued for hashing at once (the hashing threads bound the reading itself). */
const filesAtOnce = 8;

/** A local file with its digest and the identity it had when hashed (an upload checks it is still that file). */
export interface HashedFile extends LocalFile {
  digest: string;
  identity: FileIdentity;
}

/** Hashes one file: the digest and the size read. */
export type FileHasher = (path: string, onBytes?: (bytes: number) => void) => Promise<{ digest: string; size: number }>;

export interface HashFilesOptions {
  /** Digests of earlier runs, used while a file is provably the same, and given the new ones. */
  cache?: DigestCache | undefined;
  /** Hears of bytes hashed (or found in the cache). */
  onBytes?: (bytes: number) => void;
  /** How a file is hashed: on the hashing threads unless a caller (a test) says otherwise. */
  hash?: FileHasher;
}

/** A file that is not what it was when it was listed or hashed: nothing is registered from it. */
export function fileChanged(path: string, when: string): CliError {
  return new CliError(
    'FileChanged',
    `${path} changed ${when}; nothing was committed: run the command again once the file is no longer being written`,
    exitStatus.requestFailed,
  );
}

async function identityNow(path: string): Promise<FileIdentity> {
  return identityOf(await stat(path, { bigint: true }));
}

async function hashOne(file: LocalFile, hash: FileHasher, options: HashFilesOptions): Promise<HashedFile> {
  const before = await identityNow(file.absolute);
  const cached = options.cache?.lookup(file.absolute, before);
  if (cached !== undefined) {
    options.onBytes?.(Number(before.size));
    return { ...file, size: Number(before.size), digest: cached, identity: before };
  }
  const startedNs = nowNs();
  const { digest, size } = await hash(file.absolute, options.onBytes);
  const after = await identityNow(file.absolute);
  if (!sameIdentity(before, after) || String(size) !== after.size)
    throw fileChanged(file.path, 'while it was being hashed');
  options.cache?.record(file.absolute, after, digest, startedNs);
  return { ...file, size, digest, identity: after };
}

/**
 * The digest of every file, in order: from the cache while a file is unchanged, else hashed on
 * hashing threads (large reads, one file per thread, the threads busy at once). No thread starts
 * until a file needs hashing.
 */
export async function hashFiles(files: readonly LocalFile[], options: HashFilesOptions = {}): Promise<HashedFile[]> {
  // Threads of its own, ended once the digests are known: the upload that follows needs their memory more.
  const pool = options.hash === undefined ? new HashPool() : undefined;
  const hash = options.hash ?? ((path, onBytes) => (pool as HashPool).hashFile(path, onBytes));
  const hashed = new Map<LocalFile, HashedFile>();
  try {
    await forEachBounded(files, filesAtOnce, async (file) => {
      hashed.set(file, await hashOne(file, hash, options));
    });
  } finally {
    await pool?.close();
  }
  return files.map((file) => hashed.get(file) as HashedFile);
}
