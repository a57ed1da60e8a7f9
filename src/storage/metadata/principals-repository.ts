import { compact } from '../../core/compact.js';
import { sql, type Selectable } from 'kysely';
import type { AuthenticatedToken, Principal, Token } from '../../core/model/access.js';
import type { ScopeKind } from '../../core/names.js';
import { bumpAccessEpoch } from './access-repository.js';
import { onPostgres } from './dialect.js';
import { queries, type Session, type Tx } from './session.js';
import type { PrincipalsTable, TokensTable } from './tables.js';

type PrincipalRow = Selectable<PrincipalsTable>;
type TokenRow = Selectable<TokensTable>;

function principalOf(row: PrincipalRow): Principal {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    nameKey: row.name_key,
    displayName: row.display_name,
    email: row.email,
    // Anything but 0 counts as disabled: a flag that fails closed.
    disabled: row.disabled !== 0,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

function principalRowOf(principal: Principal): PrincipalRow {
  return {
    id: principal.id,
    kind: principal.kind,
    name: principal.name,
    name_key: principal.nameKey,
    display_name: principal.displayName,
    email: principal.email,
    disabled: principal.disabled ? 1 : 0,
    is_admin: principal.isAdmin ? 1 : 0,
    created_at: principal.createdAt,
    created_by: principal.createdBy,
  };
}

/** The column holds only what a token was narrowed to (a registry or a workspace), or null. */
function tokenScopeKindOf(column: string | null): ScopeKind | null {
  return column as ScopeKind | null;
}

function tokenOf(row: TokenRow): Token {
  return {
    id: row.id,
    principalId: row.principal_id,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    readOnly: row.read_only === 1,
    scopeKind: tokenScopeKindOf(row.scope_kind),
    scopeKey: row.scope_key,
    parentTokenId: row.parent_token_id,
    session: Number(row.session) === 1,
    studioSession: Number(row.studio_session) === 1,
  };
}

export async function insertPrincipal(session: Session, principal: Principal): Promise<void> {
  const db = queries(session);
  await db.insertInto('principals').values(principalRowOf(principal)).execute();
}

export async function findPrincipalByName(session: Session, nameKey: string): Promise<Principal | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('principals').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  return row === undefined ? undefined : principalOf(row);
}

export async function insertToken(session: Session, token: Token): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('tokens')
    .values({
      id: token.id,
      principal_id: token.principalId,
      name: token.name,
      token_hash: token.tokenHash,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
      revoked_at: token.revokedAt,
      last_used_at: token.lastUsedAt,
      read_only: token.readOnly ? 1 : 0,
      scope_kind: token.scopeKind,
      scope_key: token.scopeKey,
      parent_token_id: token.parentTokenId,
      session: token.session ? 1 : 0,
      studio_session: token.studioSession ? 1 : 0,
    })
    .execute();
}

export async function findTokenByHash(session: Session, tokenHash: string): Promise<Token | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row === undefined ? undefined : tokenOf(row);
}

/**
 * The token and its principal in one query: the hot path of every authenticated request. A derived
 * token's parent is read apart (`findParentToken`), so the common token pays for no join it does not need.
 */
export async function findPrincipalByTokenHash(
  metadata: Session,
  tokenHash: string,
): Promise<{ token: AuthenticatedToken; principal: Principal; accessEpoch: number } | undefined> {
  const db = queries(metadata);
  const row = await db
    .selectFrom('tokens')
    .innerJoin('principals', 'principals.id', 'tokens.principal_id')
    .select([
      'tokens.id as token_id',
      'tokens.created_at as token_created_at',
      'tokens.expires_at',
      'tokens.revoked_at',
      'tokens.last_used_at',
      'tokens.read_only',
      'tokens.scope_kind',
      'tokens.scope_key',
      'tokens.parent_token_id',
      'tokens.session',
      'tokens.studio_session',
    ])
    .selectAll('principals')
    // The access epoch rides along, so checking cached grants costs no query of its own.
    .select((eb) => eb.selectFrom('access_epoch').select('epoch').where('id', '=', 1).as('access_epoch'))
    .where('tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const {
    token_id,
    token_created_at,
    expires_at,
    revoked_at,
    last_used_at,
    read_only,
    scope_kind,
    scope_key,
    parent_token_id,
    session,
    studio_session,
    access_epoch,
    ...principal
  } = row;
  return {
    token: {
      id: token_id,
      createdAt: token_created_at,
      expiresAt: expires_at,
      revokedAt: revoked_at,
      lastUsedAt: last_used_at,
      readOnly: read_only === 1,
      scopeKind: tokenScopeKindOf(scope_kind),
      scopeKey: scope_key,
      parentTokenId: parent_token_id,
      session: Number(session) === 1,
      studioSession: Number(studio_session) === 1,
    },
    principal: principalOf(principal),
    accessEpoch: Number(access_epoch ?? 0),
  };
}

/** Whether the token a derived one came from still lives: its expiry and revocation. */
export async function findParentToken(
  session: Session,
  parentId: string,
): Promise<Pick<Token, 'expiresAt' | 'revokedAt'> | undefined> {
  const db = queries(session);
  const row = await db
    .selectFrom('tokens')
    .select(['expires_at', 'revoked_at'])
    .where('id', '=', parentId)
    .executeTakeFirst();
  return row === undefined ? undefined : { expiresAt: row.expires_at, revokedAt: row.revoked_at };
}

/** Tokens whose uses one statement records: bounded, so a flush never exceeds a driver's parameter limit. */
export const tokenUsesPerStatement = 500;

/**
 * Records when tokens were last used, one statement for up to `tokenUsesPerStatement` of them. Never
 * moves `last_used_at` backwards: replicas flushing their own uses in any order keep the latest.
 */
export async function recordTokenUses(session: Session, uses: { tokenId: string; usedAt: string }[]): Promise<void> {
  if (uses.length === 0) return;
  if (uses.length > tokenUsesPerStatement) throw new RangeError(`at most ${tokenUsesPerStatement} token uses`);
  const db = queries(session);
  // VALUES names its columns column1, column2 in both dialects.
  const values = sql.join(uses.map((use) => sql`(${use.tokenId}, ${use.usedAt})`));
  await sql`update tokens set last_used_at = used.column2
    from (values ${values}) as used
    where tokens.id = used.column1 and (tokens.last_used_at is null or tokens.last_used_at < used.column2)`.execute(db);
}

export async function listPrincipals(session: Session, kind: 'user' | 'service'): Promise<Principal[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('principals')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('name_key')
    .limit(10_000)
    .execute();
  return rows.map(principalOf);
}

/** Changes what is given of a principal's email, display name and disabled flag (undefined: leaves it). */
export async function updatePrincipal(
  session: Session,
  id: string,
  fields: Partial<Pick<Principal, 'email' | 'displayName' | 'disabled'>>,
): Promise<void> {
  const db = queries(session);
  const columns = {
    ...compact({ email: fields.email, display_name: fields.displayName }),
    ...(fields.disabled !== undefined ? { disabled: fields.disabled ? 1 : 0 } : {}),
  };
  if (Object.keys(columns).length > 0) await db.updateTable('principals').set(columns).where('id', '=', id).execute();
  // Authentications every process remembers are kept only while the epoch stands: disabling ends them.
  if (fields.disabled !== undefined) await bumpAccessEpoch(session);
}

export async function deletePrincipal(session: Session, id: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('principals').where('id', '=', id).execute();
}

export async function findPrincipalById(session: Session, id: string): Promise<Principal | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('principals').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : principalOf(row);
}

export async function listTokens(session: Session, principalId: string): Promise<Token[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('tokens')
    .selectAll()
    .where('principal_id', '=', principalId)
    .orderBy('created_at')
    .execute();
  return rows.map(tokenOf);
}

export async function findTokenById(session: Session, id: string): Promise<Token | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : tokenOf(row);
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
  // Every process stops accepting the token (and its descendants) on its next request.
  await bumpAccessEpoch(session);
  return { derived: Number(derived.numAffectedRows ?? 0) };
}

/** Reads a token for deriving another from it, holding its row (PostgreSQL) until the transaction ends. */
/** Removes up to `limit` session tokens (`/v2/` and studio) that expired before `now`; returns how many. */
export async function removeExpiredSessionTokens(session: Session, now: string, limit: number): Promise<number> {
  const db = queries(session);
  const expired = await db
    .selectFrom('tokens')
    .select('id')
    .where((eb) => eb.or([eb('session', '=', 1), eb('studio_session', '=', 1)]))
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
): Promise<Pick<Token, 'id' | 'expiresAt' | 'revokedAt'> | undefined> {
  const db = queries(session);
  const query = db.selectFrom('tokens').select(['id', 'expires_at', 'revoked_at']).where('id', '=', id);
  // SQLite serialises writers on its one connection; it has no row locks to take.
  const row = await (onPostgres(db) ? query.forUpdate() : query).executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, expiresAt: row.expires_at, revokedAt: row.revoked_at };
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
