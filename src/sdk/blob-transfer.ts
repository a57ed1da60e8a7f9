import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { ArcaApiError, apiErrorFrom, unreachable } from './errors.js';

/** How long a connection may sit silent before the request fails with `ETIMEDOUT`. */
const idleTimeoutMs = 60_000;

/** Where raw byte requests go, and the token they carry. */
export interface Endpoint {
  server: string;
  token: string;
}

/** An answer to a raw request: status, headers and the JSON body (undefined when empty or not JSON). */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * The absolute URL of a path or `Location` the server gave. Only the server's own origin is
 * accepted: the token must never travel to a host a response named.
 */
export function resolveOnServer(endpoint: Endpoint, location: string): URL {
  const base = new URL(endpoint.server);
  const url = new URL(location, base);
  if (url.origin !== base.origin)
    throw new ArcaApiError(
      0,
      'UnexpectedResponse',
      `the server pointed at ${url.origin}, which is not ${base.origin}; refusing to send the token there`,
    );
  return url;
}

async function requestFunction(url: URL) {
  // node:https (TLS) loads only when a server needs it.
  return (url.protocol === 'https:' ? await import('node:https') : await import('node:http')).request;
}

function readJson(response: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', reject);
    response.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch {
        resolve(undefined);
      }
    });
  });
}

/**
 * Sends a request whose body is a byte stream of `length` bytes (or empty), streaming it from its
 * source without buffering, and reads the (small, JSON) answer. Any status is returned; only a
 * transport failure throws (`ServerUnreachable`).
 */
export async function sendBytes(
  endpoint: Endpoint,
  method: string,
  location: string,
  options: { headers?: Record<string, string>; body?: Readable; length?: number } = {},
): Promise<RawResponse> {
  const url = resolveOnServer(endpoint, location);
  const send = await requestFunction(url);
  const length = options.body === undefined ? 0 : (options.length ?? 0);
  return new Promise<RawResponse>((resolve, reject) => {
    let answered = false;
    // A failure to read the source is the source's error, not the server's.
    let sourceError: unknown;
    const request = send(
      url,
      {
        method,
        timeout: idleTimeoutMs,
        headers: {
          authorization: `Bearer ${endpoint.token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(length),
          ...options.headers,
        },
      },
      (response) => {
        answered = true;
        // An early answer (416, 404) means the rest of the body is not wanted.
        if (options.body !== undefined && !options.body.readableEnded) options.body.unpipe(request).destroy();
        readJson(response).then(
          (body) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body }),
          (error: unknown) => reject(unreachable(endpoint.server, error)),
        );
      },
    );
    request.on('timeout', () =>
      request.destroy(Object.assign(new Error(`no answer within ${idleTimeoutMs / 1000} s`), { code: 'ETIMEDOUT' })),
    );
    request.on('error', (error) => {
      if (!answered) reject(sourceError ?? unreachable(endpoint.server, error));
    });
    if (options.body === undefined) {
      request.end();
      return;
    }
    options.body.on('error', (error) => {
      sourceError = error;
      request.destroy(error);
    });
    options.body.pipe(request);
  });
}

/** Opens a GET whose body is streamed to the caller; an answer other than 200/206 is thrown as `ArcaApiError`. */
export async function openDownload(
  endpoint: Endpoint,
  location: string,
  headers: Record<string, string> = {},
): Promise<IncomingMessage> {
  const url = resolveOnServer(endpoint, location);
  const send = await requestFunction(url);
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = send(
      url,
      { method: 'GET', timeout: idleTimeoutMs, headers: { authorization: `Bearer ${endpoint.token}`, ...headers } },
      resolve,
    );
    request.on('timeout', () =>
      request.destroy(Object.assign(new Error(`no answer within ${idleTimeoutMs / 1000} s`), { code: 'ETIMEDOUT' })),
    );
    request.on('error', (error) => reject(unreachable(endpoint.server, error)));
    request.end();
  });
  const status = response.statusCode ?? 502;
  if (status !== 200 && status !== 206)
    throw apiErrorFrom(endpoint.server, { status, statusText: response.statusMessage ?? '' }, await readJson(response));
  return response;
}
