import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobStore, CommittedBlob, CopyOptions, Digest } from '../storage/blob/blob-store.js';
import { wrapsStore } from '../storage/blob/blob-wrappers.js';
import type { RegionStoreWrapper } from '../server.js';

/** The environment variable through which a process test hands `BlobFaults` to src/testing/arca-with-faults.ts. */
export const blobFaultsVariable = 'ARCA_TEST_BLOB_FAULTS';

/** Faults a test injects into region stores; see `withBlobFaults`. */
export interface BlobFaults {
  /** Every `provision()` waits this long first (a process can be killed, or requests can race, mid-provisioning). */
  provisionDelayMs?: number;
  /**
   * Every copy into the store (`copyFrom`) streams chunk by chunk and pauses this long after each one, so a
   * process can be killed or a copy stopped mid-way. The copy resumes the bytes its upload already holds.
   */
  copyChunkDelayMs?: number;
}

/**
 * `store` with test faults injected; a store without faults is returned as it is. The wrapper says what it
 * wraps (`wrapsStore`), so a directory store still copies a wrapped directory store's files directly.
 */
export function withBlobFaults(store: BlobStore, faults: BlobFaults): BlobStore {
  const { provisionDelayMs = 0, copyChunkDelayMs = 0 } = faults;
  if (provisionDelayMs <= 0 && copyChunkDelayMs <= 0) return store;
  const faulty: BlobStore = {
    get description() {
      return store.description;
    },
    provision: async () => {
      if (provisionDelayMs > 0) await sleep(provisionDelayMs);
      await store.provision();
    },
    stat: (...args) => store.stat(...args),
    reader: (...args) => store.reader(...args),
    writer: (uploadId) => store.writer(uploadId),
    uploadSize: (uploadId) => store.uploadSize(uploadId),
    delete: (digest) => store.delete(digest),
    list: () => store.list(),
    ...(store.presignedUrl === undefined
      ? {}
      : { presignedUrl: (digest, expiresInSeconds) => store.presignedUrl!(digest, expiresInSeconds) }),
    ...(copyChunkDelayMs > 0
      ? {
          copyFrom: (source, digest, uploadId, options) =>
            slowCopy(store, source, digest, uploadId, copyChunkDelayMs, options),
        }
      : store.copyFrom === undefined
        ? {}
        : { copyFrom: (...args) => store.copyFrom!(...args) }),
  };
  return wrapsStore(faulty, store);
}

/** A `StartOptions.wrapRegionStore` that injects `faults` into every region's store. */
export function faultyRegionStores(faults: BlobFaults): RegionStoreWrapper {
  return (_region, store) => withBlobFaults(store, faults);
}

/** Streams `digest` from `source` into upload `uploadId` of `target`, after the bytes it holds, pausing after each chunk. */
async function slowCopy(
  target: BlobStore,
  source: BlobStore,
  digest: Digest,
  uploadId: string,
  delayMs: number,
  options: CopyOptions = {},
): Promise<CommittedBlob> {
  const { signal } = options;
  signal?.throwIfAborted();
  const writer = await target.writer(uploadId);
  let ended = false;
  try {
    const stream = await source.reader(digest, { offset: writer.size });
    try {
      for await (const chunk of stream) {
        await writer.write(chunk as Buffer);
        await sleep(delayMs);
        signal?.throwIfAborted();
      }
    } finally {
      stream.destroy();
    }
    ended = true;
    return await writer.commit(digest).catch(async (error: unknown) => {
      await writer.cancel();
      throw error;
    });
  } finally {
    // Stopped or failed: the bytes copied so far stay in the upload for the next attempt.
    if (!ended) await writer.close().catch(() => undefined);
  }
}
