import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { closestName } from './did-you-mean.js';

describe('closestName', () => {
  const fields = ['name', 'description', 'tags', 'location', 'replication_locations'];

  it('finds the field a dropped, doubled, swapped or wrong letter or a wrong case meant', () => {
    assert.equal(closestName('locaton', fields), 'location');
    assert.equal(closestName('loccation', fields), 'location');
    assert.equal(closestName('loaction', fields), 'location');
    assert.equal(closestName('Location', fields), 'location');
    assert.equal(closestName('nme', fields), 'name');
  });

  it('suggests nothing for a name far from every known one', () => {
    assert.equal(closestName('colour', fields), undefined);
    assert.equal(closestName('region', fields), undefined);
  });

  it('allows one edit in a short name, not two', () => {
    assert.equal(closestName('tgs', fields), 'tags');
    assert.equal(closestName('tg', fields), undefined);
  });
});
