import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  runSinkClient,
  sinkClientDescription,
  sinkDescription,
  sinkName,
  startSink,
  type RunningAnchor,
  type SinkFile,
} from './lib/anchors.js';
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
import type { MeasuredRun } from './lib/memory.js';
import {
  memoryMetrics,
  reRegisterMetrics,
  throughputMetrics,
  totalBytesOf,
  type Phases,
  type TransferShape,
  type Upload,
} from './lib/transfer-metrics.js';
import { excerpt, runToCompletion } from './lib/processes.js';
import { medianAndMax, type Benchmark } from './lib/report.js';
import { createWorkspace } from './lib/scopes.js';
import { spawnServe, type ServedArca } from './lib/serve.js';

const MiB = 2 ** 20;

const common = {
  workspace: 'bench',
  model: 'transfer',
  standIn: { patchBytes: 8 * MiB, readBytes: 1 * MiB },
  content: 'crypto.randomFillSync, refilled every 8 MiB (incompressible, no repeats), written under os.tmpdir()',
  server:
    'node bin/arca serve in its own process (127.0.0.1, SQLite and blobs in a fresh data dir under os.tmpdir()); a fresh server for every first upload, the last one kept for the rest',
  anchor: sinkDescription,
  anchorClient: sinkClientDescription,
  anchorOrder:
    'sink PUT, Arca upload, sink PUT, Arca upload…; then sink GET, Arca download, sink GET, Arca download…; the sink stores under the same os.tmpdir() directory as Arca’s data dirs',
  reference:
    '`cp -r` of the model directory to a sibling directory on the same disk (source in the page cache), median of the runs',
  pageCache:
    'before every cp, sink run, upload and download, 1.25 × its bytes are written to a scratch file and deleted, so each phase writes into recycled page cache (see recyclePageCache)',
  rss: 'server: VmHWM of its process; client: GNU time %M of the client process',
  megabytes: 'decimal (10^6 bytes), as the targets are written',
};
/** Scratch to write and free before a phase that writes `bytes`: all of it, with a margin. */
const recycleBytes = (bytes: number) => Math.ceil(bytes * 1.25);
/** Median wall time of `cp -r <from> <to>` on the same disk, the copy removed after every run. */
async function timeCopies(from: string, root: string, runs: number, totalBytes: number): Promise<number[]> {
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
  return (target) => nodeStandInClient(target, root, common.standIn);
}

/** A fresh `arca serve` (its own data dir) with the benchmark workspace, and a client for it. */
async function freshServer(
  root: string,
  run: number,
  makeClient: (target: ModelTarget) => Promise<ModelClient>,
): Promise<{ server: ServedArca; client: ModelClient; idleRssMiB: number }> {
  const server = await spawnServe(join(root, `server-${run}`));
  try {
    await createWorkspace(server, common.workspace);
    return {
      server,
      client: await makeClient({ server: server.url, token: server.token, workspace: common.workspace }),
      idleRssMiB: await server.peakRssMiB(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function expectVersion(outcome: CreateOutcome, expected: string | readonly string[], what: string): void {
  if (!(typeof expected === 'string' ? [expected] : expected).includes(outcome.version))
    throw new Error(
      `${what} created version ${outcome.version}, expected ${expected}: ${JSON.stringify(outcome.result)}`,
    );
}

/** The model's files as the sink client sends them (`from`), or fetches them into `dir`. */
function sinkFiles(files: readonly ModelFile[], from: string, dir?: string): SinkFile[] {
  return files.map((file) => {
    const name = sinkName(file.path);
    return {
      name,
      digest: file.digest,
      path: dir === undefined ? join(from, ...file.path.split('/')) : join(dir, name),
    };
  });
}

/** One run of the sink client, after recycling page cache as before every other phase. */
async function sinkRun(
  root: string,
  sink: RunningAnchor,
  command: 'put' | 'get',
  files: SinkFile[],
  totalBytes: number,
): Promise<MeasuredRun> {
  await recyclePageCache(root, recycleBytes(totalBytes));
  return runSinkClient(root, sink, command, files);
}

/** First uploads to fresh servers, each after a sink PUT of the same files; the last server is kept. */
async function firstUploads(
  shape: TransferShape,
  root: string,
  files: readonly ModelFile[],
  sink: RunningAnchor,
  hold: { server?: ServedArca },
): Promise<{ client: ModelClient; server: ServedArca; uploads: Upload[]; sinkPuts: MeasuredRun[] }> {
  const modelDir = join(root, 'model');
  const totalBytes = totalBytesOf(shape);
  const makeClient = await clientFactory(root);
  const uploads: Upload[] = [];
  const sinkPuts: MeasuredRun[] = [];
  let client: ModelClient | undefined;
  for (let run = 0; run < shape.uploadRuns; run++) {
    await rm(join(root, 'sink-data'), { recursive: true, force: true });
    await mkdir(join(root, 'sink-data'));
    sinkPuts.push(await sinkRun(root, sink, 'put', sinkFiles(files, modelDir), totalBytes));
    if (hold.server !== undefined) {
      await hold.server.stop();
      await rm(join(root, `server-${run - 1}`), { recursive: true, force: true });
    }
    // Every first upload goes to an empty server: nothing to deduplicate against.
    const fresh = await freshServer(root, run, makeClient);
    hold.server = fresh.server;
    client = fresh.client;
    await recyclePageCache(root, recycleBytes(totalBytes));
    const upload = await client.create(common.model, modelDir);
    expectVersion(upload, '1', 'the first upload');
    uploads.push({ ...upload, serverIdleRssMiB: fresh.idleRssMiB, serverRssMiB: await fresh.server.peakRssMiB() });
  }
  if (hold.server === undefined || client === undefined) throw new Error('uploadRuns must be at least 1');
  return { client, server: hold.server, uploads, sinkPuts };
}

/** Downloads of version 1, each after a sink GET of the same files; both verified. */
async function downloadsBeside(
  shape: TransferShape,
  root: string,
  files: readonly ModelFile[],
  sink: RunningAnchor,
  client: ModelClient,
): Promise<{ downloads: DownloadOutcome[]; sinkGets: MeasuredRun[] }> {
  const totalBytes = totalBytesOf(shape);
  const downloads: DownloadOutcome[] = [];
  const sinkGets: MeasuredRun[] = [];
  for (let run = 0; run < shape.downloadRuns; run++) {
    const sinkDir = join(root, `sink-download-${run}`);
    await mkdir(sinkDir);
    sinkGets.push(await sinkRun(root, sink, 'get', sinkFiles(files, root, sinkDir), totalBytes));
    await rm(sinkDir, { recursive: true, force: true });
    const dir = join(root, `download-${run}`);
    await recyclePageCache(root, recycleBytes(totalBytes));
    downloads.push(await client.download(common.model, '1', dir));
    await verifyDownload(dir, files);
    await rm(dir, { recursive: true, force: true });
  }
  return { downloads, sinkGets };
}

/** Every phase against one sink: first uploads, re-registers (unchanged, one file changed), downloads. */
async function runPhases(
  shape: TransferShape,
  root: string,
  files: readonly ModelFile[],
  sink: RunningAnchor,
  hold: { server?: ServedArca },
): Promise<Phases> {
  const modelDir = join(root, 'model');
  const first = await firstUploads(shape, root, files, sink, hold);
  const unchanged = await first.client.create(common.model, modelDir);
  // A client may answer an unchanged re-register with the version that already holds those files.
  expectVersion(unchanged, ['2', '1'], 'the unchanged re-register');
  const changedSize = shape.files.find((f) => f.path === shape.changedFile)?.size ?? 0;
  const changedFile = await writeRandomFile(modelDir, shape.changedFile, changedSize);
  await recyclePageCache(root, recycleBytes(changedSize));
  const changed = await first.client.create(common.model, modelDir);
  expectVersion(changed, String(Number(unchanged.version) + 1), 'the changed re-register');
  // Version 1 and the sink's copy are the original bytes: the changed file touches neither.
  const later = await downloadsBeside(shape, root, files, sink, first.client);
  return { ...first, ...later, unchanged, changed, changedFile };
}

/**
 * A model of four files through a client process and `arca serve` in another, on loopback, beside the
 * bare node sink: first uploads, unchanged re-register, downloads, one file changed; all against `cp -r`.
 */
export function assetTransferCase(shape: TransferShape): Benchmark {
  return {
    name: shape.name,
    description: `Upload and download of a ${shape.label}, 4-file model on loopback (client and server processes), beside a bare node http sink and cp -r; peak RSS; re-registering unchanged and with one file changed`,
    async run() {
      const build = await ensureBuilt();
      const root = await mkdtemp(join(tmpdir(), 'arca-bench-transfer-'));
      const hold: { server?: ServedArca } = {};
      let sink: RunningAnchor | undefined;
      try {
        const files = await writeRandomModel(join(root, 'model'), shape.files);
        const copies = await timeCopies(join(root, 'model'), root, shape.cpRuns, totalBytesOf(shape));
        sink = await startSink(root, join(root, 'sink-data'));
        const phases = await runPhases(shape, root, files, sink, hold);
        const { client, server: _server, ...kept } = phases;
        return {
          parameters: { ...shape, ...common, client: client.kind, clientDescription: client.description, build },
          metrics: [
            ...throughputMetrics(shape, phases, medianAndMax(copies).median),
            ...(await memoryMetrics(phases)),
            ...reRegisterMetrics(shape, phases),
          ],
          details: { cpMs: copies, sinkPeakRssMiB: await sink.peakRssMiB(), ...kept, files },
        };
      } finally {
        await sink?.stop();
        await hold.server?.stop();
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}

const MiBs = (sizes: readonly number[]) => sizes.map((size) => size * MiB);
const modelPaths = [
  'weights/part-0.safetensors',
  'weights/part-1.safetensors',
  'weights/part-2.safetensors',
  'tokenizer/embeddings.bin',
];

/** The shape of a four-file model whose files have these sizes (MiB), the second one changed later. */
function fourFiles(sizesMiB: readonly number[]): Pick<TransferShape, 'files' | 'changedFile'> {
  const sizes = MiBs(sizesMiB);
  return {
    files: modelPaths.map((path, i) => ({ path, size: sizes[i] ?? 0 })),
    changedFile: 'weights/part-1.safetensors',
  };
}

/** The full bench's case: 1 GiB in 4 files (issue 16's targets). */
export const assetTransfer = assetTransferCase({
  name: 'asset-transfer',
  label: '1 GiB',
  ...fourFiles([512, 256, 192, 64]),
  uploadRuns: 3,
  downloadRuns: 3,
  cpRuns: 3,
});

/** `npm run bench -- quick`'s case: the same in 256 MiB, fewer runs. */
export const assetTransferQuick = assetTransferCase({
  name: 'asset-transfer-256m',
  label: '256 MiB',
  ...fourFiles([128, 64, 48, 16]),
  uploadRuns: 2,
  downloadRuns: 2,
  cpRuns: 2,
});
