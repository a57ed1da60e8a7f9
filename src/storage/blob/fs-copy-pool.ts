import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CopyReply, CopyTask } from './fs-copy-protocol.js';

/** The worker beside this module: fs-copy-worker.js from dist/, fs-copy-worker.ts under tsx (tests, benchmarks). */
const extension = extname(fileURLToPath(import.meta.url));
const workerUrl = new URL(`./fs-copy-worker${extension}`, import.meta.url);

/** Starts a copy worker. Under tsx a worker thread does not get tsx's loader on Node 20, so it loads tsx's API first. */
function startWorker(): Worker {
  if (extension !== '.ts') return new Worker(workerUrl);
  const api = import.meta.resolve('tsx/esm/api');
  const load = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(workerUrl.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true });
}

/**
 * An idle worker is ended after this long; the next copy starts a new one (tens of milliseconds). Each
 * worker is a V8 isolate of its own (about 12 MB resident with its buffers): kept for 30 s after a
 * replication, two of them stayed in the server's memory through the downloads that followed.
 */
const idleMs = 3_000;

export type CopyRequest = Omit<CopyTask, 'id' | 'abort'>;

interface Queued {
  request: CopyRequest;
  signal: AbortSignal | undefined;
  resolve: (reply: CopyReply) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  running: (Queued & { id: number; detach: () => void }) | undefined;
  idle: NodeJS.Timeout | undefined;
}

/**
 * A few worker threads (one per core, at most four) that copy blob files between directory stores. A
 * copy is CPU-bound on SHA-256; on the main thread two copies would take turns on one core.
 */
export class CopyPool {
  readonly #size: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Queued[] = [];
  #nextId = 1;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    this.#size = size;
  }

  /**
   * Runs one copy; resolves with the worker's reply (which may report a file error). Rejects with the
   * signal's reason when aborted before the copy started, and when the worker itself dies.
   */
  run(request: CopyRequest, signal?: AbortSignal): Promise<CopyReply> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, signal, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    for (let queued = this.#queue.shift(); queued !== undefined; queued = this.#queue.shift()) {
      if (queued.signal?.aborted) {
        queued.reject(queued.signal.reason);
        continue;
      }
      const slot =
        this.#slots.find((s) => s.running === undefined) ??
        (this.#slots.length < this.#size ? this.#spawn() : undefined);
      if (slot === undefined) {
        this.#queue.unshift(queued);
        return;
      }
      this.#start(slot, queued);
    }
  }

  #start(slot: Slot, queued: Queued): void {
    clearTimeout(slot.idle);
    const id = this.#nextId++;
    const abort = new Int32Array(new SharedArrayBuffer(4));
    const stop = () => Atomics.store(abort, 0, 1);
    queued.signal?.addEventListener('abort', stop, { once: true });
    slot.running = { ...queued, id, detach: () => queued.signal?.removeEventListener('abort', stop) };
    slot.worker.postMessage({ ...queued.request, id, abort } satisfies CopyTask);
  }

  #spawn(): Slot {
    const worker = startWorker();
    // Copies in flight do not keep a finished process alive; a job interrupted that way resumes elsewhere.
    worker.unref();
    const slot: Slot = { worker, running: undefined, idle: undefined };
    worker.on('message', (reply: CopyReply) => {
      const running = slot.running;
      if (running?.id !== reply.id) return;
      slot.running = undefined;
      running.detach();
      running.resolve(reply);
      slot.idle = setTimeout(() => this.#retire(slot), idleMs).unref();
      this.#dispatch();
    });
    const died = (err: Error) => {
      this.#remove(slot);
      slot.running?.detach();
      slot.running?.reject(err);
      slot.running = undefined;
      this.#dispatch();
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the blob copy worker exited with code ${code}`)));
    this.#slots.push(slot);
    return slot;
  }

  #retire(slot: Slot): void {
    if (slot.running !== undefined) return;
    this.#remove(slot);
    void slot.worker.terminate();
  }

  #remove(slot: Slot): void {
    const at = this.#slots.indexOf(slot);
    if (at >= 0) this.#slots.splice(at, 1);
    clearTimeout(slot.idle);
  }
}

let shared: CopyPool | undefined;

/** The process's copy pool, started on first use. */
export function copyPool(): CopyPool {
  shared ??= new CopyPool();
  return shared;
}
