import { arcaError } from '../../core/errors.js';
import type { BlobStore } from './blob-store.js';

/**
 * Where each region keeps its blobs. The composition root decides the drivers; services only ask.
 * `resolve` returns undefined for a region this deployment does not know (scale-out mode); `require`
 * is for callers that cannot go on without the region's store.
 */
export class RegionStores {
  constructor(
    private readonly lookup: (region: string) => BlobStore | undefined,
    /** The regions configured by name, and whether any other region name is accepted too (embedded mode). */
    readonly known: { configured: readonly string[]; anyName: boolean } = { configured: [], anyName: true },
  ) {}

  resolve(region: string): BlobStore | undefined {
    return this.lookup(region);
  }

  /** The region's store, or StorageUnavailable when this deployment has none for it. */
  require(region: string): BlobStore {
    const store = this.lookup(region);
    if (store === undefined) throw arcaError('StorageUnavailable', { region });
    return store;
  }
}
