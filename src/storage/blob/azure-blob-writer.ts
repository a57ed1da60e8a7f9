import { compact } from '../../core/compact.js';
import { createHash, type Hash } from 'node:crypto';
import { BlobSASPermissions, type BlockBlobClient } from '@azure/storage-blob';
import { isArcaError, type ArcaError } from '../../core/errors.js';
import { BlobStoreError, blobStoreFault } from './blob-store-errors.js';
import type { BlobWriter, CommittedBlob, Digest } from './blob-store.js';
import type { ResumePoints } from './resume-points.js';
import { SerialBlobWriter } from './serial-blob-writer.js';

/** What a writer needs to know about its store and its upload. */
export interface AzureUploadContext {
  description: string;
  uploadId: string;
  /** The blob whose uncommitted blocks hold the upload: `<prefix>uploads/<uploadId>`. */
  staging: BlockBlobClient;
  /** Names the upload across stores on one container, for the in-process one-writer guard. */
  claimKey: string;
  /** The committed blob of a digest: `<prefix>blobs/sha256/<hex>`. */
  blobClient: (digest: Digest) => BlockBlobClient;
  blockSizeBytes: number;
  /** Largest blob placed with a synchronous copy; larger ones are copied asynchronously and polled. */
  syncCopyLimitBytes: number;
  accessTier: string | undefined;
  /** The store's memory of uploads closed through it; identities are `<blocks>:<next index>:<size>`. */
  resumePoints: ResumePoints;
}

/** Wraps a storage failure in `StorageUnavailable`, letting catalogue errors through unchanged. Never echoes a SAS. */
export function azureFailure(description: string, action: string, target: string, err: unknown): ArcaError {
  if (isArcaError(err)) return err;
  // Azure has no "disk full" code; Azurite and gateways in front of a full disk answer 507.
  if (statusOf(err) === 507) {
    return blobStoreFault('full', description, `${describeAzureCause(err)} on ${action}`, err);
  }
  return new BlobStoreError('unavailable', `${description}: cannot ${action} ${target} (${describeAzureCause(err)})`, {
    cause: err,
  });
}

/** The service's status and error code when there is one, else the message; SAS signatures are redacted. */
export function describeAzureCause(err: unknown): string {
  const status = statusOf(err);
  const code = errorCode(err);
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  const parts = [status === undefined ? undefined : String(status), code, message].filter(
    (part) => part !== undefined && part !== '',
  );
  return parts.join(' ').replace(/sig=[^&\s"]+/g, 'sig=REDACTED');
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

export function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number'
    ? err.statusCode
    : undefined;
}

/** A committed blob is readable unless it is the destination of a copy that has not (or not successfully) finished. */
export function isVisible(copyStatus: string | undefined): boolean {
  return copyStatus === undefined || copyStatus === 'success';
}

/**
 * Upload ids that a live writer in this process holds. Two writers staging blocks of one upload would
 * interleave bytes that neither's hash covers. Keyed by account, container and blob name.
 */
const claimedUploads = new Set<string>();

function claim(upload: AzureUploadContext): void {
  if (claimedUploads.has(upload.claimKey)) {
    throw new BlobStoreError(
      'uploadInUse',
      `upload ${upload.uploadId} is open in another writer; end that one with commit, cancel or close first`,
      { target: 'uploadId' },
    );
  }
  claimedUploads.add(upload.claimKey);
}

/** Azure commits at most this many blocks into one blob. */
const maxBlocksPerBlob = 50_000;

/** Block ids must all have the same length within a blob; six digits number blocks far past the 50,000 a blob may hold. */
function blockId(index: number): string {
  return Buffer.from(String(index).padStart(6, '0')).toString('base64');
}

function blockIndex(id: string, upload: AzureUploadContext): number {
  const digits = Buffer.from(id, 'base64').toString('latin1');
  if (!/^\d{6}$/.test(digits)) {
    throw new BlobStoreError(
      'unavailable',
      `${upload.description}: upload ${upload.uploadId} holds a block (${id}) this store did not write`,
      { target: 'uploadId' },
    );
  }
  return Number(digits);
}

/** The blocks an upload holds, in upload order: committed ones first (after a consolidation), then staged ones by index. */
interface StagedBlocks {
  ids: string[];
  size: number;
  uncommitted: number;
  nextIndex: number;
}

async function stagedBlocks(upload: AzureUploadContext): Promise<StagedBlocks> {
  let list;
  try {
    list = await upload.staging.getBlockList('all');
  } catch (err) {
    if (statusOf(err) === 404) return { ids: [], size: 0, uncommitted: 0, nextIndex: 0 };
    throw err;
  }
  const committed = (list.committedBlocks ?? []).map((block) => ({ ...block, index: blockIndex(block.name, upload) }));
  const uncommitted = (list.uncommittedBlocks ?? [])
    .map((block) => ({ ...block, index: blockIndex(block.name, upload) }))
    .sort((a, b) => a.index - b.index);
  const blocks = [...committed, ...uncommitted];
  return {
    ids: blocks.map((block) => block.name),
    size: blocks.reduce((sum, block) => sum + block.size, 0),
    uncommitted: uncommitted.length,
    nextIndex: blocks.reduce((next, block) => Math.max(next, block.index + 1), 0),
  };
}

/** Bytes upload `upload.staging` holds, committed and staged blocks together: what a writer reopened on it starts at. */
export async function stagedUploadSize(upload: AzureUploadContext): Promise<number> {
  try {
    return (await stagedBlocks(upload)).size;
  } catch (err) {
    throw azureFailure(upload.description, 'list the blocks of upload', upload.uploadId, err);
  }
}

/** What a resume point is checked against: it is trusted only while the upload holds exactly what this process left. */
function identity(blockCount: number, nextIndex: number, size: number): string {
  return `${blockCount}:${nextIndex}:${size}`;
}

/** Opens upload `upload.staging`, creating it or resuming it, and claims it until the writer ends. */
export async function openAzureBlobWriter(upload: AzureUploadContext): Promise<BlobWriter> {
  claim(upload);
  try {
    const blocks = await stagedBlocks(upload);
    const remembered = upload.resumePoints.take(upload.claimKey);
    const hash =
      remembered !== undefined && remembered.identity === identity(blocks.ids.length, blocks.nextIndex, blocks.size)
        ? remembered.hash
        : await rehash(upload, blocks);
    return new AzureBlobWriter(upload, hash, blocks);
  } catch (err) {
    claimedUploads.delete(upload.claimKey);
    throw azureFailure(upload.description, 'open upload', upload.uploadId, err);
  }
}

/**
 * Rebuilds the hash of an upload nobody in this process remembers (after a restart). Uncommitted blocks
 * cannot be read back, so they are first committed onto the staging blob, in order: the blob then holds
 * exactly the upload's bytes, new blocks keep being staged after them, and the final commit lists the
 * committed ids followed by the new ones. Committing is metadata-only; the bytes are read once.
 */
async function rehash(upload: AzureUploadContext, blocks: StagedBlocks): Promise<Hash> {
  const hash = createHash('sha256');
  if (blocks.size === 0) return hash;
  if (blocks.uncommitted > 0) await upload.staging.commitBlockList(blocks.ids);
  const response = await upload.staging.download(0, undefined, { maxRetryRequests: 5 });
  for await (const chunk of response.readableStreamBody ?? []) hash.update(chunk as Buffer);
  return hash;
}

/** `open`: the claim is held. `broken`: a block failed to stage, so blocks and hash disagree; only ending is left. */
type WriterState = 'open' | 'broken' | 'closed' | 'finished';

/**
 * One upload, its id claimed from `writer()` until commit, cancel or close. Bytes are hashed on arrival
 * and copied into one block buffer; a full buffer is staged as an uncommitted block before `write`
 * resolves (backpressure), so a writer holds at most one block in memory. Calls run one after another.
 */
class AzureBlobWriter extends SerialBlobWriter {
  readonly #upload: AzureUploadContext;
  readonly #hash: Hash;
  #buffer: Buffer | undefined;
  #filled = 0;
  #blockCount: number;
  #nextIndex: number;
  #size: number;
  #state: WriterState = 'open';

  constructor(upload: AzureUploadContext, hash: Hash, blocks: StagedBlocks) {
    super();
    this.#upload = upload;
    this.#hash = hash;
    this.#size = blocks.size;
    this.#blockCount = blocks.ids.length;
    this.#nextIndex = blocks.nextIndex;
  }

  get size(): number {
    return this.#size;
  }

  protected async append(chunk: Uint8Array): Promise<void> {
    this.#writable();
    if (chunk.byteLength === 0) return;
    this.#hash.update(chunk);
    const blockSize = this.#upload.blockSizeBytes;
    for (let offset = 0; offset < chunk.byteLength;) {
      if (this.#filled === 0 && chunk.byteLength - offset >= blockSize) {
        // A whole block inside the caller's chunk is staged from it directly: it stays untouched until write resolves.
        await this.#stage(chunk.subarray(offset, offset + blockSize));
        offset += blockSize;
        continue;
      }
      this.#buffer ??= Buffer.allocUnsafe(blockSize);
      const length = Math.min(chunk.byteLength - offset, blockSize - this.#filled);
      this.#buffer.set(chunk.subarray(offset, offset + length), this.#filled);
      this.#filled += length;
      offset += length;
      if (this.#filled === blockSize) await this.#flush();
    }
    this.#size += chunk.byteLength;
  }

  /** Stages what the buffer holds as the next block. */
  async #flush(): Promise<void> {
    if (this.#buffer === undefined || this.#filled === 0) return;
    await this.#stage(this.#buffer.subarray(0, this.#filled));
    this.#filled = 0;
  }

  async #stage(bytes: Uint8Array): Promise<void> {
    if (this.#blockCount >= maxBlocksPerBlob) {
      this.#state = 'broken';
      throw new BlobStoreError(
        'tooLarge',
        `${this.#upload.description}: upload ${this.#upload.uploadId} would need more than ${maxBlocksPerBlob} blocks, the most an Azure blob holds (blocks are ${this.#upload.blockSizeBytes} bytes, and each close stages a partial one)`,
        { target: 'uploadId' },
      );
    }
    try {
      await this.#upload.staging.stageBlock(blockId(this.#nextIndex), bytes, bytes.byteLength);
      this.#nextIndex += 1;
      this.#blockCount += 1;
    } catch (err) {
      // The hash now covers bytes the upload may lack; reopening by id rebuilds it from the staged blocks.
      this.#state = 'broken';
      throw azureFailure(this.#upload.description, 'stage a block of upload', this.#upload.uploadId, err);
    }
  }

  protected async commitNow(expected: Digest): Promise<CommittedBlob> {
    this.#writable();
    const actual: Digest = `sha256:${this.#hash.digest('hex')}`;
    try {
      if (actual !== expected) {
        this.#state = 'finished';
        await this.#discard().catch(() => undefined);
        throw new BlobStoreError(
          'digestMismatch',
          `upload ${this.#upload.uploadId}: expected ${expected} but its ${this.#size} bytes hash to ${actual}; the upload was discarded`,
          { target: 'digest' },
        );
      }
      await this.#flush();
      const placed = await this.#place(expected);
      this.#state = 'finished';
      return { digest: expected, size: this.#size, ...placed };
    } catch (err) {
      // The hash is spent; the staged blocks are not, and reopening the upload by id rehashes them for a retry.
      if (this.#state !== 'finished') this.#state = 'closed';
      throw azureFailure(this.#upload.description, 'commit upload', this.#upload.uploadId, err);
    } finally {
      this.#release();
    }
  }

  /**
   * Makes the verified upload visible under its digest. Azure Blob has no rename, and blocks belong to
   * one blob, so the bytes are copied server-side: the block list is committed on the staging blob, which
   * is then copied to the final name with the staging blob's ETag as a source condition (the copy takes
   * exactly the bytes that were hashed) and a destination condition: `If-None-Match: *` when nothing is
   * there, or `If-Match` the ETag of an object of the wrong size found there (truncated, empty, planted),
   * which the copy then replaces. An object of the right size is left alone: it holds the same bytes. A
   * synchronous copy (Copy Blob From URL, up to 256 MiB) writes the destination whole, so a replacement
   * is atomic. Above that, an asynchronous copy (Copy Blob) is polled to its end; while it is pending the
   * destination exists with copy status `pending`, which stat, reader and list treat as absent, so the
   * blob becomes visible in one step (a replaced wrong object is absent meanwhile). Put Block From URL onto
   * the final blob would avoid the pending state, but azurite does not implement it, so that path could
   * not be tested. The commit succeeds only once the destination is visible with this blob's size.
   */
  async #place(digest: Digest): Promise<Pick<CommittedBlob, 'replaced'>> {
    const target = this.#upload.blobClient(digest);
    const existing = await this.#stored(target);
    if (existing?.size === this.#size) {
      await this.#discard().catch(() => undefined);
      return {};
    }
    const blocks = await stagedBlocks(this.#upload);
    if (blocks.size !== this.#size) {
      throw new BlobStoreError(
        'unavailable',
        `${this.#upload.description}: upload ${this.#upload.uploadId} holds ${blocks.size} bytes but this writer accepted ${this.#size}; it changed behind the writer, so nothing was committed`,
        { target: 'uploadId' },
      );
    }
    const tier = this.#upload.accessTier;
    const conditions = existing === undefined ? { ifNoneMatch: '*' } : { ifMatch: existing.etag };
    if (blocks.size === 0) {
      await ignoreExisting(target.commitBlockList([], { conditions, ...compact({ tier }) }));
    } else {
      const { etag } = await this.#upload.staging.commitBlockList(blocks.ids);
      await this.#copy(target, etag, blocks.size, conditions);
    }
    // Every staged block is now committed on the staging blob (or there were none), so a delete removes the upload.
    // The blob is in place either way: a staging blob left behind is an abandoned upload, not a wrong blob.
    this.#upload.resumePoints.forget(this.#upload.claimKey);
    await this.#upload.staging.deleteIfExists().catch(() => undefined);
    // A destination taken meanwhile (another committer) is accepted only when it, too, has the right size.
    const placed = await this.#stored(target);
    if (placed?.size !== this.#size) {
      throw new BlobStoreError(
        'unavailable',
        `${this.#upload.description}: after committing upload ${this.#upload.uploadId}, ${digest} holds ${placed?.size ?? 'no'} bytes instead of ${this.#size}`,
        { target: 'digest' },
      );
    }
    return existing === undefined ? {} : { replaced: { size: existing.size } };
  }

  async #copy(
    target: BlockBlobClient,
    sourceEtag: string | undefined,
    size: number,
    destination: { ifNoneMatch: string } | { ifMatch: string | undefined },
  ): Promise<void> {
    let conditions = destination;
    // A destination left by a failed asynchronous copy (ours or another committer's) is removed and the copy retried.
    for (let attempt = 1; ; attempt++) {
      const options = {
        conditions,
        ...(sourceEtag === undefined ? {} : { sourceConditions: { ifMatch: sourceEtag } }),
        ...(this.#upload.accessTier === undefined ? {} : { tier: this.#upload.accessTier }),
      };
      if (size <= this.#upload.syncCopyLimitBytes) {
        // Copy Blob From URL reads its source through a URL of its own, so it needs a (short-lived, read-only) SAS.
        const source = await this.#upload.staging.generateSasUrl({
          permissions: BlobSASPermissions.parse('r'),
          expiresOn: new Date(Date.now() + 60 * 60 * 1000),
        });
        if (await ignoreExisting(target.syncCopyFromURL(source, options))) return;
      } else {
        const poller = await ignoreExisting(target.beginCopyFromURL(this.#upload.staging.url, options));
        if (poller !== undefined) poller.stopPolling();
      }
      const status = await settledCopyStatus(target);
      if (isVisible(status)) return;
      if (attempt === 3)
        throw new BlobStoreError(
          'unavailable',
          `${this.#upload.description}: copying upload ${this.#upload.uploadId} into place ended ${status} three times`,
        );
      await target.deleteIfExists();
      conditions = { ifNoneMatch: '*' };
    }
  }

  /** The size and ETag of the visible blob `target`, or undefined when there is none (or only a pending copy). */
  async #stored(target: BlockBlobClient): Promise<{ size: number; etag: string | undefined } | undefined> {
    try {
      const properties = await target.getProperties();
      return isVisible(properties.copyStatus)
        ? { size: properties.contentLength ?? 0, etag: properties.etag }
        : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /**
   * Removes the upload. Delete Blob is not documented to remove the uncommitted blocks of a blob that was
   * never committed (they would linger until Azure collects them after a week), so an empty block list is
   * committed first: that discards every uncommitted block and leaves an empty blob for the delete.
   */
  async #discard(): Promise<void> {
    this.#upload.resumePoints.forget(this.#upload.claimKey);
    await this.#upload.staging.commitBlockList([]);
    await this.#upload.staging.deleteIfExists();
  }

  protected async cancelNow(): Promise<void> {
    if (this.#state === 'finished') return;
    const held = this.#state === 'open' || this.#state === 'broken';
    // A closed writer no longer holds the upload; it may remove it only while nobody else does.
    if (!held) claim(this.#upload);
    try {
      await this.#discard();
      this.#state = 'finished';
    } catch (err) {
      this.#state = 'closed';
      throw azureFailure(this.#upload.description, 'cancel upload', this.#upload.uploadId, err);
    } finally {
      this.#release();
    }
  }

  protected async closeNow(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'finished') return;
    try {
      // Buffered bytes are staged first: after close, the upload holds exactly `size` bytes.
      if (this.#state === 'open') {
        await this.#flush();
        // Remembered before the claim is released, so the next writer of this id finds it.
        const point = identity(this.#blockCount, this.#nextIndex, this.#size);
        this.#upload.resumePoints.remember(this.#upload.claimKey, {
          hash: this.#hash,
          size: this.#size,
          identity: point,
        });
      }
    } finally {
      this.#state = 'closed';
      this.#release();
    }
  }

  #release(): void {
    this.#buffer = undefined;
    this.#filled = 0;
    claimedUploads.delete(this.#upload.claimKey);
  }

  #writable(): void {
    if (this.#state === 'broken') {
      throw new BlobStoreError(
        'unavailable',
        `upload ${this.#upload.uploadId} failed part-way; close this writer and open the upload again by id to resume from the staged blocks`,
        { target: 'uploadId' },
      );
    }
    if (this.#state !== 'open') {
      const why =
        this.#state === 'closed'
          ? 'was closed through this writer; open it again by id to resume'
          : 'was already committed or cancelled through this writer';
      throw new BlobStoreError('internal', `upload ${this.#upload.uploadId} ${why}`, { target: 'uploadId' });
    }
  }
}

/** Runs a create-if-absent request; resolves undefined when its `If-None-Match: *` found the destination taken. */
async function ignoreExisting<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (err) {
    const code = errorCode(err);
    // A failed source condition (the staging blob changed) is a real failure, not a blob already in place.
    if (
      (statusOf(err) === 409 && code === 'BlobAlreadyExists') ||
      (statusOf(err) === 412 && code !== 'SourceConditionNotMet')
    )
      return undefined;
    throw err;
  }
}

const copyPollMs = 500;

/** Waits until the destination's copy is no longer pending and returns how it ended (undefined: not a copy). */
async function settledCopyStatus(target: BlockBlobClient): Promise<string | undefined> {
  for (;;) {
    const { copyStatus } = await target.getProperties();
    if (copyStatus !== 'pending') return copyStatus;
    await new Promise((resolve) => setTimeout(resolve, copyPollMs));
  }
}
