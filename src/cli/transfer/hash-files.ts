import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { forEachBounded } from './bounded.js';
import type { LocalFile } from './walk-files.js';

/** Read size for hashing and uploading: big enough that syscalls do not dominate, small enough to stay constant. */
export const readChunkBytes = 1 << 20;

/**
 * The `sha256:<hex>` digest and size of a file, read in constant memory; `onBytes` hears of each
 * piece read. The size is what was read, so a file that grew since it was listed is described as it is.
 */
export async function hashFile(
  path: string,
  onBytes?: (bytes: number) => void,
): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: readChunkBytes })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
    onBytes?.((chunk as Buffer).length);
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

/** A local file with its digest. */
export interface HashedFile extends LocalFile {
  digest: string;
}

/** Hashes every file, a few at a time (disk and cores both help, up to a point); keeps the order. */
export async function hashFiles(
  files: readonly LocalFile[],
  options: { concurrency: number; onBytes?: (bytes: number) => void },
): Promise<HashedFile[]> {
  const hashed = new Map<LocalFile, { digest: string; size: number }>();
  await forEachBounded(files, options.concurrency, async (file) => {
    hashed.set(file, await hashFile(file.absolute, options.onBytes));
  });
  return files.map((file) => ({ ...file, ...(hashed.get(file) ?? { digest: '', size: file.size }) }));
}
