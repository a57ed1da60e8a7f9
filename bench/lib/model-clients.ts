import { join } from 'node:path';
import { arcaBin } from '../../src/testing/processes.js';
import { runMeasured, type MeasuredRun } from './memory.js';
import { excerpt, runToCompletion } from './processes.js';
import { plainNodeProgram } from './programs.js';
import { arcaEnv } from './serve.js';

/** Where a model client sends its requests. */
export interface ModelTarget {
  server: string;
  token: string;
  workspace: string;
}

export interface CreateOutcome {
  version: string;
  uploadedBytes: number;
  reusedBytes: number;
  wallMs: number;
  /** The client process's peak resident set, MiB. */
  maxRssMiB: number;
  /** What the client printed, parsed. */
  result: unknown;
}

export interface DownloadOutcome {
  wallMs: number;
  maxRssMiB: number;
  result: unknown;
}

/** A client process that registers and downloads models: `arca` itself, or the benchmark's stand-in. */
export interface ModelClient {
  kind: 'arca-cli' | 'node-stand-in';
  description: string;
  create(name: string, dir: string): Promise<CreateOutcome>;
  download(name: string, version: string, dir: string): Promise<DownloadOutcome>;
}

const timeoutMs = 300_000;

function parseLastJson(run: MeasuredRun, what: string): Record<string, unknown> {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code ?? run.signal}: ${excerpt(run.stderr || run.stdout)}`);
  const text = run.stdout.trim();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    // One JSON document per line: the last one is the result.
    try {
      return JSON.parse(text.split('\n').at(-1) ?? '') as Record<string, unknown>;
    } catch {
      throw new Error(`${what} printed no JSON result: ${excerpt(text)}`);
    }
  }
}

/** The version label of a create result, whether `version` is the label or the version view. */
function versionOf(result: Record<string, unknown>): string {
  const version = result['version'];
  if (typeof version === 'string') return version;
  const nested = (version as { version?: unknown } | undefined)?.version;
  return typeof nested === 'string' ? nested : String(version);
}

/** True when the built CLI has `model create` and `model download`. */
export async function cliHasModelCommands(): Promise<boolean> {
  const probes = await Promise.all(
    ['create', 'download'].map((verb) =>
      runToCompletion(process.execPath, [arcaBin, 'model', verb, '--help'], { env: arcaEnv({}), timeoutMs: 15_000 }),
    ),
  );
  // An unknown command's --help prints the program's help (exit 0): only the command's own usage line counts.
  return probes.every(
    (probe, i) => probe.code === 0 && probe.stdout.includes(`arca model ${['create', 'download'][i]}`),
  );
}

/** `arca model create/download` (the compiled CLI), under GNU time, logged in through ARCA_SERVER/ARCA_TOKEN. */
export function arcaCliClient(target: ModelTarget, home: string): ModelClient {
  // A home of its own: no saved login or resume state of the machine's user leaks in or out.
  const env = {
    ...arcaEnv({ ARCA_SERVER: target.server, ARCA_TOKEN: target.token }),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
  };
  return {
    kind: 'arca-cli',
    description:
      'node bin/arca model create --name N --path DIR --workspace W -o json; node bin/arca model download REF --path DIR -o json',
    async create(name, dir) {
      const run = await runMeasured(
        process.execPath,
        [arcaBin, 'model', 'create', '--name', name, '--path', dir, '--workspace', target.workspace, '-o', 'json'],
        { env, timeoutMs },
      );
      const result = parseLastJson(run, 'arca model create');
      return {
        version: versionOf(result),
        uploadedBytes: Number(result['uploadedBytes']),
        reusedBytes: Number(result['reusedBytes']),
        wallMs: run.wallMs,
        maxRssMiB: run.maxRssMiB,
        result,
      };
    },
    async download(name, version, dir) {
      const reference = `arca://workspaces/${target.workspace}/models/${name}/versions/${version}`;
      const run = await runMeasured(
        process.execPath,
        [arcaBin, 'model', 'download', reference, '--path', dir, '-o', 'json'],
        { env, timeoutMs },
      );
      if (run.code !== 0)
        throw new Error(`arca model download exited ${run.code ?? run.signal}: ${excerpt(run.stderr || run.stdout)}`);
      let result: unknown = run.stdout.trim();
      try {
        result = JSON.parse(run.stdout);
      } catch {
        /* the download's JSON is informative only */
      }
      return { wallMs: run.wallMs, maxRssMiB: run.maxRssMiB, result };
    },
  };
}

const standInSource = new URL('../clients/node-transfer-client.ts', import.meta.url);

/**
 * The stand-in client (bench/clients/node-transfer-client.ts), transpiled to plain JavaScript in
 * `workDir` and run by `node` itself, so no TypeScript loader weighs on its memory or start-up.
 */
export async function nodeStandInClient(
  target: ModelTarget,
  workDir: string,
  options: { patchBytes: number; readBytes: number },
): Promise<ModelClient> {
  const program = await plainNodeProgram(standInSource, workDir);
  const run = async (request: Record<string, unknown>, what: string) => {
    const measured = await runMeasured(process.execPath, [program, JSON.stringify({ ...target, ...request })], {
      env: arcaEnv({}),
      timeoutMs,
    });
    return { measured, result: parseLastJson(measured, what) };
  };
  return {
    kind: 'node-stand-in',
    description: `bench/clients/node-transfer-client.ts in its own node process: sha256 of every file, begin, one session per missing blob with ${options.patchBytes / 2 ** 20} MiB PATCHes streamed by fs.createReadStream, PUT ?digest=, commit; download streams each file to disk verifying its sha256`,
    async create(name, dir) {
      const { measured, result } = await run(
        { command: 'create', name, dir, ...options },
        'the stand-in client (create)',
      );
      return {
        version: versionOf(result),
        uploadedBytes: Number(result['uploadedBytes']),
        reusedBytes: Number(result['reusedBytes']),
        wallMs: measured.wallMs,
        maxRssMiB: measured.maxRssMiB,
        result,
      };
    },
    async download(name, version, dir) {
      const { measured, result } = await run(
        { command: 'download', name, version, dir, readBytes: options.readBytes },
        'the stand-in client (download)',
      );
      return { wallMs: measured.wallMs, maxRssMiB: measured.maxRssMiB, result };
    },
  };
}
