import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseOrderBy } from './order-by.js';

const allowed = ['name', 'created', 'size'];

function rejects(text: string, message: RegExp) {
  assert.throws(
    () => parseOrderBy(text, allowed),
    (e: any) => e.code === 'OrderByInvalid' && e.target === 'orderBy' && message.test(e.message),
  );
}

describe('orderBy parsing', () => {
  it('reads fields with optional directions, ascending by default', () => {
    assert.deepEqual(parseOrderBy('created desc, name', allowed), [
      { field: 'created', direction: 'desc' },
      { field: 'name', direction: 'asc' },
    ]);
    assert.deepEqual(parseOrderBy('  size   ASC ,name DESC ', allowed), [
      { field: 'size', direction: 'asc' },
      { field: 'name', direction: 'desc' },
    ]);
  });

  it('gives no terms for a blank orderBy', () => {
    assert.deepEqual(parseOrderBy('', allowed), []);
    assert.deepEqual(parseOrderBy('  ', allowed), []);
  });

  it('refuses a field it cannot sort by, listing the ones it can', () => {
    rejects('tags.team', /cannot sort by "tags\.team"; it sorts by name, created, size/);
    rejects('Name', /cannot sort by "Name"/);
    rejects('constructor', /cannot sort by "constructor"/);
  });

  it('refuses an unknown direction, extra words, empty terms and repeated fields', () => {
    rejects('name up', /term "name up" is malformed; expected 'name', 'name asc' or 'name desc'/);
    rejects('name asc desc', /malformed/);
    rejects('name,', /empty term/);
    rejects(', name', /empty term/);
    rejects('name, created, name desc', /names "name" twice/);
  });

  it('refuses an orderBy longer than 1,024 characters', () => {
    rejects(`name${' '.repeat(1100)}`, /the limit is 1024/);
  });
});
