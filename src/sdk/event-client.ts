import type { Client } from 'openapi-fetch';
import { compact } from '../core/compact.js';
import { ArcaApiError, apiErrorFrom, unreachable } from './errors.js';
import { nodeHttpStreamFetch } from './node-http-stream-fetch.js';
import type { components, paths } from './openapi-types.js';

/** An event as the server sends it: a CloudEvents 1.0 envelope, `position` its place in the feed. */
export type ArcaEvent = components['schemas']['CloudEvent'];

/** Which events: types (or prefixes ending in `*`), one registry or workspace, a subject reference. */
export interface EventFilter {
  types?: string[];
  registry?: string;
  workspace?: string;
  subject?: string;
}

export interface EventListOptions extends EventFilter {
  /** The position of the last event seen (0 or absent: from the start). */
  after?: string;
  /** Page size (server default 100, at most 1000). */
  top?: number;
}

export interface EventWatchOptions extends EventFilter {
  /** Start after this position (absent: only events from now on). */
  after?: string;
  /** Stops the watch. */
  signal?: AbortSignal;
  /** Told each time the connection dropped and the watch reconnects (after `delayMs`), resuming after `lastId`. */
  onReconnect?: (info: { error: unknown; lastId: string | undefined; delayMs: number }) => void;
}

/** The event feed. */
export interface EventClient {
  /** A page of events, oldest first; `next` is the `after` of the following page. */
  list(options?: EventListOptions): Promise<{ value: ArcaEvent[]; next?: string }>;
  /**
   * Follows the live stream (Server-Sent Events), yielding each event once: a dropped connection is opened
   * again with `Last-Event-ID`, so nothing is lost or repeated. Ends when `signal` aborts; an error the server
   * answers (403, 429…) is thrown.
   */
  watch(options?: EventWatchOptions): AsyncGenerator<ArcaEvent>;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

const maxReconnectDelayMs = 30_000;

/** Builds the event client over the typed HTTP client. */
export function createEventClient(http: Client<paths>, endpoint: { server: string; token: string }): EventClient {
  const { server } = endpoint;
  const unwrap = <T>(result: Result<T>): T => {
    if (!result.response.ok) throw apiErrorFrom(server, result.response, result.error);
    return result.data as T;
  };
  return {
    async list({ types, registry, workspace, subject, after, top } = {}) {
      const query = compact({ type: types, registry, workspace, subject, after, top });
      const body = unwrap(await http.GET('/api/v1/events', { params: { query } }));
      return { value: body.value, ...compact({ next: body.next }) };
    },
    async *watch({ signal, onReconnect, after, ...filter } = {}) {
      let lastId = after;
      let delayMs = 500;
      const stopped = (): boolean => signal?.aborted === true;
      while (!stopped()) {
        try {
          for await (const { id, event } of streamOnce(endpoint, filter, lastId, signal)) {
            if (id !== undefined) lastId = id;
            delayMs = 500;
            if (event !== undefined) yield event;
          }
        } catch (error) {
          // What the server refused stays refused; a lost connection is resumed.
          if (error instanceof ArcaApiError && error.status > 0) throw error;
          if (stopped()) return;
          onReconnect?.({ error, lastId, delayMs });
          await pause(delayMs, signal);
          delayMs = Math.min(delayMs * 2, maxReconnectDelayMs);
          continue;
        }
        // The server ended the stream (its lifetime, a shutdown): resume at once, after the last id it sent.
      }
    },
  };
}

/** A block of the stream: the id it sets (where to resume) and the event it carries, when it does. */
export interface ServerSentBlock {
  id?: string;
  event?: ArcaEvent;
}

/** One connection of the stream: its blocks until the server ends it (or the connection drops: thrown). */
async function* streamOnce(
  { server, token }: { server: string; token: string },
  filter: EventFilter,
  lastId: string | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<ServerSentBlock> {
  const url = new URL('/api/v1/events/stream', server);
  for (const type of filter.types ?? []) url.searchParams.append('type', type);
  for (const [key, value] of Object.entries(compact({ registry: filter.registry, workspace: filter.workspace })))
    url.searchParams.set(key, value);
  if (filter.subject !== undefined) url.searchParams.set('subject', filter.subject);
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
  if (lastId !== undefined) headers['last-event-id'] = lastId;
  let response: Response;
  try {
    response = await nodeHttpStreamFetch(new Request(url, { headers }));
  } catch (error) {
    throw unreachable(server, error);
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    throw apiErrorFrom(server, response, body);
  }
  if (response.body === null) return;
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        const block = parseServerSentBlock(buffered.slice(0, end));
        buffered = buffered.slice(end + 2);
        yield block;
        end = buffered.indexOf('\n\n');
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/** The id and CloudEvent of one Server-Sent Event block (comments, `retry:` and heartbeats carry neither). */
export function parseServerSentBlock(block: string): ServerSentBlock {
  const field = (name: string) =>
    block
      .split('\n')
      .filter((line) => line.startsWith(`${name}:`))
      .map((line) => line.slice(line.startsWith(`${name}: `) ? name.length + 2 : name.length + 1));
  const [id] = field('id').slice(-1);
  const data = field('data');
  return compact({ id, event: data.length === 0 ? undefined : (JSON.parse(data.join('\n')) as ArcaEvent) });
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
