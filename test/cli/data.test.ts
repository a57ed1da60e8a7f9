import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createScopes, digestsOf, writeTree } from './assets-fixtures.js';
import { json, startCliWorld, type CliWorld } from './harness.js';

describe('arca data: the model command set for data assets', () => {
  let world: CliWorld;
  let folder: string;

  before(async () => {
    world = await startCliWorld();
    await createScopes(world.server, ['/api/v1/registries/shared']);
    folder = writeTree(world.dir('data-'), { MLTable: 'paths:\n  - file: ./part-0.csv\n', 'part-0.csv': 'a,b\n1,2\n' });
  });
  after(async () => {
    await world.stop();
  });

  test('data create from a file is a uri_file version holding that one file', async () => {
    const result = await world.arca([
      'data',
      'create',
      '--name',
      'labels',
      '--path',
      join(folder, 'part-0.csv'),
      '--registry',
      'shared',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const version = json(result);
    assert.deepEqual(
      { type: version.data_type, files: version.files.map((f: any) => f.path), reference: version.reference },
      { type: 'uri_file', files: ['part-0.csv'], reference: 'arca://registries/shared/data/labels/versions/1' },
    );
  });

  test('data create from a folder is uri_folder by default, or mltable when asked and the folder has an MLTable file', async () => {
    const folderVersion = json(
      await world.arca(['data', 'create', '--name', 'table', '--path', folder, '--registry', 'shared']),
    );
    assert.equal(folderVersion.data_type, 'uri_folder');
    const table = await world.arca([
      'data',
      'create',
      '--name',
      'table',
      '--type',
      'mltable',
      '--path',
      folder,
      '--registry',
      'shared',
      '--query',
      '{type: data_type, version: version, uploaded: uploadedBytes}',
    ]);
    assert.equal(table.status, 0, table.stderr);
    assert.deepEqual(json(table), { type: 'mltable', version: '2', uploaded: 0 });
  });

  test('data download and show take the registry short form <registry>/<name>:<version>', async () => {
    const target = world.dir('data-out-');
    const result = await world.arca(['data', 'download', 'shared/table:2', '--path', target]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(digestsOf(target), digestsOf(folder));
    assert.equal(json(await world.arca(['data', 'show', 'shared/table@latest', '--query', 'version'])), '2');
  });

  const badTypes: [string, () => string, string[], string][] = [
    ['--type uri_file on a folder', () => folder, ['--type', 'uri_file'], 'PathInvalid'],
    ['--type uri_folder on a file', () => join(folder, 'MLTable'), ['--type', 'uri_folder'], 'PathInvalid'],
    [
      '--type mltable on a folder without an MLTable file',
      () => writeTree(world.dir('plain-'), { 'x.csv': '1\n' }),
      ['--type', 'mltable'],
      'MLTableMissing',
    ],
    ['an unknown --type', () => folder, ['--type', 'csv'], 'UsageError'],
  ];
  for (const [what, path, flags, code] of badTypes) {
    test(`data create with ${what} is a usage error (exit 2, ${code})`, async () => {
      const result = await world.arca([
        'data',
        'create',
        '--name',
        'bad',
        '--path',
        path(),
        '--registry',
        'shared',
        ...flags,
      ]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`^error ${code}: `));
    });
  }
});
