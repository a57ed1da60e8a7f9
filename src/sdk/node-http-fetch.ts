import { nodeHttpStreamFetch } from './node-http-stream-fetch.js';

/**
 * A `fetch` for Node command lines, over `node:http`. Node 20's global fetch (undici) parses HTTP
 * with a WebAssembly module whose background optimisation holds process exit back by ~60 ms;
 * a CLI that exists to answer fast pays that on every command. Bodies are buffered: API
 * responses are small JSON documents (`nodeHttpStreamFetch` streams the long ones).
 */
export async function nodeHttpFetch(input: Request): Promise<Response> {
  const response = await nodeHttpStreamFetch(input);
  const body = response.body === null ? null : Buffer.from(await response.arrayBuffer());
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
