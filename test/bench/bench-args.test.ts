import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { defaultBaselinePath, parseBenchArgs } from '../../bench/lib/bench-args.js';

describe('npm run bench arguments', () => {
  it('no arguments run the full bench with no comparison', () => {
    assert.deepEqual(parseBenchArgs([]), { names: [], help: false });
  });

  it('names, quick and --compare FILE combine', () => {
    assert.deepEqual(parseBenchArgs(['quick', '--compare', 'bench/baseline.json']), {
      names: ['quick'],
      compare: 'bench/baseline.json',
      help: false,
    });
    assert.equal(parseBenchArgs(['--compare=b.json', 'registry-show']).compare, 'b.json');
  });

  it('--write-baseline writes the committed baseline unless given a file', () => {
    assert.equal(parseBenchArgs(['--write-baseline']).writeBaseline, defaultBaselinePath);
    assert.equal(parseBenchArgs(['--write-baseline=x.json']).writeBaseline, 'x.json');
  });

  it('--compare without a file, an empty file name or an unknown option is refused', () => {
    assert.throws(() => parseBenchArgs(['--compare']), /--compare needs a baseline file/);
    assert.throws(() => parseBenchArgs(['--compare', '--write-baseline']), /--compare needs a baseline file/);
    assert.throws(() => parseBenchArgs(['--compare=']), /empty/);
    assert.throws(() => parseBenchArgs(['--fast']), /unknown option --fast/);
  });
});
