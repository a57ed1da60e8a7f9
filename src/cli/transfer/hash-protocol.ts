/** Messages between the CLI and its hashing threads (see hash-worker.ts and hash-pool.ts). */

/** What a hashing thread is asked: the digest of a whole file. */
export interface HashTask {
  id: number;
  path: string;
}

/** What it answers: progress, the digest and size, or a failure (with the errno code when there is one). */
export type HashReply =
  | { id: number; kind: 'progress'; bytes: number }
  | { id: number; kind: 'done'; digest: string; size: number }
  | { id: number; kind: 'failed'; message: string; code?: string };
