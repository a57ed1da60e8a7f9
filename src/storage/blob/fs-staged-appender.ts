import type { FileHandle } from 'node:fs/promises';

/** Bytes per stage buffer; a live writer holds two. */
export const stageBytes = 512 * 1024;

/**
 * Appends to an open file through two stage buffers: chunks are copied into one while the other is
 * written on the libuv pool. A small chunk then costs a memory copy rather than a thread-pool round trip,
 * and the file sees large writes. At most one write is in flight; a full stage waits for it (backpressure).
 */
export class StagedAppender {
  readonly #handle: FileHandle;
  #stages: [Buffer, Buffer] | undefined;
  #current: 0 | 1 = 0;
  #filled = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #failure: { cause: unknown } | undefined;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** Copies `chunk` in; once this resolves the caller may reuse it. Throws when an earlier write failed. */
  async append(chunk: Uint8Array): Promise<void> {
    for (let offset = 0; offset < chunk.byteLength;) {
      // Allocated on first use, so a writer opened only to be cancelled or committed empty costs nothing.
      this.#stages ??= [Buffer.allocUnsafe(stageBytes), Buffer.allocUnsafe(stageBytes)];
      const stage = this.#stages[this.#current];
      const length = Math.min(chunk.byteLength - offset, stage.length - this.#filled);
      stage.set(chunk.subarray(offset, offset + length), this.#filled);
      this.#filled += length;
      offset += length;
      if (this.#filled === stage.length) await this.#flip();
    }
  }

  /** Writes whatever is staged and resolves once the file holds every byte appended; throws a write failure. */
  async drain(): Promise<void> {
    await this.#flip();
    await this.#settled();
  }

  /** Waits for the write in flight, whatever its outcome, and drops the buffers: call before closing the file. */
  async dispose(): Promise<void> {
    await this.#inFlight;
    this.#stages = undefined;
    this.#filled = 0;
  }

  /** Sends the current stage to the file once the previous write has finished, and fills the other meanwhile. */
  async #flip(): Promise<void> {
    await this.#settled();
    if (this.#stages === undefined || this.#filled === 0) return;
    const bytes = this.#stages[this.#current].subarray(0, this.#filled);
    // The failure is kept rather than rejected here: it surfaces at the next append, drain or flip.
    this.#inFlight = writeFully(this.#handle, bytes).catch((cause: unknown) => {
      this.#failure = { cause };
    });
    this.#current = this.#current === 0 ? 1 : 0;
    this.#filled = 0;
  }

  async #settled(): Promise<void> {
    await this.#inFlight;
    if (this.#failure !== undefined) throw this.#failure.cause;
  }
}

/** Writes all of `bytes` at the end of the file (the handle is in append mode). */
async function writeFully(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.byteLength;) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
    offset += bytesWritten;
  }
}
