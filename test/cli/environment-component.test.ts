import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createScopes, digestsOf, sha256, writeTree } from './assets-fixtures.js';
import { json, startCliWorld, type CliWorld } from './harness.js';

const run = promisify(execFile);

/** Runs a real OCI client (skopeo, umoci); its stderr is the failure's message. */
async function tool(command: string, args: string[]): Promise<string> {
  try {
    return (await run(command, args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${failure.stderr ?? failure.message}`);
  }
}

const environmentYaml = `$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
name: pytorch
version: "1"
description: PyTorch 2.3 on CUDA 12
tags:
  framework: pytorch
conda_file: conda.yml
build:
  path: docker
  dockerfile_path: Dockerfile
`;

const envFiles = {
  'environment.yml': environmentYaml,
  'conda.yml': 'dependencies:\n  - python=3.11\n  - pytorch=2.3\n',
  'docker/Dockerfile': 'FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04\nCOPY requirements.txt .\n',
  'docker/requirements.txt': 'mlflow==2.14\n',
};

/** A command component; `command` is its command line, `environment` its environment reference. */
const componentYaml = (
  command: string,
  environment = 'azureml:pytorch:1',
) => `$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
name: train
version: "1"
display_name: Train a model
type: command
inputs:
  training_data:
    type: uri_folder
  epochs:
    type: integer
    default: 10
outputs:
  model:
    type: mlflow_model
command: ${command}
environment: ${environment}
code: ./src
`;
const goodCommand =
  'python train.py --data ${{inputs.training_data}} --epochs ${{inputs.epochs}} --out ${{outputs.model}}';

describe('arca environment and component, end to end against a real server', () => {
  let world: CliWorld;
  let envDir: string;
  let componentDir: string;

  before(async () => {
    world = await startCliWorld();
    await createScopes(world.server, ['/api/v1/registries/shared']);
    envDir = writeTree(world.dir('env-'), envFiles);
    componentDir = writeTree(world.dir('component-'), {
      'component.yml': componentYaml(goodCommand),
      'src/train.py': 'print("train")\n',
      'src/utils/io.py': 'def load(): ...\n',
      'notes.txt': 'not part of the code folder\n',
    });
  });
  after(async () => {
    await world.stop();
  });

  test('environment create reads the name, version, description and tags from the YAML and uploads its conda file and build context', async () => {
    const result = await world.arca([
      'environment',
      'create',
      '--file',
      join(envDir, 'environment.yml'),
      '--registry',
      'shared',
      '--tags',
      'team=platform',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const version = json(result);
    assert.deepEqual(
      {
        name: version.name,
        version: version.version,
        state: version.state,
        description: version.description,
        tags: version.tags,
        reference: version.reference,
      },
      {
        name: 'pytorch',
        version: '1',
        state: 'ready',
        description: 'PyTorch 2.3 on CUDA 12',
        tags: { framework: 'pytorch', team: 'platform' },
        reference: 'arca://registries/shared/environments/pytorch/versions/1',
      },
    );
    const expected = Object.entries(envFiles)
      .filter(([path]) => path !== 'environment.yml')
      .map(([path, text]) => [path, sha256(text)]);
    assert.deepEqual(
      version.files.map((f: any) => [f.path, f.digest]),
      expected,
    );
  });

  test('environment list and download work as for models: the files come back under their YAML-relative paths', async () => {
    assert.deepEqual(json(await world.arca(['environment', 'list', '--registry', 'shared', '--query', '[].name'])), [
      'pytorch',
    ]);
    const target = world.dir('env-out-');
    const result = await world.arca(['environment', 'download', 'shared/pytorch:1', '--path', target]);
    assert.equal(result.status, 0, result.stderr);
    const { ['environment.yml']: _yaml, ...files } = digestsOf(envDir);
    assert.deepEqual(digestsOf(target), files);
  });

  test('component create resolves azureml:pytorch:1 to the environment in the same registry and uploads only its code folder', async () => {
    const result = await world.arca([
      'component',
      'create',
      '--file',
      join(componentDir, 'component.yml'),
      '--registry',
      'shared',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const version = json(result);
    assert.deepEqual(
      { name: version.name, version: version.version, files: version.files.map((f: any) => f.path) },
      { name: 'train', version: '1', files: ['src/train.py', 'src/utils/io.py'] },
    );
  });

  test('component show -o json has the parsed spec, the YAML as written and the environment it derives from', async () => {
    const shown = json(await world.arca(['component', 'show', 'shared/train:1', '-o', 'json']));
    assert.deepEqual(
      {
        environment: shown.spec.environment,
        epochs: shown.spec.inputs.epochs.default,
        yaml: shown.spec_yaml,
        derived: shown.derived_from,
      },
      {
        environment: 'pytorch:1',
        epochs: 10,
        yaml: componentYaml(goodCommand),
        derived: [{ relation: 'environment', reference: 'arca://registries/shared/environments/pytorch/versions/1' }],
      },
    );
  });

  test('show as a table prints the version, what it derives from, and the YAML under it', async () => {
    const component = await world.arca(['component', 'show', 'shared/train@latest', '-o', 'table']);
    assert.equal(component.status, 0, component.stderr);
    assert.match(component.stdout, /environment: arca:\/\/registries\/shared\/environments\/pytorch\/versions\/1/);
    assert.ok(component.stdout.endsWith(`\n${componentYaml(goodCommand)}`), component.stdout);
    const environment = await world.arca(['environment', 'show', 'shared/pytorch:1', '-o', 'table']);
    assert.match(environment.stdout, /^conda_file: conda\.yml$/m);
  });

  test('a component whose command uses an undeclared input is refused before any upload (exit 2), naming the file and the line', async () => {
    const file = join(
      writeTree(world.dir('bad-'), {
        'component.yml': componentYaml('python train.py --lr ${{inputs.lr}}'),
        'src/train.py': 'x\n',
      }),
      'component.yml',
    );
    const result = await world.arca(['component', 'create', '--file', file, '--registry', 'shared']);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(
      result.stderr,
      `error ComponentSpecInvalid: ${file}: line 15: command uses \${{inputs.lr}} but no input lr is declared\n`,
    );
    assert.deepEqual(json(await world.arca(['component', 'list', '--name', 'shared/train', '--query', '[].version'])), [
      '1',
    ]);
  });

  test('a component whose environment does not resolve is refused by the server (exit 1), naming the file and the line', async () => {
    const file = join(
      writeTree(world.dir('noenv-'), {
        'component.yml': componentYaml(goodCommand, 'azureml:pytorch:9').replace('version: "1"', 'version: "2"'),
        'src/train.py': 'x\n',
      }),
      'component.yml',
    );
    const result = await world.arca(['component', 'create', '--file', file, '--registry', 'shared']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(
        `^error ComponentSpecInvalid: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 16: environment "pytorch:9" does not resolve`,
      ),
    );
  });

  test('an environment with a misspelt image key exits 2 before any upload, naming the file, the key and what it meant', async () => {
    const dir = writeTree(world.dir('typo-'), { 'environment.yml': 'name: typo\nimgae: python:3.11\n' });
    const file = join(dir, 'environment.yml');
    const result = await world.arca(['environment', 'create', '--file', file, '--registry', 'shared']);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(
      result.stderr,
      `error EnvironmentSpecInvalid: ${file}: line 2: unknown field "imgae"; did you mean "image"?; ` +
        'line 2: an environment needs an image, a build context (build.path), or both; is "imgae" a misspelling of "image"?\n',
    );
  });

  test('an environment whose conda file is missing is a usage error (exit 2) naming the field', async () => {
    const dir = writeTree(world.dir('noconda-'), {
      'environment.yml': environmentYaml
        .replace('name: pytorch', 'name: lonely')
        .replace(/build:\n.*\n.*\n/, 'image: python:3.11\n'),
    });
    const result = await world.arca([
      'environment',
      'create',
      '--file',
      join(dir, 'environment.yml'),
      '--registry',
      'shared',
    ]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(
      result.stderr,
      /^error PathNotFound: .*environment\.yml: conda_file conda\.yml: no such file or folder/,
    );
  });

  test('an environment with only an image has no files; a second create of the same YAML answers it, a changed YAML under its label is refused', async () => {
    const dir = writeTree(world.dir('image-'), {
      'environment.yml': 'name: python\nversion: "3.11"\nimage: python:3.11-slim\n',
    });
    const created = await world.arca([
      'environment',
      'create',
      '--file',
      join(dir, 'environment.yml'),
      '--registry',
      'shared',
    ]);
    assert.equal(created.status, 0, created.stderr);
    assert.deepEqual(
      { version: json(created).version, files: json(created).file_count },
      { version: '3.11', files: 0 },
    );
    const again = await world.arca([
      'environment',
      'create',
      '--file',
      join(dir, 'environment.yml'),
      '--registry',
      'shared',
    ]);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      { version: json(again).version, created: json(again).created },
      { version: '3.11', created: false },
    );
    assert.match(again.stderr, /^python:3\.11 already has these files; no new version made/);
    writeTree(dir, { 'environment.yml': 'name: python\nversion: "3.11"\nimage: python:3.11-bookworm\n' });
    const changed = await world.arca([
      'environment',
      'create',
      '--file',
      join(dir, 'environment.yml'),
      '--registry',
      'shared',
    ]);
    assert.equal(changed.status, 1);
    assert.match(changed.stderr, /^error VersionAlreadyExists: /);
  });

  test('alias set, tag set and archive take environment references like model references', async () => {
    assert.equal(
      json(
        await world.arca(['environment', 'alias', 'set', 'shared/pytorch:1', 'stable', '--query', 'aliases.stable']),
      ),
      '1',
    );
    assert.deepEqual(
      json(await world.arca(['environment', 'tag', 'set', 'shared/pytorch:1', 'cuda=12', '--query', 'tags'])),
      { framework: 'pytorch', team: 'platform', cuda: '12' },
    );
    const wrongType = await world.arca([
      'component',
      'show',
      'arca://registries/shared/environments/pytorch/versions/1',
    ]);
    assert.equal(wrongType.status, 2);
    assert.match(wrongType.stderr, /^error ReferenceInvalid: .*use arca environment/);
  });

  test('an image pushed over /v2/ shows its blobs as files and downloads as an OCI image layout that skopeo and umoci read', async () => {
    const work = world.dir('image-layout-');
    const layout = join(work, 'layout');
    await tool('umoci', ['init', '--layout', layout]);
    await tool('umoci', ['new', '--image', `${layout}:build`]);
    writeTree(work, { 'hello.txt': 'hello from a pushed image\n' });
    await tool('umoci', [
      'insert',
      '--rootless',
      '--image',
      `${layout}:build`,
      join(work, 'hello.txt'),
      '/opt/hello.txt',
    ]);
    const host = world.server.url.replace(/^http:\/\//, '');
    await tool('skopeo', [
      'copy',
      '--retry-times',
      '0',
      '--dest-tls-verify=false',
      '--dest-creds',
      `me:${world.server.token}`,
      `oci:${layout}:build`,
      `docker://${host}/shared/environments/base:1.0`,
    ]);
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    const pushed = index.manifests[0]?.digest ?? '';
    const manifest = JSON.parse(readFileSync(join(layout, 'blobs', 'sha256', pushed.slice(7)), 'utf8')) as {
      config: { digest: string };
      layers: { digest: string }[];
    };

    const shown = json(await world.arca(['environment', 'show', 'shared/base:1.0', '-o', 'json']));
    const blobs = [pushed, manifest.config.digest, ...manifest.layers.map((l) => l.digest)]
      .map((d) => `blobs/sha256/${d.slice(7)}`)
      .sort();
    assert.deepEqual(
      shown.files.map((f: any) => f.path),
      [...blobs, 'index.json', 'oci-layout'],
    );
    assert.equal(shown.file_count, shown.files.length);
    assert.equal(
      shown.total_size,
      shown.files.reduce((sum: number, f: any) => sum + f.size, 0),
    );

    const target = join(work, 'downloaded');
    const result = await world.arca(['environment', 'download', 'shared/base:1.0', '--path', target]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(Object.keys(digestsOf(target)).sort(), [...blobs, 'index.json', 'oci-layout']);
    // The real clients read what download wrote: the same manifest digest, and the layer's file inside.
    const raw = await tool('skopeo', ['inspect', '--raw', `oci:${target}:1.0`]);
    assert.equal(sha256(raw), pushed);
    await tool('skopeo', ['copy', '--retry-times', '0', `oci:${target}:1.0`, `oci:${join(work, 'copied')}:1.0`]);
    await tool('umoci', ['unpack', '--rootless', '--image', `${target}:1.0`, join(work, 'bundle')]);
    assert.equal(
      readFileSync(join(work, 'bundle', 'rootfs', 'opt', 'hello.txt'), 'utf8'),
      'hello from a pushed image\n',
    );
  });

  for (const [what, args, code] of [
    ['create without --file', ['environment', 'create', '--registry', 'shared'], 'UsageError'],
    ['create without --registry or --workspace', ['component', 'create', '--file', 'component.yml'], 'ScopeMissing'],
    [
      'a --file that does not exist',
      ['environment', 'create', '--file', '/nonexistent/environment.yml', '--registry', 'shared'],
      'FileNotFound',
    ],
  ] as const) {
    test(`${what} is a usage error (exit 2, ${code})`, async () => {
      const result = await world.arca([...args]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`^error ${code}: `));
    });
  }
});
