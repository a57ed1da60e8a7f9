import { sql } from 'kysely';
import { dialectOf } from './dialect.js';
import { queries, type Session } from './session.js';

/**
 * Serialises upload-session starts of one principal until the transaction ends, so that counting
 * its open sessions and inserting one are atomic. SQLite runs one write transaction at a time
 * already; PostgreSQL takes a transaction-scoped advisory lock keyed by the principal.
 */
export async function lockPrincipalUploads(trxSession: Session, principal: string): Promise<void> {
  const trx = queries(trxSession);
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${'arca.upload_sessions'}), hashtext(${principal}))`.execute(trx);
}

/** Upload sessions `principal` holds that have not expired at `now` (expired ones no longer count). */
export async function countOpenUploadSessions(session: Session, principal: string, now: string): Promise<number> {
  const db = queries(session);
  const row = await db
    .selectFrom('upload_sessions')
    .select((eb) => eb.fn.countAll<number>().as('open'))
    .where('created_by', '=', principal)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(row?.open ?? 0);
}
