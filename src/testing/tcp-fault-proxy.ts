import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** How the proxy treats connections: pass bytes, refuse (and reset) them, or swallow them. */
export type ProxyMode = 'pass' | 'refuse' | 'blackhole';

/**
 * A TCP proxy on 127.0.0.1 in front of a server (a database) that plays the network's failure modes
 * for tests: `refuse` resets every open connection and refuses new ones (as a stopped server does),
 * `blackhole` keeps connections open but forwards nothing either way (as a dead link or a partition
 * does), `pass` forwards again. Only connections made after a mode change see the new mode's
 * forwarding; a black-holed connection stays dead, as after a real partition.
 */
export interface TcpFaultProxy {
  /** `127.0.0.1:<port>`: put it in place of the server's host and port. */
  readonly address: string;
  readonly port: number;
  set(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `host:port` in `pass` mode. */
export async function startTcpFaultProxy(host: string, port: number): Promise<TcpFaultProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket | undefined }>();
  let mode: ProxyMode = 'pass';
  let server: Server | undefined;
  let listenPort = 0;

  const accept = (client: Socket): void => {
    const pair: { client: Socket; upstream: Socket | undefined } = { client, upstream: undefined };
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    // A black hole reads and drops whatever the client sends and never answers.
    if (mode === 'blackhole') {
      client.resume();
      return;
    }
    const upstream = connect({ host, port });
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const next = createServer(accept);
      next.once('error', reject);
      next.listen(listenPort, '127.0.0.1', () => {
        listenPort = (next.address() as AddressInfo).port;
        server = next;
        resolve();
      });
    });

  /** Stops accepting and ends every open connection (`reset`: with a TCP reset, as a crash would). */
  const stop = (reset: boolean): Promise<void> => {
    const current = server;
    server = undefined;
    // close() calls back once the last connection has ended: end them after asking.
    const closed = new Promise<void>((resolve) => (current === undefined ? resolve() : current.close(() => resolve())));
    for (const pair of pairs) {
      if (reset) pair.client.resetAndDestroy();
      else pair.client.destroy();
      pair.upstream?.destroy();
    }
    return closed;
  };

  await listen();
  return {
    address: `127.0.0.1:${listenPort}`,
    port: listenPort,
    async set(next) {
      mode = next;
      // A reset, not a clean close: what a crashed server or a dropped route looks like.
      if (next === 'refuse') return stop(true);
      if (next === 'blackhole') {
        for (const pair of pairs) {
          pair.client.unpipe();
          pair.upstream?.unpipe();
          pair.client.resume();
          pair.upstream?.resume();
        }
      }
      if (server === undefined) await listen();
    },
    close: () => stop(false),
  };
}
