import type { Command } from 'commander';
import type { AssetLocator, NewVersion } from '../../sdk/client.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../context.js';
import type { Column } from '../output.js';
import { formatBytes, startByteProgress } from '../progress.js';
import type { PushResult } from '../transfer/push-version.js';
import type { LocalFile } from '../transfer/walk-files.js';

/** What `create` prints: the committed version (or the latest, `created: false`) and where its bytes came from. */
export type CreateResult = PushResult['version'] &
  Pick<PushResult, 'uploadedBytes' | 'reusedBytes' | 'resumedBytes' | 'created'>;

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

/** `--allow-duplicate`, on every `create` that registers local files. */
export function addAllowDuplicateOption(command: Command): Command {
  return command.option(
    '--allow-duplicate',
    'make a new version even when the latest one already has these files and this metadata (by default its answer is that version)',
  );
}

/** `--no-cache`, on every `create` that registers local files. */
export function addDigestCacheOption(command: Command): Command {
  return command.option(
    '--no-cache',
    'hash every file again instead of reusing the digests of unchanged files (same path, size, modification and change times, inode) from earlier runs',
  );
}

/** The begin body's `allow_duplicate`, when the flag was given. */
export function allowDuplicateOf(options: { allowDuplicate?: boolean }): Pick<NewVersion, 'allow_duplicate'> {
  return options.allowDuplicate === true ? { allow_duplicate: true } : {};
}

/** A positive whole number of bytes from the environment, or the default. */
function sizeFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw usageError('EnvironmentInvalid', `${name}=${text}: expected a positive whole number`);
  return value;
}

/** The note about symbolic links left out of a folder. */
export function skippedLinksNote(links: readonly string[], folder: string): string {
  return `note: skipped ${links.length} symbolic link(s) that lead outside ${folder}: ${links.slice(0, 5).join(', ')}${links.length > 5 ? ', …' : ''}`;
}

/** A version to register from local files. */
export interface LocalVersion {
  asset: AssetLocator;
  files: readonly LocalFile[];
  /** The begin body without files. */
  metadata: Omit<NewVersion, 'files'>;
  /** The absolute path the upload state is keyed by (the folder, file or YAML file given to `create`). */
  statePath: string;
  /** That path as the user typed it, for messages. */
  shownAs: string;
  /** False with `--no-cache`: every file is hashed, and the digest cache is neither read nor written. */
  digestCache?: boolean;
}

/**
 * Hashes the files, begins the version, uploads only the blobs the server lacks (resumable, with
 * progress bars on a terminal), commits, and prints the result. An interrupted run is resumed by the
 * same command.
 */
export async function pushLocalVersion(context: CommandContext, local: LocalVersion): Promise<void> {
  // The transfer machinery loads only for the commands that move bytes: every other command starts faster.
  const [{ hashFiles }, { UploadState }, { pushVersion }, { DigestCache, digestCacheFile }] = await Promise.all([
    import('../transfer/hash-files.js'),
    import('../transfer/upload-state.js'),
    import('../transfer/push-version.js'),
    import('../transfer/digest-cache.js'),
  ]);
  const { asset } = local;
  (await import('../transfer/walk-files.js')).assertDistinctPaths(local.files);
  const client = context.client();
  const env = context.io.env;
  const chunkBytes = sizeFromEnv(env, 'ARCA_UPLOAD_CHUNK_BYTES', 8 << 20);
  const blobConcurrency = sizeFromEnv(env, 'ARCA_UPLOAD_CONCURRENCY', 4);
  const state = UploadState.open(env, {
    server: client.server,
    scopeKind: asset.scopeKind,
    scope: asset.scope,
    type: asset.type,
    name: asset.name,
    path: local.statePath,
  });
  if (state.resumable)
    context.note(
      `resuming the interrupted upload of ${local.shownAs}${state.data.version === undefined ? '' : ` (version ${state.data.version})`}`,
    );

  const hashing = await startByteProgress(
    context,
    'Hashing  ',
    local.files.reduce((sum, f) => sum + f.size, 0),
  );
  const cache =
    local.digestCache === false
      ? undefined
      : DigestCache.open(digestCacheFile(env), (message) => context.note(message));
  const files = await hashFiles(local.files, { cache, onBytes: (n) => hashing.add(n) }).finally(() => hashing.stop());
  // Saved before the upload: an interrupted upload still keeps the digests it paid for.
  cache?.save();

  // Ctrl-C leaves the state file and the server's sessions as they are: the same command resumes.
  const onInterrupt = (): void => {
    context.note(`\ninterrupted: run the same command again to resume the upload`);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const result = await pushVersion({
      client,
      asset,
      files,
      metadata: local.metadata,
      state,
      chunkBytes,
      blobConcurrency,
      onUploadStart: (missingBytes) => startByteProgress(context, 'Uploading', missingBytes),
    });
    const shown: CreateResult = {
      ...result.version,
      uploadedBytes: result.uploadedBytes,
      reusedBytes: result.reusedBytes,
      resumedBytes: result.resumedBytes,
      created: result.created,
    };
    // On stderr whatever the output format: a script reading JSON sees `created: false`, a person the sentence.
    if (!result.created)
      context.note(
        `${result.version.name}:${result.version.version} already has these files; no new version made (--allow-duplicate to make one)`,
      );
    await context.print(shown, createColumns);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
