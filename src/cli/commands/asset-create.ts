import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { assertAssetName, assertVersionLabel } from '../../core/names.js';
import type { AssetLocator, NewVersion } from '../../sdk/client.js';
import { addScopeOptions, checked, requiredScope, type ScopeFlags } from '../asset-ref.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import { keyValues } from '../options.js';
import { formatBytes, startByteProgress } from '../progress.js';
import type { PushResult } from '../transfer/push-version.js';
import type { LocalTree } from '../transfer/walk-files.js';
import type { AssetKindSpec } from './asset-kind.js';
import type { Column } from '../output.js';

interface CreateOptions extends ScopeFlags {
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
}

type CreateResult = PushResult['version'] & Pick<PushResult, 'uploadedBytes' | 'reusedBytes' | 'resumedBytes'>;

const createColumns: readonly Column<CreateResult>[] = [
  { header: 'Name', cell: (r) => r.name },
  { header: 'Version', cell: (r) => r.version },
  { header: 'State', cell: (r) => r.state },
  { header: 'Size', cell: (r) => formatBytes(r.total_size) },
  { header: 'Files', cell: (r) => String(r.file_count) },
  { header: 'Uploaded', cell: (r) => formatBytes(r.uploadedBytes) },
  { header: 'Reused', cell: (r) => formatBytes(r.reusedBytes) },
  { header: 'Reference', cell: (r) => r.reference },
];

/** A positive whole number of bytes from the environment, or the default. */
function sizeFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw usageError('EnvironmentInvalid', `${name}=${text}: expected a positive whole number`);
  return value;
}

/** The data type a folder or file gets: `--type`, else uri_file for a file and uri_folder for a folder. */
function dataTypeOf(options: CreateOptions, tree: LocalTree): NonNullable<NewVersion['data_type']> {
  const type = options.type ?? (tree.kind === 'file' ? 'uri_file' : 'uri_folder');
  if (type === 'uri_file' && tree.kind !== 'file') throw usageError('PathInvalid', `--type uri_file needs --path to be a file; ${options.path} is a folder (use uri_folder)`);
  if (type !== 'uri_file' && tree.kind === 'file') throw usageError('PathInvalid', `--type ${type} needs --path to be a folder; ${options.path} is a file (use uri_file)`);
  if (type === 'mltable' && !tree.files.some((f) => f.path === 'MLTable')) throw usageError('MLTableMissing', `--type mltable needs an MLTable file at the top of ${options.path}`);
  return type;
}

/** The begin body without files: the flags that describe the version. */
function metadataOf(kind: AssetKindSpec, options: CreateOptions, tree: LocalTree): Omit<NewVersion, 'files'> {
  const tags = keyValues(options.tags, '--tags');
  const properties = keyValues(options.properties, '--properties');
  const text = { version: options.version, description: options.description, flavor: options.flavor, framework: options.framework, job: options.job, source: options.source };
  return {
    ...Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined)),
    ...(Object.keys(tags).length === 0 ? {} : { tags }),
    ...(Object.keys(properties).length === 0 ? {} : { properties }),
    ...(kind.type === 'data' ? { data_type: dataTypeOf(options, tree) } : {}),
  };
}

async function create(context: CommandContext, kind: AssetKindSpec, options: CreateOptions): Promise<void> {
  checked(() => assertAssetName(options.name, 'name'));
  if (options.version !== undefined) checked(() => assertVersionLabel(options.version ?? '', 'version'));
  const scope = requiredScope(options, `create the ${kind.noun}`);
  const asset: AssetLocator = { ...scope, type: kind.type, name: options.name };
  // The transfer machinery loads only for the command that moves bytes: every other command starts faster.
  const [{ listLocalFiles }, { hashFiles }, { UploadState }, { pushVersion }] = await Promise.all([
    import('../transfer/walk-files.js'), import('../transfer/hash-files.js'), import('../transfer/upload-state.js'), import('../transfer/push-version.js'),
  ]);
  const root = resolve(options.path);
  const tree = await listLocalFiles(root, options.path);
  const metadata = metadataOf(kind, options, tree);
  if (tree.files.length === 0) throw usageError('PathEmpty', `${options.path} holds no files to register`);
  if (tree.skippedLinks.length > 0) context.note(`note: skipped ${tree.skippedLinks.length} symbolic link(s) that lead outside ${options.path}: ${tree.skippedLinks.slice(0, 5).join(', ')}${tree.skippedLinks.length > 5 ? ', …' : ''}`);

  const client = context.client();
  const env = context.io.env;
  const chunkBytes = sizeFromEnv(env, 'ARCA_UPLOAD_CHUNK_BYTES', 8 << 20);
  const blobConcurrency = sizeFromEnv(env, 'ARCA_UPLOAD_CONCURRENCY', 4);
  const state = UploadState.open(env, { server: client.server, scopeKind: asset.scopeKind, scope: asset.scope, type: asset.type, name: asset.name, path: root });
  if (state.resumable) context.note(`resuming the interrupted upload of ${options.path}${state.data.version === undefined ? '' : ` (version ${state.data.version})`}`);

  const hashing = await startByteProgress(context, 'Hashing  ', tree.files.reduce((sum, f) => sum + f.size, 0));
  const files = await hashFiles(tree.files, { concurrency: 4, onBytes: (n) => hashing.add(n) }).finally(() => hashing.stop());

  // Ctrl-C leaves the state file and the server's sessions as they are: the same command resumes.
  const onInterrupt = (): void => {
    context.note(`\ninterrupted: run the same command again to resume the upload`);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const result = await pushVersion({
      client, asset, files, metadata, state,
      chunkBytes,
      blobConcurrency,
      onUploadStart: (missingBytes) => startByteProgress(context, 'Uploading', missingBytes),
    });
    const shown: CreateResult = { ...result.version, uploadedBytes: result.uploadedBytes, reusedBytes: result.reusedBytes, resumedBytes: result.resumedBytes };
    await context.print(shown, createColumns);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** `arca model|data create`: registers a version from a file or folder, sending only what the server lacks. */
export function addCreateCommand(group: Command, io: CliIo, kind: AssetKindSpec): void {
  const command = group.command('create')
    .description(`Register a ${kind.noun} version from a file or folder: hashes it, uploads only the files the server lacks (resumable), commits`)
    .requiredOption('-n, --name <name>', `${kind.noun} name`)
    .option('-v, --version <label>', 'version label (default: the next integer)')
    .requiredOption('-p, --path <path>', 'the file or folder to register');
  addScopeOptions(command, `to create the ${kind.noun} in`)
    .option('-d, --description <text>', 'description of the version')
    .option('--tags <key=value...>', 'tags of the version')
    .option('--properties <key=value...>', 'properties of the version (metrics, parameters)')
    .option('--job <text>', 'the job that produced it')
    .option('--source <text>', 'where it came from');
  if (kind.type === 'model') {
    command.option('--flavor <flavor>', 'model flavor (sklearn, pytorch, …)').option('--framework <framework>', 'framework and version (torch==2.3, …)');
  } else {
    command.addOption(new Option('-t, --type <type>', 'data type (default: uri_file for a file, uri_folder for a folder)').choices(['uri_file', 'uri_folder', 'mltable']));
  }
  command.action(async (options: CreateOptions, cmd: Command) => create(contextOf(io, cmd), kind, options));
}
