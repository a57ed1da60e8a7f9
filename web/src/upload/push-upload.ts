import { api, ApiError, dataOf, type Schemas } from '../api';
import { assetPath } from '../components/asset-params';
import type { HashedFile } from './hash-files';
import {
  forgetPendingUpload,
  rememberedFiles,
  writePendingUpload,
  type PendingUpload,
  type UploadTarget,
} from './pending-upload';

/** Bytes sent per request: a lost request costs at most this much, and progress moves at least this often. */
export const uploadChunkBytes = 8 * 1024 * 1024;

export type Version = Schemas['Version'];

/** What the version carries besides its files. */
export interface UploadMetadata {
  version?: string;
  description?: string;
  tags?: Record<string, string>;
}

/** How an upload went: a committed version, or none because the latest already has these files. */
export type UploadOutcome =
  | { kind: 'committed'; version: Version; skipped: number; sentBytes: number; resumedBytes: number }
  | { kind: 'unchanged'; version: Version };

export interface UploadProgress {
  /** The version begun, and the blobs the server lacks (the rest are skipped). */
  onBegun(version: string, missing: ReadonlySet<string>): void;
  /** How many bytes of a blob the server holds now. */
  onBlobBytes(digest: string, held: number): void;
}

const uploadsPath = (target: UploadTarget) =>
  `/api/v1/${target.family}/{scope}/uploads` as '/api/v1/registries/{scope}/uploads';
const sessionPath = (target: UploadTarget) =>
  `/api/v1/${target.family}/{scope}/uploads/{id}` as '/api/v1/registries/{scope}/uploads/{id}';

/** Raw bytes through the typed client: the body goes as it is (a Blob), never as JSON. */
const byteBody = { bodySerializer: (body: unknown) => body as Blob };

async function beginVersion(target: UploadTarget, body: object, signal: AbortSignal) {
  const path = { scope: target.scope, name: target.asset };
  return dataOf(
    await api.POST(assetPath(target.family, target.segment, '/versions'), {
      params: { path },
      body: body as { files: [] },
      signal,
    }),
  );
}

/**
 * Begins the version under the label an interrupted upload was given, so the server picks up that pending
 * version and its sessions. A label it holds as committed means the interrupted upload had in fact finished.
 */
async function begin(
  target: UploadTarget,
  body: { version?: string },
  pending: PendingUpload | undefined,
  signal: AbortSignal,
) {
  if (pending === undefined) return beginVersion(target, body, signal);
  try {
    return await beginVersion(target, { ...body, version: pending.version }, signal);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'VersionAlreadyExists') throw error;
  }
  const path = { scope: target.scope, name: target.asset, version: pending.version };
  const existing = dataOf(
    await api.GET(assetPath(target.family, target.segment, '/versions/{version}'), { params: { path }, signal }),
  );
  if (existing.state !== 'pending') return existing;
  throw new ApiError(409, 'VersionAlreadyExists', `version ${pending.version} is being uploaded by someone else`);
}

/** Where a recorded session stands, or undefined when the server no longer has it (finished, expired, cancelled). */
async function sessionOffset(target: UploadTarget, id: string, signal: AbortSignal): Promise<number | undefined> {
  const result = await api.GET(sessionPath(target), { params: { path: { scope: target.scope, id } }, signal });
  if (result.response.status === 404) return undefined;
  return dataOf(result).offset;
}

/**
 * Sends one blob through a resumable session: continues the session the pending upload recorded from the
 * offset the server holds (no acknowledged byte goes twice), or starts one; chunks in order; finishes with
 * the digest. Answers the bytes sent now and those an earlier page had sent.
 */
async function uploadBlob(
  target: UploadTarget,
  file: File,
  digest: string,
  context: { pending: PendingUpload; progress: UploadProgress; signal: AbortSignal },
): Promise<{ sent: number; resumed: number }> {
  const { pending, signal } = context;
  const recorded = pending.sessions[digest];
  let session =
    recorded === undefined ? undefined : { id: recorded, offset: await sessionOffset(target, recorded, signal) };
  if (session?.offset === undefined || session.offset > file.size) {
    const started = dataOf(await api.POST(uploadsPath(target), { params: { path: { scope: target.scope } }, signal }));
    session = { id: started.id, offset: started.offset };
    pending.sessions[digest] = started.id;
    writePendingUpload(pending);
  }
  const id = session.id;
  let offset: number = session.offset ?? 0;
  const resumed = offset;
  context.progress.onBlobBytes(digest, offset);
  const path = { scope: target.scope, id };
  // Chunks refused as out of order in a row: the server says where it stands each time, so a few suffice.
  let refused = 0;
  while (offset < file.size) {
    const end = Math.min(file.size, offset + uploadChunkBytes);
    const result: { data?: { offset: number }; error?: unknown; response: Response } = await api.PATCH(
      sessionPath(target),
      {
        params: { path },
        body: file.slice(offset, end),
        ...byteBody,
        headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${end - 1}` },
        signal,
      },
    );
    // Out of order (another tab on the same session): go on from the offset the server holds.
    const outOfOrder: boolean = result.response.status === 416 && refused++ < 3;
    const held: number = outOfOrder ? Number(result.response.headers.get('upload-offset')) : dataOf(result).offset;
    if (!Number.isSafeInteger(held) || held > file.size || (!outOfOrder && held <= offset))
      throw new ApiError(
        416,
        'UploadOutOfOrder',
        `the upload of ${digest} stands at ${held} after a chunk at ${offset}`,
      );
    if (!outOfOrder) refused = 0;
    offset = held;
    context.progress.onBlobBytes(digest, offset);
  }
  dataOf(
    await api.PUT(sessionPath(target), {
      params: { path, query: { digest } },
      body: new Blob([]),
      ...byteBody,
      headers: { 'content-type': 'application/octet-stream' },
      signal,
    }),
  );
  delete pending.sessions[digest];
  writePendingUpload(pending);
  return { sent: offset - resumed, resumed };
}

/** Blobs sent at once: a browser opens at most six connections to one server, and the page needs some too. */
const blobsInFlight = 3;

/**
 * Registers a version from files hashed in the browser, through the CLI's protocol: begin with the file
 * list, send only the blobs the server lacks (chunked, each resumable), commit. The pending upload is kept in
 * localStorage until the commit, so the same files dropped after a reload continue it.
 */
export async function pushUpload(
  target: UploadTarget,
  files: readonly HashedFile[],
  metadata: UploadMetadata,
  options: { user: string; resume?: PendingUpload; progress: UploadProgress; signal: AbortSignal },
): Promise<UploadOutcome> {
  const { signal, progress } = options;
  const body = {
    ...(metadata.version ? { version: metadata.version } : {}),
    ...(metadata.description ? { description: metadata.description } : {}),
    ...(metadata.tags && Object.keys(metadata.tags).length > 0 ? { tags: metadata.tags } : {}),
    files: files.map((f) => ({ path: f.path, size: f.file.size, digest: f.digest })),
  };
  const begun = await begin(target, body, options.resume, signal);
  if (!('upload_url' in begun)) {
    forgetPendingUpload(options.user);
    return { kind: 'committed', version: begun, skipped: files.length, sentBytes: 0, resumedBytes: 0 };
  }
  if (begun.unchanged) {
    forgetPendingUpload(options.user);
    return { kind: 'unchanged', version: begun.version };
  }
  const pending: PendingUpload = {
    ...target,
    user: options.user,
    version: begun.version.version,
    ...(metadata.description ? { description: metadata.description } : {}),
    ...(metadata.tags ? { tags: metadata.tags } : {}),
    files: rememberedFiles(files),
    sessions: options.resume?.version === begun.version.version ? { ...options.resume.sessions } : {},
    startedAt: options.resume?.startedAt ?? new Date().toISOString(),
  };
  writePendingUpload(pending);
  const missing = new Set(begun.missing.map((m) => m.digest));
  progress.onBegun(pending.version, missing);
  const sources = new Map(files.map((f) => [f.digest, f.file]));
  let sentBytes = 0;
  let resumedBytes = 0;
  // Largest first, as the CLI does: the long transfer starts early, and a reload finds most of it resumable.
  const queue = [...begun.missing].sort((a, b) => b.size - a.size);
  for (const { digest } of queue) {
    if (!sources.has(digest))
      throw new ApiError(200, 'UnexpectedResponse', `the server asked for ${digest}, which no file has`);
  }
  // A few blobs in flight at once (small files no longer wait behind each other's round trips); the first
  // failure stops the others, whose sessions stay resumable.
  const stop = new AbortController();
  const stopped = AbortSignal.any([signal, stop.signal]);
  const sender = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const file = sources.get(next.digest) as File;
      const sent = await uploadBlob(target, file, next.digest, { pending, progress, signal: stopped });
      sentBytes += sent.sent;
      resumedBytes += sent.resumed;
    }
  };
  // The first failure is the one to report: the senders it stops fail after it, with an abort.
  let failure: { error: unknown } | undefined;
  await Promise.all(
    Array.from({ length: Math.min(blobsInFlight, queue.length) }, () =>
      sender().catch((error: unknown) => {
        failure ??= { error };
        stop.abort();
      }),
    ),
  );
  if (failure !== undefined) throw failure.error;
  const path = { scope: target.scope, name: target.asset, version: pending.version };
  const committed = dataOf(
    await api.POST(assetPath(target.family, target.segment, '/versions/{version}/commit'), {
      params: { path },
      signal,
    }),
  );
  forgetPendingUpload(options.user);
  if (committed.unchanged) return { kind: 'unchanged', version: committed };
  const skipped = files.filter((f) => !missing.has(f.digest)).length;
  return { kind: 'committed', version: committed, skipped, sentBytes, resumedBytes };
}

/** Ends the sessions of an upload given up (their bytes are removed) and forgets it; a failure to reach the server is left to the sessions' expiry. */
export async function abandonUpload(pending: PendingUpload): Promise<void> {
  forgetPendingUpload(pending.user);
  await Promise.allSettled(
    Object.values(pending.sessions).map((id) =>
      api.DELETE(sessionPath(pending), { params: { path: { scope: pending.scope, id } } }),
    ),
  );
}
