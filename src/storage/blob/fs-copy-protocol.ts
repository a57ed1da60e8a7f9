/** What the main thread asks a copy worker (fs-copy-worker.ts) to do. */
export interface CopyTask {
  id: number;
  /** Absolute path of the committed blob to read. */
  source: string;
  /** Absolute path of the upload file to append to (created when missing). */
  upload: string;
  /** Write whole blocks with O_DIRECT (where the file system takes it); false: through the page cache. */
  directIo: boolean;
  /** Set to non-zero by the main thread to stop the copy after the current chunk. */
  abort: Int32Array;
}

/** Why a copy failed: which file, and the system error's code (`ABORTED` when stopped) and message. */
export interface CopyFailure {
  file: 'source' | 'upload';
  message: string;
  code?: string;
}

/** A worker's answer: what the upload holds once the copy ended, or why it failed. */
export type CopyReply =
  { id: number; digest: string; size: number; error?: undefined } | { id: number; error: CopyFailure };
