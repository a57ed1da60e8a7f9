import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HashReply, HashTask } from './hash-protocol.js';

/** The worker beside this module: hash-worker.js from dist/, hash-worker.ts under tsx (tests). */
const extension = extname(fileURLToPath(import.meta.url));
const workerUrl = new URL(`./hash-worker${extension}`, import.meta.url);

/** Under tsx a worker thread does not get tsx's loader on Node 20, so it loads tsx's API first (as the copy pool does). */
function startWorker(): Worker {
  if (extension !== '.ts') return new Worker(workerUrl);
  const api = import.meta.resolve('tsx/esm/api');
  const load = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(workerUrl.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true });
}

/** A file or stream being hashed: what to do with its worker's replies. */
type Listener = (reply: HashReply) => void;

interface Slot {
  worker: Worker;
  listeners: Map<number, Listener>;
}

function failure(reply: Extract<HashReply, { kind: 'failed' }>): Error {
  return Object.assign(new Error(reply.message), reply.code === undefined ? {} : { code: reply.code });
}

/**
 * The CLI's hashing threads (one per core, at most four): hashing the files of a new version is
 * CPU-bound SHA-256, and on the main thread the files would take turns on one core. Each thread
 * reads its file itself, so only a path and a digest cross between threads. A thread keeps the
 * process alive only while it has work.
 */
export class HashPool {
  readonly #size: number;
  readonly #slots: Slot[] = [];
  #nextId = 1;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    this.#size = size;
  }

  /** The digest and size of a file, read on a worker in large reads; `onBytes` hears of progress. */
  hashFile(path: string, onBytes?: (bytes: number) => void): Promise<{ digest: string; size: number }> {
    return new Promise((resolve, reject) => {
      this.#send({ id: this.#nextId++, path }, (reply, done) => {
        if (reply.kind === 'progress') return onBytes?.(reply.bytes);
        done();
        if (reply.kind === 'done') resolve({ digest: reply.digest, size: reply.size });
        else if (reply.kind === 'failed') reject(failure(reply));
      });
    });
  }

  /** Ends the workers (work still queued on them fails). */
  async close(): Promise<void> {
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #send(task: HashTask, listener: (reply: HashReply, done: () => void) => void): void {
    const slot = this.#leastBusy();
    const done = () => {
      slot.listeners.delete(task.id);
      if (slot.listeners.size === 0) slot.worker.unref();
    };
    slot.listeners.set(task.id, (reply) => listener(reply, done));
    slot.worker.ref();
    slot.worker.postMessage(task);
  }

  #leastBusy(): Slot {
    const idle = this.#slots.find((slot) => slot.listeners.size === 0);
    if (idle !== undefined || this.#slots.length >= this.#size)
      return idle ?? this.#slots.reduce((a, b) => (b.listeners.size < a.listeners.size ? b : a));
    return this.#spawn();
  }

  #spawn(): Slot {
    const slot: Slot = { worker: startWorker(), listeners: new Map() };
    slot.worker.unref();
    slot.worker.on('message', (reply: HashReply) => slot.listeners.get(reply.id)?.(reply));
    const died = (error: Error) => {
      const at = this.#slots.indexOf(slot);
      if (at >= 0) this.#slots.splice(at, 1);
      const gone = { kind: 'failed', message: error.message } as const;
      for (const [id, listener] of [...slot.listeners]) listener({ id, ...gone });
    };
    slot.worker.on('error', died);
    slot.worker.on('exit', (code) => died(new Error(`the hashing thread exited with code ${code}`)));
    this.#slots.push(slot);
    return slot;
  }
}

let shared: HashPool | undefined;

/** The process's hashing threads, started on first use. */
export function hashPool(): HashPool {
  shared ??= new HashPool();
  return shared;
}
