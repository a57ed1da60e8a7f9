import assert from 'node:assert/strict';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bytesOf } from '../../src/testing/uploads.js';
import { createScopes, digestsOf, sha256, writeTree } from './assets-fixtures.js';
import { json, startCliWorld, type CliWorld } from './harness.js';

const mib = 1 << 20;

describe('arca model, end to end against a real server', () => {
  let world: CliWorld;
  let folder: string;
  const files = {
    'weights.bin': bytesOf(3 * mib, 11),
    'config/params.json': '{"lr": 0.01}\n',
    'README.md': '# fraud\n',
  };
  const total = 3 * mib + Buffer.byteLength(files['config/params.json']) + Buffer.byteLength(files['README.md']);
  const ws = ['--workspace', 'ws1'];

  before(async () => {
    world = await startCliWorld();
    await createScopes(world.server, ['/api/v1/workspaces/ws1', '/api/v1/registries/shared']);
    folder = writeTree(world.dir('fraud-'), files);
  });
  after(async () => {
    await world.stop();
  });

  test('create from a folder of three files uploads every byte and prints the ready version', async () => {
    const result = await world.arca([
      'model',
      'create',
      '--name',
      'fraud',
      '--path',
      folder,
      ...ws,
      '--tags',
      'team=risk',
      'stage=dev',
      '--flavor',
      'sklearn',
      '-d',
      'first',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const version = json(result);
    assert.deepEqual(
      {
        version: version.version,
        state: version.state,
        uploadedBytes: version.uploadedBytes,
        reusedBytes: version.reusedBytes,
        tags: version.tags,
        flavor: version.flavor,
        description: version.description,
      },
      {
        version: '1',
        state: 'ready',
        uploadedBytes: total,
        reusedBytes: 0,
        tags: { team: 'risk', stage: 'dev' },
        flavor: 'sklearn',
        description: 'first',
      },
    );
    assert.deepEqual(
      version.files.map((f: any) => [f.path, f.digest]).sort(),
      Object.entries(files)
        .map(([path, bytes]) => [path, sha256(bytes)])
        .sort(),
    );
    assert.equal(result.stderr, '', 'no progress bar or note when stderr is not a terminal');
  });

  test("list --filter on a tag create gave finds the model (the README's example): its latest version has it; show says so", async () => {
    const listed = await world.arca(['model', 'list', ...ws, '--filter', "tags.stage = 'dev'", '--query', '[].name']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(json(listed), ['fraud']);
    const shown = json(await world.arca(['model', 'show', 'fraud', ...ws]));
    assert.deepEqual(
      { own: shown.tags, latest: shown.latest.tags },
      { own: {}, latest: { team: 'risk', stage: 'dev' } },
    );
    const table = await world.arca(['model', 'list', ...ws, '--filter', "tags.stage = 'dev'", '-o', 'table']);
    assert.match(table.stdout, /fraud .*stage=dev/);
  });

  test('re-create with one small file changed uploads only that file; the rest is reused', async () => {
    writeTree(folder, { 'README.md': '# fraud, retrained\n' });
    const result = await world.arca(['model', 'create', '--name', 'fraud', '--path', folder, ...ws]);
    assert.equal(result.status, 0, result.stderr);
    const version = json(result);
    const changed = Buffer.byteLength('# fraud, retrained\n');
    assert.deepEqual(
      { version: version.version, uploadedBytes: version.uploadedBytes, reusedBytes: version.reusedBytes },
      { version: '2', uploadedBytes: changed, reusedBytes: total - Buffer.byteLength(files['README.md']) },
    );
  });

  test('download writes every file with its sha256; a second download skips them all', async () => {
    const target = join(world.dir('download-'), 'nested', 'out');
    const result = await world.arca(['model', 'download', 'fraud:2', ...ws, '--path', target]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(digestsOf(target), digestsOf(folder));
    const again = json(await world.arca(['model', 'download', 'fraud', ...ws, '--path', target]));
    assert.deepEqual(
      { downloadedBytes: again.downloadedBytes, skippedFiles: again.skippedFiles },
      { downloadedBytes: 0, skippedFiles: 3 },
    );
  });

  test('show prints the canonical reference of an asset and of a version, from any reference form', async () => {
    const asset = json(await world.arca(['model', 'show', 'fraud', ...ws]));
    assert.deepEqual(
      { reference: asset.reference, latest: asset.latest_version },
      { reference: 'arca://workspaces/ws1/models/fraud', latest: '2' },
    );
    for (const ref of ['fraud:1', 'arca://workspaces/ws1/models/fraud/versions/1']) {
      const shown = await world.arca(['model', 'show', ref, ...ws, '--query', 'reference']);
      assert.equal(shown.status, 0, shown.stderr);
      assert.equal(json(shown), 'arca://workspaces/ws1/models/fraud/versions/1');
    }
  });

  test('alias set moves production 1 → 2 → 1; history lists each move with who and when, and --at answers for a past time', async () => {
    for (const label of ['1', '2'])
      assert.equal((await world.arca(['model', 'alias', 'set', `fraud:${label}`, 'production', ...ws])).status, 0);
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const back = await world.arca([
      'model',
      'alias',
      'set',
      'fraud:1',
      'production',
      ...ws,
      '--query',
      'aliases.production',
    ]);
    assert.equal(json(back), '1');
    const history = json(await world.arca(['model', 'alias', 'history', 'fraud', 'production', ...ws]));
    assert.deepEqual(
      history.map((m: any) => [m.from_version, m.to_version, m.by]),
      [
        ['2', '1', 'admin'],
        ['1', '2', 'admin'],
        [null, '1', 'admin'],
      ],
    );
    const then = json(await world.arca(['model', 'alias', 'history', 'fraud', 'production', ...ws, '--at', between]));
    assert.equal(then[0].to_version, '2', 'at that time production named version 2');
    assert.equal(json(await world.arca(['model', 'show', 'fraud@production', ...ws, '--query', 'version'])), '1');
  });

  test("tag set and tag remove change a version's tags, and on a bare name the asset's", async () => {
    const set = json(await world.arca(['model', 'tag', 'set', 'fraud:2', 'stage=prod', 'owner=ana', ...ws]));
    assert.deepEqual(set.tags, { stage: 'prod', owner: 'ana' });
    const removed = json(await world.arca(['model', 'tag', 'remove', 'fraud:2', 'owner', ...ws]));
    assert.deepEqual(removed.tags, { stage: 'prod' });
    const asset = json(await world.arca(['model', 'tag', 'set', 'fraud', 'domain=payments', ...ws]));
    assert.deepEqual(asset.tags, { domain: 'payments' });
  });

  test("update changes a version's description and properties", async () => {
    const result = await world.arca([
      'model',
      'update',
      'fraud:2',
      ...ws,
      '--description',
      'retrained',
      '--set',
      'properties.auc=0.91',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      { d: json(result).description, p: json(result).properties },
      { d: 'retrained', p: { auc: '0.91' } },
    );
  });

  test('archive hides a version from list, --include-archived shows it, restore makes it ready again', async () => {
    const archived = await world.arca(['model', 'archive', 'fraud:2', ...ws, '--query', 'state']);
    assert.equal(json(archived), 'archived', archived.stderr);
    assert.deepEqual(json(await world.arca(['model', 'list', '--name', 'fraud', ...ws, '--query', '[].version'])), [
      '1',
    ]);
    assert.deepEqual(
      json(
        await world.arca(['model', 'list', '--name', 'fraud', ...ws, '--include-archived', '--query', '[].version']),
      ).sort(),
      ['1', '2'],
    );
    assert.equal(json(await world.arca(['model', 'restore', 'fraud:2', ...ws, '--query', 'state'])), 'ready');
  });

  test("list shows the workspace's models; --filter narrows, --top 1 warns that more exist", async () => {
    assert.equal(
      (await world.arca(['model', 'create', '--name', 'churn', '--path', join(folder, 'README.md'), ...ws])).status,
      0,
    );
    assert.deepEqual(json(await world.arca(['model', 'list', ...ws, '--query', '[].name'])).sort(), ['churn', 'fraud']);
    assert.deepEqual(
      json(await world.arca(['model', 'list', ...ws, '--filter', "name = 'churn'", '--query', '[].name'])),
      ['churn'],
    );
    const first = await world.arca(['model', 'list', ...ws, '--top', '1']);
    assert.equal(json(first).length, 1);
    assert.match(first.stderr, /more models exist; pass --all/);
    assert.equal(json(await world.arca(['model', 'list', ...ws, '--top', '1', '--all'])).length, 2);
  });

  test('share puts a workspace version into a registry, recording its origin', async () => {
    const result = await world.arca(['model', 'share', 'fraud:1', '--from-workspace', 'ws1', '--registry', 'shared']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      { reference: json(result).reference, origin: json(result).origin },
      {
        reference: 'arca://registries/shared/models/fraud/versions/1',
        origin: 'arca://workspaces/ws1/models/fraud/versions/1',
      },
    );
    assert.equal(
      json(await world.arca(['model', 'show', 'shared/fraud:1', '--query', 'origin'])),
      'arca://workspaces/ws1/models/fraud/versions/1',
    );
  });

  test('delete refuses a version an alias points at (exit 1) and --force deletes it with the alias', async () => {
    const refused = await world.arca(['model', 'delete', 'fraud:1', ...ws, '--yes']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^error VersionInUse: .*--force/);
    const forced = await world.arca(['model', 'delete', 'fraud:1', ...ws, '--yes', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    const gone = await world.arca(['model', 'show', 'fraud:1', ...ws]);
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /^error VersionNotFound: /);
    assert.equal(json(await world.arca(['model', 'show', 'fraud', ...ws])).aliases.production, undefined);
  });

  test('delete without an alias pointing at it needs no --force; without --yes off a terminal it asks for --yes (exit 2)', async () => {
    const unconfirmed = await world.arca(['model', 'delete', 'churn:1', ...ws]);
    assert.equal(unconfirmed.status, 2);
    assert.match(unconfirmed.stderr, /^error ConfirmationRequired: /);
    const deleted = await world.arca(['model', 'delete', 'churn:1', ...ws, '-y']);
    assert.equal(deleted.status, 0, deleted.stderr);
  });

  test('create walks nested folders, follows links that stay inside the folder and skips those that leave it', async () => {
    const outside = writeTree(world.dir('outside-'), { 'secret.txt': 'not for the registry\n' });
    const tree = writeTree(world.dir('links-'), { 'a/b/deep.txt': 'deep\n', 'top.txt': 'top\n' });
    symlinkSync(join(tree, 'top.txt'), join(tree, 'alias.txt'));
    symlinkSync(join(outside, 'secret.txt'), join(tree, 'leak.txt'));
    symlinkSync(outside, join(tree, 'leakdir'));
    const result = await world.arca([
      'model',
      'create',
      '--name',
      'walked',
      '--path',
      tree,
      ...ws,
      '--query',
      'files[].path',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(json(result), ['a/b/deep.txt', 'alias.txt', 'top.txt']);
    assert.match(result.stderr, /skipped 2 symbolic link\(s\) that lead outside .*: leak.txt, leakdir/);
  });

  test('create with a version label already used (by a version it does not repeat) fails with VersionAlreadyExists (exit 1)', async () => {
    const result = await world.arca([
      'model',
      'create',
      '--name',
      'fraud',
      '--version',
      '2',
      '--path',
      folder,
      ...ws,
      '--description',
      'not version 2',
    ]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error VersionAlreadyExists: /);
  });

  test('create from a path that does not exist is a usage error (exit 2) and creates nothing', async () => {
    const result = await world.arca(['model', 'create', '--name', 'ghost', '--path', join(folder, 'missing'), ...ws]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error PathNotFound: --path .*missing: no such file or folder/);
    assert.equal((await world.server.api('GET', '/api/v1/workspaces/ws1/models/ghost')).status, 404);
    const stateDir = join(world.env['HOME'] ?? '', '.local', 'state', 'arca', 'uploads');
    assert.deepEqual(existsSync(stateDir) ? readdirSync(stateDir) : [], [], 'no upload state is left behind');
  });

  test('create of an unchanged folder makes no version: it answers the latest (created: false) and says so on stderr', async () => {
    const twin = writeTree(world.dir('twin-'), { 'model.pkl': 'twin weights\n' });
    const first = await world.arca(['model', 'create', '--name', 'twin', '--path', twin, ...ws, '--tags', 'stage=dev']);
    assert.deepEqual({ version: json(first).version, created: json(first).created }, { version: '1', created: true });
    const again = await world.arca(['model', 'create', '--name', 'twin', '--path', twin, ...ws]);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      { version: json(again).version, created: json(again).created, uploaded: json(again).uploadedBytes },
      { version: '1', created: false, uploaded: 0 },
    );
    assert.equal(again.stderr, 'twin:1 already has these files; no new version made (--allow-duplicate to make one)\n');
    const stateDir = join(world.env['HOME'] ?? '', '.local', 'state', 'arca', 'uploads');
    assert.deepEqual(existsSync(stateDir) ? readdirSync(stateDir) : [], [], 'no upload state is left behind');
    const forced = await world.arca(['model', 'create', '--name', 'twin', '--path', twin, ...ws, '--allow-duplicate']);
    assert.deepEqual(
      { version: json(forced).version, created: json(forced).created, stderr: forced.stderr },
      { version: '2', created: true, stderr: '' },
    );
    assert.deepEqual(json(await world.arca(['model', 'list', '--name', 'twin', ...ws, '--query', '[].version'])), [
      '2',
      '1',
    ]);
  });

  test('--allow-duplicate on a command that makes no version is a usage error (exit 2)', async () => {
    const result = await world.arca(['model', 'list', ...ws, '--allow-duplicate']);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^error UsageError: .*allow-duplicate/);
  });

  for (const [what, args, code] of [
    ['no --path', ['model', 'create', '--name', 'x', '--workspace', 'ws1'], 'UsageError'],
    ['no --registry or --workspace', ['model', 'create', '--name', 'x', '--path', '.'], 'ScopeMissing'],
    [
      'both --registry and --workspace',
      ['model', 'list', '--registry', 'shared', '--workspace', 'ws1'],
      'OptionsConflict',
    ],
    ['a tag without =', ['model', 'tag', 'set', 'fraud', 'oops', '--workspace', 'ws1'], 'KeyValueInvalid'],
    ['a malformed reference', ['model', 'show', 'a/b/c'], 'ReferenceInvalid'],
    ['a short reference without a scope', ['model', 'show', 'fraud:1'], 'ReferenceInvalid'],
    ['a data reference given to model', ['model', 'show', 'arca://workspaces/ws1/data/fraud'], 'ReferenceInvalid'],
    [
      'an invalid asset name',
      ['model', 'create', '--name', 'bad name', '--path', '.', '--workspace', 'ws1'],
      'AssetNameInvalid',
    ],
    ['archive of a bare name', ['model', 'archive', 'fraud', '--workspace', 'ws1'], 'VersionMissing'],
    ['a --filter with a syntax error', ['model', 'list', '--workspace', 'ws1', '--filter', 'name = '], 'FilterInvalid'],
    [
      'a --filter on an unknown field',
      ['model', 'list', '--workspace', 'ws1', '--name', 'fraud', '--filter', "colour = 'red'"],
      'FilterFieldUnknown',
    ],
    [
      'an --at that is not a time',
      ['model', 'alias', 'history', 'fraud', 'production', '--workspace', 'ws1', '--at', 'yesterday'],
      'TimeInvalid',
    ],
  ] as const) {
    test(`${what} is a usage error (exit 2, ${code})`, async () => {
      const result = await world.arca([...args]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`^error ${code}: `));
    });
  }
});
