/**
 * The blob-write anchor: the least plain Node does to store a blob durably, in the bench's own process
 * as FsBlobStore runs there. The same steps as the transfer sink commits (bench/lib/anchor-sink.ts):
 * each chunk through sha256 and into a write stream, then fsync of the file (reopened once written),
 * rename to its final name and fsync of the directory. No resumable uploads, no staging, no checks.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Phases of one anchor write, as FsBlobStore's pass times them: chunks written, then the commit. */
export interface AnchorBlobWrite {
  writeMs: number;
  commitMs: number;
  digest: string;
}

/**
 * Writes `blobBytes` of `source` (repeated) in `chunkBytes` chunks to `<dir>/blob.upload`, hashing each,
 * then makes it durable under `<dir>/blob`. `dir` must exist.
 */
export async function anchorBlobWrite(
  dir: string,
  source: Buffer,
  blobBytes: number,
  chunkBytes: number,
): Promise<AnchorBlobWrite> {
  const partial = join(dir, 'blob.upload');
  const target = join(dir, 'blob');
  const started = performance.now();
  const file = createWriteStream(partial);
  const hash = createHash('sha256');
  for (let offset = 0; offset < blobBytes; offset += chunkBytes) {
    const at = offset % source.length;
    const chunk = source.subarray(at, at + Math.min(chunkBytes, blobBytes - offset));
    hash.update(chunk);
    if (!file.write(chunk)) await once(file, 'drain');
  }
  file.end();
  await finished(file);
  const written = performance.now();
  await fsyncPath(partial);
  await rename(partial, target);
  await fsyncPath(dir);
  const committed = performance.now();
  return { writeMs: written - started, commitMs: committed - written, digest: `sha256:${hash.digest('hex')}` };
}
