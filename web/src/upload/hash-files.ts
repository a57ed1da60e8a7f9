import type { HashReply } from './hash-protocol';

/** A file picked for upload, with the path it gets in the version (relative, `/`-separated). */
export interface PickedFile {
  path: string;
  file: File;
}

/** A picked file and its digest. */
export interface HashedFile extends PickedFile {
  digest: string;
}

/**
 * Hashes files with SHA-256 in a Web Worker (the page stays responsive; the bytes are read in slices there),
 * one after another. `onBytes` hears how far the current file is; an abort stops the worker at once.
 */
export function hashFiles(
  files: readonly PickedFile[],
  options: { signal: AbortSignal; onBytes(index: number, bytes: number): void },
): Promise<HashedFile[]> {
  const worker = new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' });
  const hashed: HashedFile[] = [];
  return new Promise<HashedFile[]>((resolve, reject) => {
    const stop = (error?: unknown) => {
      worker.terminate();
      options.signal.removeEventListener('abort', aborted);
      if (error === undefined) resolve(hashed);
      else reject(error);
    };
    const aborted = () => stop(options.signal.reason);
    const next = () => {
      const picked = files[hashed.length];
      if (picked === undefined) return stop();
      worker.postMessage({ id: hashed.length, file: picked.file });
    };
    worker.onmessage = (event: MessageEvent<HashReply>) => {
      const reply = event.data;
      const picked = files[reply.id];
      if (picked === undefined) return;
      if (reply.kind === 'progress') options.onBytes(reply.id, reply.bytes);
      else if (reply.kind === 'error') stop(new Error(`${picked.path} could not be read: ${reply.message}`));
      else {
        options.onBytes(reply.id, picked.file.size);
        hashed.push({ ...picked, digest: reply.digest });
        next();
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      stop(new Error(`the hashing worker failed: ${event.message}`));
    };
    if (options.signal.aborted) return aborted();
    options.signal.addEventListener('abort', aborted);
    next();
  });
}
