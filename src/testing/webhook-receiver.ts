/**
 * A real webhook receiver for tests: an HTTP server on 127.0.0.1 (port 0) that records every request
 * (method, path, headers, body) and lets the test answer it, or hold it, as the case needs.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './eventually.js';

export interface ReceivedWebhook {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** When it arrived (ms since the epoch). */
  at: number;
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
        at: Date.now(),
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

/** What a scripted receiver answers to its `n`th request (0-based): a status, or `hang` (never answer). */
export type ReceiverAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A receiver that answers by script, for tests of automations and the events bench. */
export interface ScriptedReceiver extends WebhookReceiver {
  /** Changes what the next requests are answered. */
  answer(respond: (request: ReceivedWebhook, n: number) => ReceiverAnswer): void;
  /** Waits (bounded) until `count` requests arrived; answers the first `count`. */
  waitFor(count: number, what?: string, timeoutMs?: number): Promise<ReceivedWebhook[]>;
}

/** A receiver answering each request as `respond` says (204 by default); `close` drops the held ones. */
export async function startScriptedReceiver(
  respond: (request: ReceivedWebhook, n: number) => ReceiverAnswer = () => ({ status: 204 }),
): Promise<ScriptedReceiver> {
  let answerWith = respond;
  let n = 0;
  const receiver = await startWebhookReceiver((res, request) => {
    const answer = answerWith(request, n++);
    if (answer === 'hang') return;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body ?? '');
  });
  return {
    ...receiver,
    answer(next) {
      answerWith = next;
    },
    waitFor: (count, what = `${count} webhook requests`, timeoutMs = 30_000) =>
      eventually(
        what,
        async () => (receiver.received.length >= count ? receiver.received.slice(0, count) : undefined),
        timeoutMs,
        20,
      ),
  };
}
