import type { AuditCheckpoint } from '../../core/audit-checkpoint.js';
import { queries, type Session } from './session.js';

/** Stores a checkpoint the server made (a copy: the evidence is what was exported). */
export async function insertCheckpoint(session: Session, id: string, checkpoint: AuditCheckpoint): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('audit_checkpoints')
    .values({
      id,
      seq: checkpoint.seq,
      head_hash: checkpoint.head_hash,
      at: checkpoint.at,
      key_id: checkpoint.key_id,
      public_key: checkpoint.public_key,
      signature: checkpoint.signature,
    })
    .execute();
}

/** The stored checkpoint made last (by time, then by sequence). */
export async function latestCheckpoint(session: Session): Promise<AuditCheckpoint | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('audit_checkpoints')
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        seq: Number(row.seq),
        head_hash: row.head_hash,
        at: row.at,
        key_id: row.key_id,
        algorithm: 'Ed25519',
        public_key: row.public_key,
        signature: row.signature,
      };
}

/** The stored `hash` of each audit event numbered in `seqs` (absent from the map: no such event). */
export async function auditHashesAt(session: Session, seqs: readonly number[]): Promise<Map<number, string | null>> {
  const db = queries(session);
  const hashes = new Map<number, string | null>();
  const unique = [...new Set(seqs)];
  for (let start = 0; start < unique.length; start += 500) {
    const rows = await db
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('seq', 'in', unique.slice(start, start + 500))
      .execute();
    for (const row of rows) hashes.set(Number(row.seq), row.hash);
  }
  return hashes;
}

/** The highest event number in the log (0 when it is empty). */
export async function lastAuditSeq(session: Session): Promise<number> {
  const db = queries(session);
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}
