import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isArcaError } from './errors.js';
import { assertRegionName, assertScopeName, nameKey, scopeNameProblem } from './names.js';

describe('registry and workspace names', () => {
  it('accepts names of 2 to 32 ASCII letters, digits, _ and -, starting with a letter or digit', () => {
    for (const name of ['ab', 'DemoRegistry1', '9lives', 'a_b-c', 'x'.repeat(32)])
      assert.equal(scopeNameProblem(name), undefined, name);
  });

  for (const [name, problem] of [
    ['', /empty/],
    ['a', /at least 2/],
    ['a'.repeat(33), /33 characters long; the limit is 32/],
    ['_ab', /start with a letter or a digit/],
    ['-ab', /start with a letter or a digit/],
    ['a b', /" "/],
    ['a.b', /"\."/],
    ['a/b', /"\/"/],
    ['naïve', /"ï"/],
    ['..', /start with a letter or a digit/],
  ] as const) {
    it(`names the broken rule for ${JSON.stringify(name)}`, () => {
      assert.match(scopeNameProblem(name) ?? '', problem);
      assert.throws(
        () => assertScopeName('registry', name),
        (e) => isArcaError(e, 'RegistryNameInvalid') && e.target === 'name',
      );
      assert.throws(
        () => assertScopeName('workspace', name),
        (e) => isArcaError(e, 'WorkspaceNameInvalid'),
      );
    });
  }

  it('compares names case-insensitively through one key', () => {
    assert.equal(nameKey('DemoRegistry1'), nameKey('demoregistry1'));
  });
});

describe('region names', () => {
  it('accepts lowercase names starting with a letter and refuses others with RegionNameInvalid', () => {
    for (const region of ['eastus', 'lab-a', 'w2']) assertRegionName(region);
    for (const region of ['EastUS', '1east', 'e', 'east_us', 'e'.repeat(33), '']) {
      assert.throws(
        () => assertRegionName(region),
        (e) => isArcaError(e, 'RegionNameInvalid'),
        region,
      );
    }
  });
});
