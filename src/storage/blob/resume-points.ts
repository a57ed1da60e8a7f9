import type { Hash } from 'node:crypto';

/** Where a closed upload stood: its hash state, its size and the file state both were computed over. */
interface ResumePoint {
  hash: Hash;
  size: number;
  identity: string;
}

/**
 * The hash state of uploads closed through one store (any driver). A chunked upload closes its writer after every
 * chunk; without this, reopening would re-read every byte before the chunk (quadratic in the chunk
 * count). Bounded: an upload evicted from here, or resumed after a restart, re-reads its file instead.
 */
export class ResumePoints {
  static readonly limit = 1024;
  readonly #points = new Map<string, ResumePoint>();

  remember(path: string, point: ResumePoint): void {
    this.#points.delete(path);
    this.#points.set(path, point);
    const oldest = this.#points.keys().next();
    if (this.#points.size > ResumePoints.limit && oldest.done !== true) this.#points.delete(oldest.value);
  }

  /** The point remembered for `path`, handed over once: the hash belongs to whoever takes it. */
  take(path: string): ResumePoint | undefined {
    const point = this.#points.get(path);
    this.#points.delete(path);
    return point;
  }

  forget(path: string): void {
    this.#points.delete(path);
  }
}
