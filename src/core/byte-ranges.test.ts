import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ArcaError } from './errors.js';
import { parseRange, rangeWithin, servedRange } from './byte-ranges.js';

const rangeInvalid = (error: unknown): boolean => error instanceof ArcaError && error.code === 'RangeInvalid';

describe('byte ranges', () => {
  it('parses a closed, an open and a suffix range', () => {
    assert.deepEqual(parseRange('bytes=2-5', 10), { start: 2, end: 5 });
    assert.deepEqual(parseRange('bytes=2-', 10), { start: 2 });
    assert.deepEqual(parseRange('bytes=-3', 10), { start: 7 });
    assert.deepEqual(parseRange('bytes=-30', 10), { start: 0 });
    assert.equal(parseRange(undefined, 10), undefined);
  });

  it('refuses a header that is not one bytes range: RangeInvalid', () => {
    for (const header of ['bytes=-', 'bytes=1-2,4-5', 'items=1-2', 'bytes=a-b'])
      assert.throws(() => parseRange(header, 10), rangeInvalid, header);
  });

  it('cuts an end past the content to its last byte', () => {
    assert.deepEqual(rangeWithin({ start: 4, end: 99 }, 10, 'file'), { start: 4, end: 9 });
    assert.deepEqual(rangeWithin({ start: 4 }, 10, 'blob'), { start: 4, end: 9 });
  });

  it('refuses a range that starts past the end or ends before it starts, with the size in the error', () => {
    for (const asked of [{ start: 10 }, { start: 12, end: 14 }, { start: 5, end: 3 }])
      assert.throws(
        () => rangeWithin(asked, 10, 'blob'),
        (error: unknown) => rangeInvalid(error) && (error as ArcaError).context.size === 10,
      );
    assert.throws(() => servedRange('bytes=-0', 10, 'file'), rangeInvalid);
  });

  it('resolves a header against the size in one step', () => {
    assert.deepEqual(servedRange('bytes=-3', 10, 'file'), { start: 7, end: 9 });
    assert.equal(servedRange(undefined, 10, 'file'), undefined);
  });
});
