import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, testAdminToken, type TestServer } from '../../src/testing/server.js';
import { buildServer, serverBuildIsCurrent } from '../../scripts/build-server.mjs';

/**
 * End-to-end harness of the CLI: the real `bin/arca` (the bundle in dist/bundle/, as users run it) as a
 * child process, against a real server started in this process. dist/ and its bundle are rebuilt first
 * when any source file is newer than them, once, even when several test files start together.
 */

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const arcaBin = join(root, 'bin', 'arca');
export const examples = join(root, 'examples');
export { testAdminToken };

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds dist/ and dist/bundle/ (scripts/build-server.mjs, what `npm run build` runs) unless they are already current. */
export async function ensureCliBuilt(): Promise<void> {
  if (serverBuildIsCurrent(root)) return;
  // A directory is created atomically: whoever makes it builds, the others wait for it to go.
  const lock = join(tmpdir(), `arca-cli-build-${Buffer.from(root).toString('hex').slice(-24)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than any build is left over from a killed run.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      await sleep(100);
    }
  }
  try {
    if (serverBuildIsCurrent(root)) return;
    const build = await buildServer(root);
    if (!build.ok) throw new Error(`npm run build failed, so bin/arca cannot run:\n${build.output}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A running `bin/arca`: the child (to signal it) and its result once it exits. */
export interface RunningArca {
  child: ChildProcess;
  result: Promise<CliResult>;
}

/**
 * Starts `bin/arca` with a clean environment: only PATH, a temp HOME and the given variables, so the
 * developer's own ARCA_* settings and saved login never leak into a test.
 */
export function startArca(
  args: string[],
  env: Record<string, string | undefined>,
  options: { input?: string } = {},
): RunningArca {
  const child = spawn(process.execPath, [arcaBin, ...args], {
    cwd: root,
    env: Object.fromEntries(
      Object.entries({ PATH: process.env['PATH'], ...env }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  child.stdin?.end(options.input ?? '');
  return { child, result };
}

/** Runs `bin/arca` to the end (see `startArca`). */
export function runArca(
  args: string[],
  env: Record<string, string | undefined>,
  options: { input?: string } = {},
): Promise<CliResult> {
  return startArca(args, env, options).result;
}

/** True when util-linux `script` can give the CLI a pseudo-terminal. */
export const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `bin/arca` on a pseudo-terminal (util-linux `script`), so stdin, stdout and stderr are all
 * TTYs, as for a person at a terminal; `input` is typed at it. stdout and stderr arrive merged.
 */
export function runArcaInTerminal(
  args: string[],
  env: Record<string, string | undefined>,
  input = '',
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, arcaBin, ...args].map(shellQuote).join(' ');
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      cwd: root,
      env: Object.fromEntries(
        Object.entries({ PATH: process.env['PATH'], TERM: 'dumb', ...env }).filter(([, v]) => v !== undefined),
      ) as Record<string, string>,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** A running server plus a CLI whose login (`XDG_CONFIG_HOME`) lives in a temp directory of its own. */
export interface CliWorld {
  server: TestServer;
  /** The environment every `arca` call gets: a temp HOME/XDG_CONFIG_HOME and ARCA_SERVER/ARCA_TOKEN for the server. */
  env: Record<string, string>;
  /** `arca …` logged in through ARCA_SERVER/ARCA_TOKEN; `env` adds or removes (undefined) variables. */
  arca(args: string[], env?: Record<string, string | undefined>, options?: { input?: string }): Promise<CliResult>;
  /** Starts `arca …` without waiting for it (to signal it while it runs). */
  startArca(args: string[], env?: Record<string, string | undefined>): RunningArca;
  /** `arca …` on a pseudo-terminal, with `input` typed at it. */
  arcaInTerminal(args: string[], input?: string): Promise<CliResult>;
  /** A fresh directory inside the world's temp HOME (removed by `stop`), for files and separate logins. */
  dir(prefix: string): string;
  stop(): Promise<void>;
}

/** Builds the CLI if needed and starts a server: one per test file. */
export async function startCliWorld(): Promise<CliWorld> {
  await ensureCliBuilt();
  const server = await startTestServer();
  const home = mkdtempSync(join(tmpdir(), 'arca-cli-home-'));
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    ARCA_SERVER: server.url,
    ARCA_TOKEN: testAdminToken,
  };
  return {
    server,
    env,
    dir: (prefix) => mkdtempSync(join(home, prefix)),
    arca: (args, extra = {}, options = {}) => runArca(args, { ...env, ...extra }, options),
    startArca: (args, extra = {}) => startArca(args, { ...env, ...extra }),
    arcaInTerminal: (args, input) => runArcaInTerminal(args, env, input),
    async stop() {
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Parses stdout as JSON, failing with the whole output when it is not. */
export function json(result: CliResult): any {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout is not JSON (status ${result.status}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
