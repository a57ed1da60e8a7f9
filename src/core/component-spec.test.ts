import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { environmentReferenceOf, parseComponentSpec } from './component-spec.js';
import { isArcaError } from './errors.js';

const trainYml = `$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
name: train_model
version: 1.10
display_name: Train a model
description: Trains a classifier
type: command
tags: {team: vision, epochs: 10}
inputs:
  training_data:
    type: uri_folder
    mode: ro_mount
  epochs:
    type: integer
    default: 10
    min: 1
    max: 100
  learning_rate:
    type: number
    default: 0.01
  optimizer:
    type: string
    enum: [adam, sgd]
    default: adam
  shuffle:
    type: boolean
    default: true
  base_model:
    type: mlflow_model
    optional: true
outputs:
  model_output:
    type: mlflow_model
    mode: upload
command: >-
  python train.py --data \${{inputs.training_data}}
  --epochs \${{inputs.epochs}} --lr \${{inputs.learning_rate}}
  --optimizer \${{inputs.optimizer}} --shuffle \${{inputs.shuffle}}
  $[[--base \${{inputs.base_model}}]]
  --out \${{outputs.model_output}}
environment: azureml:sklearn-env:3
code: ./src
resources:
  instance_count: 2
distribution:
  type: pytorch
is_deterministic: false
`;

/** A minimal valid component, with `extra` appended as more top-level YAML. */
function component(extra = '', environment = 'environment: fraud-env:1'): string {
  return `name: demo\ncommand: echo hello\n${environment}\n${extra}`;
}

/** Asserts that parsing throws ComponentSpecInvalid and returns its message. */
function failure(text: string): string {
  let message = '';
  assert.throws(
    () => parseComponentSpec(text),
    (error) => {
      assert.ok(isArcaError(error, 'ComponentSpecInvalid'), `expected ComponentSpecInvalid, got ${String(error)}`);
      assert.equal(error.message, error.details?.map((d) => d.message).join('; '), 'the message lists every detail');
      message = error.message;
      return true;
    },
  );
  return message;
}

describe('component YAML', () => {
  it('reads a full command component with typed inputs, defaults, outputs, an optional block and opaque metadata', () => {
    const spec = parseComponentSpec(trainYml);
    assert.equal(spec.name, 'train_model');
    assert.equal(spec.version, '1.10', 'a plain 1.10 is read as written, not as the number 1.1');
    assert.equal(spec.displayName, 'Train a model');
    assert.deepEqual(spec.tags, { epochs: '10', team: 'vision' });
    assert.deepEqual(spec.inputs, {
      training_data: { type: 'uri_folder', optional: false, mode: 'ro_mount' },
      epochs: { type: 'integer', default: 10, optional: false, min: 1, max: 100 },
      learning_rate: { type: 'number', default: 0.01, optional: false },
      optimizer: { type: 'string', default: 'adam', optional: false, enum: ['adam', 'sgd'] },
      shuffle: { type: 'boolean', default: true, optional: false },
      base_model: { type: 'mlflow_model', optional: true },
    });
    assert.deepEqual(spec.outputs, { model_output: { type: 'mlflow_model', mode: 'upload' } });
    assert.match(spec.command, /^python train\.py --data \$\{\{inputs\.training_data\}\} --epochs/);
    assert.equal(spec.code, './src');
    assert.deepEqual(spec.resources, { instance_count: 2 });
    assert.deepEqual(spec.distribution, { type: 'pytorch' });
    assert.equal(spec.isDeterministic, false);
    assert.equal(spec.type, 'command');
  });

  it('translates azureml: environment references into Arca short forms', () => {
    assert.equal(environmentReferenceOf(parseComponentSpec(trainYml)), 'sklearn-env:3');
    assert.equal(
      parseComponentSpec(component('', 'environment: azureml:sklearn-env@latest')).environment,
      'sklearn-env@latest',
    );
    assert.equal(
      parseComponentSpec(component('', 'environment: azureml://registries/shared/environments/base/versions/2'))
        .environment,
      'arca://registries/shared/environments/base/versions/2',
    );
    assert.equal(
      parseComponentSpec(component('', 'environment: azureml://registries/shared/environments/base/labels/prod'))
        .environment,
      'arca://registries/shared/environments/base/aliases/prod',
    );
  });

  it('keeps Arca references as written', () => {
    assert.equal(parseComponentSpec(component('', 'environment: shared/base@prod')).environment, 'shared/base@prod');
    assert.equal(
      parseComponentSpec(component('', 'environment: arca://registries/shared/environments/base/versions/7'))
        .environment,
      'arca://registries/shared/environments/base/versions/7',
    );
  });

  it('defaults type to command and is_deterministic to true, as Azure does', () => {
    const spec = parseComponentSpec(component());
    assert.equal(spec.type, 'command');
    assert.equal(spec.isDeterministic, true);
    assert.deepEqual(spec.inputs, {});
  });

  it('names the line of a placeholder that uses an undeclared input, inside a folded command', () => {
    const text = trainYml.replace('--shuffle ${{inputs.shuffle}}', '--shuffle ${{inputs.shufle}}');
    assert.equal(failure(text), 'line 37: command uses ${{inputs.shufle}} but no input shufle is declared');
  });

  it('refuses an output placeholder that names an input', () => {
    assert.match(
      failure(component('inputs:\n  epochs:\n    type: integer\n').replace('echo hello', 'echo ${{outputs.epochs}}')),
      /^line 2: command uses \$\{\{outputs\.epochs\}\} but no output epochs is declared \(epochs is an input\)$/,
    );
  });

  it('refuses an optional input without a default outside an optional block', () => {
    const text = component('inputs:\n  seed:\n    type: integer\n    optional: true\n').replace(
      'echo hello',
      'echo ${{inputs.seed}}',
    );
    assert.match(failure(text), /^line 2: command uses the optional input seed outside an optional block/);
  });

  it('names the line of an unknown input type', () => {
    assert.match(
      failure(component('inputs:\n  data:\n    type: uri_files\n')),
      /^line 6: type "uri_files" is not one of string, integer, number, boolean, uri_file/,
    );
  });

  it('names the line of the input that lacks a type', () => {
    assert.equal(
      failure(component('inputs:\n  data:\n    description: training rows\n')),
      'line 5: inputs.data.type is required',
    );
  });

  it('names the line of an output type that only inputs may have', () => {
    assert.match(
      failure(component('outputs:\n  score:\n    type: number\n')),
      /^line 6: type "number" is not one of uri_file/,
    );
  });

  it('requires an environment', () => {
    assert.equal(failure('name: demo\ncommand: echo hi\n'), 'line 1: environment is required');
  });

  it('refuses an inline environment object at its line', () => {
    assert.match(
      failure(component('', 'environment:\n  image: python:3.11')),
      /^line 4: inline environments are not supported/,
    );
  });

  it('refuses an environment reference to another asset type', () => {
    assert.match(
      failure(component('', 'environment: arca://registries/shared/models/base/versions/1')),
      /^line 3: environment .* references a model asset/,
    );
  });

  it('refuses a type other than command', () => {
    assert.match(failure(component('type: pipeline\n')), /^line 4: type "pipeline" is not supported/);
  });

  it('reports a misspelt command as unknown, with the field it meant, and command as required at the misspelt key', () => {
    assert.equal(
      failure('name: demo\ncomand: echo hello\nenvironment: fraud-env:1\n'),
      [
        'line 2: unknown field "comand"; did you mean "command"?',
        'line 2: command is required; is "comand" a misspelling of "command"?',
      ].join('; '),
    );
  });

  it('reports a misspelt environment the same way', () => {
    assert.match(
      failure('name: demo\ncommand: echo hello\nenviroment: fraud-env:1\n'),
      /^line 3: unknown field "enviroment"; did you mean "environment"\?; line 3: environment is required; is "enviroment" a misspelling of "environment"\?$/,
    );
  });

  it('refuses an unknown top-level field at its line with the UnknownField detail', () => {
    assert.throws(
      () => parseComponentSpec(component('enviroment_variables: {A: b}\n')),
      (error) => {
        assert.ok(isArcaError(error, 'ComponentSpecInvalid'));
        assert.match(error.message, /^line 4: unknown field "enviroment_variables"/);
        assert.deepEqual(
          error.details?.map((d) => [d.code, d.target]),
          [['UnknownField', 'enviroment_variables']],
        );
        return true;
      },
    );
  });

  it('refuses defaults of the wrong type, each at its line', () => {
    const text = component(
      [
        'inputs:',
        '  epochs:',
        '    type: integer',
        '    default: 2.5',
        '  flag:',
        '    type: boolean',
        '    default: "yes"',
        '  name:',
        '    type: string',
        '    default: 3',
        '',
      ].join('\n'),
    );
    assert.equal(
      failure(text),
      [
        'line 7: inputs.epochs.default must be an integer (the input is of type integer), got the number 2.5',
        'line 10: inputs.flag.default must be true or false (the input is of type boolean), got the string "yes"',
        'line 13: inputs.name.default must be a string (the input is of type string), got the number 3',
      ].join('; '),
    );
  });

  it('refuses a default outside min..max or outside the enum', () => {
    assert.match(
      failure(component('inputs:\n  n:\n    type: integer\n    min: 1\n    max: 5\n    default: 9\n')),
      /^line 9: default 9 lies outside \[1, 5\]$/,
    );
    assert.match(
      failure(component('inputs:\n  o:\n    type: string\n    enum: [a, b]\n    default: c\n')),
      /^line 8: default "c" is not one of the enum values "a", "b"$/,
    );
  });

  it('refuses an unclosed optional block', () => {
    assert.match(
      failure(component().replace('echo hello', 'echo $[[ --x')),
      /^line 2: an optional block \$\[\[ is never closed/,
    );
  });

  it('reports an invalid name with the naming rule and its line', () => {
    assert.throws(
      () => parseComponentSpec(component().replace('name: demo', 'name: -demo')),
      (error) => {
        assert.ok(isArcaError(error, 'ComponentSpecInvalid'));
        assert.match(error.message, /^line 1: asset name "-demo" is invalid/);
        assert.equal(error.details?.[0]?.code, 'AssetNameInvalid');
        return true;
      },
    );
  });

  it('names the line of a YAML syntax error', () => {
    assert.equal(
      failure('name: demo\ncommand: echo hi\nenvironment: env: 1\n'),
      'line 3: YAML syntax error: Nested mappings are not allowed in compact mappings',
    );
    assert.equal(
      failure('name: demo\ncommand: echo\nname: again\n'),
      'line 3: YAML syntax error: Map keys must be unique',
    );
  });
});
