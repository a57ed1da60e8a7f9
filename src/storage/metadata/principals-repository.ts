import type { Selectable } from 'kysely';
import type { Db } from './metadata-store.js';
import type { PrincipalsTable, TokensTable } from './schema.js';

export type PrincipalRow = Selectable<PrincipalsTable>;
export type TokenRow = Selectable<TokensTable>;

export async function insertPrincipal(db: Db, row: PrincipalRow): Promise<void> {
  await db.insertInto('principals').values(row).execute();
}

export async function findPrincipalByName(db: Db, nameKey: string): Promise<PrincipalRow | undefined> {
  return db.selectFrom('principals').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
}

export async function insertToken(db: Db, row: TokenRow): Promise<void> {
  await db.insertInto('tokens').values(row).execute();
}

export async function findTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
  return db.selectFrom('tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** The token and its principal in one query: the hot path of every authenticated request. */
export async function findPrincipalByTokenHash(db: Db, tokenHash: string): Promise<{ token: Pick<TokenRow, 'id' | 'expires_at' | 'revoked_at' | 'last_used_at' | 'read_only' | 'scope_kind' | 'scope_key'>; principal: PrincipalRow; accessEpoch: number } | undefined> {
  const row = await db.selectFrom('tokens')
    .innerJoin('principals', 'principals.id', 'tokens.principal_id')
    .select(['tokens.id as token_id', 'tokens.expires_at', 'tokens.revoked_at', 'tokens.last_used_at', 'tokens.read_only', 'tokens.scope_kind', 'tokens.scope_key'])
    .selectAll('principals')
    // The access epoch rides along, so checking cached grants costs no query of its own.
    .select((eb) => eb.selectFrom('access_epoch').select('epoch').where('id', '=', 1).as('access_epoch'))
    .where('tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { token_id, expires_at, revoked_at, last_used_at, read_only, scope_kind, scope_key, access_epoch, ...principal } = row;
  return { token: { id: token_id, expires_at, revoked_at, last_used_at, read_only, scope_kind, scope_key }, principal, accessEpoch: Number(access_epoch ?? 0) };
}

export async function touchToken(db: Db, tokenId: string, now: string): Promise<void> {
  await db.updateTable('tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export async function listPrincipals(db: Db, kind: 'user' | 'service'): Promise<PrincipalRow[]> {
  return db.selectFrom('principals').selectAll().where('kind', '=', kind).orderBy('name_key').limit(10_000).execute();
}

export async function updatePrincipal(db: Db, id: string, fields: Partial<Pick<PrincipalRow, 'email' | 'display_name' | 'disabled'>>): Promise<void> {
  if (Object.keys(fields).length > 0) await db.updateTable('principals').set(fields).where('id', '=', id).execute();
}

export async function deletePrincipal(db: Db, id: string): Promise<void> {
  await db.deleteFrom('principals').where('id', '=', id).execute();
}

export async function findPrincipalById(db: Db, id: string): Promise<PrincipalRow | undefined> {
  return db.selectFrom('principals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTokens(db: Db, principalId: string): Promise<TokenRow[]> {
  return db.selectFrom('tokens').selectAll().where('principal_id', '=', principalId).orderBy('created_at').execute();
}

export async function findTokenById(db: Db, id: string): Promise<TokenRow | undefined> {
  return db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
