import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { compact } from '../../core/compact.js';
import { assertAssetName, assertNewVersionLabel } from '../../core/names.js';
import type { AssetLocator, Lineage, NewVersion } from '../../sdk/client.js';
import { addScopeOptions, checked, requiredScope, type ScopeFlags } from '../asset-ref.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import { keyValues } from '../options.js';
import type { LocalTree } from '../transfer/walk-files.js';
import type { AssetKindSpec } from './asset-kind.js';
import { addLineageOptions, lineageOf, type LineageFlags } from './lineage-options.js';
import {
  addAllowDuplicateOption,
  addDigestCacheOption,
  allowDuplicateOf,
  pushLocalVersion,
  skippedLinksNote,
} from './version-push.js';

interface CreateOptions extends ScopeFlags, LineageFlags {
  name: string;
  version?: string;
  path: string;
  description?: string;
  tags?: string[];
  properties?: string[];
  flavor?: string;
  framework?: string;
  type?: 'uri_file' | 'uri_folder' | 'mltable';
  job?: string;
  source?: string;
  allowDuplicate?: boolean;
  /** False with `--no-cache`. */
  cache?: boolean;
}

/** The data type a folder or file gets: `--type`, else uri_file for a file and uri_folder for a folder. */
function dataTypeOf(options: CreateOptions, tree: LocalTree): NonNullable<NewVersion['data_type']> {
  const type = options.type ?? (tree.kind === 'file' ? 'uri_file' : 'uri_folder');
  if (type === 'uri_file' && tree.kind !== 'file')
    throw usageError(
      'PathInvalid',
      `--type uri_file needs --path to be a file; ${options.path} is a folder (use uri_folder)`,
    );
  if (type !== 'uri_file' && tree.kind === 'file')
    throw usageError(
      'PathInvalid',
      `--type ${type} needs --path to be a folder; ${options.path} is a file (use uri_file)`,
    );
  if (type === 'mltable' && !tree.files.some((f) => f.path === 'MLTable'))
    throw usageError('MLTableMissing', `--type mltable needs an MLTable file at the top of ${options.path}`);
  return type;
}

/** The begin body without files: the flags that describe the version. */
function metadataOf(
  kind: AssetKindSpec,
  options: CreateOptions,
  tree: LocalTree,
  lineage: Lineage | undefined,
): Omit<NewVersion, 'files'> {
  const tags = keyValues(options.tags, '--tags');
  const properties = keyValues(options.properties, '--properties');
  const text = {
    version: options.version,
    description: options.description,
    flavor: options.flavor,
    framework: options.framework,
    job: options.job,
    source: options.source,
  };
  return {
    ...Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined)),
    ...(Object.keys(tags).length === 0 ? {} : { tags }),
    ...(Object.keys(properties).length === 0 ? {} : { properties }),
    ...(kind.type === 'data' ? { data_type: dataTypeOf(options, tree) } : {}),
    ...compact({ lineage }),
    ...allowDuplicateOf(options),
  };
}

async function create(context: CommandContext, kind: AssetKindSpec, options: CreateOptions): Promise<void> {
  checked(() => assertAssetName(options.name, 'name'));
  if (options.version !== undefined) checked(() => assertNewVersionLabel(options.version ?? '', 'version'));
  const scope = requiredScope(options, `create the ${kind.noun}`);
  const asset: AssetLocator = { ...scope, type: kind.type, name: options.name };
  const lineage = lineageOf(options, kind, scope);
  const { listLocalFiles } = await import('../transfer/walk-files.js');
  const root = resolve(options.path);
  const tree = await listLocalFiles(root, options.path);
  const metadata = metadataOf(kind, options, tree, lineage);
  if (tree.files.length === 0) throw usageError('PathEmpty', `${options.path} holds no files to register`);
  if (tree.skippedLinks.length > 0) context.note(skippedLinksNote(tree.skippedLinks, options.path));
  await pushLocalVersion(context, {
    asset,
    files: tree.files,
    metadata,
    statePath: root,
    shownAs: options.path,
    digestCache: options.cache,
  });
}

/** `arca model|data create`: registers a version from a file or folder, sending only what the server lacks. */
export function addCreateCommand(group: Command, io: CliIo, kind: AssetKindSpec): void {
  const command = group
    .command('create')
    .description(
      `Register ${kind.aNoun} version from a file or folder: hashes it, uploads only the files the server lacks (resumable), commits`,
    )
    .requiredOption('-n, --name <name>', `${kind.noun} name`)
    .option('-v, --version <label>', 'version label (default: the next integer)')
    .requiredOption('-p, --path <path>', 'the file or folder to register');
  addScopeOptions(command, `to create the ${kind.noun} in`)
    .option('-d, --description <text>', 'description of the version')
    .option('--tags <key=value...>', 'tags of the version')
    .option('--properties <key=value...>', 'properties of the version (metrics, parameters)')
    .option('--job <text>', 'the job that produced it')
    .option('--source <text>', 'where it came from');
  addLineageOptions(command, kind);
  addAllowDuplicateOption(command);
  addDigestCacheOption(command);
  if (kind.type === 'model') {
    command
      .option('--flavor <flavor>', 'model flavor (sklearn, pytorch, …)')
      .option('--framework <framework>', 'framework and version (torch==2.3, …)');
  } else {
    command.addOption(
      new Option('-t, --type <type>', 'data type (default: uri_file for a file, uri_folder for a folder)').choices([
        'uri_file',
        'uri_folder',
        'mltable',
      ]),
    );
  }
  command.action(async (options: CreateOptions, cmd: Command) => create(await contextOf(io, cmd), kind, options));
}
