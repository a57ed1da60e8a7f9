import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runToCompletion, type ChildOutput } from './processes.js';
import { measured, type Metric } from './report.js';

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

/**
 * What a recorded server was: Arca in a process of its own, Arca inside the bench process (whose
 * peak then includes the harness and its TypeScript loader: an upper bound), or an anchor.
 */
export type ServerKind = 'process' | 'in-process' | 'anchor';

/** One server's peak resident set, recorded when it stopped. */
export interface ServerPeak {
  /** The benchmark that started it, and what it was (`arca serve`, a test server, an anchor). */
  benchmark: string;
  server: string;
  kind: ServerKind;
  peakRssMiB: number;
}

const serverPeaks: ServerPeak[] = [];
let currentBenchmark = 'unnamed';

/** Names the benchmark the next recorded servers belong to (run.ts sets it before each one). */
export function setCurrentBenchmark(name: string): void {
  currentBenchmark = name;
}

/** Records a server's peak RSS (NaN, e.g. without /proc, is skipped) for the whole-bench row. */
export function recordServerPeak(server: string, kind: ServerKind, peakRssMiB: number): void {
  if (Number.isFinite(peakRssMiB)) serverPeaks.push({ benchmark: currentBenchmark, server, kind, peakRssMiB });
}

/** Every server peak recorded so far, in order. */
export function recordedServerPeaks(): readonly ServerPeak[] {
  return serverPeaks;
}

/**
 * Resets this process's VmHWM (`echo 5 > /proc/self/clear_refs`), so an in-process server's peak can be
 * read at its stop without the harness's earlier peaks. False where the kernel does not allow it.
 */
export async function resetOwnPeakRss(): Promise<boolean> {
  try {
    await writeFile('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The highest of the recorded peaks; undefined when no server was recorded. */
export function highestServerPeak(peaks: readonly ServerPeak[]): ServerPeak | undefined {
  let highest: ServerPeak | undefined;
  for (const peak of peaks) if (highest === undefined || peak.peakRssMiB > highest.peakRssMiB) highest = peak;
  return highest;
}

const serverRssTargetMB = 200;
const megabytes = (mib: number) => Math.round((mib * 2 ** 20) / 1e6);

/**
 * The whole-bench rows: the highest peak RSS of every Arca server that ran in a process of its own
 * (the target), and of the bench process while an in-process server ran (an upper bound, no target).
 */
export function wholeBenchMetrics(peaks: readonly ServerPeak[]): Metric[] {
  const metrics: Metric[] = [];
  const own = peaks.filter((peak) => peak.kind === 'process');
  const highest = highestServerPeak(own);
  if (highest !== undefined)
    metrics.push(
      measured(
        `server peak RSS through the whole bench (${own.length} arca serve process${own.length === 1 ? '' : 'es'}; highest: ${highest.benchmark})`,
        megabytes(highest.peakRssMiB),
        'MB',
        { op: '<', value: serverRssTargetMB },
      ),
    );
  const inProcess = peaks.filter((peak) => peak.kind === 'in-process');
  const highestInProcess = highestServerPeak(inProcess);
  if (highestInProcess !== undefined)
    metrics.push(
      measured(
        `bench process peak RSS with an in-process server (${inProcess.map((peak) => peak.benchmark).join(', ')}; harness included)`,
        megabytes(highestInProcess.peakRssMiB),
        'MB',
      ),
    );
  return metrics;
}
