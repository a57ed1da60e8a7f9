import { sql, type Insertable, type Selectable } from 'kysely';
import { onPostgres } from './dialect.js';
import { queries, type Session, type Tx } from './session.js';
import type { PrincipalsTable, TokensTable } from './tables.js';

export type PrincipalRow = Selectable<PrincipalsTable>;
export type TokenRow = Selectable<TokensTable>;

export async function insertPrincipal(session: Session, row: PrincipalRow): Promise<void> {
  const db = queries(session);
  await db.insertInto('principals').values(row).execute();
}

export async function findPrincipalByName(session: Session, nameKey: string): Promise<PrincipalRow | undefined> {
  const db = queries(session);
  return db.selectFrom('principals').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
}

/** A new token row; `parent_token_id` and `session` default to a token of its own (no parent, not a session). */
export type NewTokenRow = Insertable<TokensTable>;

export async function insertToken(session: Session, row: NewTokenRow): Promise<void> {
  const db = queries(session);
  await db.insertInto('tokens').values(row).execute();
}

export async function findTokenByHash(session: Session, tokenHash: string): Promise<TokenRow | undefined> {
  const db = queries(session);
  return db.selectFrom('tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

type AuthenticatedToken = Pick<
  TokenRow,
  | 'id'
  | 'expires_at'
  | 'revoked_at'
  | 'last_used_at'
  | 'read_only'
  | 'scope_kind'
  | 'scope_key'
  | 'parent_token_id'
  | 'session'
>;

/**
 * The token and its principal in one query: the hot path of every authenticated request. A derived
 * token's parent is read apart (`findParentToken`), so the common token pays for no join it does not need.
 */
export async function findPrincipalByTokenHash(
  metadata: Session,
  tokenHash: string,
): Promise<{ token: AuthenticatedToken; principal: PrincipalRow; accessEpoch: number } | undefined> {
  const db = queries(metadata);
  const row = await db
    .selectFrom('tokens')
    .innerJoin('principals', 'principals.id', 'tokens.principal_id')
    .select([
      'tokens.id as token_id',
      'tokens.expires_at',
      'tokens.revoked_at',
      'tokens.last_used_at',
      'tokens.read_only',
      'tokens.scope_kind',
      'tokens.scope_key',
      'tokens.parent_token_id',
      'tokens.session',
    ])
    .selectAll('principals')
    // The access epoch rides along, so checking cached grants costs no query of its own.
    .select((eb) => eb.selectFrom('access_epoch').select('epoch').where('id', '=', 1).as('access_epoch'))
    .where('tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const {
    token_id,
    expires_at,
    revoked_at,
    last_used_at,
    read_only,
    scope_kind,
    scope_key,
    parent_token_id,
    session,
    access_epoch,
    ...principal
  } = row;
  return {
    token: {
      id: token_id,
      expires_at,
      revoked_at,
      last_used_at,
      read_only,
      scope_kind,
      scope_key,
      parent_token_id,
      session: Number(session),
    },
    principal,
    accessEpoch: Number(access_epoch ?? 0),
  };
}

/** Whether the token a derived one came from still lives: its expiry and revocation. */
export async function findParentToken(
  session: Session,
  parentId: string,
): Promise<Pick<TokenRow, 'expires_at' | 'revoked_at'> | undefined> {
  const db = queries(session);
  return db.selectFrom('tokens').select(['expires_at', 'revoked_at']).where('id', '=', parentId).executeTakeFirst();
}

export async function touchToken(session: Session, tokenId: string, now: string): Promise<void> {
  const db = queries(session);
  await db.updateTable('tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export async function listPrincipals(session: Session, kind: 'user' | 'service'): Promise<PrincipalRow[]> {
  const db = queries(session);
  return db.selectFrom('principals').selectAll().where('kind', '=', kind).orderBy('name_key').limit(10_000).execute();
}

export async function updatePrincipal(
  session: Session,
  id: string,
  fields: Partial<Pick<PrincipalRow, 'email' | 'display_name' | 'disabled'>>,
): Promise<void> {
  const db = queries(session);
  if (Object.keys(fields).length > 0) await db.updateTable('principals').set(fields).where('id', '=', id).execute();
}

export async function deletePrincipal(session: Session, id: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('principals').where('id', '=', id).execute();
}

export async function findPrincipalById(session: Session, id: string): Promise<PrincipalRow | undefined> {
  const db = queries(session);
  return db.selectFrom('principals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTokens(session: Session, principalId: string): Promise<TokenRow[]> {
  const db = queries(session);
  return db.selectFrom('tokens').selectAll().where('principal_id', '=', principalId).orderBy('created_at').execute();
}

export async function findTokenById(session: Session, id: string): Promise<TokenRow | undefined> {
  const db = queries(session);
  return db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Revokes a token and every token derived from it (sessions, tokens a narrowed token minted, and
 * theirs); answers how many derived ones it revoked. Call it in a transaction. The token's own row is written first: a concurrent derivation
 * holds that row (`lockTokenForDerivation`), so its child either is committed before the second
 * statement looks for descendants, or is refused because its parent is already revoked.
 */
export async function revokeToken(session: Session, id: string, at: string): Promise<{ derived: number }> {
  const db = queries(session);
  await db.updateTable('tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  const derived = await sql`with recursive derived(id) as (
      select id from tokens where parent_token_id = ${id}
      union select t.id from tokens t join derived d on t.parent_token_id = d.id
    )
    update tokens set revoked_at = ${at} where revoked_at is null and id in (select id from derived)`.execute(db);
  return { derived: Number(derived.numAffectedRows ?? 0) };
}

/** Reads a token for deriving another from it, holding its row (PostgreSQL) until the transaction ends. */
/** Removes up to `limit` session tokens that expired before `now`; returns how many. */
export async function removeExpiredSessionTokens(session: Session, now: string, limit: number): Promise<number> {
  const db = queries(session);
  const expired = await db
    .selectFrom('tokens')
    .select('id')
    .where('session', '=', 1)
    .where('expires_at', '<', now)
    .limit(limit)
    .execute();
  if (expired.length === 0) return 0;
  await db
    .deleteFrom('tokens')
    .where(
      'id',
      'in',
      expired.map((t) => t.id),
    )
    .execute();
  return expired.length;
}

export async function lockTokenForDerivation(
  session: Tx,
  id: string,
): Promise<Pick<TokenRow, 'id' | 'expires_at' | 'revoked_at'> | undefined> {
  const db = queries(session);
  const query = db.selectFrom('tokens').select(['id', 'expires_at', 'revoked_at']).where('id', '=', id);
  // SQLite serialises writers on its one connection; it has no row locks to take.
  return (onPostgres(db) ? query.forUpdate() : query).executeTakeFirst();
}

/** True when `id` is `ancestorId` or derives from it, through any number of parents. */
export async function derivesFrom(session: Session, id: string, ancestorId: string): Promise<boolean> {
  const db = queries(session);
  const found = await sql<{ id: string }>`with recursive chain(id, parent_token_id, depth) as (
      select id, parent_token_id, 0 from tokens where id = ${id}
      union all select t.id, t.parent_token_id, c.depth + 1 from tokens t join chain c on t.id = c.parent_token_id where c.depth < 64
    )
    select id from chain where id = ${ancestorId}`.execute(db);
  return found.rows.length > 0;
}
