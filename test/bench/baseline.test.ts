import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import {
  baselineFrom,
  compareRatio,
  compareWithBaseline,
  comparisonTable,
  formatBaseline,
  parseBaseline,
  ratiosOf,
  type Baseline,
} from '../../bench/lib/baseline.js';
import {
  measured,
  measuredRatio,
  type BenchmarkReport,
  type MachineInfo,
  type Metric,
} from '../../bench/lib/report.js';

const machine: MachineInfo = {
  cpus: 2,
  cpuModel: 'Test CPU',
  memoryGiB: 8,
  node: 'v20.0.0',
  platform: 'linux-x64',
  date: '2026-12-02T00:00:00.000Z',
  loadAverage1m: 0.1,
};

function report(name: string, metrics: Metric[], error?: string): BenchmarkReport {
  return {
    name,
    description: name,
    machine,
    durationMs: 1,
    metrics,
    targetsMet: true,
    ...(error === undefined ? {} : { error }),
  };
}

const baseline: Baseline = {
  machine: '2 × Test CPU',
  date: '2026-12-01T00:00:00.000Z',
  ratios: { 'registry-show': { 'Arca ÷ bare Fastify (req/s)': 0.5 }, 'asset-transfer': { 'upload ÷ sink PUT': 0.8 } },
};

describe('bench ratios', () => {
  it('a ratio metric is numerator ÷ denominator to three decimals, unitless, held to its target', () => {
    const ratio = measuredRatio('upload ÷ sink PUT', 2, 3, { op: '>=', value: 0.7 });
    assert.deepEqual(ratio, {
      metric: 'upload ÷ sink PUT',
      value: 0.667,
      unit: '×',
      target: { op: '>=', value: 0.7 },
      met: false,
      ratio: true,
    });
  });

  it('a ratio over a zero denominator is not a number rather than infinite', () => {
    assert.ok(Number.isNaN(measuredRatio('x', 1, 0).value));
  });

  it('only ratios (marked, or in ×) with a finite value are collected, by benchmark and metric', () => {
    const ratios = ratiosOf([
      report('registry-show', [
        measured('Arca requests/s', 900, 'req/s'),
        measuredRatio('Arca ÷ bare Fastify (req/s)', 1, 4),
        measuredRatio('broken', 1, 0),
      ]),
      report('replication', [measured('replication ÷ cp', 0.7, '×')]),
    ]);
    assert.deepEqual(ratios, {
      'registry-show': { 'Arca ÷ bare Fastify (req/s)': 0.25 },
      replication: { 'replication ÷ cp': 0.7 },
    });
  });

  it('a ratio printed for context only (compared: false) is shown but never held against the baseline', () => {
    const context = measuredRatio('upload ÷ cp', 1, 10, undefined, { compared: false });
    assert.equal(context.unit, '×');
    assert.equal(context.value, 0.1);
    assert.deepEqual(ratiosOf([report('asset-transfer', [context, measuredRatio('upload ÷ sink PUT', 1, 2)])]), {
      'asset-transfer': { 'upload ÷ sink PUT': 0.5 },
    });
  });

  it('a written baseline keeps the previous entries of benchmarks the run did not include', () => {
    const written = baselineFrom(
      [report('registry-show', [measuredRatio('Arca ÷ bare Fastify (req/s)', 1, 5)])],
      machine,
      baseline,
    );
    assert.deepEqual(written.ratios, {
      'registry-show': { 'Arca ÷ bare Fastify (req/s)': 0.2 },
      'asset-transfer': { 'upload ÷ sink PUT': 0.8 },
    });
    assert.equal(written.date, machine.date);
    assert.match(written.machine, /2 × Test CPU/);
  });

  it('a formatted baseline parses back to itself', () => {
    assert.deepEqual(parseBaseline(formatBaseline(baseline), 'b.json'), baseline);
  });

  it('the committed bench/baseline.json parses', async () => {
    const text = await readFile(new URL('../../bench/baseline.json', import.meta.url), 'utf8');
    const parsed = parseBaseline(text, 'bench/baseline.json');
    assert.ok(Object.keys(parsed.ratios).length > 0);
  });
});

describe('a bad baseline file gives a clear error', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{ratios', /b\.json is not a bench baseline: not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['no machine', '{"date":"d","ratios":{}}', /"machine" is not a string/],
    ['ratios not an object', '{"machine":"m","date":"d","ratios":3}', /"ratios" is not an object/],
    ['a benchmark not an object', '{"machine":"m","date":"d","ratios":{"a":1}}', /"ratios\.a" is not an object/],
    [
      'a ratio not a number',
      '{"machine":"m","date":"d","ratios":{"a":{"r":"0.5"}}}',
      /"ratios\.a\.r" is not a finite number/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`refuses ${what}, naming the file, the problem and how to write one`, () => {
      assert.throws(
        () => parseBaseline(text, 'b.json'),
        (error: Error) => message.test(error.message) && error.message.includes('--write-baseline'),
      );
    });
  }
});

describe('comparing ratios with the baseline', () => {
  it('a higher-is-better ratio that fell by more than 15 % is marked', () => {
    const row = compareRatio(0.39, 0.5, false);
    assert.equal(row.regressed, true);
    assert.equal(row.verdict, '**fell 22 %**');
    assert.ok(Math.abs((row.change ?? 0) + 0.22) < 1e-9);
  });

  it('a fall of 15 % or less is shown but not marked', () => {
    const row = compareRatio(0.43, 0.5, false);
    assert.equal(row.regressed, false);
    assert.equal(row.verdict, 'fell 14 %');
  });

  it('a rise of a higher-is-better ratio is never a regression', () => {
    assert.equal(compareRatio(1, 0.5, false).regressed, false);
  });

  it('for a lower-is-better ratio (a < target) a rise beyond 15 % is the regression and a fall is not', () => {
    assert.equal(compareRatio(1.2, 1, true).verdict, '**rose 20 %**');
    assert.equal(compareRatio(0.5, 1, true).regressed, false);
  });

  it('an unchanged ratio says so', () => {
    assert.equal(compareRatio(0.5, 0.5, false).verdict, 'same');
  });

  it('a ratio missing from either side is shown as such, not a crash', () => {
    const rows = compareWithBaseline(
      [
        report('registry-show', [measuredRatio('Arca ÷ bare Fastify (req/s)', 0, 0)]),
        report('asset-transfer', [measuredRatio('download ÷ sink GET', 1, 2)]),
      ],
      baseline,
    );
    assert.deepEqual(
      rows.map((row) => [row.benchmark, row.metric, row.verdict]),
      [
        ['registry-show', 'Arca ÷ bare Fastify (req/s)', 'not measured in this run'],
        ['asset-transfer', 'download ÷ sink GET', 'not in the baseline'],
        ['asset-transfer', 'upload ÷ sink PUT', 'missing in this run'],
      ],
    );
  });

  it('a benchmark that failed shows its baseline ratios as missing; benchmarks not run are left out', () => {
    const rows = compareWithBaseline([report('asset-transfer', [], 'the server did not start')], baseline);
    assert.deepEqual(
      rows.map((row) => [row.benchmark, row.verdict]),
      [['asset-transfer', 'missing in this run']],
    );
  });

  it('the table prints both sides and counts the regressions', () => {
    const rows = compareWithBaseline(
      [report('registry-show', [measuredRatio('Arca ÷ bare Fastify (req/s)', 1, 4)])],
      baseline,
    );
    const table = comparisonTable(rows, baseline, 'bench/baseline.json');
    assert.match(
      table,
      /\| registry-show \| Arca ÷ bare Fastify \(req\/s\) \| 0\.250 × \| 0\.500 × \| \*\*fell 50 %\*\* \|/,
    );
    assert.match(table, /\*\*1 ratio\(s\) regressed\.\*\*/);
  });
});
