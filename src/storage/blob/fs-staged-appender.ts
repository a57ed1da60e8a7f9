import type { FileHandle } from 'node:fs/promises';

/** Bytes per stage buffer; a live writer holds two. */
export const stageBytes = 512 * 1024;

/**
 * Appends to an open file through two stage buffers: chunks are copied into one while the other is
 * written on the libuv pool. A small chunk then costs a memory copy rather than a thread-pool round trip,
 * and the file sees large writes. At most one write is in flight; a full stage waits for it (backpressure).
 * A chunk of a whole stage or more skips the stages when it can (see append).
 */
export class StagedAppender {
  readonly #handle: FileHandle;
  #stages: [Buffer, Buffer] | undefined;
  #current: 0 | 1 = 0;
  #filled = 0;
  #inFlight: Promise<void> = Promise.resolve();
  /** Whether the write of #inFlight is still running. */
  #writing = false;
  #failure: { cause: unknown } | undefined;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /**
   * Takes `chunk` for the file; once this resolves the caller may reuse it. Throws when an earlier write
   * failed. A chunk of a stage or more, arriving when nothing is staged or being written, is written as it
   * is: the write starts before this returns, so a caller that hashes the chunk meanwhile (the blob
   * writer) hashes while the file is written, with no copy made.
   */
  append(chunk: Uint8Array): Promise<void> {
    if (this.#filled === 0 && chunk.byteLength >= stageBytes && !this.#writing && this.#failure === undefined) {
      this.#write(chunk);
      return this.#settled();
    }
    return this.#stage(chunk);
  }

  /** Copies `chunk` into the stages, sending each that fills to the file. */
  async #stage(chunk: Uint8Array): Promise<void> {
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
    this.#write(this.#stages[this.#current].subarray(0, this.#filled));
    this.#current = this.#current === 0 ? 1 : 0;
    this.#filled = 0;
  }

  /** Starts writing `bytes` at the end of the file; call only when no write is in flight. */
  #write(bytes: Uint8Array): void {
    this.#writing = true;
    // The failure is kept rather than rejected here: it surfaces at the next append, drain or flip.
    this.#inFlight = writeFully(this.#handle, bytes).then(
      () => {
        this.#writing = false;
      },
      (cause: unknown) => {
        this.#failure = { cause };
        this.#writing = false;
      },
    );
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
