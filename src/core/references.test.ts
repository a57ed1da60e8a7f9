import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { assertAliasName, assertAssetName, assertVersionLabel } from './names.js';
import { assetTypeForSegment, formatReference, parseReference, type AssetReference } from './references.js';

const workspace = { scopeKind: 'workspace', scope: 'ws1' } as const;

function rejects(text: string, code: string, message: RegExp, options: Parameters<typeof parseReference>[1] = {}) {
  assert.throws(
    () => parseReference(text, options),
    (e: any) => {
      assert.equal(e.code, code, e.message);
      assert.match(e.message, message);
      assert.equal(e.target, 'reference');
      return true;
    },
  );
}

describe('asset references: arca:// form', () => {
  for (const [text, ref] of [
    [
      'arca://registries/shared/models/fraud/versions/3',
      { scopeKind: 'registry', scope: 'shared', assetType: 'model', name: 'fraud', version: '3' },
    ],
    [
      'arca://registries/shared/models/fraud/aliases/production',
      { scopeKind: 'registry', scope: 'shared', assetType: 'model', name: 'fraud', alias: 'production' },
    ],
    [
      'arca://workspaces/ws1/data/clicks.v2/versions/2026-01-01',
      { scopeKind: 'workspace', scope: 'ws1', assetType: 'data', name: 'clicks.v2', version: '2026-01-01' },
    ],
    [
      'arca://registries/shared/environments/py311/versions/1',
      { scopeKind: 'registry', scope: 'shared', assetType: 'environment', name: 'py311', version: '1' },
    ],
    [
      'arca://workspaces/ws1/components/train_step',
      { scopeKind: 'workspace', scope: 'ws1', assetType: 'component', name: 'train_step' },
    ],
  ] as [string, AssetReference & { assetType: 'model' }][]) {
    it(`reads ${text} and formats it back unchanged`, () => {
      assert.deepEqual(parseReference(text), ref);
      assert.equal(formatReference(ref), text);
    });
  }

  it('takes the asset type from the URL, not from defaultType', () => {
    assert.equal(
      parseReference('arca://registries/shared/data/x/versions/1', { defaultType: 'model' }).assetType,
      'data',
    );
  });

  it('refuses other schemes, scope kinds, asset types, segments and lengths with ReferenceInvalid listing the forms', () => {
    rejects(
      'https://registries/shared/models/fraud/versions/3',
      'ReferenceInvalid',
      /only arca:\/\/ references are accepted; accepted forms: arca:\/\/registries\/<registry>/,
    );
    rejects(
      'arca://orgs/shared/models/fraud',
      'ReferenceInvalid',
      /must start with arca:\/\/registries\/ or arca:\/\/workspaces\//,
    );
    rejects(
      'arca://registries/shared/model/fraud',
      'ReferenceInvalid',
      /asset type must be one of models, data, environments, components/,
    );
    rejects(
      'arca://registries/shared/models/fraud/labels/x',
      'ReferenceInvalid',
      /\/versions\/<version> or \/aliases\/<alias>/,
    );
    rejects('arca://registries/shared/models/fraud/versions', 'ReferenceInvalid', /wrong number of path segments/);
    rejects(
      'arca://registries/shared/models/fraud/versions/3/files',
      'ReferenceInvalid',
      /wrong number of path segments/,
    );
    rejects('arca://registries/shared/models', 'ReferenceInvalid', /wrong number of path segments/);
    rejects('arca://registries/shared/models/fraud/', 'ReferenceInvalid', /wrong number of path segments/);
  });

  it('checks each part against its naming rule', () => {
    rejects('arca://registries/s/models/fraud', 'RegistryNameInvalid', /at least 2/);
    rejects('arca://workspaces/w s/models/fraud', 'WorkspaceNameInvalid', /" "/);
    rejects('arca://registries/shared/models/-fraud', 'AssetNameInvalid', /start with a letter or a digit/);
    rejects(
      'arca://registries/shared/models/fraud/versions/..',
      'VersionLabelInvalid',
      /start with a letter or a digit/,
    );
    rejects('arca://registries/shared/models/fraud/aliases/prod%20', 'AliasNameInvalid', /"%"/);
  });
});

describe('asset references: short forms', () => {
  it('reads <registry>/<name>:<version>, @<alias> and a bare name, typed by defaultType', () => {
    assert.deepEqual(parseReference('shared/fraud:3', { defaultType: 'model' }), {
      scopeKind: 'registry',
      scope: 'shared',
      assetType: 'model',
      name: 'fraud',
      version: '3',
    });
    assert.deepEqual(parseReference('shared/fraud@champion', { defaultType: 'data' }), {
      scopeKind: 'registry',
      scope: 'shared',
      assetType: 'data',
      name: 'fraud',
      alias: 'champion',
    });
    assert.deepEqual(parseReference('shared/fraud'), { scopeKind: 'registry', scope: 'shared', name: 'fraud' });
  });

  it('reads <name>:<version>, <name>@<alias> and <name> in the context it is given', () => {
    assert.deepEqual(parseReference('fraud:3', { context: workspace, defaultType: 'model' }), {
      scopeKind: 'workspace',
      scope: 'ws1',
      assetType: 'model',
      name: 'fraud',
      version: '3',
    });
    assert.deepEqual(parseReference('fraud@production', { context: workspace }), {
      scopeKind: 'workspace',
      scope: 'ws1',
      name: 'fraud',
      alias: 'production',
    });
    assert.deepEqual(parseReference('fraud', { context: { scopeKind: 'registry', scope: 'shared' } }), {
      scopeKind: 'registry',
      scope: 'shared',
      name: 'fraud',
    });
  });

  it('keeps a registry-qualified short form in its registry inside a workspace context', () => {
    assert.deepEqual(parseReference('shared/fraud:1', { context: workspace }), {
      scopeKind: 'registry',
      scope: 'shared',
      name: 'fraud',
      version: '1',
    });
  });

  it('formats a short reference in the canonical form once it has a type', () => {
    assert.equal(
      formatReference({ ...parseReference('fraud@production', { context: workspace }), assetType: 'model' }),
      'arca://workspaces/ws1/models/fraud/aliases/production',
    );
  });

  it('refuses malformed short forms with ReferenceInvalid', () => {
    rejects(
      'fraud:3',
      'ReferenceInvalid',
      /names no registry; outside a workspace or registry write <registry>\/<name>/,
    );
    rejects('', 'ReferenceInvalid', /is empty/, { context: workspace });
    rejects('a/b/c', 'ReferenceInvalid', /at most one \//);
    rejects('shared/fraud:3@prod', 'ReferenceInvalid', /both :<version> and @<alias>/);
  });

  it('checks each part against its naming rule', () => {
    rejects('shared/fraud:', 'VersionLabelInvalid', /is empty/);
    rejects('shared/fraud:1:2', 'VersionLabelInvalid', /":"/);
    rejects('shared/fraud@', 'AliasNameInvalid', /is empty/);
    rejects('shared/:3', 'AssetNameInvalid', /is empty/);
    rejects('x/fraud', 'RegistryNameInvalid', /at least 2/);
    rejects('shared/fraud model', 'AssetNameInvalid', /" "/);
  });

  it('maps plural path segments to asset types', () => {
    assert.equal(assetTypeForSegment('models'), 'model');
    assert.equal(assetTypeForSegment('data'), 'data');
    assert.equal(assetTypeForSegment('model'), undefined);
  });
});

describe('asset names, version labels and alias names', () => {
  it('accepts 1 to 255 characters for asset names and 1 to 128 for labels and aliases', () => {
    for (const name of ['a', '9', 'fraud-detector_v2.onnx', 'x'.repeat(255)]) assertAssetName(name);
    for (const label of ['1', 'v1.2.3-rc_1', 'x'.repeat(128)]) {
      assertVersionLabel(label);
      assertAliasName(label);
    }
  });

  it('names the broken rule with the code of each kind of name', () => {
    assert.throws(
      () => assertAssetName('x'.repeat(256)),
      (e: any) =>
        e.code === 'AssetNameInvalid' && /256 characters long; the limit is 255/.test(e.message) && e.target === 'name',
    );
    assert.throws(
      () => assertAssetName('.hidden'),
      (e: any) => e.code === 'AssetNameInvalid' && /start with a letter or a digit/.test(e.message),
    );
    assert.throws(
      () => assertAssetName('a/b'),
      (e: any) => e.code === 'AssetNameInvalid' && /"\/"/.test(e.message),
    );
    assert.throws(
      () => assertVersionLabel('x'.repeat(129)),
      (e: any) => e.code === 'VersionLabelInvalid' && /the limit is 128/.test(e.message) && e.target === 'version',
    );
    assert.throws(
      () => assertVersionLabel('ünï'),
      (e: any) => e.code === 'VersionLabelInvalid' && /start with a letter or a digit/.test(e.message),
    );
    assert.throws(
      () => assertAliasName('prod uction'),
      (e: any) => e.code === 'AliasNameInvalid' && /" "/.test(e.message) && e.target === 'alias',
    );
  });
});
