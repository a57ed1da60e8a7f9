import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureBuilt } from './lib/build.js';
import {
  arcaCliClient,
  cliHasModelCommands,
  nodeStandInClient,
  type CreateOutcome,
  type DownloadOutcome,
  type ModelClient,
  type ModelTarget,
} from './lib/model-clients.js';
import {
  digestOfFile,
  recyclePageCache,
  writeRandomFile,
  writeRandomModel,
  type ModelFile,
} from './lib/model-files.js';
import { excerpt, runToCompletion } from './lib/processes.js';
import { measured, medianAndMax, megabytesPerSecond, type Benchmark, type Target } from './lib/report.js';
import { createWorkspace } from './lib/scopes.js';
import { spawnServe, type ServedArca } from './lib/serve.js';

const MiB = 2 ** 20;
const parameters = {
  files: [
    { path: 'weights/part-0.safetensors', size: 512 * MiB },
    { path: 'weights/part-1.safetensors', size: 256 * MiB },
    { path: 'weights/part-2.safetensors', size: 192 * MiB },
    { path: 'tokenizer/embeddings.bin', size: 64 * MiB },
  ],
  changedFile: 'weights/part-1.safetensors',
  workspace: 'bench',
  model: 'transfer',
  uploadRuns: 3,
  downloadRuns: 3,
  cpRuns: 3,
  standIn: { patchBytes: 8 * MiB, readBytes: 1 * MiB },
  content: 'crypto.randomFillSync, refilled every 8 MiB (incompressible, no repeats), written under os.tmpdir()',
  server:
    'node bin/arca serve in its own process (127.0.0.1, SQLite and blobs in a fresh data dir under os.tmpdir()); a fresh server for every first upload, the last one kept for the rest',
  reference:
    '`cp -r` of the model directory to a sibling directory on the same disk (source in the page cache), median of the runs',
  pageCache:
    'before every cp, upload and download, 1.25 × its bytes are written to a scratch file and deleted, so each phase writes into recycled page cache (see recyclePageCache)',
  rss: 'server: VmHWM of its process; client: GNU time %M of the client process',
  megabytes: 'decimal (10^6 bytes), as the targets are written',
};
const uploadTarget: Target = { op: '>=', value: 300 };
const downloadTarget: Target = { op: '>=', value: 500 };
const rssTarget: Target = { op: '<', value: 200 };
const reRegisterTarget: Target = { op: '<', value: 5 };

const totalBytes = parameters.files.reduce((sum, f) => sum + f.size, 0);
/** Scratch to write and free before a phase that writes `bytes`: all of it, with a margin. */
const recycleBytes = (bytes: number) => Math.ceil(bytes * 1.25);
const round1 = (value: number) => Math.round(value * 10) / 10;
const megabytes = (mib: number) => Math.round((mib * MiB) / 1e6);

/** Median wall time of `cp -r <from> <to>` on the same disk, the copy removed after every run. */
async function timeCopies(from: string, root: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const to = join(root, `cp-${run}`);
    await recyclePageCache(root, recycleBytes(totalBytes));
    const started = performance.now();
    const output = await runToCompletion('cp', ['-r', from, to], { timeoutMs: 120_000 });
    times.push(performance.now() - started);
    await rm(to, { recursive: true, force: true });
    if (output.code !== 0) throw new Error(`cp -r exited ${output.code ?? output.signal}: ${excerpt(output.stderr)}`);
  }
  return times;
}

/** Every file of `files` under `dir` has the expected digest; throws naming the first that does not. */
async function verifyDownload(dir: string, files: readonly ModelFile[]): Promise<void> {
  for (const file of files) {
    const digest = await digestOfFile(join(dir, ...file.path.split('/'))).catch(
      (error: unknown) => `unreadable (${String(error)})`,
    );
    if (digest !== file.digest) throw new Error(`downloaded ${file.path} is ${digest}, expected ${file.digest}`);
  }
}

/**
 * Makes the client for a server: `arca` when its model commands are built, else the stand-in
 * (also when ARCA_BENCH_TRANSFER_CLIENT=stand-in, to tell the client's costs from the server's).
 */
async function clientFactory(root: string): Promise<(target: ModelTarget) => Promise<ModelClient>> {
  const standInAsked = process.env['ARCA_BENCH_TRANSFER_CLIENT'] === 'stand-in';
  if (!standInAsked && (await cliHasModelCommands()))
    return (target) => Promise.resolve(arcaCliClient(target, join(root, 'home')));
  return (target) => nodeStandInClient(target, root, parameters.standIn);
}

/** A fresh `arca serve` (its own data dir) with the benchmark workspace, and a client for it. */
async function freshServer(
  root: string,
  run: number,
  makeClient: (target: ModelTarget) => Promise<ModelClient>,
): Promise<{ server: ServedArca; client: ModelClient; idleRssMiB: number }> {
  const server = await spawnServe(join(root, `server-${run}`));
  try {
    await createWorkspace(server, parameters.workspace);
    return {
      server,
      client: await makeClient({ server: server.url, token: server.token, workspace: parameters.workspace }),
      idleRssMiB: await server.peakRssMiB(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function expectVersion(outcome: CreateOutcome, expected: string, what: string): void {
  if (outcome.version !== expected)
    throw new Error(
      `${what} created version ${outcome.version}, expected ${expected}: ${JSON.stringify(outcome.result)}`,
    );
}

/**
 * A 1 GiB model of four files through a client process and `arca serve` in another, on loopback:
 * first upload, unchanged re-register, one 256 MiB file changed, downloads; each against `cp -r`.
 */
export const assetTransfer: Benchmark = {
  name: 'asset-transfer',
  description:
    'Upload and download of a 1 GiB, 4-file model on loopback (client and server processes), against cp -r; peak RSS; re-registering unchanged and with one 256 MiB file changed',
  async run() {
    const build = await ensureBuilt();
    const root = await mkdtemp(join(tmpdir(), 'arca-bench-transfer-'));
    let server: ServedArca | undefined;
    try {
      const modelDir = join(root, 'model');
      const files = await writeRandomModel(modelDir, parameters.files);
      const copies = await timeCopies(modelDir, root, parameters.cpRuns);
      const cpMs = medianAndMax(copies).median;

      // Every first upload goes to an empty server: nothing to deduplicate against.
      const makeClient = await clientFactory(root);
      const uploads: (CreateOutcome & { serverIdleRssMiB: number; serverRssMiB: number })[] = [];
      let client: ModelClient | undefined;
      for (let run = 0; run < parameters.uploadRuns; run++) {
        if (server !== undefined) {
          await server.stop();
          await rm(join(root, `server-${run - 1}`), { recursive: true, force: true });
        }
        const fresh = await freshServer(root, run, makeClient);
        server = fresh.server;
        client = fresh.client;
        await recyclePageCache(root, recycleBytes(totalBytes));
        const upload = await client.create(parameters.model, modelDir);
        expectVersion(upload, '1', 'the first upload');
        uploads.push({ ...upload, serverIdleRssMiB: fresh.idleRssMiB, serverRssMiB: await server.peakRssMiB() });
      }
      if (server === undefined || client === undefined) throw new Error('uploadRuns must be at least 1');

      const unchanged = await client.create(parameters.model, modelDir);
      expectVersion(unchanged, '2', 'the unchanged re-register');
      const changedSize = parameters.files.find((f) => f.path === parameters.changedFile)?.size ?? 0;
      const changedFile = await writeRandomFile(modelDir, parameters.changedFile, changedSize);
      await recyclePageCache(root, recycleBytes(changedSize));
      const changed = await client.create(parameters.model, modelDir);
      expectVersion(changed, '3', 'the changed re-register');

      const downloads: DownloadOutcome[] = [];
      for (let run = 0; run < parameters.downloadRuns; run++) {
        const dir = join(root, `download-${run}`);
        await recyclePageCache(root, recycleBytes(totalBytes));
        downloads.push(await client.download(parameters.model, '1', dir));
        await verifyDownload(dir, files);
        await rm(dir, { recursive: true, force: true });
      }
      const serverRssEnd = await server.peakRssMiB();

      const uploadMBs = megabytesPerSecond(totalBytes, medianAndMax(uploads.map((u) => u.wallMs)).median);
      const downloadMs = medianAndMax(downloads.map((d) => d.wallMs)).median;
      const downloadMBs = megabytesPerSecond(totalBytes, downloadMs);
      const cpMBs = megabytesPerSecond(totalBytes, cpMs);
      const clientDownloadRss = medianAndMax(downloads.map((d) => d.maxRssMiB)).max;
      return {
        parameters: { ...parameters, client: client.kind, clientDescription: client.description, build },
        metrics: [
          measured(
            `upload 1 GiB (${client.kind}, hashing included), median of ${uploads.length}`,
            uploadMBs,
            'MB/s',
            uploadTarget,
          ),
          measured(
            `download 1 GiB (${client.kind}), median of ${downloads.length}`,
            downloadMBs,
            'MB/s',
            downloadTarget,
          ),
          measured(`cp -r of the same files, median of ${copies.length}`, cpMBs, 'MB/s'),
          measured('upload ÷ cp', Math.round((uploadMBs / cpMBs) * 100) / 100, '×'),
          measured('download ÷ cp', Math.round((downloadMBs / cpMBs) * 100) / 100, '×'),
          measured(
            'server peak RSS, through a first upload (max)',
            megabytes(medianAndMax(uploads.map((u) => u.serverRssMiB)).max),
            'MB',
            rssTarget,
          ),
          measured('server peak RSS, through everything', megabytes(serverRssEnd), 'MB', rssTarget),
          measured(
            `client peak RSS, upload (${client.kind}, max)`,
            megabytes(medianAndMax(uploads.map((u) => u.maxRssMiB)).max),
            'MB',
            rssTarget,
          ),
          measured(`client peak RSS, download (${client.kind}, max)`, megabytes(clientDownloadRss), 'MB', rssTarget),
          measured('re-register unchanged 1 GiB', round1(unchanged.wallMs / 1_000), 's', reRegisterTarget),
          measured('re-register unchanged: bytes uploaded', unchanged.uploadedBytes, 'B', { op: '<', value: 1 }),
          measured('re-register, one 256 MiB file changed', round1(changed.wallMs / 1_000), 's'),
          measured('re-register, one file changed: MiB uploaded', round1(changed.uploadedBytes / MiB), 'MiB'),
          measured(
            're-register, one file changed: bytes sent beyond that file',
            Math.abs(changed.uploadedBytes - changedFile.size),
            'B',
            { op: '<', value: 1 },
          ),
        ],
        details: {
          cpMs: copies,
          serverRssEndMiB: serverRssEnd,
          uploads,
          unchanged,
          changed,
          downloads,
          files,
          changedFile,
        },
      };
    } finally {
      await server?.stop();
      await rm(root, { recursive: true, force: true });
    }
  },
};
