import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compact } from './compact.js';

test('compact drops the keys whose value is undefined and keeps every other value, falsy ones too', () => {
  const region: string | undefined = undefined;
  const result = compact({ name: 'fraud', region, count: 0, flag: false, note: null, empty: '' });
  assert.deepStrictEqual(result, { name: 'fraud', count: 0, flag: false, note: null, empty: '' });
  assert.equal('region' in result, false);
});

test('compact keeps a defined optional value under its key', () => {
  const limit: number | undefined = 5;
  assert.deepStrictEqual(compact({ limit }), { limit: 5 });
});
