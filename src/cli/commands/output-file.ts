import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { TextStream } from '../context.js';

/**
 * Writes `source` to `path` through a temp file beside it, renamed into place only once every chunk
 * is written: an interrupted export never leaves a file that looks complete.
 */
export async function writeFileAtomically(
  path: string,
  source: AsyncIterable<string> | Iterable<string>,
): Promise<void> {
  const temp = `${path}.arca-partial-${randomBytes(4).toString('hex')}`;
  try {
    // `wx`: never through a file or link someone placed at the temp name.
    await pipeline(source, createWriteStream(temp, { flags: 'wx', mode: 0o644 }));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Copies text to a stream such as stdout. When the stream is a Node stream that asks the writer to
 * wait (a slow pipe), the copy waits for `drain`, so the source is held back instead of memory filling.
 */
export async function copyToTextStream(source: AsyncIterable<string>, target: TextStream): Promise<void> {
  const emitter =
    typeof (target as Partial<EventEmitter>).once === 'function' ? (target as TextStream & EventEmitter) : undefined;
  for await (const chunk of source) {
    if (target.write(chunk) === false && emitter !== undefined) await once(emitter, 'drain');
  }
}
