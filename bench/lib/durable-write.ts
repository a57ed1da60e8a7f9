/**
 * The disk's side of a durable copy, measured with nothing hashed: `dd oflag=direct conv=fsync` of each
 * source file into `dir` (4 MiB blocks straight to the disk, fsync at the end), the files dealt out to
 * `ways` dd processes that run at once, as the copies they stand beside run. What no verified, fsynced
 * copy of those files on this disk can beat, however little CPU its hashing takes.
 */
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { excerpt, runToCompletion } from './processes.js';

/** Wall time of the dd copies of `sources` into a fresh `dir` (removed afterwards). */
export async function timeDurableWrite(sources: readonly string[], dir: string, ways: number): Promise<number> {
  await mkdir(dir);
  try {
    const shares = Array.from({ length: Math.min(ways, sources.length) }, (_, i) =>
      sources.filter((_, j) => j % ways === i),
    );
    const started = performance.now();
    await Promise.all(
      shares.map(async (share) => {
        for (const source of share) {
          const args = [`if=${source}`, `of=${join(dir, basename(source))}`, 'bs=4M', 'oflag=direct', 'conv=fsync'];
          const run = await runToCompletion('dd', [...args, 'status=none'], { timeoutMs: 120_000 });
          if (run.code !== 0) throw new Error(`dd exited ${run.code ?? run.signal}: ${excerpt(run.stderr)}`);
        }
      }),
    );
    return performance.now() - started;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
