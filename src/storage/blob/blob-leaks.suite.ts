import assert from 'node:assert/strict';
import type { BlobStore, BlobWriter } from './blob-store.js';
import { wrapsStore } from './blob-wrappers.js';

/**
 * What a driver holds besides committed blobs, read past the driver: the ids of uploads it has staged
 * (files, parts, blocks), and anything else (temporary objects, probes), by raw name.
 */
export interface Staging {
  uploads: string[];
  strays: string[];
}

/** Reads a store's `Staging` straight from its directory, bucket or container. */
export type StagingProbe = () => Promise<Staging>;

/**
 * A store that remembers which uploads a test left open on purpose: every upload it touched, except those
 * whose last ending was a commit or a cancel (or a finished copy). `leftOpen()` lists them.
 */
export function trackUploads(store: BlobStore): { store: BlobStore; leftOpen: () => Set<string> } {
  const open = new Set<string>();
  const ended = (uploadId: string) => open.delete(uploadId);
  const track = (writer: BlobWriter, uploadId: string): BlobWriter => ({
    write: (chunk) => writer.write(chunk),
    get size() {
      return writer.size;
    },
    commit: async (digest) => {
      const committed = await writer.commit(digest).catch((error: unknown) => {
        // Bytes that do not hash to the digest are discarded with the upload (BlobWriter.commit).
        if ((error as { code?: unknown }).code === 'DigestMismatch') ended(uploadId);
        throw error;
      });
      ended(uploadId);
      return committed;
    },
    cancel: async () => {
      await writer.cancel();
      ended(uploadId);
    },
    close: () => writer.close(),
  });
  const { copyFrom, presignedUrl } = store;
  const tracked: BlobStore = {
    get description() {
      return store.description;
    },
    provision: () => store.provision(),
    stat: (...args) => store.stat(...args),
    reader: (...args) => store.reader(...args),
    writer: async (uploadId) => {
      open.add(uploadId);
      return track(await store.writer(uploadId), uploadId);
    },
    uploadSize: (uploadId) => {
      open.add(uploadId);
      return store.uploadSize(uploadId);
    },
    delete: (digest) => store.delete(digest),
    list: () => store.list(),
    ...(copyFrom === undefined
      ? {}
      : {
          copyFrom: async (source, digest, uploadId, options) => {
            open.add(uploadId);
            const copied = await copyFrom.call(store, source, digest, uploadId, options);
            if (copied !== undefined) ended(uploadId);
            return copied;
          },
        }),
    ...(presignedUrl === undefined ? {} : { presignedUrl: presignedUrl.bind(store) }),
  };
  return { store: wrapsStore(tracked, store), leftOpen: () => new Set(open) };
}

/**
 * The teardown leak check: a driver stages nothing but the uploads the test left open (a commit, a cancel,
 * a failed commit's discard or a finished copy leave no parts, blocks or temporary files), and no strays.
 */
export async function assertNoLeaks(staging: Staging, leftOpen: Set<string>): Promise<void> {
  assert.deepEqual(
    staging.uploads.filter((id) => !leftOpen.has(id)).sort(),
    [],
    'uploads staged that the test committed, cancelled or never opened',
  );
  assert.deepEqual(staging.strays.sort(), [], 'temporary or stray objects left in the store');
}
