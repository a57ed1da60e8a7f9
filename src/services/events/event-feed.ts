import { arcaError } from '../../core/errors.js';
import type { CloudEvent } from '../../core/events.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { lastEventPosition, listEvents, type EventListQuery } from '../../storage/metadata/events-repository.js';
import { onEventsCommitted } from './emitter.js';

/** What an event feed allows at once, and how often a follower looks for other replicas' events. */
export interface EventFeedOptions {
  maxStreams: number;
  maxStreamsPerPrincipal: number;
  /** A follower reads the table this often (events of this process wake it at once). */
  pollMs?: number;
}

/** What a follower asks for: the filters of a list, without the cursor and page size. */
export type FollowQuery = Omit<EventListQuery, 'after' | 'limit'>;

/** A page a follower reads at most at once. */
const followPage = 500;

/**
 * The event feed: pages of the outbox for lists, and followers for live streams. A follower polls the
 * table (so it sees every replica's events) and wakes at once on events this process commits. Open
 * streams are bounded per principal and overall, in this process; `close` ends them all (shutdown).
 */
export class EventFeed {
  private readonly streams = new Map<AbortController, string>();
  private readonly perPrincipal = new Map<string, number>();
  private allReleased: (() => void)[] = [];

  constructor(
    private readonly store: MetadataStore,
    private readonly options: EventFeedOptions,
  ) {}

  list(query: EventListQuery): Promise<CloudEvent[]> {
    return listEvents(this.store.session, query);
  }

  /** The position of the newest event: where a follower without a cursor starts. */
  lastPosition(): Promise<number> {
    return lastEventPosition(this.store.session);
  }

  /**
   * Takes one stream slot for `principal` (by id; `who` names it in the refusal): `EventStreamLimit` when the
   * principal or the server holds as many as allowed. The returned signal aborts on `close`; call `release` once.
   */
  openStream(principal: string, who: string): { signal: AbortSignal; release: () => void } {
    const held = this.perPrincipal.get(principal) ?? 0;
    const { maxStreams, maxStreamsPerPrincipal } = this.options;
    if (held >= maxStreamsPerPrincipal)
      throw streamLimit(who, held, 'maxEventStreamsPerPrincipal', maxStreamsPerPrincipal);
    if (this.streams.size >= maxStreams)
      throw streamLimit('everyone', this.streams.size, 'maxEventStreams', maxStreams);
    const controller = new AbortController();
    this.streams.set(controller, principal);
    this.perPrincipal.set(principal, held + 1);
    let released = false;
    return {
      signal: controller.signal,
      release: () => {
        if (released) return;
        released = true;
        this.streams.delete(controller);
        const left = (this.perPrincipal.get(principal) ?? 1) - 1;
        if (left > 0) this.perPrincipal.set(principal, left);
        else this.perPrincipal.delete(principal);
        if (this.streams.size > 0) return;
        for (const resolve of this.allReleased.splice(0)) resolve();
      },
    };
  }

  /** Ends every open stream and waits until each has let its slot go (clients resume with `Last-Event-ID` elsewhere). */
  async close(): Promise<void> {
    if (this.streams.size === 0) return;
    const released = new Promise<void>((resolve) => this.allReleased.push(resolve));
    for (const controller of this.streams.keys()) controller.abort();
    await released;
  }

  /**
   * Yields the events after `after` that match, a page at a time, as they commit, until `signal` aborts;
   * with `follow: false` it ends once it has caught up. A page is never empty.
   */
  async *follow(
    query: FollowQuery,
    { after, signal, follow = true }: { after: number; signal: AbortSignal; follow?: boolean },
  ): AsyncGenerator<CloudEvent[]> {
    let cursor = after;
    let rung = false;
    let wake: (() => void) | undefined;
    const stop = onEventsCommitted(() => {
      rung = true;
      wake?.();
    });
    try {
      while (!signal.aborted) {
        rung = false;
        const page = await listEvents(this.store.session, { ...query, after: cursor, limit: followPage });
        if (page.length > 0) {
          cursor = page[page.length - 1]?.position ?? cursor;
          yield page;
          if (page.length === followPage) continue;
        }
        if (!follow) return;
        // An event committed while the page was read rang already: read again at once.
        if (rung) continue;
        await new Promise<void>((resolve) => {
          const done = (): void => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            wake = undefined;
            resolve();
          };
          const timer = setTimeout(done, this.options.pollMs ?? 1_000);
          wake = done;
          signal.addEventListener('abort', done, { once: true });
        });
      }
    } finally {
      stop();
    }
  }
}

function streamLimit(who: string, open: number, setting: string, limit: number) {
  return arcaError(
    'EventStreamLimit',
    { who, open, setting, limit },
    { target: 'stream', context: { retryAfter: 30 } },
  );
}
