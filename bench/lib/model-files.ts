import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A file of a benchmark model as written: where, how big, and the digest of its bytes. */
export interface ModelFile {
  path: string;
  size: number;
  digest: string;
}

const fillBytes = 8 * 1024 * 1024;

/**
 * Writes `size` pseudo-random bytes (incompressible, distinct per call) to `dir/path`, hashing them on
 * the way; the buffer is refilled for every 8 MiB so no two regions of any file repeat.
 */
export async function writeRandomFile(dir: string, path: string, size: number): Promise<ModelFile> {
  const target = join(dir, path);
  await mkdir(dirname(target), { recursive: true });
  const handle = await open(target, 'w');
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(fillBytes);
  try {
    for (let offset = 0; offset < size;) {
      const chunk = buffer.subarray(0, Math.min(buffer.length, size - offset));
      randomFillSync(chunk);
      hash.update(chunk);
      for (let written = 0; written < chunk.length;)
        written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten;
      offset += chunk.length;
    }
  } finally {
    await handle.close();
  }
  return { path, size, digest: `sha256:${hash.digest('hex')}` };
}

/** Writes every file of a model under `dir`, one after another. */
export async function writeRandomModel(
  dir: string,
  files: readonly { path: string; size: number }[],
): Promise<ModelFile[]> {
  const written: ModelFile[] = [];
  for (const file of files) written.push(await writeRandomFile(dir, file.path, file.size));
  return written;
}

/** The sha256 of a file on disk, `sha256:<hex>`. */
export async function digestOfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: fillBytes })) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Writes and deletes `bytes` of scratch under `dir`. On a VM, page cache that lands in guest memory
 * never touched before (or handed back to the host) is written up to ten times slower than memory
 * just freed: a phase that writes right after this one reuses warm pages, as it would on a machine
 * that has been running for a while, so `cp` and the transfers are compared on the same footing.
 */
export async function recyclePageCache(dir: string, bytes: number): Promise<void> {
  const path = join(dir, `.recycle-${process.pid}`);
  const handle = await open(path, 'w');
  const zeros = Buffer.alloc(fillBytes);
  try {
    for (let offset = 0; offset < bytes; offset += zeros.length)
      await handle.write(zeros, 0, Math.min(zeros.length, bytes - offset));
  } finally {
    await handle.close();
    await rm(path, { force: true });
  }
}
