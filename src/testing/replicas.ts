import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from './databases.js';
import { spawnServe, type ServeProcess } from './processes.js';

/** Several `arca serve` processes on one fresh PostgreSQL database, sharing fs regions under one directory. */
export interface Replicas {
  root: string;
  /** The config file every replica reads (its regions). */
  configPath: string;
  /** The processes, in start order (`a`, `b`, …). */
  servers: ServeProcess[];
  regionDir(region: string): string;
  /** Starts one more replica on the same database, config and environment (the next letter). */
  add(): Promise<ServeProcess>;
  /** SIGKILLs every process (those already ended too), drops the database and removes the directory. */
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  postgresUrl: string;
  /** Names the temporary directory and the database. */
  prefix: string;
  /** The admin token every replica bootstraps with. */
  token: string;
  /** The fs regions of the config, the first the default (default: `eastus`). */
  regions?: readonly string[];
  /** How many processes (default 2). */
  count?: number;
  /** More environment for every process. */
  env?: Record<string, string>;
}

/**
 * Starts `count` replicas in scale-out mode, one after the other: replicas starting together on an
 * empty database race to bootstrap the admin. A replica that fails to start stops the others.
 */
export async function startPostgresReplicas(options: ReplicaOptions): Promise<Replicas> {
  const root = await mkdtemp(join(tmpdir(), `${options.prefix.replaceAll('_', '-')}-`));
  const database = await createPostgresDatabase(options.postgresUrl, options.prefix);
  const regionDir = (region: string) => join(root, 'regions', region);
  const servers: ServeProcess[] = [];
  const stop = async () => {
    for (const server of servers) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await database.drop();
    await rm(root, { recursive: true, force: true });
  };
  const configPath = join(root, 'arca.yaml');
  const regions = options.regions ?? ['eastus'];
  const lines = regions.map((region) => `  ${region}:\n    driver: fs\n    path: ${regionDir(region)}\n`);
  await writeFile(configPath, `regions:\n${lines.join('')}`);
  const env = {
    ...options.env,
    ARCA_DATABASE_URL: database.url,
    ARCA_MODE: 'scale-out',
    ARCA_ADMIN_TOKEN: options.token,
    // Webhook secrets are sealed with one key that every replica must share (docs/events.md).
    ARCA_AUTOMATION_SECRET_KEY_FILE: join(root, 'automation-secrets.key'),
  };
  const add = async () => {
    const name = String.fromCharCode('a'.charCodeAt(0) + servers.length);
    const server = await spawnServe({ ...env, ARCA_DATA_DIR: join(root, name) }, ['--config', configPath]);
    servers.push(server);
    return server;
  };
  try {
    for (let i = 0; i < (options.count ?? 2); i++) await add();
  } catch (error) {
    await stop();
    throw error;
  }
  return { root, configPath, servers, regionDir, add, stop };
}
