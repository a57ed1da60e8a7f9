// A worker thread that copies one blob file into an upload file of another directory store, hashing every
// byte it appends. It runs off the main thread so that two copies hash on two cores and the event loop
// stays free. Only node: imports here: the worker is loaded by file, under tsx in tests and from dist/.
import { createHash } from 'node:crypto';
import { closeSync, fdatasync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { CopyFailure, CopyReply, CopyTask } from './fs-copy-protocol.js';

const chunkBytes = 1 << 20;
/** Dirty bytes after which writeback is started, so the disk works while this thread hashes the rest. */
const writebackBytes = 32 << 20;

const chunk = Buffer.allocUnsafe(chunkBytes);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Thrown inside the copy to tell which file a system error came from. */
class FileError extends Error {
  constructor(readonly file: 'source' | 'upload', override readonly cause: unknown) {
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

/** Appends the source's bytes after those already staged in the upload; resolves with what the upload then holds. */
async function copy(task: CopyTask): Promise<{ digest: string; size: number }> {
  const source = on('source', () => openSync(task.source, 'r'));
  let upload: number | undefined;
  const writebacks: Promise<void>[] = [];
  try {
    // 'a+' keeps an interrupted copy's bytes: they are hashed again, and the copy goes on after them.
    upload = on('upload', () => openSync(task.upload, 'a+'));
    const target = upload;
    const hash = createHash('sha256');
    let size = 0;
    for (let n; (n = on('upload', () => readSync(target, chunk, 0, chunkBytes, size))) > 0; size += n) hash.update(chunk.subarray(0, n));
    let dirty = 0;
    for (;;) {
      if (Atomics.load(task.abort, 0) !== 0) throw new FileError('upload', Object.assign(new Error('the copy was stopped'), { code: 'ABORTED' }));
      const n = on('source', () => readSync(source, chunk, 0, chunkBytes, size));
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      for (let written = 0; written < n; ) written += on('upload', () => writeSync(target, chunk, written, n - written));
      size += n;
      dirty += n;
      if (dirty >= writebackBytes) {
        dirty = 0;
        writebacks.push(new Promise((resolve, reject) => fdatasync(target, (err) => (err ? reject(new FileError('upload', err)) : resolve()))));
      }
      if (task.chunkDelayMs > 0) Atomics.wait(sleeper, 0, 0, task.chunkDelayMs);
    }
    await Promise.all(writebacks);
    // Durable before the caller renames it into place: a crash must not leave a visible blob without its bytes.
    on('upload', () => fsyncSync(target));
    return { digest: `sha256:${hash.digest('hex')}`, size };
  } finally {
    // A writeback still running holds the descriptor: closing under it could flush a reused one.
    await Promise.allSettled(writebacks);
    closeSync(source);
    if (upload !== undefined) closeSync(upload);
  }
}

function failure(err: unknown): CopyFailure {
  const file = err instanceof FileError ? err.file : 'upload';
  const cause = err instanceof FileError ? err.cause : err;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return { file, message: cause instanceof Error ? cause.message : String(cause), ...(code === undefined ? {} : { code }) };
}

parentPort?.on('message', (task: CopyTask) => {
  copy(task).then(
    (result) => parentPort?.postMessage({ id: task.id, ...result } satisfies CopyReply),
    (err: unknown) => parentPort?.postMessage({ id: task.id, error: failure(err) } satisfies CopyReply),
  );
});
