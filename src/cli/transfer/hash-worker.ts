/**
 * A hashing thread of the CLI: SHA-256 of whole files, read here in large sequential reads, so that
 * nothing but a path and a digest crosses between threads.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { HashReply, HashTask } from './hash-protocol.js';

/** Large sequential reads: few syscalls, and SHA-256 works on whole megabytes at a time. */
const readBytes = 4 << 20;
/** A file's progress is told every this many bytes (the bar needs no more). */
const progressBytes = 32 << 20;

const buffer = Buffer.allocUnsafeSlow(readBytes);
const port = parentPort;

function reply(message: HashReply): void {
  port?.postMessage(message);
}

function hashFile(id: number, path: string): { digest: string; size: number } {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  let size = 0;
  let untold = 0;
  try {
    for (
      let read = readSync(fd, buffer, 0, readBytes, null);
      read > 0;
      read = readSync(fd, buffer, 0, readBytes, null)
    ) {
      hash.update(read === readBytes ? buffer : buffer.subarray(0, read));
      size += read;
      untold += read;
      if (untold >= progressBytes) {
        reply({ id, kind: 'progress', bytes: untold });
        untold = 0;
      }
    }
  } finally {
    closeSync(fd);
  }
  if (untold > 0) reply({ id, kind: 'progress', bytes: untold });
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

port?.on('message', (task: HashTask) => {
  try {
    reply({ id: task.id, kind: 'done', ...hashFile(task.id, task.path) });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    reply({ id: task.id, kind: 'failed', message, ...(code === undefined ? {} : { code }) });
  }
});
