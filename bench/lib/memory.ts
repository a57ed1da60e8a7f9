import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runToCompletion, type ChildOutput } from './processes.js';

const gnuTime = '/usr/bin/time';

/** A process's peak resident set so far (`VmHWM` in `/proc/<pid>/status`), MiB; NaN where there is no /proc. */
export async function peakRssMiB(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kib === undefined ? NaN : Math.round((Number(kib) / 1024) * 10) / 10;
  } catch {
    return NaN;
  }
}

export interface MeasuredRun extends ChildOutput {
  wallMs: number;
  /** The child's peak resident set (GNU time's `%M`), MiB; NaN without /usr/bin/time. */
  maxRssMiB: number;
}

/**
 * Runs a command to completion under GNU `time -f %M` (its report in a file of its own, so the
 * command's output stays clean), timing it from spawn to exit.
 */
export async function runMeasured(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<MeasuredRun> {
  if (!existsSync(gnuTime)) {
    const started = performance.now();
    const output = await runToCompletion(command, args, options);
    return { ...output, wallMs: performance.now() - started, maxRssMiB: NaN };
  }
  const dir = await mkdtemp(join(tmpdir(), 'arca-bench-time-'));
  try {
    const report = join(dir, 'time.txt');
    const started = performance.now();
    const output = await runToCompletion(gnuTime, ['-f', '%M', '-o', report, command, ...args], options);
    const wallMs = performance.now() - started;
    const kib = Number((await readFile(report, 'utf8').catch(() => '')).trim().split('\n').at(-1));
    return { ...output, wallMs, maxRssMiB: Number.isFinite(kib) && kib > 0 ? Math.round((kib / 1024) * 10) / 10 : NaN };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
