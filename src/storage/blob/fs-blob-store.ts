import { createHash, randomUUID, type Hash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { mkdir, open, opendir, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { assertDigest } from '../../core/digest.js';
import { ArcaError, isArcaError } from '../../core/errors.js';
import type { BlobInfo, BlobStore, BlobWriter, Digest, ReadRange } from './blob-store.js';

const uploadIdPattern = /^[A-Za-z0-9_-]{1,128}$/;
const hexPattern = /^[0-9a-f]{64}$/;
const prefixPattern = /^[0-9a-f]{2}$/;

/**
 * A BlobStore on a local directory: committed blobs at `blobs/sha256/<first two hex>/<hex>`, uploads in
 * progress at `uploads/<uploadId>`. Both live under one root so that commit is a same-filesystem rename.
 */
export class FsBlobStore implements BlobStore {
  readonly description: string;
  readonly #root: string;
  readonly #blobsDir: string;
  readonly #uploadsDir: string;

  constructor(root: string) {
    this.#root = resolve(root);
    this.description = `fs:${this.#root}`;
    this.#blobsDir = join(this.#root, 'blobs', 'sha256');
    this.#uploadsDir = join(this.#root, 'uploads');
  }

  /** Creates the directories and proves each is writable with a probe file. */
  async provision(): Promise<void> {
    for (const dir of [this.#blobsDir, this.#uploadsDir]) {
      try {
        await mkdir(dir, { recursive: true });
        // mkdir succeeds on a read-only directory that already exists; only a write proves we can store.
        const probe = join(dir, `.probe-${randomUUID()}`);
        await writeFile(probe, 'arca');
        await rm(probe);
      } catch (err) {
        throw new ArcaError('StorageUnavailable', `${this.description}: ${dir} is not a writable directory (${describeCause(err)})`, { cause: err });
      }
    }
  }

  async stat(digest: Digest): Promise<BlobInfo | undefined> {
    assertDigest(digest);
    const path = this.#blobPath(digest);
    try {
      const info = await stat(path);
      return info.isFile() ? { digest, size: info.size } : undefined;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw storageUnavailable(this.description, 'stat', path, err);
    }
  }

  async reader(digest: Digest, range: ReadRange = {}): Promise<Readable> {
    assertDigest(digest);
    const path = this.#blobPath(digest);
    let handle: FileHandle;
    try {
      // Opening before stat-ing means a concurrent delete cannot pull the file out from under the stream.
      handle = await open(path, 'r');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw new ArcaError('BlobNotFound', `${this.description} holds no blob ${digest}`, { target: 'digest' });
      throw storageUnavailable(this.description, 'read', path, err);
    }
    try {
      const { offset, length } = resolveRange(range, (await handle.stat()).size, digest);
      // createReadStream refuses end < start, so an empty range gets an empty byte stream of its own.
      if (length === 0) {
        await handle.close();
        return Readable.from([], { objectMode: false });
      }
      return createReadStream(path, { fd: handle, start: offset, end: offset + length - 1 });
    } catch (err) {
      await handle.close();
      throw storageUnavailable(this.description, 'read', path, err);
    }
  }

  /** Opens upload `uploadId`, resuming it (size and hash rebuilt from its bytes) when it already exists. */
  async writer(uploadId: string): Promise<BlobWriter> {
    if (!uploadIdPattern.test(uploadId)) {
      throw new ArcaError('InvalidParameter', `upload id ${JSON.stringify(uploadId)} must match [A-Za-z0-9_-]{1,128}`, { target: 'uploadId' });
    }
    const path = join(this.#uploadsDir, uploadId);
    try {
      await mkdir(this.#uploadsDir, { recursive: true });
      // 'a' creates a new upload and keeps an existing one intact.
      await (await open(path, 'a')).close();
      // The hash state lives only in memory, so re-reading the bytes is what lets a session survive a restart.
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of createReadStream(path)) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).byteLength;
      }
      return new FsBlobWriter({ description: this.description, uploadId, path, blobPath: (digest) => this.#blobPath(digest) }, hash, size);
    } catch (err) {
      throw storageUnavailable(this.description, 'open upload', path, err);
    }
  }

  async delete(digest: Digest): Promise<void> {
    assertDigest(digest);
    const path = this.#blobPath(digest);
    try {
      await rm(path, { force: true });
    } catch (err) {
      throw storageUnavailable(this.description, 'delete', path, err);
    }
  }

  async *list(): AsyncGenerator<BlobInfo> {
    for await (const prefix of await this.#entries(this.#blobsDir)) {
      if (!prefixPattern.test(prefix)) continue;
      for await (const name of await this.#entries(join(this.#blobsDir, prefix))) {
        // Anything else in the tree (probe files, strays) is not a committed blob.
        if (!hexPattern.test(name) || !name.startsWith(prefix)) continue;
        const info = await this.stat(`sha256:${name}`);
        if (info !== undefined) yield info;
      }
    }
  }

  #blobPath(digest: Digest): string {
    const hex = digest.slice('sha256:'.length);
    return join(this.#blobsDir, hex.slice(0, 2), hex);
  }

  /** Names in a directory, streamed so a large prefix directory is never held as one array of entries. */
  async #entries(dir: string): Promise<AsyncIterable<string>> {
    try {
      const handle = await opendir(dir);
      return (async function* names() {
        for await (const entry of handle) yield entry.name;
      })();
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return (async function* none() {})();
      throw storageUnavailable(this.description, 'list', dir, err);
    }
  }
}

type WriterState = 'open' | 'finished' | 'broken';

/** What a writer needs to know about its store and its upload. */
interface UploadContext {
  description: string;
  uploadId: string;
  path: string;
  blobPath: (digest: Digest) => string;
}

/**
 * One upload. It holds no open file between calls (each write opens the file for append), so a writer that
 * is simply dropped — a client that went away, a server that restarted — leaks nothing and can be reopened.
 */
class FsBlobWriter implements BlobWriter {
  readonly #upload: UploadContext;
  readonly #hash: Hash;
  #size: number;
  #state: WriterState = 'open';
  // Calls run one after another so bytes reach the file and the hash in the order they were written.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(upload: UploadContext, hash: Hash, size: number) {
    this.#upload = upload;
    this.#hash = hash;
    this.#size = size;
  }

  get size(): number {
    return this.#size;
  }

  write(chunk: Uint8Array): Promise<void> {
    return this.#enqueue(() => this.#append(chunk));
  }

  commit(expectedDigest: Digest): Promise<BlobInfo> {
    assertDigest(expectedDigest);
    return this.#enqueue(() => this.#commit(expectedDigest));
  }

  cancel(): Promise<void> {
    return this.#enqueue(async () => {
      this.#state = 'finished';
      try {
        await rm(this.#upload.path, { force: true });
      } catch (err) {
        throw storageUnavailable(this.#upload.description, 'cancel upload', this.#upload.path, err);
      }
    });
  }

  #enqueue<T>(operation: () => Promise<T>): Promise<T> {
    // A failed call has already reported to its own caller; the next one still runs.
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #append(chunk: Uint8Array): Promise<void> {
    this.#assertWritable();
    if (chunk.byteLength === 0) return;
    let handle;
    try {
      // No O_CREAT: appending to an upload that was cancelled or committed meanwhile must fail, not revive it.
      handle = await open(this.#upload.path, constants.O_WRONLY | constants.O_APPEND);
    } catch (err) {
      throw this.#openFailure(err);
    }
    try {
      for (let offset = 0; offset < chunk.byteLength; ) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
        offset += bytesWritten;
      }
    } catch (err) {
      // Part of the chunk may be on disk but not in the hash; only re-reading the file can reconcile them.
      this.#state = 'broken';
      throw storageUnavailable(this.#upload.description, 'write upload', this.#upload.path, err);
    } finally {
      await handle.close();
    }
    this.#hash.update(chunk);
    this.#size += chunk.byteLength;
  }

  async #commit(expected: Digest): Promise<BlobInfo> {
    this.#assertWritable();
    this.#state = 'finished';
    const actual: Digest = `sha256:${this.#hash.digest('hex')}`;
    if (actual !== expected) {
      await rm(this.#upload.path, { force: true }).catch(() => undefined);
      throw new ArcaError('DigestMismatch', `upload ${this.#upload.uploadId}: expected ${expected} but its ${this.#size} bytes hash to ${actual}; the upload was discarded`, {
        target: 'digest',
      });
    }
    try {
      // Without this fsync a crash after the rename could leave a visible blob whose bytes never reached the disk.
      let handle;
      try {
        handle = await open(this.#upload.path, 'r+');
      } catch (err) {
        throw this.#openFailure(err);
      }
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await placeBlob(this.#upload.path, this.#upload.blobPath(expected));
    } catch (err) {
      // The upload file may still be whole; reopening the writer by id rebuilds the hash and retries.
      this.#state = 'broken';
      throw storageUnavailable(this.#upload.description, 'commit upload', this.#upload.path, err);
    }
    return { digest: expected, size: this.#size };
  }

  #assertWritable(): void {
    if (this.#state === 'finished') {
      throw new ArcaError('InternalError', `upload ${this.#upload.uploadId} was already committed or cancelled through this writer`, { target: 'uploadId' });
    }
    if (this.#state === 'broken') {
      throw new ArcaError('StorageUnavailable', `upload ${this.#upload.uploadId} failed part-way; open it again by id to resume from the bytes on disk`, { target: 'uploadId' });
    }
  }

  #openFailure(err: unknown): ArcaError {
    if (errnoCode(err) === 'ENOENT') {
      this.#state = 'finished';
      return new ArcaError('InvalidParameter', `upload ${this.#upload.uploadId} no longer exists: it was cancelled or committed`, { target: 'uploadId' });
    }
    return storageUnavailable(this.#upload.description, 'open upload', this.#upload.path, err);
  }
}

/** Moves a verified upload to its content address; the blob becomes visible only once the rename lands. */
async function placeBlob(uploadPath: string, target: string): Promise<void> {
  const dir = dirname(target);
  const created = await mkdir(dir, { recursive: true });
  if (await exists(target)) {
    // Content-addressed: the blob already there holds the same bytes.
    await rm(uploadPath, { force: true });
    return;
  }
  await rename(uploadPath, target);
  // The rename is durable only once the directory entry is; a new prefix directory needs its parent too.
  await fsync(dir);
  if (created !== undefined) await fsync(dirname(dir));
}

/** Wraps an I/O failure in `StorageUnavailable`, letting catalogue errors through unchanged. */
function storageUnavailable(description: string, action: string, path: string, err: unknown): ArcaError {
  if (isArcaError(err)) return err;
  return new ArcaError('StorageUnavailable', `${description}: cannot ${action} ${path} (${describeCause(err)})`, { cause: err });
}

/** Checks a requested range against the blob size and fills in the defaults. */
function resolveRange(range: ReadRange, size: number, digest: Digest): { offset: number; length: number } {
  const offset = range.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > size) {
    throw new ArcaError('RangeInvalid', `offset ${offset} lies outside ${digest} (${size} bytes)`, { target: 'offset' });
  }
  const length = range.length ?? size - offset;
  if (!Number.isSafeInteger(length) || length < 0 || offset + length > size) {
    throw new ArcaError('RangeInvalid', `${length} bytes from offset ${offset} lie outside ${digest} (${size} bytes)`, { target: 'length' });
  }
  return { offset, length };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw err;
  }
}

async function fsync(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function describeCause(err: unknown): string {
  return errnoCode(err) ?? (err instanceof Error ? err.message : String(err));
}
