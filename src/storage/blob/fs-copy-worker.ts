// A worker thread that copies one blob file into an upload file of another directory store, hashing every
// byte it appends. It runs off the main thread so that two copies hash on two cores and the event loop
// stays free. Only node: imports here: the worker is loaded by file, under tsx in tests and from dist/.
import { compact } from '../../core/compact.js';
import { createHash } from 'node:crypto';
import { closeSync, constants, fdatasync, fsyncSync, openSync, readSync, write, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { CopyFailure, CopyReply, CopyTask } from './fs-copy-protocol.js';

const chunkBytes = 512 << 10;
/** Direct I/O moves whole disk blocks from block-aligned memory to block-aligned file offsets. */
const blockBytes = 4096;
/** Without direct I/O: dirty bytes after which writeback is started, so the disk works while this thread hashes on. */
const writebackBytes = 32 << 20;

/** The one piece of the WebAssembly global used here (the project's type libraries do not declare it). */
declare const WebAssembly: { Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer } };

/**
 * A ring of buffers: one is read into and hashed while the others are on their way to the disk. With
 * one direct write in flight the hashing thread waited on the disk for about a third of the copy; with
 * three, half as long. Four 512 KiB buffers wait no longer than four of 1 MiB did and hold the 2 MiB per
 * worker that two of 1 MiB held (worker memory counts towards the server's). A WebAssembly memory starts
 * on a page boundary, as direct I/O needs; a Buffer's memory need not.
 */
const ringSize = 4;
const memory = new WebAssembly.Memory({ initial: (ringSize * chunkBytes) / 65_536 });
const buffers: readonly Buffer[] = Array.from({ length: ringSize }, (_, i) =>
  Buffer.from(memory.buffer, i * chunkBytes, chunkBytes),
);

/** Thrown inside the copy to tell which file a system error came from. */
class FileError extends Error {
  constructor(
    readonly file: 'source' | 'upload',
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function on<T>(file: 'source' | 'upload', step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw new FileError(file, err);
  }
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

function writeFullySync(fd: number, buffer: Buffer, offset: number, length: number, position: number): void {
  for (let done = 0; done < length;)
    done += on('upload', () => writeSync(fd, buffer, offset + done, length - done, position + done));
}

function writeAsync(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    write(fd, buffer, offset, length, position, (err, written) => {
      if (err) reject(new FileError('upload', err));
      else if (written < length)
        writeAsync(fd, buffer, offset + written, length - written, position + written).then(resolve, reject);
      else resolve();
    });
  });
}

/**
 * Where the upload's whole blocks go. With direct I/O (O_DIRECT) the bytes go from our buffer to the disk:
 * no page-cache copy to make and write back later, and the replica does not push other files out of the
 * cache. A file system that refuses it (tmpfs, some network file systems) gets buffered writes instead.
 */
class BlockWriter {
  #direct: number | undefined;
  #probed = false;

  constructor(path: string, wanted: boolean) {
    try {
      this.#direct = wanted ? openSync(path, constants.O_WRONLY | constants.O_DIRECT) : undefined;
    } catch {
      this.#direct = undefined;
    }
  }

  /** Writes `length` bytes of `buffer` at `position`; undefined when it wrote them buffered through `fallback`. */
  write(fallback: number, buffer: Buffer, length: number, position: number): Promise<void> | undefined {
    const direct = this.#direct;
    if (direct === undefined) {
      writeFullySync(fallback, buffer, 0, length, position);
      return undefined;
    }
    if (this.#probed) return writeAsync(direct, buffer, 0, length, position);
    // The first direct write runs here and now: EINVAL says this file system takes no direct I/O.
    this.#probed = true;
    try {
      writeFullySync(direct, buffer, 0, length, position);
    } catch (err) {
      if (!(err instanceof FileError) || errnoCode(err.cause) !== 'EINVAL') throw err;
      this.close();
      writeFullySync(fallback, buffer, 0, length, position);
    }
    return undefined;
  }

  get direct(): boolean {
    return this.#direct !== undefined;
  }

  close(): void {
    if (this.#direct !== undefined) closeSync(this.#direct);
    this.#direct = undefined;
  }
}

/**
 * Marks a write's failure as handled now: it is awaited later, and a worker thread ends on a rejection
 * nobody was listening for yet. Whoever awaits the promise still gets the failure.
 */
function handled<T extends Promise<unknown> | undefined>(promise: T): T {
  promise?.catch(() => undefined);
  return promise;
}

/** Appends the source's bytes after those already staged in the upload; resolves with what the upload then holds. */
async function copy(task: CopyTask): Promise<{ digest: string; size: number }> {
  const source = on('source', () => openSync(task.source, 'r'));
  let upload: number | undefined;
  let blocks: BlockWriter | undefined;
  // The write (if any) still reading each buffer of the ring.
  const inFlight: (Promise<void> | undefined)[] = buffers.map(() => undefined);
  const writebacks: Promise<void>[] = [];
  try {
    // Never truncated: an interrupted copy's bytes are hashed again, and the copy goes on after them.
    upload = on('upload', () => openSync(task.upload, constants.O_RDWR | constants.O_CREAT, 0o644));
    const target = upload;
    const hash = createHash('sha256');
    const first = buffers[0] as Buffer;
    let size = 0;
    for (let n; (n = on('upload', () => readSync(target, first, 0, chunkBytes, size))) > 0; size += n)
      hash.update(first.subarray(0, n));
    blocks = new BlockWriter(task.upload, task.directIo);
    let dirty = 0;
    for (let turn = 0; ; turn = (turn + 1) % buffers.length) {
      if (Atomics.load(task.abort, 0) !== 0)
        throw new FileError('upload', Object.assign(new Error('the copy was stopped'), { code: 'ABORTED' }));
      // This buffer is free once the write that last took it has landed; the others may still be in flight.
      await inFlight[turn];
      const buffer = buffers[turn] as Buffer;
      // An upload that ends mid-block (a resumed copy) is first brought to a block boundary.
      const n = on('source', () =>
        readSync(source, buffer, 0, size % blockBytes === 0 ? chunkBytes : blockBytes - (size % blockBytes), size),
      );
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      const whole = size % blockBytes === 0 ? n - (n % blockBytes) : 0;
      inFlight[turn] = whole > 0 ? handled(blocks.write(target, buffer, whole, size)) : undefined;
      // The rest (the head that aligns, the source's last partial block) goes through the page cache.
      writeFullySync(target, buffer, whole, n - whole, size + whole);
      size += n;
      dirty += blocks.direct ? n - whole : n;
      if (dirty >= writebackBytes) {
        dirty = 0;
        writebacks.push(
          handled(
            new Promise((resolve, reject) =>
              fdatasync(target, (err) => (err ? reject(new FileError('upload', err)) : resolve())),
            ),
          ),
        );
      }
    }
    await Promise.all([...inFlight, ...writebacks]);
    // Durable before the caller renames it into place: a crash must not leave a visible blob without its bytes.
    on('upload', () => fsyncSync(target));
    return { digest: `sha256:${hash.digest('hex')}`, size };
  } finally {
    // A write still running holds a descriptor: closing under it could let it land in a reused one.
    await Promise.allSettled([...inFlight, ...writebacks]);
    blocks?.close();
    closeSync(source);
    if (upload !== undefined) closeSync(upload);
  }
}

function failure(err: unknown): CopyFailure {
  const file = err instanceof FileError ? err.file : 'upload';
  const cause = err instanceof FileError ? err.cause : err;
  const code = errnoCode(cause);
  return {
    file,
    message: cause instanceof Error ? cause.message : String(cause),
    ...compact({ code }),
  };
}

parentPort?.on('message', (task: CopyTask) => {
  copy(task).then(
    (result) => parentPort?.postMessage({ id: task.id, ...result } satisfies CopyReply),
    (err: unknown) => parentPort?.postMessage({ id: task.id, error: failure(err) } satisfies CopyReply),
  );
});
