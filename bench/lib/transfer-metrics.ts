/**
 * The shape of an asset-transfer case, what its phases measured, and the metrics drawn from them
 * (throughput beside the sink anchor, memory, re-registers).
 */
import type { MeasuredRun } from './memory.js';
import type { CreateOutcome, DownloadOutcome, ModelClient } from './model-clients.js';
import type { ModelFile } from './model-files.js';
import { measured, measuredRatio, medianAndMax, megabytesPerSecond, type Metric, type Target } from './report.js';
import type { ServedArca } from './serve.js';

const MiB = 2 ** 20;

/** What a transfer case moves and how often: the full bench's 1 GiB, or quick's 256 MiB. */
export interface TransferShape {
  name: string;
  /** How the metrics name the model's size: `1 GiB`, `256 MiB`. */
  label: string;
  files: { path: string; size: number }[];
  changedFile: string;
  /** Arca's first uploads, each alternating with a sink PUT; the same for downloads and sink GETs. */
  uploadRuns: number;
  downloadRuns: number;
  cpRuns: number;
}

export type Upload = CreateOutcome & { serverIdleRssMiB: number; serverRssMiB: number };

export interface Phases {
  client: ModelClient;
  server: ServedArca;
  uploads: Upload[];
  sinkPuts: MeasuredRun[];
  unchanged: CreateOutcome;
  changed: CreateOutcome;
  changedFile: ModelFile;
  downloads: DownloadOutcome[];
  sinkGets: MeasuredRun[];
}

const uploadRatioTarget: Target = { op: '>=', value: 0.7 };
const downloadRatioTarget: Target = { op: '>=', value: 0.5 };
const serverRssTarget: Target = { op: '<', value: 200 };
const clientRssTarget: Target = { op: '<', value: 150 };
const reRegisterTarget: Target = { op: '<', value: 5 };

export const totalBytesOf = (shape: TransferShape) => shape.files.reduce((sum, f) => sum + f.size, 0);
const round1 = (value: number) => Math.round(value * 10) / 10;
const megabytes = (mib: number) => Math.round((mib * MiB) / 1e6);

const medianMs = (runs: readonly { wallMs: number }[]) => medianAndMax(runs.map((r) => r.wallMs)).median;
const maxRss = (runs: readonly { maxRssMiB: number }[]) => megabytes(medianAndMax(runs.map((r) => r.maxRssMiB)).max);

/**
 * Throughput of Arca and of the sink, and Arca's ratio to it: the targets are the ratios (a slow
 * or busy machine moves both sides); the MB/s figures are printed beside them without a target.
 */
export function throughputMetrics(shape: TransferShape, phases: Phases, cpMs: number): Metric[] {
  const bytes = totalBytesOf(shape);
  const kind = phases.client.kind;
  const [upload, put] = [medianMs(phases.uploads), medianMs(phases.sinkPuts)];
  const [download, get] = [medianMs(phases.downloads), medianMs(phases.sinkGets)];
  return [
    measured(
      `upload ${shape.label} (${kind}, hashing included), median of ${phases.uploads.length}`,
      megabytesPerSecond(bytes, upload),
      'MB/s',
    ),
    measured(
      `sink PUT (sha256 + write + fsync), median of ${phases.sinkPuts.length}`,
      megabytesPerSecond(bytes, put),
      'MB/s',
    ),
    measuredRatio('upload ÷ sink PUT', put, upload, uploadRatioTarget),
    measured(
      `download ${shape.label} (${kind}), median of ${phases.downloads.length}`,
      megabytesPerSecond(bytes, download),
      'MB/s',
    ),
    measured(
      `sink GET (stream; client sha256 + write), median of ${phases.sinkGets.length}`,
      megabytesPerSecond(bytes, get),
      'MB/s',
    ),
    measuredRatio('download ÷ sink GET', get, download, downloadRatioTarget),
    measured(`cp -r of the same files`, megabytesPerSecond(bytes, cpMs), 'MB/s'),
    measuredRatio('upload ÷ cp', cpMs, upload, undefined, { compared: false }),
    measuredRatio('download ÷ cp', cpMs, download, undefined, { compared: false }),
  ];
}

/** Peak memory of the servers and of the clients (Arca's and the sink's). */
export async function memoryMetrics(phases: Phases): Promise<Metric[]> {
  const kind = phases.client.kind;
  return [
    measured(
      'server peak RSS, through a first upload (max)',
      megabytes(medianAndMax(phases.uploads.map((u) => u.serverRssMiB)).max),
      'MB',
      serverRssTarget,
    ),
    measured('server peak RSS, through everything', megabytes(await phases.server.peakRssMiB()), 'MB', serverRssTarget),
    measured(`client peak RSS, upload (${kind}, max)`, maxRss(phases.uploads), 'MB', clientRssTarget),
    measured(`client peak RSS, download (${kind}, max)`, maxRss(phases.downloads), 'MB', clientRssTarget),
    measured('sink client peak RSS (max)', maxRss([...phases.sinkPuts, ...phases.sinkGets]), 'MB'),
  ];
}

/** The unchanged and one-file-changed re-registers. */
export function reRegisterMetrics(shape: TransferShape, phases: Phases): Metric[] {
  const { unchanged, changed, changedFile } = phases;
  return [
    measured(`re-register unchanged ${shape.label}`, round1(unchanged.wallMs / 1_000), 's', reRegisterTarget),
    measured('re-register unchanged: bytes uploaded', unchanged.uploadedBytes, 'B', { op: '<', value: 1 }),
    measured(`re-register, one ${changedFile.size / MiB} MiB file changed`, round1(changed.wallMs / 1_000), 's'),
    measured('re-register, one file changed: MiB uploaded', round1(changed.uploadedBytes / MiB), 'MiB'),
    measured(
      're-register, one file changed: bytes sent beyond that file',
      Math.abs(changed.uploadedBytes - changedFile.size),
      'B',
      { op: '<', value: 1 },
    ),
  ];
}
