import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseEnvironmentSpec, parseImageReference } from './environment-spec.js';
import { isArcaError } from './errors.js';

const digest = `sha256:${'a1'.repeat(32)}`;

/** Asserts that parsing throws EnvironmentSpecInvalid and returns its message. */
function failure(text: string): string {
  let message = '';
  assert.throws(
    () => parseEnvironmentSpec(text),
    (error) => {
      assert.ok(isArcaError(error, 'EnvironmentSpecInvalid'), `expected EnvironmentSpecInvalid, got ${String(error)}`);
      assert.equal(error.message, error.details?.map((d) => d.message).join('; '), 'the message lists every detail');
      message = error.message;
      return true;
    },
  );
  return message;
}

describe('environment YAML', () => {
  it('reads an image pinned by digest with an inline conda file and opaque inference_config', () => {
    const spec = parseEnvironmentSpec(
      [
        '$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json',
        'name: sklearn-env',
        'version: 3',
        'description: scikit-learn on Ubuntu',
        'tags: {team: vision}',
        `image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04@${digest}`,
        'conda_file:',
        '  name: env',
        '  dependencies: [python=3.11, {pip: [scikit-learn]}]',
        'os_type: Linux',
        'inference_config:',
        '  liveness_route: {port: 5001, path: /}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(spec, {
      name: 'sklearn-env',
      version: '3',
      description: 'scikit-learn on Ubuntu',
      tags: { team: 'vision' },
      image: `mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04@${digest}`,
      condaFile: { name: 'env', dependencies: ['python=3.11', { pip: ['scikit-learn'] }] },
      osType: 'linux',
      inferenceConfig: { liveness_route: { port: 5001, path: '/' } },
    });
  });

  it('reads an image on a registry host with a port and a tag, and a conda file path', () => {
    const spec = parseEnvironmentSpec(
      'name: torch\nimage: registry.local:5000/ml/torch-gpu:2.3.1-cuda12\nconda_file: ./conda.yml\n',
    );
    assert.equal(spec.image, 'registry.local:5000/ml/torch-gpu:2.3.1-cuda12');
    assert.equal(spec.condaFile, './conda.yml');
  });

  it('reads a build-only environment', () => {
    const spec = parseEnvironmentSpec(
      'name: custom\nversion: "1"\nbuild:\n  path: ./docker-context\n  dockerfile_path: Dockerfile.gpu\nos_type: windows\n',
    );
    assert.deepEqual(spec, {
      name: 'custom',
      version: '1',
      tags: {},
      build: { path: './docker-context', dockerfilePath: 'Dockerfile.gpu' },
      osType: 'windows',
    });
  });

  it('refuses an environment with neither image nor build', () => {
    assert.equal(
      failure('name: empty\ndescription: nothing to run\n'),
      'line 1: an environment needs an image, a build context (build.path), or both',
    );
  });

  it('refuses a malformed image reference at its line', () => {
    assert.equal(
      failure('name: bad\n\nimage: mcr.microsoft.com/AzureML/base:1\n'),
      "line 3: image \"mcr.microsoft.com/AzureML/base:1\" is invalid: the repository component \"AzureML\" breaks the rule [a-z0-9]+ joined by '.', '_', '__' or '-' (repository names are lowercase)",
    );
    assert.match(
      failure('name: bad\nimage: ubuntu@sha256:abc\n'),
      /^line 2: image "ubuntu@sha256:abc" is invalid: the digest "sha256:abc" is not sha256:<64 lowercase hex characters>$/,
    );
  });

  it('refuses an unknown os_type at its line', () => {
    assert.equal(
      failure('name: e\nimage: ubuntu:22.04\nos_type: macos\n'),
      'line 3: os_type "macos" is not one of linux, windows',
    );
  });

  it('refuses a build without a path, and unknown fields in build and at the top', () => {
    assert.equal(
      failure('name: e\nbuild:\n  dockerfile_path: Dockerfile\n  context: .\nplatform: arm64\n'),
      [
        'line 2: build.path is required',
        'line 4: unknown field "context"; known fields: path, dockerfile_path',
        'line 5: unknown field "platform"; known fields: $schema, name, version, description, tags, image, conda_file, build, os_type, inference_config',
      ].join('; '),
    );
  });

  it('refuses an alias without an anchor', () => {
    assert.match(failure('name: e\nimage: *base\n'), /(^|; )line 2: alias \*base names no anchor$/);
  });

  it('reports a misspelt name as unknown, with the name it meant, and name as required at the misspelt key', () => {
    assert.equal(
      failure('image: ubuntu:22.04\nnme: custom\n'),
      [
        'line 2: unknown field "nme"; did you mean "name"?',
        'line 2: name is required; is "nme" a misspelling of "name"?',
      ].join('; '),
    );
  });

  it('reports a misspelt image as unknown, and the missing image or build at the misspelt key', () => {
    assert.equal(
      failure('name: custom\nimgae: ubuntu:22.04\n'),
      [
        'line 2: unknown field "imgae"; did you mean "image"?',
        'line 2: an environment needs an image, a build context (build.path), or both; is "imgae" a misspelling of "image"?',
      ].join('; '),
    );
  });

  it('reports a misspelt build.path inside build the same way', () => {
    assert.equal(
      failure('name: custom\nbuild:\n  pth: ./context\n'),
      [
        'line 3: unknown field "pth"; did you mean "path"?',
        'line 3: build.path is required; is "pth" a misspelling of "path"?',
      ].join('; '),
    );
  });

  it('requires a name', () => {
    assert.equal(failure('image: ubuntu:22.04\n'), 'line 1: name is required');
  });

  it('names the line of a YAML syntax error', () => {
    assert.equal(failure('name: e\n\ttab: x\n'), 'line 2: YAML syntax error: Tabs are not allowed as indentation');
  });
});

describe('image references', () => {
  it('splits a domain, a repository, a tag and a digest', () => {
    assert.deepEqual(parseImageReference(`mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest@${digest}`), {
      domain: 'mcr.microsoft.com',
      repository: 'azureml/openmpi4.1.0-ubuntu20.04',
      tag: 'latest',
      digest,
    });
  });

  it('takes a host:port as the domain and the last colon after it as the tag', () => {
    assert.deepEqual(parseImageReference('localhost:5000/team/model_server__v2:v1.0'), {
      domain: 'localhost:5000',
      repository: 'team/model_server__v2',
      tag: 'v1.0',
    });
    assert.deepEqual(parseImageReference('[::1]:5000/app'), { domain: '[::1]:5000', repository: 'app' });
  });

  it('treats a first component without a dot, colon or localhost as part of the repository', () => {
    assert.deepEqual(parseImageReference('library/ubuntu'), { repository: 'library/ubuntu' });
  });

  it('refuses bad tags, separators and empty references with EnvironmentSpecInvalid', () => {
    for (const ref of [
      '',
      'ubuntu:-bad',
      'ubuntu:',
      'my--/image',
      'a..b',
      'host.io/',
      `ubuntu@sha512:${'a'.repeat(128)}`,
      'ubuntu:t@sha256:ABC',
    ]) {
      assert.throws(
        () => parseImageReference(ref),
        (error) => isArcaError(error, 'EnvironmentSpecInvalid') && error.target === 'image',
        ref,
      );
    }
  });

  it('answers quickly on long names that almost match', () => {
    // A backtracking `[-]*` separator would take exponential time here.
    assert.throws(
      () => parseImageReference(`${'a'.repeat(60)}!`),
      (error) => isArcaError(error, 'EnvironmentSpecInvalid'),
    );
  });
});
