import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { arcaBin, freePort } from '../src/testing/processes.js';
import { ensureBuilt } from './lib/build.js';
import { excerpt, runToCompletion, spawnTracked, stopChild } from './lib/processes.js';
import { arcaEnv, readyzStatus, serveEnv, spawnServe } from './lib/serve.js';
import { measured, medianAndMax, type Benchmark } from './lib/report.js';

const parameters = {
  command: 'node bin/arca serve',
  freshRuns: 5,
  warmRuns: 5,
  cliRuns: 10,
  pollIntervalMs: 10,
  readyTimeoutMs: 15_000,
  cliTimeoutMs: 10_000,
  logLevel: 'warn',
};
const target = { op: '<', value: 600 } as const;
const cliTarget = { op: '<', value: 150 } as const;

interface StartRun {
  readyMs: number;
  stopMs: number;
  exitCode: number | null;
}

/** Spawns `bin/arca serve`, times spawn → first 200 from /readyz, then SIGTERMs it and waits for the exit. */
async function timeStartToReady(dataDir: string): Promise<StartRun> {
  const port = await freePort();
  let output = '';
  let child: ChildProcess | undefined;
  try {
    const started = performance.now();
    child = spawnTracked(process.execPath, [arcaBin, 'serve'], {
      cwd: tmpdir(),
      env: serveEnv(dataDir, port, { logLevel: parameters.logLevel }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const deadline = started + parameters.readyTimeoutMs;
    let readyMs: number | undefined;
    while (readyMs === undefined) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `arca serve exited (${child.exitCode ?? child.signalCode}) before /readyz answered 200: ${excerpt(output)}`,
        );
      }
      if (performance.now() > deadline)
        throw new Error(`arca serve not ready after ${parameters.readyTimeoutMs} ms: ${excerpt(output)}`);
      if ((await readyzStatus(port)) === 200) readyMs = performance.now() - started;
      else await sleep(parameters.pollIntervalMs);
    }
    const stopping = performance.now();
    await stopChild(child);
    return { readyMs, stopMs: performance.now() - stopping, exitCode: child.exitCode };
  } finally {
    if (child !== undefined) await stopChild(child);
  }
}

/** One start per directory, one after another. */
async function timeStarts(dataDirs: readonly string[]): Promise<StartRun[]> {
  const runs: StartRun[] = [];
  for (const dataDir of dataDirs) runs.push(await timeStartToReady(dataDir));
  return runs;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Times `node bin/arca <args>` from spawn to exit, `runs` times one after another; a failed run fails the benchmark. */
async function timeCli(args: readonly string[], env: NodeJS.ProcessEnv, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const output = await runToCompletion(process.execPath, [arcaBin, ...args], {
      cwd: tmpdir(),
      env,
      timeoutMs: parameters.cliTimeoutMs,
    });
    times.push(performance.now() - started);
    if (output.code !== 0)
      throw new Error(`arca ${args.join(' ')} exited ${output.code ?? output.signal}: ${excerpt(output.stderr)}`);
  }
  return times;
}

/** `arca registry show` against a running server, and `arca --help`: each a whole process, start to exit. */
async function timeCommands(dataDir: string): Promise<{ show: number[]; help: number[] }> {
  const server = await spawnServe(dataDir);
  try {
    const created = await server.api('PUT', '/api/v1/registries/coldstart', { location: 'eastus' });
    await server.waitForOperation(created.headers.get('location') ?? '');
    const env = arcaEnv({ ARCA_SERVER: server.url, ARCA_TOKEN: server.token });
    const show = await timeCli(['registry', 'show', '--name', 'coldstart', '-o', 'json'], env, parameters.cliRuns);
    const help = await timeCli(['--help'], env, parameters.cliRuns);
    return { show, help };
  } finally {
    await server.stop();
  }
}

/**
 * `arca serve` (the compiled CLI) from spawn to ready, on a fresh and on an existing data directory (target
 * < 0.6 s); `arca registry show` from spawn to exit against a running server (target: median < 150 ms); `arca --help`.
 */
export const coldStart: Benchmark = {
  name: 'cold-start',
  description:
    'Time from spawning `node bin/arca serve` to the first 200 from GET /readyz; `arca registry show` and `arca --help`, spawn to exit',
  async run() {
    const build = await ensureBuilt();
    const root = await mkdtemp(join(tmpdir(), 'arca-bench-cold-'));
    try {
      // Fresh: a new, empty data directory each run (creates the database, runs migrations, bootstraps the admin).
      const freshDirs = await Promise.all(
        Array.from({ length: parameters.freshRuns }, () => mkdtemp(join(root, 'fresh-'))),
      );
      const fresh = await timeStarts(freshDirs);
      // Warm restart: the directory the first fresh run initialised, started again and again.
      const warm = await timeStarts(Array.from({ length: parameters.warmRuns }, () => freshDirs[0] ?? root));
      const freshStats = medianAndMax(fresh.map((r) => r.readyMs));
      const warmStats = medianAndMax(warm.map((r) => r.readyMs));
      const stopStats = medianAndMax([...fresh, ...warm].map((r) => r.stopMs));
      const commands = await timeCommands(freshDirs[0] ?? root);
      const showStats = medianAndMax(commands.show);
      const helpStats = medianAndMax(commands.help);
      return {
        parameters: { ...parameters, build },
        metrics: [
          measured(`fresh data dir, median of ${fresh.length}`, round(freshStats.median), 'ms', target),
          measured(`fresh data dir, max of ${fresh.length}`, round(freshStats.max), 'ms', target),
          measured(`warm restart, median of ${warm.length}`, round(warmStats.median), 'ms', target),
          measured(`warm restart, max of ${warm.length}`, round(warmStats.max), 'ms', target),
          measured('SIGTERM to exit, median', round(stopStats.median), 'ms'),
          measured(`arca registry show, median of ${commands.show.length}`, round(showStats.median), 'ms', cliTarget),
          measured(`arca registry show, max of ${commands.show.length}`, round(showStats.max), 'ms'),
          measured(`arca --help, median of ${commands.help.length}`, round(helpStats.median), 'ms'),
        ],
        details: { fresh, warm, registryShowMs: commands.show.map(round), helpMs: commands.help.map(round) },
      };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
