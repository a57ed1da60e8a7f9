import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';

/** A bound a metric should meet: `value <op> threshold`. */
export interface Target {
  op: '>=' | '<';
  value: number;
}

/** One measured number, with the target it is held against: the issue's, or a sanity bound (no errors). */
export interface Metric {
  metric: string;
  value: number;
  unit: string;
  target?: Target;
  /** Present only when there is a target. */
  met?: boolean;
  /**
   * True on a unitless ratio (`×`) to an anchor measured in the same run: what `--compare` holds against
   * bench/baseline.json, since a slow or busy machine moves both sides of it. False on a ratio printed
   * for context only (e.g. to `cp`, whose speed depends on the page cache), which is not compared.
   */
  ratio?: boolean;
}

/** What a benchmark returns: the parameters it ran with and what it measured. */
export interface BenchmarkRun {
  parameters: Record<string, unknown>;
  metrics: Metric[];
  /** Raw per-run numbers and other detail worth keeping in the JSON. */
  details?: Record<string, unknown>;
}

/** A named benchmark; `run` measures and reports, it never asserts. */
export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchmarkRun>;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  /** Load average over the last minute when the benchmark started: other work on the machine skews the numbers. */
  loadAverage1m: number;
}

/** The JSON written to `bench/results/<name>.json`. */
export interface BenchmarkReport extends Partial<BenchmarkRun> {
  name: string;
  description: string;
  machine: MachineInfo;
  durationMs: number;
  /** Set when the benchmark could not run to the end; its metrics are then missing. */
  error?: string;
  targetsMet: boolean;
}

export const resultsDir = new URL('../results/', import.meta.url);

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** A metric with its target evaluated. */
export function measured(metric: string, value: number, unit: string, target?: Target): Metric {
  if (target === undefined) return { metric, value, unit };
  const met = target.op === '>=' ? value >= target.value : value < target.value;
  return { metric, value, unit, target, met };
}

/**
 * `numerator ÷ denominator` as a ratio metric (three decimals, so a 15 % change of a small ratio still
 * shows; unit `×`). Unless the target says otherwise (`<`), a higher ratio is the better one.
 */
export function measuredRatio(
  metric: string,
  numerator: number,
  denominator: number,
  target?: Target,
  options: { compared?: boolean } = {},
): Metric {
  const value = denominator > 0 ? Math.round((numerator / denominator) * 1000) / 1000 : NaN;
  return { ...measured(metric, value, '×', target), ratio: options.compared ?? true };
}

/** Whether a lower value of the metric is the better one (its target is an upper bound). */
export function lowerIsBetter(metric: Pick<Metric, 'target'>): boolean {
  return metric.target?.op === '<';
}

/** Median and maximum of a non-empty list of numbers. */
export function medianAndMax(values: readonly number[]): { median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
  return { median, max: sorted.at(-1) ?? NaN };
}

/** Bytes in a time as decimal megabytes per second (the unit of `cp`, `dd` and the issue's targets). */
export function megabytesPerSecond(bytes: number, ms: number): number {
  return Math.round(bytes / 1e6 / (ms / 1_000));
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function formatTarget(metric: Metric): string {
  return metric.target === undefined
    ? '—'
    : `${metric.target.op} ${formatNumber(metric.target.value)} ${metric.unit}`.trim();
}

function formatMet(metric: Metric): string {
  if (metric.met === undefined) return '—';
  return metric.met ? 'yes' : '**no**';
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').replaceAll('|', '\\|');
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}

/** One markdown table over every report: benchmark, metric, value, target, met?. */
export function markdownTable(reports: readonly BenchmarkReport[]): string {
  const rows = ['| benchmark | metric | value | target | met? |', '| --- | --- | ---: | --- | --- |'];
  for (const report of reports) {
    if (report.error !== undefined) {
      rows.push(`| ${report.name} | error | ${oneLine(report.error, 160)} (see ${report.name}.json) | — | **no** |`);
      continue;
    }
    for (const metric of report.metrics ?? []) {
      rows.push(
        `| ${report.name} | ${metric.metric} | ${`${formatNumber(metric.value)} ${metric.unit}`.trim()} | ${formatTarget(metric)} | ${formatMet(metric)} |`,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

/** Writes `<name>.json` per report and `summary.md` (machine line, table, any comparison) into `bench/results/`. */
export async function writeReports(
  reports: readonly BenchmarkReport[],
  machine: MachineInfo,
  comparison?: string,
): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  for (const report of reports) {
    await writeFile(new URL(`${report.name}.json`, resultsDir), `${JSON.stringify(report, null, 2)}\n`);
  }
  const loads = reports.map((report) => `${report.name} ${report.machine.loadAverage1m}`).join(', ');
  const header = [
    '# Arca benchmarks',
    '',
    `${machine.date} · ${machine.cpus} × ${machine.cpuModel} · ${machine.memoryGiB} GiB · Node ${machine.node} · ${machine.platform}`,
    '',
    `Load average (1 min) when each benchmark started: ${loads}.`,
    '',
    '',
  ].join('\n');
  const compared = comparison === undefined ? '' : `\n${comparison}`;
  await writeFile(new URL('summary.md', resultsDir), header + markdownTable(reports) + compared);
}
