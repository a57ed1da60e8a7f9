import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { arcaVersionPath, artifactPathOf, directoryEntries } from './artifact-paths.js';

describe('artifactPathOf', () => {
  const base = 'http://arca.example:8600/mlflow/workspaces/team-a';

  it('takes the path of mlflow-artifacts URIs, with or without a host', () => {
    assert.equal(artifactPathOf('mlflow-artifacts:/1/abc/artifacts/model', base), '1/abc/artifacts/model');
    assert.equal(artifactPathOf('mlflow-artifacts://arca.example:8600/1/abc/artifacts', base), '1/abc/artifacts');
  });

  it('takes the path of this tracking URI’s artifact URLs, decoded', () => {
    assert.equal(
      artifactPathOf(`${base}/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/my%20model/`, base),
      '1/abc/artifacts/my model',
    );
  });

  it('answers undefined for other schemes, servers, scopes and unsafe paths', () => {
    for (const uri of [
      's3://bucket/1/abc/artifacts',
      'runs:/abc/model',
      'http://elsewhere:8600/mlflow/workspaces/team-a/api/2.0/mlflow-artifacts/artifacts/1/x',
      'http://arca.example:8600/mlflow/workspaces/team-b/api/2.0/mlflow-artifacts/artifacts/1/x',
      'https://arca.example:8600/mlflow/workspaces/team-a/api/2.0/mlflow-artifacts/artifacts/1/x',
      `${base}/api/2.0/mlflow-artifacts/artifacts/1/%2e%2e/x`,
      'mlflow-artifacts:/1/../x',
      'mlflow-artifacts:/',
      'not a uri',
    ])
      assert.equal(artifactPathOf(uri, base), undefined, uri);
  });
});

describe('directoryEntries', () => {
  it('lists the files and subdirectories directly inside a directory, sorted, each once', () => {
    const files = [
      { path: 'd/z.txt', size: 1 },
      { path: 'd/sub/a', size: 2 },
      { path: 'd/sub/b', size: 3 },
      { path: 'd/a.txt', size: 4 },
      { path: 'dx/other', size: 5 },
    ];
    assert.deepEqual(directoryEntries('d', files), [
      { path: 'a.txt', is_dir: false, file_size: 4 },
      { path: 'sub', is_dir: true },
      { path: 'z.txt', is_dir: false, file_size: 1 },
    ]);
    assert.deepEqual(
      directoryEntries('', files).map((e) => e.path),
      ['d', 'dx'],
    );
    assert.deepEqual(directoryEntries('d/a.txt', files), []);
  });
});

describe('arcaVersionPath', () => {
  it('names the model version and the path inside it', () => {
    assert.deepEqual(arcaVersionPath('_arca/models/fraud/versions/3/model/MLmodel'), {
      name: 'fraud',
      version: '3',
      inside: 'model/MLmodel',
    });
    assert.deepEqual(arcaVersionPath('_arca/models/fraud/versions/3'), { name: 'fraud', version: '3', inside: '' });
    assert.equal(arcaVersionPath('_arca/models/fraud'), undefined);
    assert.equal(arcaVersionPath('1/r/artifacts'), undefined);
  });
});
