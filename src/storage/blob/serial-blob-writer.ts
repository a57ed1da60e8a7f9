import { assertDigest } from '../../core/digest.js';
import { BlobStoreError } from './blob-store-errors.js';
import type { BlobWriter, CommittedBlob, Digest } from './blob-store.js';

/**
 * The part every driver's writer shares: calls apply one after another in the order they were made,
 * even when the caller does not await them, and a failed call does not stop the ones queued behind it.
 */
export abstract class SerialBlobWriter implements BlobWriter {
  #queue: Promise<unknown> = Promise.resolve();

  abstract get size(): number;
  protected abstract append(chunk: Uint8Array): Promise<void>;
  protected abstract commitNow(expected: Digest): Promise<CommittedBlob>;
  protected abstract cancelNow(): Promise<void>;
  protected abstract closeNow(): Promise<void>;

  write(chunk: Uint8Array): Promise<void> {
    // A string would be hashed as text but stored as nothing (its byteLength is undefined): refused before either.
    if (!(chunk instanceof Uint8Array)) {
      return Promise.reject(
        new BlobStoreError(
          'invalidArgument',
          `a blob writer takes bytes (Uint8Array), not ${typeof chunk}; nothing was written`,
          { target: 'chunk' },
        ),
      );
    }
    return this.#enqueue(() => this.append(chunk));
  }

  commit(expectedDigest: Digest): Promise<CommittedBlob> {
    assertDigest(expectedDigest);
    return this.#enqueue(() => this.commitNow(expectedDigest));
  }

  cancel(): Promise<void> {
    return this.#enqueue(() => this.cancelNow());
  }

  close(): Promise<void> {
    return this.#enqueue(() => this.closeNow());
  }

  #enqueue<T>(operation: () => Promise<T>): Promise<T> {
    // A failed call has already reported to its own caller; the next one still runs.
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
