/** What the page asks the hashing worker: the SHA-256 of one file, read in slices. */
export interface HashRequest {
  id: number;
  file: Blob;
}

/** What the worker answers: bytes read so far, then the digest (or why it failed). */
export type HashReply =
  | { id: number; kind: 'progress'; bytes: number }
  | { id: number; kind: 'done'; digest: string }
  | { id: number; kind: 'error'; message: string };

/** How much of a file is read and hashed at a time: memory stays this size whatever the file's. */
export const hashSliceBytes = 8 * 1024 * 1024;
