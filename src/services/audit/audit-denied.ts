import { compact } from '../../core/compact.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { appendAudit, type AuditEvent } from '../../storage/metadata/audit-repository.js';
import { isoNow, type Clock } from '../clock.js';

/** Who denied requests are recorded as when no token identified the caller. */
export const anonymousPrincipal = '(anonymous)';
/** Principal, action and target of the one event that counts refusals past the key cap. */
export const overflowBucket = '(many)';

/** What a refused request stores is bounded: anyone can send one. */
export const maxDeniedTargetLength = 256;
const maxDeniedFieldLength = 256;

export interface DeniedRequest {
  at?: string;
  /** null when the caller was not authenticated. */
  principal: string | null;
  /** The permission that was missing, or `authenticate`. */
  action: string;
  /** `METHOD /path` of the request (truncated to `maxDeniedTargetLength`). */
  target: string;
  requestId?: string;
  source?: string;
  reason: string;
}

export interface DeniedAggregation {
  /** Repeats of one (source, principal, action) within this many seconds are written as one event. */
  intervalSeconds: number;
  /** Keys followed at once; refusals of further keys are counted in one overflow bucket. */
  maxKeys: number;
}

interface Tally {
  principal: string;
  action: string;
  source: string | undefined;
  /** The latest refused target and reason: a sample of what the repeats were. */
  target: string;
  reason: string;
  /** Refusals since the last event written for this key. */
  count: number;
  firstAt: string;
  lastAt: string;
}

/**
 * Bounds what refused requests write to the audit log. The first refusal of a (source, principal,
 * action) is written at once; repeats within the interval are only counted, and written as one event
 * (`details.count`) when the interval ends or at shutdown. A key that saw no repeat is forgotten, so
 * its next refusal is written at once again. At most `maxKeys` keys are followed; refusals of others
 * are counted in one overflow event. So a flood costs one row per key per interval, and constant memory.
 */
export class DeniedAggregator {
  private readonly tallies = new Map<string, Tally>();
  private overflow: Tally | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly store: MetadataStore,
    private readonly clock: Clock,
    private readonly options: DeniedAggregation,
    /** Told when an aggregated event could not be written (the counts are lost). */
    private readonly onFlushError: (error: unknown) => void = () => {},
  ) {}

  /** Writes the refusal when it is the first of its key in this interval (resolving with the event), else counts it. */
  async record(denied: DeniedRequest): Promise<AuditEvent | undefined> {
    const principal = bounded(denied.principal ?? anonymousPrincipal);
    const action = bounded(denied.action);
    const target = denied.target.slice(0, maxDeniedTargetLength);
    const reason = bounded(denied.reason);
    const at = denied.at ?? isoNow(this.clock);
    const key = JSON.stringify([denied.source ?? null, principal, action]);
    const tally = this.closed ? undefined : this.tallies.get(key);
    if (tally !== undefined) {
      Object.assign(tally, {
        count: tally.count + 1,
        target,
        reason,
        lastAt: at,
        firstAt: tally.count === 0 ? at : tally.firstAt,
      });
      return undefined;
    }
    if (!this.closed && this.tallies.size >= this.options.maxKeys) {
      this.overflow ??= {
        principal: overflowBucket,
        action: overflowBucket,
        source: undefined,
        target: overflowBucket,
        reason: 'refusals of more distinct sources, principals and actions than are counted one by one',
        count: 0,
        firstAt: at,
        lastAt: at,
      };
      this.overflow.count += 1;
      this.overflow.lastAt = at;
      this.schedule();
      return undefined;
    }
    // Stopping: the last refusals are written one by one, nothing is left counted in memory.
    if (!this.closed)
      this.tallies.set(key, {
        principal,
        action,
        source: denied.source,
        target,
        reason,
        count: 0,
        firstAt: at,
        lastAt: at,
      });
    this.schedule();
    return this.store.transaction((trx) =>
      appendAudit(trx, {
        at,
        principal,
        action,
        target,
        outcome: 'denied',
        ...compact({ requestId: denied.requestId, source: denied.source }),
        details: { reason, count: 1 },
      }),
    );
  }

  /** Writes the counted repeats now (one event per key that had any) and forgets keys that had none. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeTallies()).catch(this.onFlushError);
    return this.flushing;
  }

  /** Stops the interval and writes what was counted; later refusals are written one by one (the server is stopping). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().then(() => {
        if (this.tallies.size > 0 || this.overflow !== undefined) this.schedule();
      });
    }, this.options.intervalSeconds * 1000);
    this.timer.unref();
  }

  private async writeTallies(): Promise<void> {
    const due: Tally[] = [];
    for (const [key, tally] of this.tallies) {
      if (tally.count === 0) {
        this.tallies.delete(key);
        continue;
      }
      due.push({ ...tally });
      tally.count = 0;
    }
    if (this.overflow !== undefined) due.push(this.overflow);
    this.overflow = undefined;
    if (due.length === 0) return;
    const at = isoNow(this.clock);
    // No request's id or source: each event names the source it counts (or none, for the overflow).
    await this.store.transaction(async (trx) => {
      for (const tally of due) {
        await appendAudit(trx, {
          at,
          principal: tally.principal,
          action: tally.action,
          target: tally.target,
          outcome: 'denied',
          ...compact({ source: tally.source }),
          details: {
            reason: tally.reason,
            count: tally.count,
            repeated: true,
            from: tally.firstAt,
            until: tally.lastAt,
          },
        });
      }
    });
  }
}

function bounded(text: string): string {
  return text.length > maxDeniedFieldLength ? `${text.slice(0, maxDeniedFieldLength - 1)}…` : text;
}
