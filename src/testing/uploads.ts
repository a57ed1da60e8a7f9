import { createHash } from 'node:crypto';
import type { TestServer } from './server.js';

export interface TestFile {
  path: string;
  bytes: Buffer;
}

export function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Deterministic pseudo-random bytes (so tests are repeatable and the bytes do not compress). */
export function bytesOf(size: number, seed: number): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return Buffer.from(words.buffer, 0, size);
}

/**
 * What a client does to register a version: begin with the file list, upload each missing blob in
 * chunks through a session, commit. Returns the begin answer and the committed version.
 */
export async function createVersion(
  server: TestServer,
  base: string,
  files: TestFile[],
  extra: Record<string, unknown> = {},
  chunkSize = 1 << 20,
): Promise<{ begin: any; version: any; uploadedBytes: number }> {
  const begin = await server.api('POST', `${base}/versions`, {
    ...extra,
    files: files.map((f) => ({ path: f.path, size: f.bytes.length, digest: digestOf(f.bytes) })),
  });
  if (begin.status !== 201 && begin.status !== 200)
    throw new Error(`begin failed: ${begin.status} ${JSON.stringify(begin.body)}`);
  let uploadedBytes = 0;
  for (const missing of begin.body.missing as { digest: string }[]) {
    const file = files.find((f) => digestOf(f.bytes) === missing.digest);
    if (!file) throw new Error(`server asked for an unknown digest ${missing.digest}`);
    await uploadBlob(server, begin.body.upload_url, file.bytes, chunkSize);
    uploadedBytes += file.bytes.length;
  }
  const commit = await server.api('POST', `${base}/versions/${encodeURIComponent(begin.body.version.version)}/commit`);
  if (commit.status !== 200) throw new Error(`commit failed: ${commit.status} ${JSON.stringify(commit.body)}`);
  return { begin: begin.body, version: commit.body, uploadedBytes };
}

/** One blob through a session: POST, PATCH chunk by chunk with Content-Range, PUT ?digest=. */
export async function uploadBlob(
  server: TestServer,
  uploadUrl: string,
  bytes: Buffer,
  chunkSize = 1 << 20,
): Promise<void> {
  const start = await server.api('POST', uploadUrl);
  if (start.status !== 202) throw new Error(`upload start failed: ${start.status}`);
  const location = start.headers.get('location') ?? '';
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + chunkSize));
    const patch = await rawRequest(server, 'PATCH', location, chunk, {
      'content-range': `${offset}-${offset + chunk.length - 1}`,
    });
    if (patch.status !== 202) throw new Error(`chunk at ${offset} failed: ${patch.status} ${patch.text}`);
  }
  const finish = await rawRequest(server, 'PUT', `${location}?digest=${digestOf(bytes)}`, Buffer.alloc(0));
  if (finish.status !== 201) throw new Error(`finish failed: ${finish.status} ${finish.text}`);
}

/** A request with a raw byte body (octet-stream), admin token. */
export async function rawRequest(
  server: TestServer,
  method: string,
  path: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/octet-stream', ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
