import {
  ArcaApiError,
  type ArcaClient,
  type AssetLocator,
  type BeginVersionResult,
  type NewVersion,
  type Version,
} from '../../sdk/client.js';
import { forEachBounded } from './bounded.js';
import type { HashedFile } from './hash-files.js';
import { uploadBlob } from './upload-blob.js';
import type { UploadState } from './upload-state.js';

/** How a version is pushed: what, where, and how hard to push. */
export interface PushOptions {
  client: ArcaClient;
  asset: AssetLocator;
  files: readonly HashedFile[];
  /** Everything of the begin body but the files. */
  metadata: Omit<NewVersion, 'files'>;
  state: UploadState;
  chunkBytes: number;
  /** Blobs uploaded at once. */
  blobConcurrency: number;
  /** Called once the bytes to send are known, with the total and what earlier runs already sent (for a progress bar). */
  onUploadStart?: (missingBytes: number) => Promise<{ add(bytes: number): void; stop(): void }>;
}

/** What `create` reports: the committed version and where its bytes came from. */
export interface PushResult {
  version: Version;
  /** Bytes sent by this run. */
  uploadedBytes: number;
  /** Bytes not sent because the server already had them (its blobs, or repeats inside the version). */
  reusedBytes: number;
  /** Bytes an interrupted earlier run had sent into sessions this run resumed. */
  resumedBytes: number;
  /** True when a pending version left by an interrupted run was picked up. */
  resumed: boolean;
  /**
   * False when the server answered with the latest version because this one would have repeated it
   * (same files, nothing new in the metadata given): no version was made.
   */
  created: boolean;
}

function sameFiles(version: Version, files: readonly HashedFile[]): boolean {
  const listed = new Map((version.files ?? []).map((f) => [f.path, f.digest]));
  return listed.size === files.length && files.every((f) => listed.get(f.path) === f.digest);
}

/**
 * Begins the version with the label an interrupted run was given (when the caller names none). A
 * label the server no longer holds as pending with these files is dropped and the begin repeated
 * without it; a version that run had in fact committed is answered as it is.
 */
async function begin(options: PushOptions, body: NewVersion): Promise<BeginVersionResult | Version> {
  const { client, asset, state, metadata } = options;
  const remembered = metadata.version === undefined ? state.data.version : undefined;
  if (remembered === undefined) return client.assets.beginVersion(asset, body);
  try {
    return await client.assets.beginVersion(asset, { ...body, version: remembered });
  } catch (error) {
    if (!(error instanceof ArcaApiError) || error.code !== 'VersionAlreadyExists') throw error;
  }
  const existing = await client.assets.getVersion(asset, remembered).catch(() => undefined);
  if (existing !== undefined && existing.state !== 'pending' && sameFiles(existing, options.files)) return existing;
  state.clearVersion();
  return client.assets.beginVersion(asset, body);
}

/**
 * Registers a version: begins it with the file list, uploads only the blobs the server lacks (a few
 * at a time, each resumable), and commits. The state file remembers the label and the sessions
 * until the commit, so running the same `create` again after an interruption resumes.
 */
export async function pushVersion(options: PushOptions): Promise<PushResult> {
  const { client, asset, files, state } = options;
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const body: NewVersion = {
    ...options.metadata,
    files: files.map((f) => ({ path: f.path, size: f.size, digest: f.digest })),
  };
  const begun = await begin(options, body);
  if (!('upload_url' in begun)) {
    state.remove();
    return { version: begun, uploadedBytes: 0, reusedBytes: totalBytes, resumedBytes: 0, resumed: true, created: true };
  }
  if (begun.unchanged) {
    // Nothing was begun: an earlier interrupted run's state (if any) is of no use any more.
    state.remove();
    return {
      version: begun.version,
      uploadedBytes: 0,
      reusedBytes: totalBytes,
      resumedBytes: 0,
      resumed: false,
      created: false,
    };
  }
  state.setVersion(begun.version.version);

  const sources = new Map(files.map((f) => [f.digest, f]));
  // Largest first: the long transfers start early and the small ones fill the gaps.
  const missing = [...begun.missing].sort((a, b) => b.size - a.size);
  const progress = await options.onUploadStart?.(begun.missing_bytes);
  let uploadedBytes = 0;
  let resumedBytes = 0;
  try {
    await forEachBounded(missing, options.blobConcurrency, async (blob) => {
      const source = sources.get(blob.digest);
      if (source === undefined)
        throw new ArcaApiError(
          200,
          'UnexpectedResponse',
          `the server asked for ${blob.digest}, which no local file has`,
        );
      const sent = await uploadBlob(
        { digest: blob.digest, size: blob.size, absolute: source.absolute, identity: source.identity },
        {
          uploads: client.uploads,
          uploadUrl: begun.upload_url,
          state,
          chunkBytes: options.chunkBytes,
          ...(progress === undefined
            ? {}
            : { onBytes: (n: number) => progress.add(n), onResume: (n: number) => progress.add(n) }),
        },
      );
      uploadedBytes += sent.sent;
      resumedBytes += sent.resumed;
    });
  } finally {
    progress?.stop();
  }
  const { unchanged, ...version } = await client.assets.commitVersion(asset, begun.version.version);
  state.remove();
  return {
    version,
    uploadedBytes,
    reusedBytes: totalBytes - uploadedBytes - resumedBytes,
    resumedBytes,
    resumed: begun.resumed,
    created: !unchanged,
  };
}
