/**
 * The committed baseline of ratios (bench/baseline.json) and `--compare` against it. Only ratios are
 * kept: both sides of each were measured in the same run, so they travel between machines far better
 * than req/s or MB/s do. The baseline is rewritten (`--write-baseline`) in the same commit as a
 * deliberate change to what it measures.
 */
import { lowerIsBetter, type BenchmarkReport, type MachineInfo, type Metric } from './report.js';

/** Ratios by benchmark, then by metric name, as the table prints them. */
export type Ratios = Record<string, Record<string, number>>;

export interface Baseline {
  /** The machine line of the run that wrote it (cores, CPU, memory, Node). */
  machine: string;
  /** When that run started (ISO 8601). */
  date: string;
  ratios: Ratios;
}

/** A fall (or, for a lower-is-better ratio, a rise) beyond this fraction is marked as a regression. */
export const regressionThreshold = 0.15;

/** One line of the comparison: either side may be missing. */
export interface ComparisonRow {
  benchmark: string;
  metric: string;
  current?: number;
  baseline?: number;
  /** (current − baseline) ÷ baseline; undefined when either side is missing or the baseline is 0. */
  change?: number;
  regressed: boolean;
  /** What the last column says: `same`, `rose 4 %`, `**fell 22 %**`, `missing in this run`… */
  verdict: string;
}

/** Whether `--compare` holds the metric against the baseline: as its `ratio` says, else any `×` figure. */
export function isRatio(metric: Metric): boolean {
  return metric.ratio ?? metric.unit === '×';
}

/** The one-line description of a machine that a baseline and the summary carry. */
export function machineLine(machine: MachineInfo): string {
  return `${machine.cpus} × ${machine.cpuModel} · ${machine.memoryGiB} GiB · Node ${machine.node} · ${machine.platform}`;
}

/** Every finite ratio of the reports, by benchmark and metric. */
export function ratiosOf(reports: readonly BenchmarkReport[]): Ratios {
  const ratios: Ratios = {};
  for (const report of reports) {
    for (const metric of report.metrics ?? []) {
      if (!isRatio(metric) || !Number.isFinite(metric.value)) continue;
      (ratios[report.name] ??= {})[metric.metric] = metric.value;
    }
  }
  return ratios;
}

/**
 * The baseline a run writes: its ratios over the previous baseline's, benchmark by benchmark (so
 * `quick` and the full bench can each refresh their own entries without dropping the other's).
 */
export function baselineFrom(reports: readonly BenchmarkReport[], machine: MachineInfo, previous?: Baseline): Baseline {
  return { machine: machineLine(machine), date: machine.date, ratios: { ...previous?.ratios, ...ratiosOf(reports) } };
}

function fail(source: string, why: string): never {
  throw new Error(
    `${source} is not a bench baseline: ${why}. Write one with \`npm run bench -- --write-baseline\` (see docs/operations.md, "Benchmarks").`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks a baseline file's text; throws a message naming the file and what is wrong. */
export function parseBaseline(text: string, source: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(source, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(parsed)) fail(source, 'not a JSON object');
  const { machine, date, ratios } = parsed;
  if (typeof machine !== 'string') fail(source, '"machine" is not a string');
  if (typeof date !== 'string') fail(source, '"date" is not a string');
  if (!isObject(ratios)) fail(source, '"ratios" is not an object of benchmarks');
  const checked: Ratios = {};
  for (const [benchmark, metrics] of Object.entries(ratios)) {
    if (!isObject(metrics)) fail(source, `"ratios.${benchmark}" is not an object of metrics`);
    for (const [metric, value] of Object.entries(metrics)) {
      if (typeof value !== 'number' || !Number.isFinite(value))
        fail(source, `"ratios.${benchmark}.${metric}" is not a finite number`);
      (checked[benchmark] ??= {})[metric] = value;
    }
  }
  return { machine, date, ratios: checked };
}

/** The baseline file's text: stable key order, two-space JSON, a final newline. */
export function formatBaseline(baseline: Baseline): string {
  const ratios: Ratios = {};
  for (const benchmark of Object.keys(baseline.ratios).sort()) ratios[benchmark] = { ...baseline.ratios[benchmark] };
  return `${JSON.stringify({ machine: baseline.machine, date: baseline.date, ratios }, null, 2)}\n`;
}

function percent(change: number): string {
  return `${Math.round(Math.abs(change) * 100)} %`;
}

/** Compares one ratio measured now with the baseline's, direction-aware. */
export function compareRatio(
  current: number,
  baseline: number,
  lowerBetter: boolean,
): Pick<ComparisonRow, 'change' | 'regressed' | 'verdict'> {
  if (baseline === 0) return { regressed: false, verdict: current === 0 ? 'same' : 'baseline is 0' };
  const change = (current - baseline) / baseline;
  const worse = lowerBetter ? change : -change;
  const word = change < 0 ? 'fell' : 'rose';
  if (worse > regressionThreshold) return { change, regressed: true, verdict: `**${word} ${percent(change)}**` };
  return { change, regressed: false, verdict: Math.round(change * 100) === 0 ? 'same' : `${word} ${percent(change)}` };
}

function baselineOnlyRows(benchmark: string, seen: ReadonlySet<string>, baseline: Baseline): ComparisonRow[] {
  return Object.entries(baseline.ratios[benchmark] ?? {})
    .filter(([metric]) => !seen.has(metric))
    .map(([metric, value]) => ({
      benchmark,
      metric,
      baseline: value,
      regressed: false,
      verdict: 'missing in this run',
    }));
}

function reportRows(report: BenchmarkReport, baseline: Baseline): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const seen = new Set<string>();
  for (const metric of report.metrics ?? []) {
    if (!isRatio(metric)) continue;
    seen.add(metric.metric);
    const base = baseline.ratios[report.name]?.[metric.metric];
    const row = { benchmark: report.name, metric: metric.metric };
    if (!Number.isFinite(metric.value))
      rows.push({ ...row, baseline: base, regressed: false, verdict: 'not measured in this run' });
    else if (base === undefined)
      rows.push({ ...row, current: metric.value, regressed: false, verdict: 'not in the baseline' });
    else
      rows.push({
        ...row,
        current: metric.value,
        baseline: base,
        ...compareRatio(metric.value, base, lowerIsBetter(metric)),
      });
  }
  return [...rows, ...baselineOnlyRows(report.name, seen, baseline)];
}

/**
 * Every ratio of the benchmarks that ran, beside the baseline's. Benchmarks the run did not include
 * are left out (a `quick` run is not missing the full bench's ratios); a benchmark that failed shows
 * its baseline ratios as missing.
 */
export function compareWithBaseline(reports: readonly BenchmarkReport[], baseline: Baseline): ComparisonRow[] {
  return reports.flatMap((report) => reportRows(report, baseline));
}

function cell(value: number | undefined): string {
  return value === undefined ? '—' : `${value.toFixed(value < 1 ? 3 : 2)} ×`;
}

/** The comparison as a markdown table, with the baseline's machine and date above it. */
export function comparisonTable(rows: readonly ComparisonRow[], baseline: Baseline, source: string): string {
  const regressions = rows.filter((row) => row.regressed).length;
  const lines = [
    `Ratios against ${source} (${baseline.date}, ${baseline.machine}); worse by more than ${regressionThreshold * 100} % is marked.`,
    '',
    '| benchmark | ratio | this run | baseline | change |',
    '| --- | --- | ---: | ---: | --- |',
    ...rows.map(
      (row) => `| ${row.benchmark} | ${row.metric} | ${cell(row.current)} | ${cell(row.baseline)} | ${row.verdict} |`,
    ),
    '',
    regressions === 0 ? 'No ratio regressed.' : `**${regressions} ratio(s) regressed.**`,
  ];
  return `${lines.join('\n')}\n`;
}
