/**
 * Anchors: the least a server on this machine could do for the same request, started by the bench
 * beside Arca, each in its own process (as `arca serve` is) so both pay the same process and loopback
 * costs. Targets are ratios to them, so a slow or busy machine moves both sides of each.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { peakRssMiB, runMeasured, type MeasuredRun } from './memory.js';
import { excerpt, spawnTracked, stopChild } from './processes.js';
import { plainNodeProgram } from './programs.js';
import { arcaEnv, stopRecordingPeak } from './serve.js';

/** An anchor server running in its own process. */
export interface RunningAnchor {
  url: string;
  pid: number;
  /** Its peak resident set so far (VmHWM), MiB. */
  peakRssMiB(): Promise<number>;
  /** SIGTERM and wait for the exit (its peak RSS is recorded with every other server's). */
  stop(): Promise<void>;
}

const readyTimeoutMs = 15_000;

/** Waits for the `{"port":N}` line a program prints once it listens; bounded by `readyTimeoutMs`. */
function announcedPort(child: ChildProcess, what: string): Promise<number> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} did not listen in time: ${excerpt(output)}`)),
      readyTimeoutMs,
    );
    const settle = (error?: Error, port?: number) => {
      clearTimeout(timer);
      if (port !== undefined) resolve(port);
      else reject(error);
    };
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const port = /"port":(\d+)/.exec(output)?.[1];
      if (port !== undefined) settle(undefined, Number(port));
    });
    child.once('exit', (code, signal) =>
      settle(new Error(`${what} exited (${code ?? signal}) before it listened: ${excerpt(output)}`)),
    );
  });
}

/** Transpiles and starts one anchor program in `workDir`, waiting until it listens on 127.0.0.1. */
async function startAnchor(source: URL, workDir: string, config: unknown, what: string): Promise<RunningAnchor> {
  const program = await plainNodeProgram(source, workDir);
  const child = spawnTracked(process.execPath, [program, JSON.stringify(config)], {
    cwd: workDir,
    env: arcaEnv({}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let port: number;
  try {
    port = await announcedPort(child, what);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const pid = child.pid ?? 0;
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    peakRssMiB: () => peakRssMiB(pid),
    stop: () => stopRecordingPeak(child, what, 'anchor'),
  };
}

/** How the sink anchor stores what it is sent, for the parameters of a report. */
export const sinkDescription =
  'bare node http server in its own process: PUT streams the body through sha256 into <name>.upload, fsync, rename, fsync of the directory (as Arca’s fs blob store commits); GET streams the file back (fs.createReadStream, default chunk size)';

/** How the sink's client runs, for the parameters of a report. */
export const sinkClientDescription =
  'plain node client process (node:http, one keep-alive connection): one request per file, files one after another; PUT streams the file, GET streams the response through sha256 into a file (no fsync); digests checked against the files';

/** The transfer anchor: a bare node `http` sink storing under `dataDir` (put it on the disk Arca's data dir is on). */
export async function startSink(workDir: string, dataDir: string): Promise<RunningAnchor> {
  await mkdir(dataDir, { recursive: true });
  return startAnchor(new URL('./anchor-sink.ts', import.meta.url), workDir, { dir: dataDir }, 'sink anchor');
}

/** The request-path anchor: one bare Fastify route answering `body` to `Bearer <token>`. */
export function startFastifyAnchor(workDir: string, token: string, body: unknown): Promise<RunningAnchor> {
  const fastify = pathToFileURL(createRequire(import.meta.url).resolve('fastify')).href;
  return startAnchor(
    new URL('./anchor-fastify.ts', import.meta.url),
    workDir,
    { fastify, token, body },
    'bare Fastify anchor',
  );
}

/** How the webhook receiver works, for the parameters of a report. */
export const receiverDescription =
  'bare node http server in its own process: reads each POST whole, checks its Standard Webhooks signature (HMAC-SHA256), parses the JSON, answers 204 and records the webhook-id, the tag value and the arrival time';

/** The events anchor and receiver: a bare node `http` server that checks, records and answers each webhook. */
export function startReceiver(workDir: string): Promise<RunningAnchor> {
  return startAnchor(new URL('./anchor-receiver.ts', import.meta.url), workDir, {}, 'webhook receiver');
}

/** One file the sink client sends or fetches: its name at the sink, its local path and its digest. */
export interface SinkFile {
  name: string;
  path: string;
  digest: string;
}

/** The sink's name for a model file: its path, flattened (`weights/part-0.safetensors` → `weights--part-0.safetensors`). */
export function sinkName(path: string): string {
  return path.replaceAll('/', '--');
}

/**
 * Runs the plain client once (a process of its own under GNU time, as `arca` runs): `put` sends every
 * file to the sink, `get` fetches every file into its `path`. Throws when it fails or a digest differs.
 */
export async function runSinkClient(
  workDir: string,
  sink: RunningAnchor,
  command: 'put' | 'get',
  files: readonly SinkFile[],
): Promise<MeasuredRun> {
  const program = await plainNodeProgram(new URL('./anchor-client.ts', import.meta.url), workDir);
  const run = await runMeasured(process.execPath, [program, JSON.stringify({ url: sink.url, command, files })], {
    env: arcaEnv({}),
    timeoutMs: 300_000,
  });
  if (run.code !== 0)
    throw new Error(
      `the sink client (${command}) exited ${run.code ?? run.signal}: ${excerpt(run.stderr || run.stdout)}`,
    );
  return run;
}
