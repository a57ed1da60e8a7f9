import type { Readable } from 'node:stream';
import { sendBytes, type Endpoint, type RawResponse } from './blob-transfer.js';
import { ArcaApiError, apiErrorFrom } from './errors.js';

/** Where an upload session stands: its URL and how many bytes the server holds. */
export interface UploadSession {
  location: string;
  offset: number;
}

/** Resumable chunked uploads: start a session, append chunks in order, finish with the digest. */
export interface UploadClient {
  /** Starts a session at the `upload_url` a begun version named. */
  start(uploadUrl: string): Promise<UploadSession>;
  /** How many bytes the server holds for the session (`UploadNotFound` when it is gone). */
  offset(location: string): Promise<number>;
  /**
   * Sends `length` bytes starting at `start`, streamed from `body`. Answers the offset the server
   * holds afterwards; an out-of-order chunk (416) is not an error: the answer says where to resume.
   */
  append(
    location: string,
    start: number,
    length: number,
    body: Readable,
  ): Promise<{ offset: number; accepted: boolean }>;
  /** Ends the session with the digest the bytes must have; the blob becomes visible. */
  finish(location: string, digest: string): Promise<{ digest: string; size: number }>;
}

function offsetOf(response: RawResponse): number | undefined {
  const header = response.headers['upload-offset'];
  const fromHeader = typeof header === 'string' ? Number(header) : Number.NaN;
  if (Number.isSafeInteger(fromHeader)) return fromHeader;
  const fromBody = (response.body as { offset?: unknown } | undefined)?.offset;
  return typeof fromBody === 'number' ? fromBody : undefined;
}

/** The upload verbs over raw HTTP (bodies stream from their source, never buffered). */
export function createUploadClient(endpoint: Endpoint): UploadClient {
  const fail = (response: RawResponse): never => {
    throw apiErrorFrom(endpoint.server, { status: response.status }, response.body);
  };
  const requireOffset = (response: RawResponse): number => {
    const offset = offsetOf(response);
    if (offset === undefined)
      throw new ArcaApiError(
        response.status,
        'UnexpectedResponse',
        `the upload session answered ${response.status} without saying how many bytes it holds`,
      );
    return offset;
  };
  return {
    async start(uploadUrl) {
      const response = await sendBytes(endpoint, 'POST', uploadUrl);
      if (response.status !== 202) fail(response);
      const location = response.headers.location;
      if (location === undefined)
        throw new ArcaApiError(
          response.status,
          'UnexpectedResponse',
          'the server started an upload without a Location',
        );
      return { location, offset: requireOffset(response) };
    },
    async offset(location) {
      const response = await sendBytes(endpoint, 'GET', location);
      if (response.status !== 200) fail(response);
      return requireOffset(response);
    },
    async append(location, start, length, body) {
      const response = await sendBytes(endpoint, 'PATCH', location, {
        body,
        length,
        headers: { 'content-range': `${start}-${start + length - 1}` },
      });
      if (response.status === 202) return { offset: requireOffset(response), accepted: true };
      if (response.status === 416) return { offset: requireOffset(response), accepted: false };
      return fail(response);
    },
    async finish(location, digest) {
      const url = new URL(location, endpoint.server);
      url.searchParams.set('digest', digest);
      const response = await sendBytes(endpoint, 'PUT', url.href);
      if (response.status !== 201) fail(response);
      return response.body as { digest: string; size: number };
    },
  };
}
