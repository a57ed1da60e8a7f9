import { randomUUID } from 'node:crypto';
import { ArcaError } from '../core/errors.js';
import { assertPrincipalName, nameKey, type ScopeKind } from '../core/names.js';
import type { MetadataStore } from '../storage/metadata/metadata-store.js';
import { isUniqueViolation } from '../storage/metadata/metadata-store.js';
import { bumpAccessEpoch, findGroup, groupMembers, listGroups } from '../storage/metadata/access-repository.js';
import { appendAudit } from '../storage/metadata/audit-repository.js';
import {
  deletePrincipal, findPrincipalByName, findTokenById, insertPrincipal, insertToken, listPrincipals, listTokens, revokeToken, updatePrincipal,
  type PrincipalRow, type TokenRow,
} from '../storage/metadata/principals-repository.js';
import type { AccessContext } from './access.js';
import { isoNow, type Clock } from './clock.js';
import { keepingAnOwner } from './owners.js';
import { generateToken, hashToken } from './identity.js';

export type PrincipalKind = 'user' | 'service';
const label: Record<PrincipalKind, string> = { user: 'user', service: 'service principal' };

export interface PrincipalFields {
  email?: string | null;
  displayName?: string | null;
  disabled?: boolean;
}

export interface NewToken {
  name: string;
  expiresAt?: string;
  readOnly?: boolean;
  scope?: { kind: ScopeKind; name: string };
}

/** Users, service principals, groups and their tokens. */
export class PrincipalService {
  constructor(private readonly store: MetadataStore, private readonly clock: Clock) {}

  async upsert(kind: PrincipalKind, name: string, fields: PrincipalFields, access: AccessContext): Promise<PrincipalRow> {
    assertPrincipalName(name);
    access.require('principals/write');
    const now = isoNow(this.clock);
    await this.store.transaction(async (trx) => {
      const existing = await findPrincipalByName(trx, nameKey(name));
      if (existing && existing.kind !== kind) throw new ArcaError('PrincipalKindConflict', `${JSON.stringify(name)} is already a ${label[existing.kind]}`, { target: 'name' });
      if (existing && fields.disabled === true && existing.disabled === 0) {
        await keepingAnOwner(trx, `disabling ${existing.name}`, () => updatePrincipal(trx, existing.id, { disabled: 1 }));
      }
      if (existing) {
        await updatePrincipal(trx, existing.id, { ...(fields.email !== undefined ? { email: fields.email } : {}), ...(fields.displayName !== undefined ? { display_name: fields.displayName } : {}), ...(fields.disabled !== undefined ? { disabled: Number(fields.disabled) } : {}) });
      } else {
        await insertPrincipal(trx, { id: randomUUID(), kind, name, name_key: nameKey(name), display_name: fields.displayName ?? null, email: fields.email ?? null, disabled: Number(fields.disabled ?? false), is_admin: 0, created_at: now, created_by: access.principal.name });
      }
      await appendAudit(trx, { at: now, principal: access.principal.name, action: 'principals/write', target: `arca://${kind === 'user' ? 'users' : 'service-principals'}/${name}`, outcome: 'succeeded', details: { created: existing === undefined, ...fields } });
    });
    return this.get(kind, name);
  }

  async get(kind: PrincipalKind, name: string): Promise<PrincipalRow> {
    const found = await findPrincipalByName(this.store.db, nameKey(name));
    if (found === undefined || found.kind !== kind) throw new ArcaError('PrincipalNotFound', `no ${label[kind]} is named ${JSON.stringify(name)}`, { target: 'name' });
    return found;
  }

  list(kind: PrincipalKind): Promise<PrincipalRow[]> {
    return listPrincipals(this.store.db, kind);
  }

  async remove(kind: PrincipalKind, name: string, access: AccessContext): Promise<void> {
    access.require('principals/write');
    const principal = await this.get(kind, name);
    await this.store.transaction(async (trx) => {
      await keepingAnOwner(trx, `deleting ${principal.name}`, async () => {
        await trx.deleteFrom('role_assignments').where('assignee_id', '=', principal.id).execute();
        await bumpAccessEpoch(trx);
        await deletePrincipal(trx, principal.id);
      });
      await appendAudit(trx, { at: isoNow(this.clock), principal: access.principal.name, action: 'principals/write', target: `arca://${kind === 'user' ? 'users' : 'service-principals'}/${principal.name}`, outcome: 'succeeded', details: { deleted: true } });
    });
  }

  /** Creates a token; the secret is returned once and only its hash is kept. Callers may mint their own; others need principals/write. */
  async createToken(kind: PrincipalKind, name: string, input: NewToken, access: AccessContext): Promise<{ row: TokenRow; secret: string }> {
    const principal = await this.get(kind, name);
    if (principal.id !== access.principal.id) access.require('principals/write');
    if (input.expiresAt !== undefined && input.expiresAt <= isoNow(this.clock)) throw new ArcaError('InvalidRequestBody', 'expires_at lies in the past', { target: 'expires_at' });
    const secret = generateToken();
    const row: TokenRow = {
      id: randomUUID(), principal_id: principal.id, name: input.name, token_hash: hashToken(secret), created_at: isoNow(this.clock),
      expires_at: input.expiresAt ?? null, revoked_at: null, last_used_at: null, read_only: Number(input.readOnly ?? false),
      scope_kind: input.scope?.kind ?? null, scope_key: input.scope ? nameKey(input.scope.name) : null,
    };
    await this.store.transaction(async (trx) => {
      await insertToken(trx, row);
      await appendAudit(trx, { at: row.created_at, principal: access.principal.name, action: 'tokens/create', target: `arca://tokens/${row.id}`, outcome: 'succeeded', details: { for: principal.name, name: input.name, readOnly: input.readOnly ?? false, scope: input.scope ?? null, expiresAt: input.expiresAt ?? null } });
    });
    return { row, secret };
  }

  async tokens(kind: PrincipalKind, name: string, access: AccessContext): Promise<TokenRow[]> {
    const principal = await this.get(kind, name);
    if (principal.id !== access.principal.id) access.require('principals/read');
    return listTokens(this.store.db, principal.id);
  }

  async revoke(id: string, access: AccessContext): Promise<TokenRow> {
    const token = /^[0-9a-f-]{36}$/.test(id) ? await findTokenById(this.store.db, id) : undefined;
    if (token === undefined) throw new ArcaError('TokenNotFound', `no token has the id ${JSON.stringify(id)}`, { target: 'id' });
    if (token.principal_id !== access.principal.id) access.require('principals/write');
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      await revokeToken(trx, id, now);
      await appendAudit(trx, { at: now, principal: access.principal.name, action: 'tokens/revoke', target: `arca://tokens/${id}`, outcome: 'succeeded' });
    });
    return (await findTokenById(this.store.db, id)) ?? token;
  }

  async upsertGroup(name: string, description: string | null | undefined, access: AccessContext) {
    assertPrincipalName(name);
    access.require('principals/write');
    const now = isoNow(this.clock);
    try {
      await this.store.transaction(async (trx) => {
        const existing = await findGroup(trx, nameKey(name));
        if (existing) await trx.updateTable('groups').set({ ...(description !== undefined ? { description } : {}) }).where('id', '=', existing.id).execute();
        else await trx.insertInto('groups').values({ id: randomUUID(), name, name_key: nameKey(name), description: description ?? null, created_at: now, created_by: access.principal.name }).execute();
        await appendAudit(trx, { at: now, principal: access.principal.name, action: 'principals/write', target: `arca://groups/${name}`, outcome: 'succeeded' });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return this.group(name);
  }

  async group(name: string) {
    const group = await findGroup(this.store.db, nameKey(name));
    if (group === undefined) throw new ArcaError('GroupNotFound', `no group is named ${JSON.stringify(name)}`, { target: 'name' });
    return { ...group, members: await groupMembers(this.store.db, group.id) };
  }

  async groups() {
    return listGroups(this.store.db);
  }

  /** Adds or removes a member (a user or service principal, by name). */
  async setMembership(groupName: string, memberName: string, member: boolean, access: AccessContext) {
    access.require('principals/write');
    const group = await this.group(groupName);
    const principal = await findPrincipalByName(this.store.db, nameKey(memberName));
    if (principal === undefined) throw new ArcaError('PrincipalNotFound', `no user or service principal is named ${JSON.stringify(memberName)}`, { target: 'member' });
    await this.store.transaction(async (trx) => {
      if (member) await trx.insertInto('group_members').values({ group_id: group.id, principal_id: principal.id }).onConflict((oc) => oc.columns(['group_id', 'principal_id']).doNothing()).execute();
      else await keepingAnOwner(trx, `removing ${principal.name} from group ${group.name}`, () => trx.deleteFrom('group_members').where('group_id', '=', group.id).where('principal_id', '=', principal.id).execute());
      await bumpAccessEpoch(trx);
      await appendAudit(trx, { at: isoNow(this.clock), principal: access.principal.name, action: 'principals/write', target: `arca://groups/${group.name}/members/${principal.name}`, outcome: 'succeeded', details: { member } });
    });
    return this.group(groupName);
  }

  async removeGroup(name: string, access: AccessContext): Promise<void> {
    access.require('principals/write');
    const group = await this.group(name);
    await this.store.transaction(async (trx) => {
      await keepingAnOwner(trx, `deleting group ${group.name}`, async () => {
        await trx.deleteFrom('role_assignments').where('assignee_id', '=', group.id).execute();
        await bumpAccessEpoch(trx);
        await trx.deleteFrom('groups').where('id', '=', group.id).execute();
      });
      await appendAudit(trx, { at: isoNow(this.clock), principal: access.principal.name, action: 'principals/write', target: `arca://groups/${group.name}`, outcome: 'succeeded', details: { deleted: true } });
    });
  }
}
