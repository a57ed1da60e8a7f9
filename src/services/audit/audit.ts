import { compact } from '../../core/compact.js';
import { auditActionSpellings } from '../../core/audit-actions.js';
import { arcaError } from '../../core/errors.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  listAudit,
  verifyAuditChain,
  type AuditEvent,
  type AuditListQuery,
  type AuditOutcome,
  type ChainVerdict,
} from '../../storage/metadata/audit-repository.js';
import { DeniedAggregator, type DeniedAggregation, type DeniedRequest } from './audit-denied.js';
import { systemClock, type Clock } from '../clock.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../cursor.js';

export type { AuditEvent, AuditOutcome, ChainVerdict, DeniedRequest };
export { anonymousPrincipal, maxDeniedTargetLength } from './audit-denied.js';

export interface AuditQuery {
  /** ISO-8601 date or date-time (UTC when no offset is given); inclusive. */
  since?: string;
  /** Exclusive. */
  until?: string;
  principal?: string;
  action?: string;
  /** A reference; events about it and everything under it. */
  target?: string;
  outcome?: AuditOutcome;
  top?: number;
  cursor?: string;
}

export interface AuditPage {
  items: AuditEvent[];
  next?: string;
}

const exportBatch = 500;

/** Defaults of `DeniedAggregation`: one event per refusing key per minute, at most 10,000 keys followed. */
export const defaultDeniedAggregation: DeniedAggregation = { intervalSeconds: 60, maxKeys: 10_000 };

/** The audit log: listing and exporting events, verifying their hash chain, recording refusals. */
export class AuditService {
  private readonly denied: DeniedAggregator;

  constructor(
    private readonly store: MetadataStore,
    clock: Clock = systemClock,
    options: { denied?: Partial<DeniedAggregation>; onDeniedFlushError?: (error: unknown) => void } = {},
  ) {
    this.denied = new DeniedAggregator(
      store,
      clock,
      { ...defaultDeniedAggregation, ...options.denied },
      options.onDeniedFlushError,
    );
  }

  /** A page of events, oldest first; `next` continues the same filtered list. */
  async list(query: AuditQuery): Promise<AuditPage> {
    const filters = {
      ...instantFilter('since', query.since),
      ...instantFilter('until', query.until),
      ...compact({ principal: query.principal }),
      ...(query.action === undefined ? {} : { action: auditActionSpellings(query.action) }),
      ...compact({ target: query.target, outcome: query.outcome }),
    } satisfies Omit<AuditListQuery, 'limit'>;
    const listKey = JSON.stringify(['audit', filters]);
    const top = query.top ?? 100;
    const afterSeq = query.cursor === undefined ? undefined : seqOf(query.cursor, listKey);
    const rows = await listAudit(this.store.session, {
      ...filters,
      ...compact({ afterSeq }),
      limit: top + 1,
    });
    const items = rows.slice(0, top);
    const last = items.at(-1);
    return {
      items,
      ...(rows.length > top && last !== undefined
        ? { next: encodeKeysetCursor(listKey, { values: [], id: last.seq }) }
        : {}),
    };
  }

  /**
   * Every event in the time range, oldest first, read in batches so memory stays constant however
   * long the log. The range is checked now, before anything is streamed.
   */
  export(since?: string, until?: string): AsyncIterable<AuditEvent> {
    const range = { ...instantFilter('since', since), ...instantFilter('until', until) };
    const db = this.store.session;
    return {
      async *[Symbol.asyncIterator]() {
        let afterSeq: number | undefined;
        for (;;) {
          const rows = await listAudit(db, {
            ...range,
            ...compact({ afterSeq }),
            limit: exportBatch,
          });
          yield* rows;
          const last = rows.at(-1);
          if (last === undefined || rows.length < exportBatch) return;
          afterSeq = last.seq;
        }
      },
    };
  }

  /** Recomputes the whole hash chain and names the first event that does not fit. */
  verify(): Promise<ChainVerdict> {
    return verifyAuditChain(this.store.session, { batchSize: 1000 });
  }

  /**
   * Records a refused request (401 or 403): the first of its (source, principal, action) in a
   * transaction of its own, resolving with the event; repeats within the interval are counted and
   * written later as one event (resolving with undefined). See `DeniedAggregator`.
   */
  recordDenied(denied: DeniedRequest): Promise<AuditEvent | undefined> {
    return this.denied.record(denied);
  }

  /** Writes the refusals counted so far (one event per key), without waiting for the interval. */
  flushDenied(): Promise<void> {
    return this.denied.flush();
  }

  /** At shutdown, before the database closes: writes what was counted and stops the interval. */
  closeDenied(): Promise<void> {
    return this.denied.close();
  }
}

const instantPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/** Events store `at` as `toISOString()`; bounds are normalised to that form so text order is time order. */
function instantFilter<K extends 'since' | 'until'>(name: K, value: string | undefined): Partial<Record<K, string>> {
  if (value === undefined) return {};
  const zoned = /T[^Z+-]*$/i.test(value) ? `${value}Z` : value; // a date-time without an offset is UTC
  const ms = instantPattern.test(value) ? Date.parse(zoned) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw arcaError('InvalidParameter', 'instant', { name, value }, { target: name });
  }
  return { [name]: new Date(ms).toISOString() } as Partial<Record<K, string>>;
}

function seqOf(cursor: string, listKey: string): number {
  const { id } = decodeKeysetCursor(cursor, listKey);
  if (typeof id !== 'number' || !Number.isSafeInteger(id))
    throw arcaError('CursorInvalid', 'malformed', {}, { target: 'cursor' });
  return id;
}
