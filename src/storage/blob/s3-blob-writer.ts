import { createHash, type Hash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { BlobStoreError } from './blob-store-errors.js';
import type { BlobWriter, CommittedBlob, Digest } from './blob-store.js';
import {
  blobKey,
  claim,
  claimedUploads,
  copyConcurrency,
  httpStatus,
  identityOf,
  initialBufferBytes,
  maxParts,
  minPartBytes,
  partKey,
  readPart,
  removeUpload,
  s3Failure,
  stagedParts,
  streamPart,
  type S3Place,
  type StagedPart,
  type Upload,
  uploadOf,
} from './s3-parts.js';
import { SerialBlobWriter } from './serial-blob-writer.js';

/** Opens upload `uploadId`, creating or resuming it, and claims it until the writer ends. */
export async function openS3BlobWriter(place: S3Place, uploadId: string): Promise<BlobWriter> {
  const upload = uploadOf(place, uploadId);
  const { keyPrefix } = upload;
  claim(upload);
  try {
    const parts = await stagedParts(place, upload);
    const identity = identityOf(parts);
    // A last part below S3's floor goes back into the buffer so the next bytes extend it; every part kept
    // staged is then a valid middle part of the multipart upload that commit assembles.
    const last = parts.at(-1);
    const tail = last !== undefined && last.size < minPartBytes ? parts.pop() : undefined;
    const remembered = place.resumePoints.take(upload.claimKey);
    const resumed = remembered !== undefined && remembered.identity === identity;
    // Otherwise the hash state lives nowhere; streaming the parts back is what lets an upload survive a restart.
    const hash = resumed ? remembered.hash : createHash('sha256');
    if (!resumed) for (const part of parts) await streamPart(place, upload, part, (chunk) => hash.update(chunk));
    const tailBytes = tail === undefined ? undefined : await readPart(place, upload, tail);
    if (!resumed && tailBytes !== undefined) hash.update(tailBytes);
    return new S3BlobWriter(place, upload, { parts, tail, tailBytes, hash });
  } catch (err) {
    claimedUploads.delete(upload.claimKey);
    throw s3Failure(place.description, 'open upload', keyPrefix, err);
  }
}

/** `open`: the claim is held. `broken`: storing a part failed, so parts and hash disagree; only ending is left. */
type WriterState = 'open' | 'broken' | 'closed' | 'finished';

/**
 * One upload, claimed from `writer()` until commit, cancel or close. Bytes are hashed on arrival and
 * gathered in one part buffer; a full buffer is stored as the next part before `write` resolves
 * (backpressure), and close stores what is left. Calls run one after another, in call order.
 */
class S3BlobWriter extends SerialBlobWriter {
  readonly #place: S3Place;
  readonly #upload: Upload;
  readonly #hash: Hash;
  /** Stored parts of at least `minPartBytes` each, numbered 1..n. */
  readonly #parts: StagedPart[];
  /** The bytes that will become part n+1. */
  #buffer: Buffer | undefined;
  #filled = 0;
  /** The stored object of part n+1 when the buffer's first bytes are already in it. */
  #tailStored: StagedPart | undefined;
  #size: number;
  #state: WriterState = 'open';
  #held = true;

  constructor(
    place: S3Place,
    upload: Upload,
    resume: { parts: StagedPart[]; tail: StagedPart | undefined; tailBytes: Buffer | undefined; hash: Hash },
  ) {
    super();
    this.#place = place;
    this.#upload = upload;
    this.#parts = resume.parts;
    this.#hash = resume.hash;
    this.#tailStored = resume.tail;
    // The reloaded tail becomes the buffer itself; `#reserve` grows it when the next bytes arrive.
    this.#buffer = resume.tailBytes;
    this.#filled = resume.tailBytes?.length ?? 0;
    this.#size = this.#partBytes() + this.#filled;
  }

  get size(): number {
    return this.#size;
  }

  protected async append(chunk: Uint8Array): Promise<void> {
    this.#writable();
    if (chunk.byteLength === 0) return;
    const capacity = this.#partBytes() + (maxParts - this.#parts.length) * this.#place.partSizeBytes;
    if (this.#size + chunk.byteLength > capacity) {
      throw new BlobStoreError(
        'tooLarge',
        `upload ${this.#upload.id} would exceed ${capacity} bytes: ${maxParts} parts of ${this.#place.partSizeBytes} bytes (raise partSizeBytes for larger blobs)`,
        { target: 'uploadId' },
      );
    }
    this.#hash.update(chunk);
    for (let offset = 0; offset < chunk.byteLength;) {
      const length = Math.min(chunk.byteLength - offset, this.#place.partSizeBytes - this.#filled);
      this.#reserve(this.#filled + length);
      this.#buffer?.set(chunk.subarray(offset, offset + length), this.#filled);
      this.#filled += length;
      offset += length;
      if (this.#filled === this.#place.partSizeBytes) await this.#storeBuffer();
    }
    this.#size += chunk.byteLength;
  }

  /** Grows the buffer to hold `bytes` (doubling, capped at one part). */
  #reserve(bytes: number): void {
    const current = this.#buffer?.length ?? 0;
    if (bytes <= current) return;
    const grown = Buffer.allocUnsafe(
      Math.min(this.#place.partSizeBytes, Math.max(bytes, current * 2, initialBufferBytes)),
    );
    this.#buffer?.copy(grown, 0, 0, this.#filled);
    this.#buffer = grown;
  }

  #partBytes(): number {
    return this.#parts.reduce((sum, part) => sum + part.size, 0);
  }

  /** Stores the buffer as part n+1 unless it already is; a part of S3's minimum size or more then stays as it is. */
  async #storeBuffer(): Promise<void> {
    if (this.#filled > (this.#tailStored?.size ?? 0)) {
      const number = this.#parts.length + 1;
      const key = partKey(this.#upload, number);
      try {
        // Staged parts keep the default storage class: they live minutes, and colder classes bill a minimum duration.
        const { ETag } = await this.#place.client.send(
          new PutObjectCommand({ Bucket: this.#place.bucket, Key: key, Body: this.#buffer?.subarray(0, this.#filled) }),
        );
        this.#tailStored = { number, size: this.#filled, etag: ETag ?? '' };
      } catch (err) {
        this.#state = 'broken';
        throw s3Failure(this.#place.description, 'store part', key, err);
      }
    }
    if (this.#tailStored !== undefined && this.#tailStored.size >= minPartBytes) {
      this.#parts.push(this.#tailStored);
      this.#tailStored = undefined;
      this.#filled = 0;
    }
  }

  protected async commitNow(expected: Digest): Promise<CommittedBlob> {
    this.#writable();
    try {
      const actual: Digest = `sha256:${this.#hash.digest('hex')}`;
      this.#state = 'finished';
      if (actual !== expected) {
        await removeUpload(this.#place, this.#upload).catch(() => undefined);
        throw new BlobStoreError(
          'digestMismatch',
          `upload ${this.#upload.id}: expected ${expected} but its ${this.#size} bytes hash to ${actual}; the upload was discarded`,
          { target: 'digest' },
        );
      }
      const placed = await this.#placeBlob(expected);
      return { digest: expected, size: this.#size, ...placed };
    } finally {
      this.#release();
    }
  }

  /**
   * Makes the verified bytes visible at `blobs/sha256/<hex>`. S3 has no rename, and the key is known only
   * now, so the bytes were staged elsewhere; each way below ends in one request that S3 applies atomically
   * (PutObject, CopyObject or CompleteMultipartUpload), so readers see the whole blob or none of it. An
   * object already at the key is kept only when its size is this blob's; any other is overwritten by that
   * same request, which replaces it atomically.
   */
  async #placeBlob(digest: Digest): Promise<Pick<CommittedBlob, 'replaced'>> {
    const target = blobKey(this.#place, digest);
    const { client, bucket, storageClass } = this.#place;
    try {
      const existing = await this.#storedSize(target);
      if (existing === this.#size) {
        // Content-addressed: a blob of the same size under the same digest holds the same bytes.
        await removeUpload(this.#place, this.#upload).catch(() => undefined);
        return {};
      }
      const placed = existing === undefined ? {} : { replaced: { size: existing } };
      if (this.#parts.length === 0 && this.#tailStored === undefined) {
        this.#assertHolds(this.#filled);
        // Nothing staged yet (a blob under one part): one PUT at the final key is the whole commit.
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: target,
            Body: this.#buffer?.subarray(0, this.#filled) ?? Buffer.alloc(0),
            StorageClass: storageClass,
          }),
        );
        return placed;
      }
      // Every byte is staged before assembling, so a failed commit leaves the upload whole for a retry.
      await this.#storeBuffer();
      const pieces = this.#tailStored === undefined ? this.#parts : [...this.#parts, this.#tailStored];
      this.#assertHolds(pieces.reduce((sum, piece) => sum + piece.size, 0));
      this.#buffer = undefined;
      if (pieces.length === 1 && pieces[0] !== undefined) {
        // One part (at most 5 GiB): a server-side copy, no bytes through this process.
        await client.send(
          new CopyObjectCommand({
            ...this.#copySource(pieces[0]),
            Bucket: bucket,
            Key: target,
            StorageClass: storageClass,
          }),
        );
      } else {
        await this.#assemble(target, pieces);
      }
      // The blob is in place; staged parts left by a failure here are only garbage, and must not fail the commit.
      await removeUpload(this.#place, this.#upload).catch(() => undefined);
      return placed;
    } catch (err) {
      if (this.#state !== 'broken' && this.#parts.length === 0 && this.#tailStored === undefined && this.#filled > 0) {
        // The direct PUT failed: stage the bytes so that the upload, reopened by id, still holds them.
        await this.#storeBuffer().catch(() => undefined);
      }
      // Reopening the upload by id rebuilds the hash from the staged parts and lets the caller retry.
      this.#state = 'closed';
      const status = httpStatus(err);
      if (status === 404 || status === 412) {
        throw new BlobStoreError(
          'invalidArgument',
          `upload ${this.#upload.id} no longer holds the parts this writer staged: it was changed or removed while this writer held it open`,
          {
            target: 'uploadId',
            cause: err,
          },
        );
      }
      throw s3Failure(this.#place.description, 'commit upload', this.#upload.keyPrefix, err);
    }
  }

  /**
   * A multipart upload at the final key whose parts are server-side copies of the staged parts (all but
   * the last at least 5 MiB, see openS3BlobWriter). Where UploadPartCopy is missing, each part streams
   * through this process instead, one at a time.
   */
  async #assemble(target: string, pieces: StagedPart[]): Promise<void> {
    const { client, bucket, storageClass } = this.#place;
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: target, StorageClass: storageClass }),
    );
    try {
      const etags: string[] = [];
      const copy = async (index: number) => {
        const piece = pieces[index];
        if (piece !== undefined) etags[index] = await this.#copyPart(target, UploadId, index + 1, piece);
      };
      await copy(0);
      let next = 1;
      const lanes = this.#place.capabilities.uploadPartCopy ? copyConcurrency : 1;
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < pieces.length) await copy(next++);
        }),
      );
      const parts = etags.map((ETag, index) => ({ ETag, PartNumber: index + 1 }));
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: target,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (err) {
      // Best effort: a server without AbortMultipartUpload (s3rver) keeps the parts until a lifecycle rule expires them.
      await client
        .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: target, UploadId }))
        .catch(() => undefined);
      throw err;
    }
  }

  async #copyPart(
    target: string,
    uploadId: string | undefined,
    partNumber: number,
    piece: StagedPart,
  ): Promise<string> {
    const { client, bucket, capabilities } = this.#place;
    if (capabilities.uploadPartCopy) {
      try {
        const { CopyPartResult } = await client.send(
          new UploadPartCopyCommand({
            ...this.#copySource(piece),
            Bucket: bucket,
            Key: target,
            UploadId: uploadId,
            PartNumber: partNumber,
          }),
        );
        return CopyPartResult?.ETag ?? '';
      } catch (err) {
        if (httpStatus(err) !== 501) throw err;
        capabilities.uploadPartCopy = false;
      }
    }
    const bytes = await readPart(this.#place, this.#upload, piece);
    const { ETag } = await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: target, UploadId: uploadId, PartNumber: partNumber, Body: bytes }),
    );
    return ETag ?? '';
  }

  /** Copy from a staged part, only while it is the object this writer stored (another process may have replaced it). */
  #copySource(piece: StagedPart): { CopySource: string; CopySourceIfMatch: string | undefined } {
    const key = partKey(this.#upload, piece.number);
    return {
      CopySource: `${this.#place.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
      CopySourceIfMatch: piece.etag || undefined,
    };
  }

  /** The size of the object at `key`, or undefined when there is none. */
  async #storedSize(key: string): Promise<number | undefined> {
    try {
      const { ContentLength } = await this.#place.client.send(
        new HeadObjectCommand({ Bucket: this.#place.bucket, Key: key }),
      );
      return ContentLength ?? 0;
    } catch (err) {
      if (httpStatus(err) === 404) return undefined;
      throw err;
    }
  }

  /** The hash covers `size` bytes; what is about to be placed must be exactly that many. */
  #assertHolds(bytes: number): void {
    if (bytes === this.#size) return;
    throw new BlobStoreError(
      'unavailable',
      `${this.#place.description}: upload ${this.#upload.id} holds ${bytes} bytes but this writer accepted ${this.#size}; nothing was committed`,
      { target: 'uploadId' },
    );
  }

  protected async cancelNow(): Promise<void> {
    if (this.#state === 'finished') return;
    const held = this.#held;
    // A closed writer no longer holds the upload; it may remove it only while nobody else does.
    if (!held) claim(this.#upload);
    try {
      await removeUpload(this.#place, this.#upload);
      this.#state = 'finished';
    } catch (err) {
      this.#state = 'closed';
      throw s3Failure(this.#place.description, 'cancel upload', this.#upload.keyPrefix, err);
    } finally {
      if (held) this.#release();
      else claimedUploads.delete(this.#upload.claimKey);
    }
  }

  protected async closeNow(): Promise<void> {
    if (!this.#held) return;
    // Buffered bytes are stored first: after close, the upload holds exactly `size` bytes.
    const failure =
      this.#state === 'open'
        ? await this.#storeBuffer().then(
            () => undefined,
            (err: unknown) => ({ err }),
          )
        : undefined;
    if (this.#state === 'open') {
      // Remembered before the claim is released, so the next writer of this id finds it.
      const stored = this.#tailStored === undefined ? this.#parts : [...this.#parts, this.#tailStored];
      this.#place.resumePoints.remember(this.#upload.claimKey, {
        hash: this.#hash,
        size: this.#size,
        identity: identityOf(stored),
      });
    }
    this.#state = 'closed';
    this.#release();
    if (failure !== undefined) throw failure.err;
  }

  /** Drops the buffer and releases the claim on the upload id. */
  #release(): void {
    this.#buffer = undefined;
    if (!this.#held) return;
    this.#held = false;
    claimedUploads.delete(this.#upload.claimKey);
  }

  #writable(): void {
    if (this.#state === 'broken') {
      throw new BlobStoreError(
        'unavailable',
        `upload ${this.#upload.id} failed part-way; close this writer and open the upload again by id to resume from the stored parts`,
        { target: 'uploadId' },
      );
    }
    if (this.#state !== 'open' || !this.#held) {
      const why =
        this.#state === 'closed'
          ? 'was closed through this writer; open it again by id to resume'
          : 'was already committed or cancelled through this writer';
      throw new BlobStoreError('internal', `upload ${this.#upload.id} ${why}`, { target: 'uploadId' });
    }
  }
}
