import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/** How long a connection may sit silent (before or during the body) before the request fails with `ETIMEDOUT`. */
const idleTimeoutMs = 60_000;

/**
 * A `fetch` over `node:http` whose response body streams as the caller reads it, with backpressure:
 * for answers too long to hold in memory (the audit export). `nodeHttpFetch` buffers, which suits
 * the small JSON answers of every other route. A connection lost mid-body errors the body stream.
 */
export async function nodeHttpStreamFetch(input: Request): Promise<Response> {
  const url = new URL(input.url);
  const body = input.body === null ? undefined : Buffer.from(await input.arrayBuffer());
  // node:https (TLS) loads only when a server needs it.
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<Response>((resolve, reject) => {
    const request = send(
      url,
      { method: input.method, headers: Object.fromEntries(input.headers), timeout: idleTimeoutMs },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 502;
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
            headers.append(name, one);
        }
        // A Response with a null-body status must be built without a body.
        const hasBody = ![101, 204, 205, 304].includes(status) && input.method !== 'HEAD';
        if (!hasBody) response.resume();
        const stream = hasBody ? (Readable.toWeb(response) as unknown as ReadableStream<Uint8Array>) : null;
        resolve(new Response(stream, { status, statusText: response.statusMessage ?? '', headers }));
      },
    );
    request.on('timeout', () =>
      request.destroy(Object.assign(new Error(`no data within ${idleTimeoutMs / 1000} s`), { code: 'ETIMEDOUT' })),
    );
    // Before the answer this rejects; after it, the body stream carries the failure.
    request.on('error', reject);
    request.end(body);
  });
}
