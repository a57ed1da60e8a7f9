/**
 * `npm run bench [-- quick | <name> …] [--compare FILE] [--write-baseline]`: runs the named benchmarks
 * (the full bench by default), prints one markdown table (with the servers' peak RSS through the whole
 * run) and writes `bench/results/<name>.json` and `bench/results/summary.md`. Benchmarks measure and
 * report; a missed target or a regressed ratio is reported, never fatal. Only a benchmark that cannot
 * run exits 1; bad arguments or an unreadable baseline exit 2 before anything runs.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { assetTransfer, assetTransferQuick } from './asset-transfer.js';
import { blobStoreFs } from './blob-store-fs.js';
import { coldStart } from './cold-start.js';
import { events } from './events.js';
import { ociTransfer } from './oci-transfer.js';
import {
  baselineFrom,
  compareWithBaseline,
  comparisonTable,
  formatBaseline,
  parseBaseline,
  type Baseline,
} from './lib/baseline.js';
import { benchUsage, parseBenchArgs, type BenchArgs } from './lib/bench-args.js';
import { recordedServerPeaks, setCurrentBenchmark, wholeBenchMetrics } from './lib/memory.js';
import { killAllChildrenNow, stopAllChildren } from './lib/processes.js';
import {
  machineInfo,
  markdownTable,
  writeReports,
  type Benchmark,
  type BenchmarkReport,
  type MachineInfo,
} from './lib/report.js';
import { registryList } from './registry-list.js';
import { registryShow, registryShowQuick } from './registry-show.js';
import { reregisterCache } from './reregister-cache.js';
import { replication } from './replication.js';
import { authzOverhead } from './authz-overhead.js';
import { studioList } from './studio-list.js';
import { versionList } from './version-list.js';

/** Every benchmark, in the order `npm run bench` runs them. */
export const benchmarks: readonly Benchmark[] = [
  registryShow,
  authzOverhead,
  registryList,
  coldStart,
  blobStoreFs,
  assetTransfer,
  reregisterCache,
  versionList,
  studioList,
  ociTransfer,
  replication,
  events,
];

/** `npm run bench -- quick`: the request path, start-up and a 256 MiB transfer, each beside its anchor. */
export const quickSuite: readonly Benchmark[] = [registryShowQuick, coldStart, assetTransferQuick];

/** Benchmarks that run only when named (or through `quick`). */
const namedOnly: readonly Benchmark[] = [registryShowQuick, assetTransferQuick];

async function runOne(benchmark: Benchmark): Promise<BenchmarkReport> {
  const started = performance.now();
  const base = { name: benchmark.name, description: benchmark.description, machine: machineInfo() };
  process.stderr.write(`[bench] ${benchmark.name}: running…\n`);
  setCurrentBenchmark(benchmark.name);
  try {
    const run = await benchmark.run();
    const durationMs = Math.round(performance.now() - started);
    const targetsMet = run.metrics.every((metric) => metric.met !== false);
    process.stderr.write(`[bench] ${benchmark.name}: done in ${(durationMs / 1_000).toFixed(1)} s\n`);
    return { ...base, ...run, durationMs, targetsMet };
  } catch (error) {
    await stopAllChildren();
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[bench] ${benchmark.name}: failed: ${message}\n`);
    return { ...base, durationMs: Math.round(performance.now() - started), error: message, targetsMet: false };
  }
}

/** Picks benchmarks by name (`quick` for the quick suite); `undefined` when a name is unknown. */
export function selectBenchmarks(names: readonly string[]): Benchmark[] | undefined {
  if (names.length === 0) return [...benchmarks];
  const picked: Benchmark[] = [];
  for (const name of names) {
    const found =
      name === 'quick' ? quickSuite : [...benchmarks, ...namedOnly].filter((benchmark) => benchmark.name === name);
    if (found.length === 0) return undefined;
    for (const benchmark of found) if (!picked.includes(benchmark)) picked.push(benchmark);
  }
  return picked;
}

/** The extra report of the servers' memory through the whole run; undefined when no server was recorded. */
function wholeBenchMemory(machine: MachineInfo, durationMs: number): BenchmarkReport | undefined {
  const peaks = recordedServerPeaks();
  const metrics = wholeBenchMetrics(peaks);
  if (metrics.length === 0) return undefined;
  return {
    name: 'whole-bench',
    description: 'Peak RSS (VmHWM) of every server the run started, read when each stopped',
    machine,
    durationMs,
    parameters: {
      rss: 'VmHWM of each server process at its stop; an in-process server: the bench process’s, reset when it started; anchors are recorded in the details, not counted',
    },
    metrics,
    details: { peaks },
    targetsMet: metrics.every((metric) => metric.met !== false),
  };
}

/** Reads the baseline to compare with; throws a clear message before any benchmark runs. */
async function readBaseline(path: string): Promise<Baseline> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new Error(`cannot read the baseline ${path}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return parseBaseline(text, path);
}

/** Writes the run's ratios over the previous baseline at `path` (an unreadable previous one is replaced). */
async function writeBaseline(path: string, reports: readonly BenchmarkReport[], machine: MachineInfo): Promise<void> {
  const previous = existsSync(path) ? await readBaseline(path).catch(() => undefined) : undefined;
  await writeFile(path, formatBaseline(baselineFrom(reports, machine, previous)));
  process.stderr.write(`[bench] wrote the ratios of this run into ${path}\n`);
}

async function runSelected(selected: readonly Benchmark[], args: BenchArgs, baseline?: Baseline): Promise<number> {
  const machine = machineInfo();
  const started = performance.now();
  const reports: BenchmarkReport[] = [];
  for (const benchmark of selected) reports.push(await runOne(benchmark));
  const memory = wholeBenchMemory(machine, Math.round(performance.now() - started));
  const all = memory === undefined ? reports : [...reports, memory];
  const comparison =
    baseline === undefined || args.compare === undefined
      ? undefined
      : comparisonTable(compareWithBaseline(reports, baseline), baseline, args.compare);
  await writeReports(all, machine, comparison);
  process.stdout.write(markdownTable(all));
  if (comparison !== undefined) process.stdout.write(`\n${comparison}`);
  if (args.writeBaseline !== undefined) await writeBaseline(args.writeBaseline, reports, machine);
  return reports.some((report) => report.error !== undefined) ? 1 : 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  let baseline: Baseline | undefined;
  try {
    args = parseBenchArgs(argv);
    if (args.compare !== undefined) baseline = await readBaseline(args.compare);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${benchUsage}\n`);
    return 2;
  }
  const selected = selectBenchmarks(args.names);
  if (args.help || selected === undefined) {
    const names = [...benchmarks, ...namedOnly].map((b) => b.name).join(', ');
    process.stderr.write(`${benchUsage}\nbenchmarks: quick, ${names}\n`);
    return args.help ? 0 : 2;
  }
  return runSelected(selected, args, baseline);
}

// Whatever happens, no child (server or load generator) outlives the harness.
process.once('exit', killAllChildrenNow);
for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
] as const) {
  process.once(signal, () => {
    killAllChildrenNow();
    process.exit(128 + number);
  });
}

process.exitCode = await main(process.argv.slice(2));
