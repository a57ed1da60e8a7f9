/**
 * The two loads of the events bench: changes made through Arca's API as fast as a client can (each
 * stamped when sent and when answered), and plain signed POSTs straight to the receiver (its own capacity).
 * Both stamp with `epochMs`, the clock the receiver stamps arrivals with.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { RunningAnchor } from './anchors.js';
import type { ServedArca } from './serve.js';

/** Epoch milliseconds with sub-millisecond precision; comparable across processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** One change through the API: the tag value it set, when it was sent, when its answer was in. */
export interface Change {
  value: string;
  sentAt: number;
  answeredAt: number;
  status: number;
}

/** Runs `count` tasks, `concurrency` at a time, each given its index; resolves with their results in order. */
async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/**
 * PATCHes the tags of versions `count` times, `concurrency` at a time, change `i` on `versionPaths[i mod n]`,
 * each setting `key` to a value of its own (`<prefix><i>`): one `dev.arca.tag.set` event per change.
 */
export function makeChanges(
  server: ServedArca,
  versionPaths: readonly string[],
  options: { count: number; concurrency: number; key: string; prefix: string },
): Promise<Change[]> {
  return pool(options.count, options.concurrency, async (i) => {
    const value = `${options.prefix}${i}`;
    const path = versionPaths[i % versionPaths.length] ?? '';
    const sentAt = epochMs();
    const { status } = await server.api('PATCH', path, { tags: { [options.key]: value } });
    return { value, sentAt, answeredAt: epochMs(), status };
  });
}

/** What the receiver recorded of one request. */
export interface Received {
  id: string;
  value?: string;
  bytes: number;
  at: number;
  signed: boolean;
}

async function receiverCall(receiver: RunningAnchor, method: string, path: string, body?: string): Promise<string> {
  const response = await fetch(`${receiver.url}${path}`, { method, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`the receiver answered ${method} ${path} with ${response.status}: ${text}`);
  return text;
}

/** Gives the receiver the secret it checks signatures with. */
export async function setReceiverSecret(receiver: RunningAnchor, secret: string): Promise<void> {
  await receiverCall(receiver, 'PUT', '/_secret', secret);
}

/** Everything the receiver recorded since it was last cleared. */
export async function receivedBy(receiver: RunningAnchor): Promise<Received[]> {
  return JSON.parse(await receiverCall(receiver, 'GET', '/_received')) as Received[];
}

/** How many requests the receiver recorded since it was last cleared. */
export async function receivedCount(receiver: RunningAnchor): Promise<number> {
  return Number(await receiverCall(receiver, 'GET', '/_count'));
}

export async function clearReceiver(receiver: RunningAnchor): Promise<void> {
  await receiverCall(receiver, 'DELETE', '/_received');
}

/** One signed POST of `body` on a connection of its own (as Arca's sender makes one per attempt); its status. */
function postSigned(url: URL, key: Buffer, id: string, body: string): Promise<number> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/cloudevents+json',
        'content-length': Buffer.byteLength(body),
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': `v1,${signature}`,
      },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.end(body);
  });
}

/** A JSON body of `bytes` bytes carrying `data.value`, as the receiver reads a tag event. */
function bodyOfSize(value: string, bytes: number): string {
  const bare = JSON.stringify({ data: { value }, pad: '' });
  return JSON.stringify({ data: { value }, pad: 'x'.repeat(Math.max(0, bytes - bare.length)) });
}

/**
 * The receiver's own capacity: `count` signed POSTs of `bodyBytes` bytes, `concurrency` at a time, a
 * connection each, from this process (where the changes come from too). Requests per second, first sent
 * to last answered, and how many did not answer 2xx.
 */
export async function postToReceiver(
  receiver: RunningAnchor,
  secret: string,
  options: { count: number; concurrency: number; bodyBytes: number },
): Promise<{ requestsPerSecond: number; ms: number; failures: number }> {
  const url = new URL('/hook', receiver.url);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const run = randomBytes(4).toString('hex');
  const started = epochMs();
  const statuses = await pool(options.count, options.concurrency, (i) =>
    postSigned(url, key, `msg_anchor_${run}_${i}`, bodyOfSize(`anchor-${i}`, options.bodyBytes)).catch(() => 0),
  );
  const ms = epochMs() - started;
  return {
    requestsPerSecond: Math.round((options.count / ms) * 1000),
    ms: Math.round(ms),
    failures: statuses.filter((status) => status < 200 || status >= 300).length,
  };
}
