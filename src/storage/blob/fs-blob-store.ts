import { compact } from '../../core/compact.js';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, opendir, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { assertDigest } from '../../core/digest.js';
import { BlobStoreError, blobStoreFault } from './blob-store-errors.js';
import type { BlobInfo, BlobStore, BlobWriter, CommittedBlob, CopyOptions, Digest, ReadRange } from './blob-store.js';
import { openFsBlobWriter, placeBlob, withClaimedUpload } from './fs-blob-writer.js';
import { copyPool } from './fs-copy-pool.js';
import { describeCause, errnoCode, storageUnavailable } from './fs-io.js';
import { faultOfErrno } from '../storage-faults.js';
import { assertUploadId, isBlobHex, resolveRange } from './blob-names.js';
import { ResumePoints } from './resume-points.js';
import { innermostStore } from './blob-wrappers.js';

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
  readonly #resumePoints = new ResumePoints();
  readonly #directIo: boolean;

  /** `directIo: false` makes replica copies write through the page cache (see FsRegionStore.directIo). */
  constructor(root: string, options: { directIo?: boolean } = {}) {
    this.#directIo = options.directIo ?? true;
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
        if (faultOfErrno(errnoCode(err)) !== undefined)
          throw storageUnavailable(this.description, 'provision', dir, err);
        throw new BlobStoreError(
          'unavailable',
          `${this.description}: ${dir} is not a writable directory (${describeCause(err)})`,
          { cause: err },
        );
      }
    }
  }

  async stat(digest: Digest, signal?: AbortSignal): Promise<BlobInfo | undefined> {
    assertDigest(digest);
    signal?.throwIfAborted();
    const path = this.#blobPath(digest);
    try {
      // fs.stat takes no signal: one system call, then the answer is dropped if the caller gave up meanwhile.
      const info = await stat(path);
      signal?.throwIfAborted();
      return info.isFile() ? { digest, size: info.size } : undefined;
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw storageUnavailable(this.description, 'stat', path, err);
    }
  }

  async reader(digest: Digest, range: ReadRange = {}, signal?: AbortSignal): Promise<Readable> {
    assertDigest(digest);
    signal?.throwIfAborted();
    const path = this.#blobPath(digest);
    let handle: FileHandle;
    try {
      // Opening before stat-ing means a concurrent delete cannot pull the file out from under the stream.
      handle = await open(path, 'r');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT')
        throw new BlobStoreError('notFound', `${this.description} holds no blob ${digest}`, { target: 'digest' });
      throw storageUnavailable(this.description, 'read', path, err);
    }
    try {
      const { offset, length } = resolveRange(range, (await handle.stat()).size, digest);
      signal?.throwIfAborted();
      // createReadStream refuses end < start, so an empty range gets an empty byte stream of its own.
      if (length === 0) {
        await handle.close();
        return Readable.from([], { objectMode: false });
      }
      // 1 MiB reads: a quarter as many thread-pool round trips as the 64 KiB default (downloads and replication).
      return createReadStream(path, {
        fd: handle,
        start: offset,
        end: offset + length - 1,
        highWaterMark: 1 << 20,
        ...compact({ signal }),
      });
    } catch (err) {
      await handle.close();
      if (signal?.aborted) throw signal.reason;
      throw storageUnavailable(this.description, 'read', path, err);
    }
  }

  /**
   * Opens upload `uploadId`, resuming it when it exists: size and hash come from where this store last
   * closed it, or are rebuilt from its bytes (after a restart). The file stays open until the writer ends.
   */
  async writer(uploadId: string): Promise<BlobWriter> {
    assertUploadId(uploadId);
    return openFsBlobWriter({
      description: this.description,
      uploadId,
      path: join(this.#uploadsDir, uploadId),
      blobPath: (digest) => this.#blobPath(digest),
      resumePoints: this.#resumePoints,
    });
  }

  /** The length of the upload file: what a writer reopened on it re-reads and resumes after. */
  async uploadSize(uploadId: string): Promise<number> {
    assertUploadId(uploadId);
    const path = join(this.#uploadsDir, uploadId);
    try {
      return (await stat(path)).size;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return 0;
      throw storageUnavailable(this.description, 'stat upload', path, err);
    }
  }

  /**
   * From a store that keeps blobs as local files, a worker thread copies the file into the upload,
   * hashing as it goes, so copies hash on as many cores as there are workers (replication's fast path);
   * any other source is left to the caller's stream.
   */
  async copyFrom(
    source: BlobStore,
    digest: Digest,
    uploadId: string,
    options: CopyOptions = {},
  ): Promise<CommittedBlob | undefined> {
    assertDigest(digest);
    const own = innermostStore(source);
    const from = own instanceof FsBlobStore ? own.#blobPath(digest) : undefined;
    if (from === undefined) return undefined;
    assertUploadId(uploadId);
    const path = join(this.#uploadsDir, uploadId);
    return withClaimedUpload({ path, uploadId }, async () => {
      // The worker appends behind this store's back: a hash remembered from an earlier writer no longer holds.
      this.#resumePoints.forget(path);
      await mkdir(this.#uploadsDir, { recursive: true }).catch((err: unknown) => {
        throw storageUnavailable(this.description, 'create', this.#uploadsDir, err);
      });
      const reply = await copyPool()
        .run({ source: from, upload: path, directIo: this.#directIo }, options.signal)
        .catch((err: unknown) => {
          throw options.signal?.aborted ? err : storageUnavailable(this.description, `copy ${digest} into`, path, err);
        });
      if (reply.error !== undefined) {
        if (reply.error.code === 'ABORTED')
          throw options.signal?.reason ?? new BlobStoreError('internal', `copying ${digest} was stopped`);
        if (reply.error.file === 'source' && reply.error.code === 'ENOENT')
          throw new BlobStoreError('notFound', `${source.description} holds no blob ${digest}`, { target: 'digest' });
        const what = reply.error.file === 'source' ? `read ${from}` : `write upload ${path}`;
        const fault = reply.error.file === 'source' ? undefined : faultOfErrno(reply.error.code);
        if (fault !== undefined)
          throw blobStoreFault(fault, this.description, `${reply.error.code ?? ''} on copy ${digest}`);
        throw new BlobStoreError(
          'unavailable',
          `${this.description}: cannot copy ${digest} from ${source.description}: cannot ${what} (${reply.error.code ?? reply.error.message})`,
        );
      }
      if (reply.digest !== digest) {
        await rm(path, { force: true }).catch(() => undefined);
        throw new BlobStoreError(
          'digestMismatch',
          `copying ${digest} from ${source.description}: its ${reply.size} bytes hash to ${reply.digest}; the copy was discarded`,
          { target: 'digest' },
        );
      }
      const placed = await (async () => {
        // The worker hashed `reply.size` bytes; only an upload file of exactly that size holds them.
        const stored = (await stat(path)).size;
        if (stored !== reply.size)
          throw new BlobStoreError(
            'unavailable',
            `${this.description}: copying ${digest}: upload ${uploadId} holds ${stored} bytes but ${reply.size} were hashed; nothing was committed`,
          );
        return placeBlob(path, this.#blobPath(digest), reply.size);
      })().catch((err: unknown) => {
        throw storageUnavailable(this.description, 'commit upload', path, err);
      });
      return { digest, size: reply.size, ...placed };
    });
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
        if (!isBlobHex(name) || !name.startsWith(prefix)) continue;
        const info = await this.stat(`sha256:${name}`);
        if (info !== undefined) yield info;
      }
    }
  }

  /** The file that holds (or would hold) committed blob `digest`: never handed out, the layout is this driver's. */
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
