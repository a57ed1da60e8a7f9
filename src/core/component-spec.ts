import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { compact } from './compact.js';
import { describe, SpecReader } from './spec-reader.js';
import { parseReference } from './references.js';

/** The input types of a command component: literal parameters and the asset types passed by reference. */
export const componentInputTypes = [
  'string',
  'integer',
  'number',
  'boolean',
  'uri_file',
  'uri_folder',
  'mltable',
  'mlflow_model',
  'custom_model',
  'triton_model',
] as const;
export type ComponentInputType = (typeof componentInputTypes)[number];
export const componentOutputTypes = [
  'uri_file',
  'uri_folder',
  'mltable',
  'mlflow_model',
  'custom_model',
  'triton_model',
] as const;
export type ComponentOutputType = (typeof componentOutputTypes)[number];

const inputModes = ['ro_mount', 'rw_mount', 'download', 'direct', 'eval_mount', 'eval_download'] as const;
const outputModes = ['rw_mount', 'upload', 'direct'] as const;

/** A literal value a command line can receive. */
export type ComponentValue = string | number | boolean;

export interface ComponentInput {
  type: ComponentInputType;
  description?: string;
  default?: ComponentValue;
  optional: boolean;
  /** Bounds of `integer` and `number` inputs. */
  min?: number;
  max?: number;
  /** The allowed values of a `string` input. */
  enum?: string[];
  /** How an asset input reaches the job (`ro_mount`, `download`, …). */
  mode?: string;
}

export interface ComponentOutput {
  type: ComponentOutputType;
  description?: string;
  mode?: string;
}

/** A validated Azure ML command component. */
export interface ComponentSpec {
  name: string;
  version?: string;
  displayName?: string;
  description?: string;
  tags: Record<string, string>;
  type: 'command';
  inputs: Record<string, ComponentInput>;
  outputs: Record<string, ComponentOutput>;
  command: string;
  /** An Arca reference to the environment; Azure's `azureml:` forms are already translated. */
  environment: string;
  /** The code directory, a relative path or a reference, kept as metadata. */
  code?: string;
  /** Kept as metadata, unread. */
  resources?: unknown;
  distribution?: unknown;
  /** Azure's default is true: the same inputs give the same outputs, so a run may be reused. */
  isDeterministic: boolean;
}

const componentFields = [
  '$schema',
  'name',
  'version',
  'display_name',
  'description',
  'tags',
  'type',
  'inputs',
  'outputs',
  'command',
  'environment',
  'code',
  'resources',
  'distribution',
  'is_deterministic',
] as const;
const inputFields = ['type', 'description', 'default', 'optional', 'min', 'max', 'enum', 'mode'] as const;
const outputFields = ['type', 'description', 'mode'] as const;
// Input and output names appear in `${{inputs.<name>}}` and become job parameters: Python identifiers.
const portNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/**
 * Parses and validates an Azure ML command component YAML. Throws one `ComponentSpecInvalid`
 * listing every problem, each message starting with `line N:`.
 */
export function parseComponentSpec(text: string): ComponentSpec {
  const reader = new SpecReader('ComponentSpecInvalid', text);
  const root = reader.root();
  const fields = reader.fields(root, '', componentFields);
  const { name, version } = reader.nameAndVersion(fields, root);
  const displayName = reader.string(fields.get('display_name')?.value, 'display_name');
  const description = reader.string(fields.get('description')?.value, 'description');
  const tags = reader.tags(fields.get('tags')?.value);
  const typeNode = fields.get('type')?.value;
  const type = reader.string(typeNode, 'type');
  if (type !== undefined && type !== 'command')
    reader.report(
      typeNode,
      'type',
      `type ${JSON.stringify(type)} is not supported; Arca holds command components (type: command)`,
    );

  const inputs = readPorts(reader, fields.get('inputs')?.value, 'inputs', (map, key, target) =>
    readInput(reader, map, key, target),
  );
  const outputs = readPorts(reader, fields.get('outputs')?.value, 'outputs', (map, key, target) =>
    readOutput(reader, map, key, target),
  );
  const commandNode = reader.required(fields, 'command', root, 'command');
  const command = reader.string(commandNode, 'command');
  if (command !== undefined && commandNode !== undefined) checkCommand(reader, commandNode, command, inputs, outputs);
  const environmentNode = reader.required(fields, 'environment', root, 'environment');
  const environment = environmentNode === undefined ? undefined : readEnvironment(reader, environmentNode);
  const code = reader.string(fields.get('code')?.value, 'code');
  const resources = reader.opaque(fields.get('resources')?.value);
  const distribution = reader.opaque(fields.get('distribution')?.value);
  const isDeterministic = reader.boolean(fields.get('is_deterministic')?.value, 'is_deterministic') ?? true;

  reader.finish();
  return {
    name: name ?? '',
    ...compact({ version, displayName, description }),
    tags,
    type: 'command',
    inputs,
    outputs,
    command: command ?? '',
    environment: environment ?? '',
    ...compact({ code, resources, distribution }),
    isDeterministic,
  };
}

/** The reference of the environment the component runs in, for the service to resolve. */
export function environmentReferenceOf(spec: ComponentSpec): string {
  return spec.environment;
}

function readPorts<T>(
  reader: SpecReader,
  node: Node | null | undefined,
  target: string,
  readOne: (map: YAMLMap, key: Node, target: string) => T | undefined,
): Record<string, T> {
  const map = reader.mapping(node, target);
  const ports: Record<string, T> = {};
  if (map === undefined) return ports;
  for (const pair of map.items) {
    const key = pair.key as Node;
    const name = isScalar(key) ? String(key.value) : '';
    const path = `${target}.${name}`;
    if (!portNamePattern.test(name))
      reader.report(
        key,
        path,
        `${target.slice(0, -1)} name ${JSON.stringify(name)} is invalid: names are letters, digits and '_', not starting with a digit`,
      );
    const value = reader.mapping(reader.deref(pair.value as Node | null), path);
    if (value === undefined) {
      if (!reader.present(pair.value as Node | null)) reader.report(key, path, `${path} needs at least a type`);
      continue;
    }
    const port = readOne(value, key, path);
    if (port !== undefined) ports[name] = port;
  }
  return ports;
}

function readInput(reader: SpecReader, map: YAMLMap, key: Node, target: string): ComponentInput | undefined {
  const fields = reader.fields(map, target, inputFields);
  const type = readType(reader, fields.get('type')?.value ?? null, key, target, componentInputTypes);
  const description = reader.string(fields.get('description')?.value, `${target}.description`);
  const optional = reader.boolean(fields.get('optional')?.value, `${target}.optional`) ?? false;
  const numeric = type === 'integer' || type === 'number';
  const bound = (field: 'min' | 'max'): number | undefined => {
    const node = fields.get(field)?.value;
    if (!reader.present(node)) return undefined;
    if (type === undefined || numeric)
      return literal(reader, node ?? null, `${target}.${field}`, type ?? 'number') as number | undefined;
    reader.report(node, `${target}.${field}`, `${field} applies only to integer and number inputs, not ${type}`);
    return undefined;
  };
  const min = bound('min');
  const max = bound('max');
  if (min !== undefined && max !== undefined && min > max)
    reader.report(fields.get('min')?.value, `${target}.min`, `min ${min} is greater than max ${max}`);
  const values = readEnum(reader, fields.get('enum')?.value, `${target}.enum`, type);
  const modeNode = fields.get('mode')?.value;
  const mode = readMode(reader, modeNode, `${target}.mode`, inputModes);
  if (mode !== undefined && type !== undefined && !isAssetType(type))
    reader.report(
      modeNode,
      `${target}.mode`,
      `mode applies only to asset inputs (${componentOutputTypes.join(', ')}), not ${type}`,
    );

  const defaultNode = fields.get('default')?.value;
  const value =
    type === undefined || !reader.present(defaultNode)
      ? undefined
      : literal(reader, defaultNode ?? null, `${target}.default`, type);
  if (typeof value === 'number' && ((min !== undefined && value < min) || (max !== undefined && value > max))) {
    reader.report(defaultNode, `${target}.default`, `default ${value} lies outside [${min ?? '-∞'}, ${max ?? '∞'}]`);
  }
  if (typeof value === 'string' && values !== undefined && !values.includes(value)) {
    reader.report(
      defaultNode,
      `${target}.default`,
      `default ${JSON.stringify(value)} is not one of the enum values ${values.map((v) => JSON.stringify(v)).join(', ')}`,
    );
  }
  if (type === undefined) return undefined;
  return {
    type,
    ...compact({ description, default: value }),
    optional,
    ...compact({ min, max, enum: values, mode }),
  };
}

function readOutput(reader: SpecReader, map: YAMLMap, key: Node, target: string): ComponentOutput | undefined {
  const fields = reader.fields(map, target, outputFields);
  const type = readType(reader, fields.get('type')?.value ?? null, key, target, componentOutputTypes);
  const description = reader.string(fields.get('description')?.value, `${target}.description`);
  const mode = readMode(reader, fields.get('mode')?.value, `${target}.mode`, outputModes);
  if (type === undefined) return undefined;
  return { type, ...compact({ description, mode }) };
}

function readType<T extends string>(
  reader: SpecReader,
  node: Node | null,
  parent: Node,
  target: string,
  known: readonly T[],
): T | undefined {
  if (!reader.present(node)) {
    reader.report(parent, `${target}.type`, `${target}.type is required`);
    return undefined;
  }
  const type = reader.string(node, `${target}.type`);
  if (type === undefined) return undefined;
  const match = known.find((k) => k === type);
  if (match === undefined)
    reader.report(node, `${target}.type`, `type ${JSON.stringify(type)} is not one of ${known.join(', ')}`);
  return match;
}

function readMode(
  reader: SpecReader,
  node: Node | null | undefined,
  target: string,
  known: readonly string[],
): string | undefined {
  const mode = reader.string(node, target);
  if (mode !== undefined && !known.includes(mode))
    reader.report(node, target, `mode ${JSON.stringify(mode)} is not one of ${known.join(', ')}`);
  return mode;
}

function readEnum(
  reader: SpecReader,
  node: Node | null | undefined,
  target: string,
  type: ComponentInputType | undefined,
): string[] | undefined {
  if (!reader.present(node)) return undefined;
  if (!isSeq(node) || node.items.length === 0) {
    reader.report(node, target, `enum must be a non-empty list of values, got ${describe(node)}`);
    return undefined;
  }
  if (type !== undefined && type !== 'string')
    reader.report(node, target, `enum applies only to string inputs, not ${type}`);
  return node.items.map((item, index) => reader.label(reader.deref(item as Node | null), `${target}[${index}]`) ?? '');
}

/** A default or bound read as the input type says; a value of another type is reported. */
function literal(
  reader: SpecReader,
  node: Node | null,
  target: string,
  type: ComponentInputType,
): ComponentValue | undefined {
  const value = isScalar(node) ? node.value : undefined;
  const ok =
    type === 'integer'
      ? Number.isInteger(value)
      : type === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : type === 'boolean'
          ? typeof value === 'boolean'
          : typeof value === 'string';
  if (ok) return value as ComponentValue;
  const expected =
    type === 'integer'
      ? 'an integer'
      : type === 'number'
        ? 'a number'
        : type === 'boolean'
          ? 'true or false'
          : 'a string';
  reader.report(node, target, `${target} must be ${expected} (the input is of type ${type}), got ${describe(node)}`);
  return undefined;
}

function isAssetType(type: ComponentInputType): boolean {
  return (componentOutputTypes as readonly string[]).includes(type);
}

/**
 * Checks every `${{inputs.x}}` / `${{outputs.x}}` of the command against the declared ports, and that
 * optional inputs without a default only appear inside an optional block `$[[ … ]]` (outside one,
 * the job would run with the placeholder unfilled).
 */
function checkCommand(
  reader: SpecReader,
  node: Node,
  command: string,
  inputs: Record<string, ComponentInput>,
  outputs: Record<string, ComponentOutput>,
): void {
  const start = node.range?.[0] ?? 0;
  const raw = reader.text.slice(start, node.range?.[1] ?? start);
  let cursor = 0;
  // The placeholder's own line: placeholders never span lines, so the source holds each verbatim, in order.
  const lineOfText = (fragment: string): number => {
    const found = raw.indexOf(fragment, cursor);
    if (found < 0) return reader.lineOf(node);
    cursor = found + fragment.length;
    return reader.lineAt(start + found);
  };
  const blocks = optionalBlocks(command);
  for (const block of blocks) {
    if (block.problem !== undefined) reader.report(lineOfText('$[['), 'command', block.problem);
  }
  for (const match of command.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)) {
    const [text, body = ''] = match;
    const line = lineOfText(text);
    const port = /^(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(body);
    if (port === null) {
      reader.report(
        line,
        'command',
        `command uses ${text}; placeholders are \${{inputs.<name>}} or \${{outputs.<name>}}`,
      );
      continue;
    }
    const [, side = 'inputs', name = ''] = port;
    const declared = side === 'inputs' ? inputs[name] : outputs[name];
    if (declared === undefined) {
      const other =
        side === 'inputs'
          ? name in outputs
            ? ` (${name} is an output)`
            : ''
          : name in inputs
            ? ` (${name} is an input)`
            : '';
      reader.report(line, 'command', `command uses ${text} but no ${side.slice(0, -1)} ${name} is declared${other}`);
      continue;
    }
    const index = match.index;
    const inBlock = blocks.some((b) => index > b.start && index < b.end);
    if (
      side === 'inputs' &&
      (declared as ComponentInput).optional &&
      (declared as ComponentInput).default === undefined &&
      !inBlock
    ) {
      reader.report(
        line,
        'command',
        `command uses the optional input ${name} outside an optional block; wrap it as $[[ … ${text} … ]]`,
      );
    }
  }
}

/** The `$[[ … ]]` blocks of a command as [start, end) offsets, with any nesting or unclosed block as a problem. */
function optionalBlocks(command: string): { start: number; end: number; problem?: string }[] {
  const blocks: { start: number; end: number; problem?: string }[] = [];
  let from = 0;
  for (;;) {
    const start = command.indexOf('$[[', from);
    if (start < 0) return blocks;
    const end = command.indexOf(']]', start + 3);
    if (end < 0)
      return [...blocks, { start, end: command.length, problem: 'an optional block $[[ is never closed with ]]' }];
    const nested = command.indexOf('$[[', start + 3);
    blocks.push(
      nested >= 0 && nested < end
        ? { start, end: end + 2, problem: 'optional blocks $[[ … ]] cannot be nested' }
        : { start, end: end + 2 },
    );
    from = end + 2;
  }
}

/** Azure ML writes registered environments as `azureml:<name>:<version>`, `azureml:<name>@<label>` or `azureml://registries/…`. */
function translateAzureReference(text: string): string {
  const registry = /^azureml:\/\/registries\/([^/]+)\/environments\/([^/]+)\/(versions|labels)\/([^/]+)$/.exec(text);
  if (registry !== null) {
    const [, scope, name, kind, label] = registry;
    return `arca://registries/${scope}/environments/${name}/${kind === 'labels' ? 'aliases' : 'versions'}/${label}`;
  }
  return text.startsWith('azureml:') && !text.startsWith('azureml://') ? text.slice('azureml:'.length) : text;
}

function readEnvironment(reader: SpecReader, node: Node): string | undefined {
  if (isMap(node)) {
    reader.report(
      node,
      'environment',
      'inline environments are not supported; register the environment and reference it (azureml:<name>:<version>, <name>@<alias> or an arca:// reference)',
    );
    return undefined;
  }
  const text = reader.string(node, 'environment');
  if (text === undefined) return undefined;
  const reference = translateAzureReference(text);
  reader.check(node, 'environment', () => {
    // The component's own registry or workspace is only known when it is stored; any scope checks the syntax here.
    const parsed = parseReference(reference, {
      context: { scopeKind: 'workspace', scope: 'any-scope' },
      defaultType: 'environment',
      target: 'environment',
    });
    if (parsed.assetType !== 'environment') {
      reader.report(
        node,
        'environment',
        `environment ${JSON.stringify(text)} references a ${parsed.assetType ?? 'non-environment'} asset, not an environment`,
      );
    }
  });
  return reference;
}
