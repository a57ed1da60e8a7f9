import { createRequire } from 'node:module';
import type { Result } from 'autocannon';
import { excerpt, runToCompletion } from './processes.js';
import { measured, type Metric, type Target } from './report.js';

const autocannonCli = createRequire(import.meta.url).resolve('autocannon');

/** A bounded loopback load: fixed connections, pipelining and duration after a warm-up. */
export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  pipelining: number;
  warmupSeconds: number;
  durationSeconds: number;
}

/** What the load run measured (the warm-up excluded). */
export interface LoadResult {
  /** Mean of the per-second samples of completed requests. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  latencyMaxMs: number;
  requestsTotal: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  non2xx: number;
  bytesPerSecond: number;
  durationSeconds: number;
}

/**
 * Runs autocannon's CLI (`--json`) in a child process. The load generator must not share the
 * server's event loop: in the same process it would steal the very CPU time it is measuring.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const args = [
    autocannonCli,
    '--json',
    '-n',
    '-c',
    String(options.connections),
    '-p',
    String(options.pipelining),
    '-d',
    String(options.durationSeconds),
    ...(options.warmupSeconds > 0
      ? ['--warmup', '[', '-c', String(options.connections), '-d', String(options.warmupSeconds), ']']
      : []),
    ...Object.entries(options.headers ?? {}).flatMap(([key, value]) => ['-H', `${key}=${value}`]),
    options.url,
  ];
  // Bounded: the run's own length plus a generous margin for start-up and the final report.
  const timeoutMs = (options.warmupSeconds + options.durationSeconds + 30) * 1_000;
  const output = await runToCompletion(process.execPath, args, { timeoutMs });
  // With a warm-up, --json prints two lines: the warm-up's result, then the measured run's.
  const line = output.stdout.trim().split('\n').at(-1) ?? '';
  let result: Result;
  try {
    result = JSON.parse(line) as Result;
  } catch {
    throw new Error(
      `autocannon exited ${output.code ?? output.signal} without a JSON result: ${excerpt(output.stderr || output.stdout)}`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    latencyMaxMs: result.latency.max,
    requestsTotal: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    bytesPerSecond: result.throughput.average,
    durationSeconds: result.duration,
  };
}

/**
 * The metrics every load benchmark reports. Errors and non-2xx answers carry a target of zero:
 * a fast 401 or 404 is not throughput.
 */
export function loadMetrics(
  result: LoadResult,
  targets: { requestsPerSecond?: Target; latencyP99Ms?: Target } = {},
): Metric[] {
  return [
    measured('requests/s (mean)', result.requestsPerSecond, 'req/s', targets.requestsPerSecond),
    measured('latency p50', result.latencyP50Ms, 'ms'),
    measured('latency p99', result.latencyP99Ms, 'ms', targets.latencyP99Ms),
    measured('errors + non-2xx', result.errors + result.non2xx, '', { op: '<', value: 1 }),
  ];
}
