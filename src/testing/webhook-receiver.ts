/**
 * A real webhook receiver for tests: an HTTP server on 127.0.0.1 (port 0) that records every request
 * (method, path, headers, body) and lets the test answer it, or hold it, as the case needs.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook`. */
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** How many connections have closed (by the sender or by the receiver). */
  closed: () => number;
  close: () => Promise<void>;
}

/** Starts a receiver; `answer` gets each request once its body is read (it may leave it unanswered). */
export async function startWebhookReceiver(
  answer: (res: http.ServerResponse, request: ReceivedWebhook) => void,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let closed = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      answer(res, request);
    });
  });
  server.on('connection', (socket) => socket.on('close', () => closed++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    closed: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
