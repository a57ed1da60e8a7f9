/** What a job handler's error may say about the next attempt: when (`retryIn`), or never (`finalFailure`). */

const retryInKey = Symbol('arca.job.retryInMs');
const finalKey = Symbol('arca.job.final');

/** Marks what a handler throws: retry after `ms` (a receiver's `Retry-After`, its own backoff) instead of the queue's. */
export function retryIn<E extends object>(error: E, ms: number): E {
  return Object.assign(error, { [retryInKey]: Math.max(0, Math.round(ms)) });
}

/** Marks what a handler throws as final: the job fails now, with no further attempt. */
export function finalFailure<E extends object>(error: E): E {
  return Object.assign(error, { [finalKey]: true });
}

export function retryDelayOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && retryInKey in error ? Number(error[retryInKey]) : undefined;
}

export function isFinal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && finalKey in error;
}
