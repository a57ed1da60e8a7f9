import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { blobFaultsVariable, type BlobFaults } from './blob-faults.js';

export const arcaBin = fileURLToPath(new URL('../../bin/arca', import.meta.url));

/** The CLI with test faults (src/testing is not built into dist/, so it runs under tsx). */
const arcaWithFaults = fileURLToPath(new URL('./arca-with-faults.ts', import.meta.url));

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * How long a real process may take to start or to finish before a test gives up on it: generous, because
 * the suite runs several files at once and shares the machine; a healthy process answers far sooner.
 */
const processBoundMs = 60_000;

/**
 * Runs `bin/arca serve` as a real process and waits until /readyz answers 200 (at most a minute). With
 * `blobFaults`, runs the same CLI from source with those faults in every region's blob store.
 */
export async function spawnServe(
  env: Record<string, string>,
  args: string[] = [],
  options: { blobFaults?: BlobFaults } = {},
): Promise<ServeProcess> {
  const port = Number(env['ARCA_PORT'] ?? (await freePort()));
  const entry = options.blobFaults === undefined ? [arcaBin] : ['--import', 'tsx', arcaWithFaults];
  const child = spawn(process.execPath, [...entry, 'serve', ...args], {
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      ARCA_LOG_LEVEL: 'warn',
      ...env,
      ...(options.blobFaults === undefined ? {} : { [blobFaultsVariable]: JSON.stringify(options.blobFaults) }),
      ARCA_PORT: String(port),
      ARCA_HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + processBoundMs;
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  while (!ended && Date.now() < deadline) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { child, url, stdout: () => out, stderr: () => err, exited };
    await new Promise((r) => setTimeout(r, 25));
  }
  const why = ended ? 'it exited' : `not ready within ${processBoundMs / 1000} s`;
  child.kill('SIGKILL');
  await exited;
  throw new Error(`arca serve did not become ready (${why}); stderr: ${err}; stdout: ${out}`);
}

/** Runs `bin/arca …` to completion (bounded by `timeoutMs`) and returns status and output. */
export async function runArca(
  args: string[],
  env: Record<string, string>,
  timeoutMs = processBoundMs,
): Promise<{ status: number | string; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [arcaBin, ...args], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const status = await new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  clearTimeout(timer);
  return { status, stdout, stderr };
}

/** What a real process answered: status, headers, and the body (parsed JSON, else the text). */
export interface ProcessAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** fetch against a real `arca serve` with `token`: a JSON body in (or raw bytes, as octet-stream), JSON or text out. */
export async function processApi(
  token: string,
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ProcessAnswer> {
  const raw = Buffer.isBuffer(body);
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': raw ? 'application/octet-stream' : 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Fails naming `what` and showing the body unless the answer has `status`. */
export function expectStatus(answer: ProcessAnswer, status: number, what: string): void {
  assert.equal(answer.status, status, `${what}: ${JSON.stringify(answer.body)}`);
}
