import type { IncomingMessage } from 'node:http';

/** How long a connection may sit silent before the request fails with `ETIMEDOUT`. */
const idleTimeoutMs = 60_000;

/**
 * A `fetch` for Node command lines, over `node:http`. Node 20's global fetch (undici) parses HTTP
 * with a WebAssembly module whose background optimisation holds process exit back by ~60 ms;
 * a CLI that exists to answer fast pays that on every command. Bodies are buffered: API
 * responses are small JSON documents.
 */
export async function nodeHttpFetch(input: Request): Promise<Response> {
  const url = new URL(input.url);
  const body = input.body === null ? undefined : Buffer.from(await input.arrayBuffer());
  // node:https (TLS) loads only when a server needs it.
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<Response>((resolve, reject) => {
    const request = send(url, { method: input.method, headers: Object.fromEntries(input.headers), timeout: idleTimeoutMs }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const status = response.statusCode ?? 502;
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
        }
        // A Response with a null-body status must be built without a body.
        const hasBody = ![101, 204, 205, 304].includes(status) && input.method !== 'HEAD';
        resolve(new Response(hasBody ? Buffer.concat(chunks) : null, { status, statusText: response.statusMessage ?? '', headers }));
      });
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${idleTimeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
    request.end(body);
  });
}
