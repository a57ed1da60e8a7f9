import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/testing/processes.js';
import { excerpt, runToCompletion, spawnTracked, stopChild } from './processes.js';
import { createRegistry } from './scopes.js';
import { spawnServe } from './serve.js';

/** The Debian `docker-registry` package: distribution, the reference OCI registry. */
export const referenceRegistryBin = '/usr/bin/docker-registry';

/** A running registry a benchmark pushes to and pulls from over plain HTTP on loopback. */
export interface OciRegistryUnderTest {
  /** `host:port`, as it goes into `docker://<host>/<repository>:<tag>`. */
  host: string;
  /** `user:password` for skopeo's `--src-creds`/`--dest-creds`; undefined for an anonymous registry. */
  creds?: string;
  /** The repository prefix every pushed repository lives under (Arca: the registry and asset kind). */
  repositoryPrefix: string;
  stop(): Promise<void>;
}

/** The status of `GET http://<host>/v2/` without credentials, or undefined when nothing answers. */
export async function v2Status(host: string): Promise<number | undefined> {
  try {
    const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** The reference registry's configuration: filesystem storage in `storageDir`, no auth, deletes on, quiet logs. */
function referenceConfig(storageDir: string, port: number): string {
  return [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  cache:',
    '    blobdescriptor: inmemory',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storageDir)}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '',
  ].join('\n');
}

/**
 * Starts `docker-registry serve` with a fresh config and storage under `dir` and waits (at most
 * `readyTimeoutMs`) until `GET /v2/` answers 200.
 */
export async function startReferenceRegistry(dir: string, readyTimeoutMs = 15_000): Promise<OciRegistryUnderTest> {
  const storageDir = join(dir, 'storage');
  await mkdir(storageDir, { recursive: true });
  const port = await freePort();
  const configPath = join(dir, 'config.yml');
  await writeFile(configPath, referenceConfig(storageDir, port));
  let output = '';
  const child: ChildProcess = spawnTracked(referenceRegistryBin, ['serve', configPath], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  let failed: Error | undefined;
  void spawnError.then((error) => {
    failed = error;
  });
  const host = `127.0.0.1:${port}`;
  const deadline = performance.now() + readyTimeoutMs;
  try {
    for (;;) {
      if (failed !== undefined) throw new Error(`${referenceRegistryBin} could not start: ${failed.message}`);
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `${referenceRegistryBin} exited (${child.exitCode ?? child.signalCode}) before GET /v2/ answered: ${excerpt(output)}`,
        );
      if (performance.now() > deadline)
        throw new Error(`${referenceRegistryBin} not ready in ${readyTimeoutMs} ms: ${excerpt(output)}`);
      if ((await v2Status(host)) === 200) break;
      await sleep(20);
    }
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { host, repositoryPrefix: 'bench/environments', stop: () => stopChild(child) };
}

/**
 * Starts `arca serve` (data under `dataDir`), creates the registry `registry` and checks that
 * `/v2/` is served at all; the admin token is the password (user name: the registry).
 */
export async function startArcaRegistry(dataDir: string, registry: string): Promise<OciRegistryUnderTest> {
  const server = await spawnServe(dataDir);
  try {
    await createRegistry(server, registry);
    const host = new URL(server.url).host;
    const status = await v2Status(host);
    // Any answer but "no such route" goes on to skopeo, whose error then says what is missing.
    if (status === undefined || status === 404)
      throw new Error(
        `Arca does not serve the OCI distribution API: GET http://${host}/v2/ answered ${status ?? 'nothing'} (expected 401 with a challenge, or 200)`,
      );
    return {
      host,
      creds: `${registry}:${server.token}`,
      repositoryPrefix: `${registry}/environments`,
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** `docker-registry --version`, e.g. `github.com/docker/distribution 2.8.2+ds1`. */
export async function referenceRegistryVersion(): Promise<string> {
  const output = await runToCompletion(referenceRegistryBin, ['--version'], { timeoutMs: 10_000 });
  return output.stdout.trim().replace(/^\S*docker-registry\s+/, '') || `unknown (exit ${output.code ?? output.signal})`;
}
