import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bytesOf } from '../../src/testing/uploads.js';
import { createScopes, writeTree } from './assets-fixtures.js';
import { hasScript, startCliWorld, type CliWorld } from './harness.js';

describe(
  'arca model at a terminal (a pseudo-terminal through util-linux script)',
  { skip: hasScript ? false : 'util-linux `script` is not installed' },
  () => {
    let world: CliWorld;
    let folder: string;
    before(async () => {
      world = await startCliWorld();
      await createScopes(world.server, ['/api/v1/workspaces/ws1']);
      folder = writeTree(world.dir('tty-'), { 'weights.bin': bytesOf(2 << 20, 51), 'README.md': '# tty\n' });
    });
    after(async () => {
      await world.stop();
    });

    test('create draws a hashing and an upload bar (bytes, rate, ETA) and then the table', async () => {
      const result = await world.arcaInTerminal([
        'model',
        'create',
        '--name',
        'tty',
        '--path',
        folder,
        '--workspace',
        'ws1',
      ]);
      assert.equal(result.status, 0, result.stdout);
      assert.match(result.stdout, /Hashing .* \d+% \| [\d.]+ (B|KiB|MiB)\/2\.00 MiB \| .* \| ETA /);
      assert.match(result.stdout, /Uploading .* 100% \| 2\.00 MiB\/2\.00 MiB \| [\d.]+ (B|KiB|MiB|GiB)\/s \| ETA /);
      assert.match(result.stdout, /│ Name +│ Version +│ State +│ Size +│ Files +│ Uploaded +│ Reused/);
    });

    test('with -o json a terminal gets no bars: the output stays machine-readable', async () => {
      const result = await world.arcaInTerminal([
        'model',
        'create',
        '--name',
        'tty',
        '--path',
        folder,
        '--workspace',
        'ws1',
        '-o',
        'json',
      ]);
      assert.equal(result.status, 0, result.stdout);
      assert.doesNotMatch(result.stdout, /Hashing|Uploading/);
      assert.match(result.stdout, /"uploadedBytes": 0/);
    });

    test('download draws a bar; delete asks first and keeps the version on no', async () => {
      const download = await world.arcaInTerminal([
        'model',
        'download',
        'tty:1',
        '--workspace',
        'ws1',
        '--path',
        world.dir('tty-out-'),
      ]);
      assert.equal(download.status, 0, download.stdout);
      assert.match(download.stdout, /Downloading .* 100% \| 2\.00 MiB\/2\.00 MiB/);
      const refused = await world.arcaInTerminal(['model', 'delete', 'tty:1', '--workspace', 'ws1'], 'n\n');
      assert.equal(refused.status, 2, refused.stdout);
      assert.match(refused.stdout, /Delete model tty version 1\? \[y\/N\]/);
      assert.equal((await world.server.api('GET', '/api/v1/workspaces/ws1/models/tty/versions/1')).status, 200);
    });
  },
);
