import type { BlobStore } from './blob-store.js';

// Which store each wrapper (metrics, test faults) wraps: a driver looks through them to find a peer of its
// own kind (the fs driver copies another fs store's files directly), without the interface exposing how.
const wrapped = new WeakMap<BlobStore, BlobStore>();

/** Records that `wrapper` forwards to `inner`; returns `wrapper`. */
export function wrapsStore<T extends BlobStore>(wrapper: T, inner: BlobStore): T {
  wrapped.set(wrapper, inner);
  return wrapper;
}

/** The driver's own store under any number of wrappers. */
export function innermostStore(store: BlobStore): BlobStore {
  let current = store;
  for (let inner = wrapped.get(current); inner !== undefined; inner = wrapped.get(current)) current = inner;
  return current;
}
