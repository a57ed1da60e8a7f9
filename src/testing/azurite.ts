import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The emulator's well-known development account (documented by Microsoft; not a secret). */
export const azuriteAccount = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
} as const;

export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  accountUrl: string;
  /** A connection string with the development account's key and this instance's endpoint. */
  connectionString: string;
  /** Closes the server and removes its data directory. */
  stop(): Promise<void>;
}

/** The part of azurite's (untyped, CommonJS) BlobServer these tests use. */
interface AzuriteBlobServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

type Constructor<T> = new (...args: unknown[]) => T;

/**
 * Starts azurite's blob service inside this process on 127.0.0.1 and a port the OS picks, with its
 * data in a fresh temporary directory. In-process (azurite's own BlobServer class, as its CLI uses it)
 * so there is no child to wait for or leak, no console output, and no telemetry (the CLI starts that,
 * the server class does not).
 */
export async function startAzurite(): Promise<Azurite> {
  const location = await mkdtemp(join(tmpdir(), 'arca-azurite-'));
  // azurite ships no type declarations and no ESM entry points; require() reaches its server classes.
  const require = createRequire(import.meta.url);
  const BlobServer = (require('azurite/dist/src/blob/BlobServer.js') as { default: Constructor<AzuriteBlobServer> })
    .default;
  const BlobConfiguration = (require('azurite/dist/src/blob/BlobConfiguration.js') as { default: Constructor<object> })
    .default;
  const configuration = new BlobConfiguration(
    '127.0.0.1',
    0,
    5, // keep-alive timeout (seconds), azurite's default
    join(location, '__azurite_db_blob__.json'),
    join(location, '__azurite_db_blob_extent__.json'),
    [{ locationId: 'Default', locationPath: join(location, '__blobstorage__'), maxConcurrency: 50 }],
    false, // access log
    undefined,
    false, // debug log
    undefined,
    true, // loose: ignore headers azurite does not implement
    true, // skip the API version check, so a newer SDK than azurite knows still works
  );
  const server = new BlobServer(configuration);
  try {
    await server.start();
  } catch (err) {
    await rm(location, { recursive: true, force: true });
    throw err;
  }
  const port = new URL(server.getHttpServerAddress()).port;
  const blobEndpoint = `http://127.0.0.1:${port}/${azuriteAccount.name}`;
  let stopped = false;
  return {
    accountUrl: blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${azuriteAccount.name};AccountKey=${azuriteAccount.key};BlobEndpoint=${blobEndpoint};`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await rm(location, { recursive: true, force: true });
    },
  };
}
