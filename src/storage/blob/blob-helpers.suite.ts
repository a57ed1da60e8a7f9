/** Helpers shared by the blob store suites and the driver tests: digests, uploads, reads, error assertions. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ArcaError, type ErrorCode } from '../../core/errors.js';
import type { BlobInfo, BlobStore, Digest } from './blob-store.js';

/** The digest of the concatenated bytes. */
export function sha256(...chunks: Uint8Array[]): Digest {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return `sha256:${hash.digest('hex')}`;
}

/** Where the fs driver keeps committed blob `digest` under its root (tests plant and inspect files there). */
export function fsBlobFile(root: string, digest: Digest): string {
  const hex = digest.slice('sha256:'.length);
  return join(root, 'blobs', 'sha256', hex.slice(0, 2), hex);
}

/** Uploads `chunks` under `uploadId` and commits them under their digest. */
export async function put(store: BlobStore, uploadId: string, ...chunks: Uint8Array[]): Promise<BlobInfo> {
  const writer = await store.writer(uploadId);
  for (const chunk of chunks) await writer.write(chunk);
  return writer.commit(sha256(...chunks));
}

/** Collects a (small) stream into one buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every blob `list()` yields, sorted so that comparisons do not depend on listing order. */
export async function listAll(store: BlobStore): Promise<BlobInfo[]> {
  const blobs: BlobInfo[] = [];
  for await (const blob of store.list()) blobs.push(blob);
  return sortByDigest(blobs);
}

/** `blobs` in digest order, for comparisons that must not depend on listing order. */
export function sortByDigest(blobs: BlobInfo[]): BlobInfo[] {
  return [...blobs].sort((a, b) => a.digest.localeCompare(b.digest));
}

/** Asserts that `err` is an ArcaError with `code`. */
export function assertCode(err: unknown, code: ErrorCode): asserts err is ArcaError {
  assert.ok(err instanceof ArcaError, `expected ArcaError ${code}, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
}

/** An `assert.rejects` predicate for an ArcaError with `code`. */
export function hasCode(code: ErrorCode): (err: unknown) => true {
  return (err) => {
    assertCode(err, code);
    return true;
  };
}

/** `count` chunks of `size` bytes whose content differs per chunk; one buffer is reused so memory stays flat. */
export function* patternChunks(count: number, size: number): Generator<Uint8Array> {
  const chunk = Buffer.alloc(size);
  for (let index = 0; index < count; index++) {
    for (let at = 0; at < size; at += 4) chunk.writeUInt32LE((index * 2654435761 + at) >>> 0, at);
    yield chunk;
  }
}
