import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One chunk (PATCH) that passed through the proxy. */
export interface SeenPatch {
  /** The session path. */
  path: string;
  /** The first byte, from `Content-Range`. */
  start: number;
  /** Body bytes the proxy forwarded to the server. */
  bytes: number;
}

/**
 * A pass-through HTTP proxy in front of the test server that shows what the client really sent
 * (every PATCH: where it started, how many bytes went through) and can play a slow or a failing
 * network: `delayMs` holds back each PATCH's answer, `dropNextPatchAfter` cuts the next PATCH's
 * connection after that many body bytes.
 */
export interface UploadProxy {
  url: string;
  patches: SeenPatch[];
  delayMs: number;
  dropNextPatchAfter: number | undefined;
  /** Resolves once no request is passing through (a killed client's last chunk may still be on its way). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `target` on 127.0.0.1, port 0. */
export async function startUploadProxy(target: string): Promise<UploadProxy> {
  const upstream = new URL(target);
  let inFlight = 0;
  const proxy: UploadProxy = {
    url: '',
    patches: [],
    delayMs: 0,
    dropNextPatchAfter: undefined,
    async settled() {
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const forward = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const isPatch = incoming.method === 'PATCH';
    const seen: SeenPatch = {
      path: (incoming.url ?? '').split('?')[0] ?? '',
      start: Number(/^(\d+)-/.exec(String(incoming.headers['content-range'] ?? ''))?.[1] ?? -1),
      bytes: 0,
    };
    const dropAfter = isPatch ? proxy.dropNextPatchAfter : undefined;
    const delay = isPatch ? proxy.delayMs : 0;
    if (isPatch) {
      proxy.patches.push(seen);
      proxy.dropNextPatchAfter = undefined;
    }
    const relay = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        // The answer is held back, not the chunk: the server has taken the bytes, the client waits.
        setTimeout(() => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        }, delay);
      },
    );
    // A client that dies mid-chunk: the server sees its connection end, as it would without a proxy.
    incoming.on('close', () => {
      if (!incoming.complete) relay.destroy();
    });
    // In flight until the server has answered (or the relay died), whatever became of the client.
    inFlight++;
    relay.on('close', () => inFlight--);
    relay.on('error', () => outgoing.destroy());
    incoming.on('data', (chunk: Buffer) => {
      if (dropAfter !== undefined && seen.bytes + chunk.length > dropAfter) {
        const part = chunk.subarray(0, dropAfter - seen.bytes);
        seen.bytes += part.length;
        // The network drops: what was sent so far reaches the server, then both connections die.
        relay.write(part, () =>
          setTimeout(() => {
            relay.destroy();
            incoming.socket.destroy();
          }, 50),
        );
        incoming.pause();
        return;
      }
      if (isPatch) seen.bytes += chunk.length;
      relay.write(chunk);
    });
    incoming.on('end', () => relay.end());
  };

  const server: Server = createServer((incoming, outgoing) => {
    forward(incoming, outgoing).catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
