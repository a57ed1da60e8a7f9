import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type ArcaConfig } from '../config/config.js';
import { startServer, type RunningServer, type StartOptions } from '../server.js';
import { pino, type Logger } from 'pino';
import { faultyRegionStores, type BlobFaults } from './blob-faults.js';
import type { TestDatabase } from './databases.js';

export const testAdminToken = 'arca_test_admin_token_0123456789abcdef';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** The admin token `api` sends. */
  token: string;
  /** fetch against the server with the admin token (or `token`), JSON in and out. */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: any }>;
  /** Polls an operation until it ends; returns its final body. */
  waitForOperation(location: string): Promise<any>;
  stop(): Promise<void>;
}

/** A real server on 127.0.0.1, port 0, SQLite in a fresh temp directory (or the given database). */
export interface TestServerOptions extends Partial<Pick<StartOptions, 'clock'>> {
  /** Faults injected into every region's blob store. */
  blobFaults?: BlobFaults;
  env?: Record<string, string>;
  /** A database from `testDialects` (default: SQLite in the data directory). */
  database?: TestDatabase;
  dataDir?: string;
  /** Contents of an arca.yaml to load. */
  configYaml?: string;
  /** Where the server logs (default: nowhere). */
  logger?: Logger;
  /** The built studio to serve at `/` (default: this checkout's dist/studio). */
  studioDir?: string;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'arca-test-')));
  let configPath: string | undefined;
  if (options.configYaml !== undefined) {
    configPath = join(dataDir, 'arca.yaml');
    await writeFile(configPath, options.configYaml);
  }
  const config: ArcaConfig = loadConfig({
    ...(configPath ? { configPath } : {}),
    // The unauthenticated rate limit is off unless a test sets it: floods of refused requests are what some tests send.
    env: { ARCA_LOG_LEVEL: 'silent', ARCA_UNAUTHENTICATED_RATE_LIMIT: '0', ...options.env },
    flags: {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      ...(options.database ? { database: options.database.database } : {}),
    },
  });
  const server = await startServer({
    config,
    adminToken: testAdminToken,
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.studioDir ? { studioDir: options.studioDir } : {}),
    announce: () => {},
    ...(options.database?.schema ? { databaseSchema: options.database.schema } : {}),
    ...(options.blobFaults ? { wrapRegionStore: faultyRegionStores(options.blobFaults) } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const api: TestServer['api'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${testAdminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
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
    ...server,
    dataDir,
    token: testAdminToken,
    api,
    async waitForOperation(location) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { body } = await api('GET', location);
        if (body?.status !== 'Running' || Date.now() > deadline) return body;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      await server.close();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
