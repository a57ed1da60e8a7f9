import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { arcaBin, freePort } from '../../src/testing/processes.js';
import { peakRssMiB, recordServerPeak, type ServerKind } from './memory.js';
import { excerpt, spawnTracked, stopChild } from './processes.js';

/** The admin token of every server a benchmark spawns. */
export const benchAdminToken = 'arca_bench_admin_token_0123456789abcdef';

/** The status of `GET /readyz`, or undefined when nothing answers yet. */
export function readyzStatus(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', agent: false, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** A child's environment: ours without any ARCA_* (so no stray setting leaks in), plus `arca`. */
export function arcaEnv(arca: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('ARCA_')));
  return { ...env, ...arca };
}

/** What `arca serve` needs to run on 127.0.0.1 for a benchmark. */
export function serveEnv(
  dataDir: string,
  port: number,
  options: { logLevel?: string; database?: string; env?: Record<string, string> } = {},
): NodeJS.ProcessEnv {
  return arcaEnv({
    ARCA_DATA_DIR: dataDir,
    ARCA_PORT: String(port),
    ARCA_HOST: '127.0.0.1',
    ARCA_ADMIN_TOKEN: benchAdminToken,
    ARCA_LOG_LEVEL: options.logLevel ?? 'warn',
    ...(options.database === undefined ? {} : { ARCA_DATABASE_URL: options.database }),
    ...options.env,
  });
}

/** `arca serve` in its own process, ready: its URL and pid, and a JSON client with the admin token. */
export interface ServedArca {
  url: string;
  pid: number;
  token: string;
  /** fetch with the admin token, JSON in and out. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: unknown }>;
  /** Polls an operation until it is no longer Running (at most 15 s); returns its last body. */
  waitForOperation(location: string): Promise<unknown>;
  /** The server process's peak resident set so far (VmHWM), MiB. */
  peakRssMiB(): Promise<number>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Stops a server child, recording its peak RSS first (read while /proc still has it) for the
 * whole-bench row; a second stop of the same child records nothing.
 */
export async function stopRecordingPeak(child: ChildProcess, server: string, kind: ServerKind): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
    recordServerPeak(server, kind, await peakRssMiB(child.pid));
  await stopChild(child);
}

/**
 * Spawns `node bin/arca serve` (the compiled CLI) on a free loopback port and waits for /readyz (at most
 * `readyTimeoutMs`); `env` adds ARCA_* settings of the benchmark's own.
 */
export async function spawnServe(
  dataDir: string,
  options: { database?: string; readyTimeoutMs?: number; env?: Record<string, string> } = {},
): Promise<ServedArca> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawnTracked(process.execPath, [arcaBin, 'serve'], {
    cwd: tmpdir(),
    env: serveEnv(dataDir, port, options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const deadline = performance.now() + (options.readyTimeoutMs ?? 15_000);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `arca serve exited (${child.exitCode ?? child.signalCode}) before /readyz answered 200: ${excerpt(output)}`,
        );
      if (performance.now() > deadline) throw new Error(`arca serve not ready in time: ${excerpt(output)}`);
      if ((await readyzStatus(port)) === 200) break;
      await sleep(20);
    }
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid ?? 0;
  const api: ServedArca['api'] = async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${benchAdminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    url,
    pid,
    token: benchAdminToken,
    api,
    async waitForOperation(location) {
      const deadline = performance.now() + 15_000;
      for (;;) {
        const { body } = await api('GET', location);
        if ((body as { status?: unknown } | undefined)?.status !== 'Running' || performance.now() > deadline)
          return body;
        await sleep(20);
      }
    },
    peakRssMiB: () => peakRssMiB(pid),
    stop: () => stopRecordingPeak(child, 'arca serve', 'process'),
  };
}
