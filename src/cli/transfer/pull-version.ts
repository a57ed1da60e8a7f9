import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, realpath, rename, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { filePathProblem } from '../../core/file-paths.js';
import type { ArcaClient, AssetLocator, Version } from '../../sdk/client.js';
import { CliError, exitStatus } from '../cli-error.js';
import { forEachBounded } from './bounded.js';
import { hashPool } from './hash-pool.js';

export interface PullOptions {
  client: ArcaClient;
  asset: AssetLocator;
  /** The version, with its files. */
  version: Version;
  dir: string;
  concurrency: number;
  /** Read each file from this region's copy (the server falls back to the primary while it has none). */
  region?: string | undefined;
  onBytes?: (bytes: number) => void;
}

/** What a download did. */
export interface PullResult {
  files: number;
  downloadedBytes: number;
  /** Files already present with the right digest, left as they were. */
  skippedFiles: number;
  skippedBytes: number;
  /** With a region: the files the primary served because that region held no copy yet. */
  servedFromPrimary?: number;
}

function outside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || rel.startsWith(sep);
}

function unsafePath(path: string, why: string): CliError {
  return new CliError(
    'FilePathInvalid',
    `the server listed the file ${JSON.stringify(path)}, which cannot be written safely: ${why}; nothing was written for it`,
    exitStatus.requestFailed,
  );
}

/** A `--path` that cannot be the folder to download into is the user's to fix: a usage error naming it, never a crash. */
function downloadFolderError(dir: string, error: NodeJS.ErrnoException): unknown {
  const why =
    error.code === 'EEXIST' || error.code === 'ENOTDIR'
      ? 'it, or a folder above it, exists and is not a folder'
      : error.code === 'EACCES' || error.code === 'EPERM'
        ? 'permission denied'
        : error.code === 'EROFS'
          ? 'the file system is read-only'
          : undefined;
  if (why === undefined) return error;
  return new CliError(
    'PathConflict',
    `cannot download into --path ${dir}: ${why}; give a folder (it is created when missing)`,
    exitStatus.usage,
  );
}

/**
 * Creates the folders of `path` under `root` one at a time, so that none is made through a symbolic
 * link (already in `root`) that leads outside it.
 */
async function makeParents(root: string, path: string): Promise<void> {
  let current = root;
  for (const segment of path.split('/').slice(0, -1)) {
    current = join(current, segment);
    const info = await lstat(current).catch(() => undefined);
    if (info === undefined) {
      await mkdir(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    } else if (info.isSymbolicLink()) {
      if (outside(root, await realpath(current)))
        throw unsafePath(path, `${current} is a link that leads outside the folder`);
    } else if (!info.isDirectory()) {
      throw new CliError(
        'PathConflict',
        `cannot write ${path}: ${current} exists and is not a folder`,
        exitStatus.usage,
      );
    }
  }
}

/** True when `target` is already a regular file of this size and digest. */
async function alreadyPresent(target: string, size: number, digest: string): Promise<boolean> {
  const info = await lstat(target).catch(() => undefined);
  if (info === undefined || !info.isFile() || info.size !== size) return false;
  return (await hashPool().hashFile(target)).digest === digest;
}

/**
 * Streams `source` into a new file at `path` (`wx`: never through a file or link placed there),
 * hashing on the way: the bytes are read from the network once and never read back. On the main
 * thread on purpose: measured on 2 cores with the server beside it, handing the pieces to a hashing
 * thread cost more (copies, messages, GC) than the SHA-256 it moved, and a download is CPU-bound.
 */
async function receiveFile(
  source: Readable,
  path: string,
  onBytes?: (bytes: number) => void,
): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      onBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  await pipeline(source, count, createWriteStream(path, { flags: 'wx', mode: 0o644 }));
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

/**
 * Streams one file into `target`: into a temp file beside it, hashing on the way, then renamed
 * into place only when size and digest match, so a failed or tampered download leaves nothing.
 */
async function downloadOne(
  options: PullOptions,
  file: { path: string; size: number; digest: string },
  target: string,
): Promise<{ fromPrimary: boolean }> {
  const temp = `${target}.arca-partial-${randomBytes(4).toString('hex')}`;
  try {
    const response = await options.client.assets.downloadFile(
      options.asset,
      options.version.version,
      file.path,
      options.region === undefined ? {} : { region: options.region },
    );
    const received = await receiveFile(response, temp, options.onBytes).catch((error: NodeJS.ErrnoException) => {
      throw downloadFolderError(options.dir, error);
    });
    if (received.size !== file.size || received.digest !== file.digest) {
      throw new CliError(
        'DigestMismatch',
        `${file.path}: received ${received.size} bytes with digest ${received.digest}, but the version lists ${file.size} bytes with ${file.digest}; the file was not written`,
        exitStatus.requestFailed,
      );
    }
    await rename(temp, target);
    return { fromPrimary: response.headers['x-arca-served-from'] === 'primary' };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Downloads every file of a version into `dir/<path>`, creating folders as needed, a few files at a
 * time. Every path is checked before anything is written: one that could land outside `dir`
 * (`..`, absolute, through a symbolic link) fails the download. Files already present with the
 * right digest are skipped.
 */
export async function pullVersion(options: PullOptions): Promise<PullResult> {
  const files = options.version.files ?? [];
  for (const file of files) {
    const problem = filePathProblem(file.path);
    if (problem !== undefined) throw unsafePath(file.path, problem);
  }
  await mkdir(options.dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw downloadFolderError(options.dir, error);
  });
  const root = await realpath(options.dir);
  const result: PullResult = {
    files: files.length,
    downloadedBytes: 0,
    skippedFiles: 0,
    skippedBytes: 0,
    ...(options.region === undefined ? {} : { servedFromPrimary: 0 }),
  };
  await forEachBounded(files, options.concurrency, async (file) => {
    const target = join(root, ...file.path.split('/'));
    if (outside(root, target)) throw unsafePath(file.path, 'it leads outside the folder');
    await makeParents(root, file.path).catch((error: NodeJS.ErrnoException) => {
      throw downloadFolderError(options.dir, error);
    });
    if (await alreadyPresent(target, file.size, file.digest)) {
      result.skippedFiles++;
      result.skippedBytes += file.size;
      options.onBytes?.(file.size);
      return;
    }
    const { fromPrimary } = await downloadOne(options, file, target);
    result.downloadedBytes += file.size;
    if (fromPrimary && result.servedFromPrimary !== undefined) result.servedFromPrimary++;
  });
  return result;
}
