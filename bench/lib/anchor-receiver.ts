/**
 * The webhook receiver of the events bench, run as its own process beside `arca serve`: what a lean real
 * receiver does and no more. A POST is read whole, its Standard Webhooks signature checked (HMAC-SHA256 of
 * `{id}.{timestamp}.{body}` with the secret it was given), its JSON parsed, and answered 204; it records
 * the `webhook-id`, the tag value the event carries (`data.value`), the body's size and when the body was
 * in, as epoch milliseconds with sub-millisecond precision (`performance.timeOrigin + performance.now()`),
 * the clock the bench stamps its changes with.
 *
 * `PUT /_secret` (the body: a `whsec_` secret) sets the secret; `GET /_received` answers the records,
 * `GET /_count` how many there are, and `DELETE /_received` forgets them. `node anchor-receiver.mjs '{}'` prints `{"port":N}` once it listens on 127.0.0.1.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';

interface Received {
  id: string;
  value: string | undefined;
  bytes: number;
  at: number;
  signed: boolean;
}

let key: Buffer | undefined;
let received: Received[] = [];

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Whether one of the `v1,` signatures of the header is the HMAC of the body with the secret. */
function signedWell(req: IncomingMessage, body: string): boolean {
  if (key === undefined) return false;
  const id = String(req.headers['webhook-id']);
  const timestamp = String(req.headers['webhook-timestamp']);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
  return String(req.headers['webhook-signature'] ?? '')
    .split(' ')
    .some((signature) => {
      const given = Buffer.from(signature.replace(/^v1,/, ''), 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

function valueOf(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as { data?: { value?: unknown } }).data?.value;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

const server = createServer((req, res) => {
  void bodyOf(req).then((body) => {
    if (req.url === '/_secret' && req.method === 'PUT') {
      key = Buffer.from(body.trim().replace(/^whsec_/, ''), 'base64');
      res.writeHead(204).end();
    } else if (req.url === '/_received' && req.method === 'GET') {
      const text = JSON.stringify(received);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    } else if (req.url === '/_count' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(String(received.length));
    } else if (req.url === '/_received' && req.method === 'DELETE') {
      received = [];
      res.writeHead(204).end();
    } else {
      const at = performance.timeOrigin + performance.now();
      const signed = signedWell(req, body);
      received.push({
        id: String(req.headers['webhook-id']),
        value: valueOf(body),
        bytes: Buffer.byteLength(body),
        at,
        signed,
      });
      res.writeHead(204).end();
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' ? address?.port : undefined })}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
