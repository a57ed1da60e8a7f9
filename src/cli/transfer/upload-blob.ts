import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ArcaApiError, type UploadClient } from '../../sdk/client.js';
import { identityOf, sameIdentity, type FileIdentity } from './digest-cache.js';
import { fileChanged, readChunkBytes } from './hash-files.js';
import type { UploadState } from './upload-state.js';

/** One blob to send: its digest, size and the local file holding its bytes. */
export interface BlobSource {
  digest: string;
  size: number;
  absolute: string;
  /** The file as it was when hashed: a file that is no longer that is not sent (nor committed). */
  identity?: FileIdentity;
}

export interface BlobUploadOptions {
  uploads: UploadClient;
  /** Where to start sessions (the `upload_url` of the begun version). */
  uploadUrl: string;
  state: UploadState;
  chunkBytes: number;
  /** Hears of bytes the server acknowledged. */
  onBytes?: (bytes: number) => void;
  /** Hears of the offset a recorded session resumes from, before any byte is sent. */
  onResume?: (bytes: number) => void;
}

/** Transport failures (a dropped connection) retried per chunk before giving up. */
const chunkRetries = 3;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isRetryable(error: unknown): error is ArcaApiError {
  return error instanceof ArcaApiError && (error.status === 0 || error.code === 'UploadInUse');
}

/** Finds a recorded session and asks the server where it stands; undefined when there is none to resume. */
async function resumeSession(
  blob: BlobSource,
  options: BlobUploadOptions,
): Promise<{ location: string; offset: number } | undefined> {
  const recorded = options.state.session(blob.digest);
  if (recorded === undefined) return undefined;
  try {
    const offset = await options.uploads.offset(recorded.location);
    // More bytes than the blob has cannot become it: start again.
    return offset <= blob.size ? { location: recorded.location, offset } : undefined;
  } catch (error) {
    // The session finished, expired or was cancelled: the blob starts again.
    if (error instanceof ArcaApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** Throws `FileChanged` when the file is no longer the one that was hashed. */
async function assertUnchanged(blob: BlobSource, when: string): Promise<void> {
  if (blob.identity === undefined) return;
  const now = identityOf(await stat(blob.absolute, { bigint: true }));
  if (!sameIdentity(now, blob.identity)) throw fileChanged(blob.absolute, when);
}

/** The bytes of one chunk, streamed from disk; a file that shrank fails the stream (never a short body the server waits on). */
function chunkReader(blob: BlobSource, offset: number, length: number) {
  const body = createReadStream(blob.absolute, {
    start: offset,
    end: offset + length - 1,
    highWaterMark: Math.min(readChunkBytes, length),
  });
  body.once('end', () => {
    if (body.bytesRead < length) body.destroy(fileChanged(blob.absolute, 'while it was being uploaded'));
  });
  return body;
}

/**
 * Uploads one blob through a resumable session: resumes the session an earlier run recorded (from
 * the offset the server reports, so no acknowledged byte is sent twice) or starts one, sends the
 * rest in chunks streamed from disk, and finishes with the digest. Answers the bytes sent now and
 * the bytes an earlier run had already sent.
 */
export async function uploadBlob(
  blob: BlobSource,
  options: BlobUploadOptions,
): Promise<{ sent: number; resumed: number }> {
  const { uploads, state } = options;
  await assertUnchanged(blob, 'since it was hashed');
  let session = await resumeSession(blob, options);
  if (session === undefined) {
    session = await uploads.start(options.uploadUrl);
    state.setSession(blob.digest, { location: session.location, offset: session.offset });
  }
  const { location } = session;
  const resumed = session.offset;
  if (resumed > 0) options.onResume?.(resumed);
  let offset = session.offset;
  // Attempts in a row that moved nothing (a dropped connection, a refused chunk): a few are retried.
  let stalls = 0;
  while (offset < blob.size) {
    const length = Math.min(options.chunkBytes, blob.size - offset);
    const body = chunkReader(blob, offset, length);
    let held: number;
    try {
      held = (await uploads.append(location, offset, length, body)).offset;
    } catch (error) {
      // A dropped connection (the server keeps what arrived), or a killed earlier run's last chunk
      // still being written (UploadInUse): ask where the session stands and go on from there.
      if (!isRetryable(error) || stalls >= chunkRetries) throw error;
      if (error.code === 'UploadInUse') await sleep(250 * (stalls + 1));
      held = await uploads.offset(location);
    }
    if (held < offset || held > blob.size || (held === offset && ++stalls > chunkRetries)) {
      throw new ArcaApiError(
        416,
        'UploadOutOfOrder',
        `the upload session of ${blob.digest} holds ${held} bytes after a chunk sent at ${offset}; run the command again to resume`,
      );
    }
    if (held > offset) stalls = 0;
    options.onBytes?.(held - offset);
    offset = held;
    state.noteOffset(blob.digest, offset);
  }
  await assertUnchanged(blob, 'while it was being uploaded');
  await uploads.finish(location, blob.digest);
  state.removeSession(blob.digest);
  return { sent: offset - resumed, resumed };
}
