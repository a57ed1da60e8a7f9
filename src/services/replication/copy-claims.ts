import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  claimBlobCopy,
  releaseBlobCopy,
  renewBlobCopy,
  type BlobCopyClaim,
} from '../../storage/metadata/replication-repository.js';
import type { Clock } from '../clock.js';

/** A waiter on another process's copy looks again after this, doubling up to `maxPollMs`. */
const firstPollMs = 50;
const maxPollMs = 1_000;

/** One copy into a region: whether it is done already, and how to do it. */
export interface ClaimedCopy<T> {
  region: string;
  digest: string;
  /** True when the region already holds the blob (checked before each claim). */
  done(): Promise<boolean>;
  /** Copies; `signal` aborts when the claim was lost (or the caller's signal aborted). */
  copy(signal: AbortSignal | undefined): Promise<T>;
  signal?: AbortSignal;
}

/**
 * Copies into a region, one copier per (region, blob) across every process on the database: the claim
 * is a row taken in one statement (blob_copies), renewed while the copy runs. Whoever finds it held
 * waits for the holder (in this process: for its promise; in another: by polling) and then finds the
 * blob in place, instead of writing the same upload at the same time.
 */
export class CopyClaims {
  readonly #store: MetadataStore;
  readonly #clock: Clock;
  /** How long a claim holds without renewal: a copier that died stops blocking the copy after this (the job lease). */
  readonly #leaseMs: number;
  readonly #process = randomUUID();
  /** Copies this process holds, by `region digest`: a waiter here awaits the holder rather than polling. */
  readonly #running = new Map<string, Promise<unknown>>();

  constructor(store: MetadataStore, clock: Clock, leaseMs: number) {
    this.#store = store;
    this.#clock = clock;
    this.#leaseMs = leaseMs;
  }

  /** Runs `copy` unless the region holds the blob; `undefined` when it did (or another copier did meanwhile). */
  async once<T>(copy: ClaimedCopy<T>): Promise<T | undefined> {
    for (let pollMs = firstPollMs; ; pollMs = Math.min(maxPollMs, pollMs * 2)) {
      copy.signal?.throwIfAborted();
      if (await copy.done()) return undefined;
      const claim = this.#claimFor(copy);
      if (await claimBlobCopy(this.#store.session, claim)) return this.#run(claim, copy);
      const local = this.#running.get(runningKey(copy));
      if (local !== undefined) await local.catch(() => undefined);
      else await sleep(pollMs, undefined, { signal: copy.signal });
    }
  }

  /** Holds the claim while copying; a waiter in this process wakes once the claim is released. */
  async #run<T>(claim: BlobCopyClaim, copy: ClaimedCopy<T>): Promise<T> {
    const key = runningKey(copy);
    const running = this.#holding(claim, copy);
    this.#running.set(key, running);
    try {
      return await running;
    } finally {
      this.#running.delete(key);
    }
  }

  #claimFor(copy: ClaimedCopy<unknown>): BlobCopyClaim {
    const now = this.#clock.now();
    return {
      region: copy.region,
      digest: copy.digest,
      owner: `${this.#process}:${randomUUID()}`,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.#leaseMs).toISOString(),
    };
  }

  /** Runs the copy under `claim`, renewing it meanwhile; releases it at the end whatever the outcome. */
  async #holding<T>(claim: BlobCopyClaim, copy: ClaimedCopy<T>): Promise<T> {
    const lost = new AbortController();
    const renew = async (): Promise<void> => {
      const leaseUntil = new Date(this.#clock.now().getTime() + this.#leaseMs).toISOString();
      if (!(await renewBlobCopy(this.#store.session, { ...claim, leaseUntil }))) lost.abort();
    };
    const heartbeat = setInterval(() => void renew().catch(() => undefined), Math.max(100, this.#leaseMs / 3));
    heartbeat.unref();
    const signal = copy.signal === undefined ? lost.signal : AbortSignal.any([copy.signal, lost.signal]);
    try {
      return await copy.copy(signal);
    } finally {
      clearInterval(heartbeat);
      await releaseBlobCopy(this.#store.session, claim).catch(() => undefined);
    }
  }
}

function runningKey(copy: Pick<ClaimedCopy<unknown>, 'region' | 'digest'>): string {
  return `${copy.region} ${copy.digest}`;
}
