import { createHash, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { takeChangeLogLock } from './change-log-lock.js';
import { queries, sessionOf, type Session } from './session.js';
import type { AuditEventsTable } from './tables.js';

/** The `prev_hash` of the first event. */
export const genesisHash = '0'.repeat(64);

export type AuditOutcome = 'succeeded' | 'denied' | 'failed';

export interface AuditEntry {
  at: string;
  principal: string;
  action: string;
  target: string;
  outcome: AuditOutcome;
  requestId?: string;
  /** The client address the request came from. */
  source?: string;
  /** A before/after summary; keys named like secrets are redacted before it is stored. */
  details?: unknown;
}

/** One stored event, as listed and exported. */
export interface AuditEvent {
  seq: number;
  id: string;
  at: string;
  principal: string;
  action: string;
  target: string;
  outcome: string;
  requestId: string | null;
  source: string | null;
  details: unknown;
  prevHash: string | null;
  hash: string | null;
}

type AuditRow = Selectable<AuditEventsTable>;

/**
 * Appends an audit event in the caller's transaction, so the record and the change land together,
 * and chains it: its `prev_hash` is the hash of the event before it (see `auditHash`). Given a plain
 * connection, it opens a transaction of its own, since the lock below only lasts as long as one.
 */
export async function appendAudit(session: Session, entry: AuditEntry): Promise<AuditEvent> {
  const db = queries(session);
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(sessionOf(trx), entry));
  // Writers queue here for the rest of their transaction: each sees its predecessor's hash.
  await takeChangeLogLock(db);
  const last = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const details = entry.details === undefined ? null : canonicalJson(redactSecrets(plainJson(entry.details)));
  const unhashed = {
    id: randomUUID(),
    seq: Number(last?.seq ?? 0) + 1,
    at: entry.at,
    principal: entry.principal,
    action: entry.action,
    target: entry.target,
    outcome: entry.outcome,
    request_id: entry.requestId ?? null,
    source: entry.source ?? null,
    details,
    prev_hash: last === undefined ? genesisHash : (last.hash ?? genesisHash),
  };
  const row: AuditRow = { ...unhashed, hash: auditHash(unhashed) };
  await db.insertInto('audit_events').values(row).execute();
  return eventOf(row);
}

/**
 * The hash of an event: sha256 (hex) of the JSON array
 * `[seq, id, at, principal, action, target, outcome, request_id, source, details, prev_hash]`,
 * where `details` is the stored text (canonical JSON: sorted keys, no spaces) or null. An auditor
 * recomputes it from an export with `canonicalJson(event.details)`.
 */
export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  const fields = [
    row.seq,
    row.id,
    row.at,
    row.principal,
    row.action,
    row.target,
    row.outcome,
    row.request_id,
    row.source,
    row.details,
    row.prev_hash,
  ];
  return createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('hex');
}

export type ChainBreak = 'hash-mismatch' | 'prev-hash-mismatch' | 'seq-gap';

export type ChainVerdict =
  | {
      ok: true;
      events: number;
      /** The hash of the last event (genesis when empty): keep it to detect a truncated tail later. */ head: string;
    }
  | {
      ok: false;
      /** Events verified before the break. */ events: number;
      firstBroken: { seq: number; id: string; reason: ChainBreak };
    };

/**
 * Recomputes the chain in `seq` order, `batchSize` rows at a time (memory stays constant). An edited
 * row fails its own hash; a deleted or inserted row breaks the numbering or the next `prev_hash`.
 */
export async function verifyAuditChain(session: Session, options: { batchSize?: number } = {}): Promise<ChainVerdict> {
  const db = queries(session);
  const batchSize = options.batchSize ?? 1000;
  let previous = genesisHash;
  let events = 0;
  let lastSeq: number | undefined;
  for (;;) {
    let query = db.selectFrom('audit_events').selectAll().orderBy('seq').limit(batchSize);
    if (lastSeq !== undefined) query = query.where('seq', '>', lastSeq);
    const rows = await query.execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      const reason: ChainBreak | undefined =
        row.hash !== auditHash({ ...row, seq })
          ? 'hash-mismatch'
          : seq !== events + 1
            ? 'seq-gap'
            : row.prev_hash !== previous
              ? 'prev-hash-mismatch'
              : undefined;
      if (reason !== undefined) return { ok: false, events, firstBroken: { seq, id: row.id, reason } };
      previous = row.hash ?? genesisHash;
      events += 1;
      lastSeq = seq;
    }
    if (rows.length < batchSize) return { ok: true, events, head: previous };
  }
}

export interface AuditListQuery {
  /** Inclusive, ISO-8601 UTC (as stored). */
  since?: string;
  /** Exclusive, ISO-8601 UTC. */
  until?: string;
  principal?: string;
  /** One action, or any of several (the spellings one action was recorded under). */
  action?: string | readonly string[];
  /** The target itself and everything under it (`…/models/m` also matches `…/models/m/versions/1`). */
  target?: string;
  outcome?: string;
  /** Keyset: only events after this sequence number. */
  afterSeq?: number;
  limit: number;
}

/** Events matching every given filter, oldest first. */
export async function listAudit(session: Session, query: AuditListQuery): Promise<AuditEvent[]> {
  const db = queries(session);
  let select = db.selectFrom('audit_events').selectAll();
  if (query.since !== undefined) select = select.where('at', '>=', query.since);
  if (query.until !== undefined) select = select.where('at', '<', query.until);
  if (query.principal !== undefined) select = select.where('principal', '=', query.principal);
  if (typeof query.action === 'string') select = select.where('action', '=', query.action);
  else if (query.action !== undefined) select = select.where('action', 'in', query.action);
  if (query.outcome !== undefined) select = select.where('outcome', '=', query.outcome);
  if (query.afterSeq !== undefined) select = select.where('seq', '>', query.afterSeq);
  if (query.target !== undefined) {
    const target = query.target.replace(/\/+$/, '');
    const under = `${target}/`;
    // substr counts characters in both dialects; LIKE would fold case on SQLite and need escaping.
    select = select.where((eb) =>
      eb.or([
        eb('target', '=', target),
        eb(eb.fn('substr', ['target', eb.val(1), eb.val([...under].length)]), '=', under),
      ]),
    );
  }
  const rows = await select.orderBy('seq').limit(query.limit).execute();
  return rows.map(eventOf);
}

function eventOf(row: AuditRow): AuditEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    principal: row.principal,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    requestId: row.request_id,
    source: row.source,
    details: parseDetails(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function parseDetails(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text; // an edited row: show what is there; verify reports it
  }
}

/** JSON with object keys sorted (by UTF-16 code unit) and no spaces: one text per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What JSON keeps of a value (dates as strings, no undefined, no functions). */
function plainJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

const redacted = '[redacted]';
const secretKey = /token|secret|passw(or)?d|authori[sz]ation|api[-_]?key|credential|cookie|private[-_]?key/i;
const secretText = /\bBearer\s+[\x21-\x7e]+|\barca_[A-Za-z0-9_-]{16,}/gi;

/**
 * Audit events are kept forever and exported to auditors, so they must never hold a secret: values
 * under keys named like one (token, secret, password, authorization, api key, credential, cookie)
 * are replaced, at any depth, and so is anything in a string that looks like a bearer token.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        secretKey.test(key) && inner !== null ? redacted : redactSecrets(inner),
      ]),
    );
  }
  return typeof value === 'string' ? value.replace(secretText, redacted) : value;
}
