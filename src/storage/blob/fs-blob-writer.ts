import { createHash, type Hash } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BlobStoreError } from './blob-store-errors.js';
import type { BlobWriter, CommittedBlob, Digest } from './blob-store.js';
import { exists, errnoCode, fsync, storageUnavailable } from './fs-io.js';
import { StagedAppender } from './fs-staged-appender.js';
import type { ResumePoints } from './resume-points.js';
import { SerialBlobWriter } from './serial-blob-writer.js';

/** What a writer needs to know about its store and its upload. */
export interface UploadContext {
  description: string;
  uploadId: string;
  /** Absolute path of the upload file, `<root>/uploads/<uploadId>`. */
  path: string;
  blobPath: (digest: Digest) => string;
  /** The store's memory of uploads closed through it. */
  resumePoints: ResumePoints;
}

/**
 * Upload files that a live writer in this process holds. Two writers appending to one file would
 * interleave bytes that neither's hash covers. Keyed by absolute path, so stores on one root share it.
 */
const claimedUploads = new Set<string>();

function claim(upload: Pick<UploadContext, 'path' | 'uploadId'>): void {
  if (claimedUploads.has(upload.path)) {
    throw new BlobStoreError(
      'uploadInUse',
      `upload ${upload.uploadId} is open in another writer; end that one with commit, cancel or close first`,
      { target: 'uploadId' },
    );
  }
  claimedUploads.add(upload.path);
}

/** Runs `use` while holding upload `upload.path` as a writer would; throws `UploadInUse` when one holds it. */
export async function withClaimedUpload<T>(
  upload: Pick<UploadContext, 'path' | 'uploadId'>,
  use: () => Promise<T>,
): Promise<T> {
  claim(upload);
  try {
    return await use();
  } finally {
    claimedUploads.delete(upload.path);
  }
}

const resumeReadSize = 1024 * 1024;

/** Opens upload `upload.path`, creating it or resuming it, and claims it until the writer ends. */
export async function openFsBlobWriter(upload: UploadContext): Promise<BlobWriter> {
  claim(upload);
  let handle: FileHandle | undefined;
  try {
    await mkdir(dirname(upload.path), { recursive: true });
    // 'a+' creates a new upload and keeps an existing one intact; writes append, reads take explicit positions.
    handle = await open(upload.path, 'a+');
    const { hash, size } = await resumeHash(handle, upload);
    return new FsBlobWriter(upload, handle, hash, size);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    claimedUploads.delete(upload.path);
    throw storageUnavailable(upload.description, 'open upload', upload.path, err);
  }
}

/** The hash and size of the bytes already in the upload: remembered from its last close, else re-read. */
async function resumeHash(handle: FileHandle, upload: UploadContext): Promise<{ hash: Hash; size: number }> {
  const remembered = upload.resumePoints.take(upload.path);
  if (remembered !== undefined && remembered.identity === (await fileIdentity(handle))) return remembered;
  // Otherwise the hash state lives nowhere; re-reading the bytes is what lets a session survive a restart.
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(resumeReadSize);
  let size = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
    if (bytesRead === 0) return { hash, size };
    hash.update(buffer.subarray(0, bytesRead));
    size += bytesRead;
  }
}

/** Changes whenever the file does: a resume point is trusted only while the file is exactly as it was left. */
async function fileIdentity(handle: FileHandle): Promise<string> {
  const info = await handle.stat({ bigint: true });
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

/** `open`: the file and claim are held. `broken`: a write failed, so file and hash disagree; only ending is left. */
type WriterState = 'open' | 'broken' | 'closed' | 'finished';

/**
 * One upload, holding its file open and its id claimed from `writer()` until commit, cancel or close.
 * Bytes are hashed on arrival and staged for the file (see StagedAppender); close and commit write out
 * the rest. Calls run one after another so bytes reach the file and the hash in the order they were written.
 */
class FsBlobWriter extends SerialBlobWriter {
  readonly #upload: UploadContext;
  readonly #hash: Hash;
  readonly #appender: StagedAppender;
  #handle: FileHandle | undefined;
  #size: number;
  #state: WriterState = 'open';

  constructor(upload: UploadContext, handle: FileHandle, hash: Hash, size: number) {
    super();
    this.#upload = upload;
    this.#handle = handle;
    this.#appender = new StagedAppender(handle);
    this.#hash = hash;
    this.#size = size;
  }

  get size(): number {
    return this.#size;
  }

  protected async append(chunk: Uint8Array): Promise<void> {
    this.#writable();
    if (chunk.byteLength === 0) return;
    // The appender starts writing before it returns (a large chunk itself, or a full stage): hashing here,
    // on this thread, overlaps that write on the libuv pool. Both only read the chunk.
    const appended = this.#staged(() => this.#appender.append(chunk));
    this.#hash.update(chunk);
    await appended;
    this.#size += chunk.byteLength;
  }

  /** Runs an appender step; a write failure breaks the writer, since the hash now covers bytes the file may lack. */
  async #staged(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (err) {
      this.#state = 'broken';
      throw storageUnavailable(this.#upload.description, 'write upload', this.#upload.path, err);
    }
  }

  protected async commitNow(expected: Digest): Promise<CommittedBlob> {
    const handle = this.#writable();
    try {
      const actual: Digest = `sha256:${this.#hash.digest('hex')}`;
      this.#state = 'finished';
      if (actual !== expected) {
        await rm(this.#upload.path, { force: true }).catch(() => undefined);
        throw new BlobStoreError(
          'digestMismatch',
          `upload ${this.#upload.uploadId}: expected ${expected} but its ${this.#size} bytes hash to ${actual}; the upload was discarded`,
          { target: 'digest' },
        );
      }
      const placed = await this.#place(handle, expected);
      return { digest: expected, size: this.#size, ...placed };
    } catch (err) {
      // The upload file may hold only part of the bytes; reopening it by id rebuilds the hash from what it holds.
      if (this.#state === 'broken') this.#state = 'closed';
      throw err;
    } finally {
      // Committed or not, the writer has ended; a close failure cannot undo a blob already in place.
      await this.#release(handle).catch(() => undefined);
    }
  }

  async #place(handle: FileHandle, digest: Digest): Promise<Pick<CommittedBlob, 'replaced'>> {
    await this.#staged(() => this.#appender.drain());
    try {
      // Without this fsync a crash after the rename could leave a visible blob whose bytes never reached the disk.
      await handle.sync();
      // The hash covers the bytes this writer accepted; only a file holding exactly that many is those bytes.
      const stored = (await handle.stat()).size;
      if (stored !== this.#size) {
        throw new BlobStoreError(
          'unavailable',
          `${this.#upload.description}: upload ${this.#upload.uploadId} holds ${stored} bytes but this writer accepted ${this.#size}; it changed behind the writer, so nothing was committed`,
          { target: 'uploadId' },
        );
      }
      return await placeBlob(this.#upload.path, this.#upload.blobPath(digest), this.#size);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' && !(await exists(this.#upload.path).catch(() => true))) {
        throw new BlobStoreError(
          'invalidArgument',
          `upload ${this.#upload.uploadId} no longer exists: it was removed while this writer held it open`,
          { target: 'uploadId' },
        );
      }
      // The upload file may still be whole; reopening it by id rebuilds the hash and lets the caller retry.
      this.#state = 'closed';
      throw storageUnavailable(this.#upload.description, 'commit upload', this.#upload.path, err);
    }
  }

  protected async cancelNow(): Promise<void> {
    if (this.#state === 'finished') return;
    const handle = this.#handle;
    // A closed writer no longer holds the upload; it may remove it only while nobody else does.
    if (handle === undefined) claim(this.#upload);
    try {
      await rm(this.#upload.path, { force: true });
      this.#upload.resumePoints.forget(this.#upload.path);
      this.#state = 'finished';
    } catch (err) {
      this.#state = 'closed';
      throw storageUnavailable(this.#upload.description, 'cancel upload', this.#upload.path, err);
    } finally {
      if (handle === undefined) claimedUploads.delete(this.#upload.path);
      else await this.#release(handle).catch(() => undefined);
    }
  }

  protected async closeNow(): Promise<void> {
    const handle = this.#handle;
    if (handle === undefined) return;
    // Staged bytes go to the file first: after close, the file holds exactly `size` bytes.
    const drained = this.#state === 'open' ? this.#staged(() => this.#appender.drain()) : Promise.resolve();
    const failure = await drained.then(
      () => undefined,
      (err: unknown) => ({ err }),
    );
    const resumable = this.#state === 'open';
    this.#state = 'closed';
    // The point is remembered before the claim is released, so the next writer of this id finds it.
    await this.#release(handle, async () => {
      if (resumable)
        this.#upload.resumePoints.remember(this.#upload.path, {
          hash: this.#hash,
          size: this.#size,
          identity: await fileIdentity(handle),
        });
    }).catch((err: unknown) => {
      throw storageUnavailable(this.#upload.description, 'close upload', this.#upload.path, err);
    });
    if (failure !== undefined) throw failure.err;
  }

  /** Closes the file (after `beforeClose`) and releases the claim on the upload id, even when closing fails. */
  async #release(handle: FileHandle, beforeClose?: () => Promise<void>): Promise<void> {
    this.#handle = undefined;
    try {
      // Closing under a write in flight could let that write land in whatever file reuses the descriptor.
      await this.#appender.dispose();
      // A resume point that cannot be taken only costs the next writer a re-read.
      await beforeClose?.().catch(() => undefined);
      await handle.close();
    } finally {
      claimedUploads.delete(this.#upload.path);
    }
  }

  #writable(): FileHandle {
    if (this.#state === 'broken') {
      throw new BlobStoreError(
        'unavailable',
        `upload ${this.#upload.uploadId} failed part-way; close this writer and open the upload again by id to resume from the bytes on disk`,
        { target: 'uploadId' },
      );
    }
    if (this.#state !== 'open' || this.#handle === undefined) {
      const why =
        this.#state === 'closed'
          ? 'was closed through this writer; open it again by id to resume'
          : 'was already committed or cancelled through this writer';
      throw new BlobStoreError('internal', `upload ${this.#upload.uploadId} ${why}`, { target: 'uploadId' });
    }
    return this.#handle;
  }
}

/**
 * Moves a verified upload of `size` bytes to its content address; the blob becomes visible only once the
 * rename lands. A file already there is trusted only when it is a regular file of that size: anything else
 * (truncated, empty, planted) is replaced by the same rename, which swaps it atomically.
 */
export async function placeBlob(
  uploadPath: string,
  target: string,
  size: number,
): Promise<Pick<CommittedBlob, 'replaced'>> {
  const dir = dirname(target);
  const created = await mkdir(dir, { recursive: true });
  const existing = await lstat(target).catch((err: unknown) => {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  });
  if (existing?.isFile() === true && existing.size === size) {
    // Content-addressed: a blob of the same size under the same digest holds the same bytes.
    await rm(uploadPath, { force: true });
    return {};
  }
  await rename(uploadPath, target);
  // The rename is durable only once the directory entry is; a new prefix directory needs its parent too.
  await fsync(dir);
  if (created !== undefined) await fsync(dirname(dir));
  return existing === undefined ? {} : { replaced: { size: existing.size } };
}
