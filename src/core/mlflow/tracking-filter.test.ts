import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isArcaError } from '../errors.js';
import { clauseMatches, parseFilter, parseOrderBy } from './tracking-filter.js';

describe('MLflow search filters', () => {
  it('reads clauses of each entity joined by AND, whatever the case of the joiner', () => {
    assert.deepEqual(parseFilter('attributes.status = \'FINISHED\' and params.lr = "0.1" AND metrics.acc >= 0.5'), [
      { entity: 'attribute', key: 'status', op: '=', value: 'FINISHED' },
      { entity: 'param', key: 'lr', op: '=', value: '0.1' },
      { entity: 'metric', key: 'acc', op: '>=', value: 0.5 },
    ]);
  });

  it('reads backquoted keys, a bare attribute name, IN and NOT IN lists', () => {
    assert.deepEqual(parseFilter("tags.`my key` != 'x'"), [{ entity: 'tag', key: 'my key', op: '!=', value: 'x' }]);
    assert.deepEqual(parseFilter("name LIKE 'a%'"), [{ entity: 'attribute', key: 'name', op: 'LIKE', value: 'a%' }]);
    assert.deepEqual(parseFilter("run_id NOT IN ('a', 'b')"), [
      { entity: 'attribute', key: 'run_id', op: 'NOT IN', value: ['a', 'b'] },
    ]);
  });

  it('reads an empty filter as no clauses', () => {
    assert.deepEqual(parseFilter('  '), []);
    assert.deepEqual(parseFilter(undefined), []);
  });

  it('refuses OR, an unknown entity, a missing value and an unsupported comparison, naming the field', () => {
    for (const text of [
      "a = '1' OR b = '2'",
      "datasets.name = 'd'",
      'params.lr =',
      "params.lr IS 'x'",
      "params.lr = 'x",
    ]) {
      assert.throws(
        () => parseFilter(text, 'filter_string'),
        (error) => isArcaError(error) && error.code === 'InvalidParameter' && error.target === 'filter_string',
        text,
      );
    }
  });

  it('matches LIKE with % and _ (ILIKE without case), numbers as numbers, and never a missing field', () => {
    const [like] = parseFilter("name LIKE 'fr_ud%'");
    assert.equal(clauseMatches(like!, 'fraud-v2'), true);
    assert.equal(clauseMatches(like!, 'FRAUD'), false);
    const [ilike] = parseFilter("name ILIKE 'fr_ud%'");
    assert.equal(clauseMatches(ilike!, 'FRAUD'), true);
    const [greater] = parseFilter('metrics.acc > 0.5');
    assert.equal(clauseMatches(greater!, 0.75), true);
    assert.equal(clauseMatches(greater!, undefined), false);
    const [not] = parseFilter("params.lr != '1'");
    assert.equal(clauseMatches(not!, undefined), false);
  });

  it('reads order_by with an optional direction and refuses anything after it', () => {
    assert.deepEqual(parseOrderBy('metrics.acc DESC'), { entity: 'metric', key: 'acc', ascending: false });
    assert.deepEqual(parseOrderBy('start_time'), { entity: 'attribute', key: 'start_time', ascending: true });
    assert.throws(
      () => parseOrderBy('start_time DESC extra'),
      (error) => isArcaError(error),
    );
  });
});
