import type { BlobStore } from '../../storage/blob/blob-store.js';

/**
 * Where each region keeps its blobs. The composition root decides the drivers; services only ask.
 * `resolve` returns undefined for a region this deployment does not know (scale-out mode).
 */
export interface RegionStores {
  resolve(region: string): BlobStore | undefined;
}
