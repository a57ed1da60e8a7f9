import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { wholeBenchMetrics, type ServerPeak } from '../../bench/lib/memory.js';

const peak = (benchmark: string, kind: ServerPeak['kind'], peakRssMiB: number): ServerPeak => ({
  benchmark,
  server: kind === 'anchor' ? 'sink anchor' : 'arca serve',
  kind,
  peakRssMiB,
});

describe('the whole-bench server memory rows', () => {
  it('hold the highest arca serve peak of any benchmark to < 200 MB, naming the benchmark', () => {
    const [row, ...rest] = wholeBenchMetrics([
      peak('registry-show', 'process', 120),
      peak('asset-transfer', 'process', 200),
      peak('replication', 'process', 150),
    ]);
    assert.equal(rest.length, 0);
    assert.equal(row?.value, 210); // 200 MiB in decimal MB
    assert.deepEqual(row?.target, { op: '<', value: 200 });
    assert.equal(row?.met, false);
    assert.match(row?.metric ?? '', /3 arca serve processes; highest: asset-transfer/);
  });

  it('count no anchor, and show an in-process server apart, without a target', () => {
    const rows = wholeBenchMetrics([
      peak('registry-show', 'anchor', 900),
      peak('registry-show', 'process', 100),
      peak('authz-overhead', 'in-process', 400),
    ]);
    assert.deepEqual(
      rows.map((row) => [row.value, row.target === undefined]),
      [
        [105, false],
        [419, true],
      ],
    );
    assert.match(rows[1]?.metric ?? '', /authz-overhead/);
  });

  it('print nothing when no server was recorded', () => {
    assert.deepEqual(wholeBenchMetrics([peak('x', 'anchor', 50)]), []);
  });
});
