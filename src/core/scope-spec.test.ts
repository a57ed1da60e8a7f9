import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isArcaError } from './errors.js';
import { defineRegistry, defineWorkspace, validTags } from './scope-spec.js';

describe('registry definitions', () => {
  it('puts the primary first whatever order replication_locations lists it in', () => {
    const def = defineRegistry('Reg1', {
      location: 'westus',
      replication_locations: [
        { location: 'eastus' },
        { location: 'westus', storage_config: { storage_account_type: 'Standard_GRS', storage_account_hns: true } },
      ],
    });
    assert.deepEqual(def.regions, [
      { location: 'westus', storageAccountType: 'Standard_GRS', storageAccountHns: true },
      { location: 'eastus', storageAccountType: null, storageAccountHns: null },
    ]);
  });

  it('treats a missing replication_locations as the primary alone', () => {
    assert.deepEqual(
      defineRegistry('Reg1', { location: 'eastus' }).regions.map((r) => r.location),
      ['eastus'],
    );
  });

  it('refuses a primary missing from the list, duplicates and unknown storage types with their codes', () => {
    assert.throws(
      () => defineRegistry('Reg1', { location: 'eastus', replication_locations: [{ location: 'westus' }] }),
      (e) => isArcaError(e, 'PrimaryLocationMissing'),
    );
    assert.throws(
      () =>
        defineRegistry('Reg1', {
          location: 'eastus',
          replication_locations: [{ location: 'eastus' }, { location: 'eastus' }],
        }),
      (e) => isArcaError(e, 'RegionDuplicated'),
    );
    assert.throws(
      () =>
        defineRegistry('Reg1', {
          location: 'eastus',
          replication_locations: [{ location: 'eastus', storage_config: { storage_account_type: 'Gold' } }],
        }),
      (e) => isArcaError(e, 'StorageConfigInvalid'),
    );
  });

  it('refuses a body name that differs from the URL name, even only by case', () => {
    assert.throws(
      () => defineRegistry('Reg1', { name: 'reg1', location: 'eastus' }),
      (e) => isArcaError(e, 'NameMismatch'),
    );
  });
});

describe('workspace definitions', () => {
  it('gives a workspace exactly its one location', () => {
    assert.deepEqual(
      defineWorkspace('ws1', { location: 'lab-a' }).regions.map((r) => r.location),
      ['lab-a'],
    );
  });
});

describe('tags', () => {
  it('sorts keys and refuses empty keys, long values and more than 50 tags', () => {
    assert.deepEqual(Object.keys(validTags({ b: '1', a: '2' })), ['a', 'b']);
    assert.throws(
      () => validTags({ '': 'x' }),
      (e) => isArcaError(e, 'TagInvalid'),
    );
    assert.throws(
      () => validTags({ k: 'x'.repeat(257) }),
      (e) => isArcaError(e, 'TagInvalid'),
    );
    assert.throws(
      () => validTags(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))),
      (e) => isArcaError(e, 'TagInvalid'),
    );
  });
});
