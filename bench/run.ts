/**
 * `npm run bench [-- <name> …]`: runs the named benchmarks (all by default), prints one markdown
 * table and writes `bench/results/<name>.json` and `bench/results/summary.md`. Benchmarks measure
 * and report; a missed target is reported, never fatal. Only a benchmark that cannot run exits 1.
 */
import { performance } from 'node:perf_hooks';
import { assetTransfer } from './asset-transfer.js';
import { blobStoreFs } from './blob-store-fs.js';
import { coldStart } from './cold-start.js';
import { ociTransfer } from './oci-transfer.js';
import { killAllChildrenNow, stopAllChildren } from './lib/processes.js';
import { machineInfo, markdownTable, writeReports, type Benchmark, type BenchmarkReport } from './lib/report.js';
import { registryList } from './registry-list.js';
import { registryShow } from './registry-show.js';
import { reregisterCache } from './reregister-cache.js';
import { replication } from './replication.js';
import { authzOverhead } from './authz-overhead.js';
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
  ociTransfer,
  replication,
];

async function runOne(benchmark: Benchmark): Promise<BenchmarkReport> {
  const started = performance.now();
  const base = { name: benchmark.name, description: benchmark.description, machine: machineInfo() };
  process.stderr.write(`[bench] ${benchmark.name}: running…\n`);
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

/** Picks benchmarks by name; `undefined` when a name is unknown. */
export function selectBenchmarks(names: readonly string[]): Benchmark[] | undefined {
  if (names.length === 0) return [...benchmarks];
  const picked: Benchmark[] = [];
  for (const name of names) {
    const found = benchmarks.find((benchmark) => benchmark.name === name);
    if (found === undefined) return undefined;
    if (!picked.includes(found)) picked.push(found);
  }
  return picked;
}

export async function main(argv: readonly string[]): Promise<number> {
  const selected = selectBenchmarks(argv);
  if (selected === undefined) {
    process.stderr.write(
      `usage: npm run bench [-- <name> …]\nbenchmarks: ${benchmarks.map((b) => b.name).join(', ')}\n`,
    );
    return 2;
  }
  const reports: BenchmarkReport[] = [];
  for (const benchmark of selected) reports.push(await runOne(benchmark));
  await writeReports(reports, machineInfo());
  process.stdout.write(markdownTable(reports));
  return reports.some((report) => report.error !== undefined) ? 1 : 0;
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
