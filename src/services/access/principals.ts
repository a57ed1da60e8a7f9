import { compact } from '../../core/compact.js';
import { randomUUID } from 'node:crypto';
import { ArcaError } from '../../core/errors.js';
import { assertPrincipalName, nameKey, type ScopeKind } from '../../core/names.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { isUniqueViolation } from '../../storage/metadata/metadata-store.js';
import {
  addGroupMember,
  bumpAccessEpoch,
  deleteAssignmentsOf,
  deleteGroup,
  findGroup,
  groupMembers,
  insertGroup,
  listGroups,
  removeGroupMember,
  updateGroup,
} from '../../storage/metadata/access-repository.js';
import { auditor } from '../audit/auditor.js';
import {
  deletePrincipal,
  derivesFrom,
  findPrincipalByName,
  findTokenById,
  insertPrincipal,
  insertToken,
  listPrincipals,
  listTokens,
  lockTokenForDerivation,
  revokeToken,
  updatePrincipal,
  type PrincipalRow,
  type TokenRow,
} from '../../storage/metadata/principals-repository.js';
import type { AccessContext } from './access.js';
import { isoNow, type Clock } from '../clock.js';
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
  constructor(
    private readonly store: MetadataStore,
    private readonly clock: Clock,
  ) {}

  async upsert(
    kind: PrincipalKind,
    name: string,
    fields: PrincipalFields,
    access: AccessContext,
  ): Promise<PrincipalRow> {
    assertPrincipalName(name);
    access.require('principals/write');
    const now = isoNow(this.clock);
    await this.store.transaction(async (trx) => {
      const existing = await findPrincipalByName(trx, nameKey(name));
      if (existing && existing.kind !== kind)
        throw new ArcaError('PrincipalKindConflict', `${JSON.stringify(name)} is already a ${label[existing.kind]}`, {
          target: 'name',
        });
      if (existing && fields.disabled === true && existing.disabled === 0) {
        await keepingAnOwner(trx, `disabling ${existing.name}`, () =>
          updatePrincipal(trx, existing.id, { disabled: 1 }),
        );
      }
      if (existing) {
        await updatePrincipal(trx, existing.id, {
          ...compact({ email: fields.email, display_name: fields.displayName }),
          ...(fields.disabled !== undefined ? { disabled: Number(fields.disabled) } : {}),
        });
      } else {
        await insertPrincipal(trx, {
          id: randomUUID(),
          kind,
          name,
          name_key: nameKey(name),
          display_name: fields.displayName ?? null,
          email: fields.email ?? null,
          disabled: Number(fields.disabled ?? false),
          is_admin: 0,
          created_at: now,
          created_by: access.principal.name,
        });
      }
      await auditor(access.principal, now).append(trx, {
        action: 'principals/write',
        target: `arca://${kind === 'user' ? 'users' : 'service-principals'}/${name}`,
        outcome: 'succeeded',
        details: { created: existing === undefined, ...fields },
      });
    });
    return this.get(kind, name);
  }

  async get(kind: PrincipalKind, name: string): Promise<PrincipalRow> {
    const found = await findPrincipalByName(this.store.session, nameKey(name));
    if (found === undefined || found.kind !== kind)
      throw new ArcaError('PrincipalNotFound', `no ${label[kind]} is named ${JSON.stringify(name)}`, {
        target: 'name',
      });
    return found;
  }

  list(kind: PrincipalKind): Promise<PrincipalRow[]> {
    return listPrincipals(this.store.session, kind);
  }

  async remove(kind: PrincipalKind, name: string, access: AccessContext): Promise<void> {
    access.require('principals/write');
    const principal = await this.get(kind, name);
    await this.store.transaction(async (trx) => {
      await keepingAnOwner(trx, `deleting ${principal.name}`, async () => {
        await deleteAssignmentsOf(trx, principal.id);
        await bumpAccessEpoch(trx);
        await deletePrincipal(trx, principal.id);
      });
      await auditor(access.principal, this.clock).append(trx, {
        action: 'principals/write',
        target: `arca://${kind === 'user' ? 'users' : 'service-principals'}/${principal.name}`,
        outcome: 'succeeded',
        details: { deleted: true },
      });
    });
  }

  /**
   * Creates a token; the secret is returned once and only its hash is kept. A full token mints any
   * token for its own principal (others' need principals/write). A narrowed token mints only for
   * its own principal, a token narrowed to the same scope that expires no later than itself: the
   * new token is its child and is revoked with it. A read-only or session token mints nothing.
   */
  async createToken(
    kind: PrincipalKind,
    name: string,
    input: NewToken,
    access: AccessContext,
  ): Promise<{ row: TokenRow; secret: string }> {
    const presented = access.principal.token;
    if (presented.readOnly || presented.session) access.requireFullCredential('creating a token');
    const principal = await this.get(kind, name);
    if (principal.id !== access.principal.id) access.require('principals/write');
    const now = isoNow(this.clock);
    if (input.expiresAt !== undefined && input.expiresAt <= now)
      throw new ArcaError('InvalidRequestBody', 'expires_at lies in the past', { target: 'expires_at' });
    if (presented.scope !== undefined)
      assertAtMostAsNarrow(input, presented.scope, presented.expiresAt, access.describeCredential());
    const secret = generateToken();
    const row: TokenRow = {
      id: randomUUID(),
      principal_id: principal.id,
      name: input.name,
      token_hash: hashToken(secret),
      created_at: now,
      expires_at: input.expiresAt ?? null,
      revoked_at: null,
      last_used_at: null,
      read_only: Number(input.readOnly ?? false),
      scope_kind: input.scope?.kind ?? null,
      scope_key: input.scope ? nameKey(input.scope.name) : null,
      parent_token_id: presented.scope === undefined ? null : presented.id,
      session: 0,
    };
    await this.store.transaction(async (trx) => {
      if (row.parent_token_id !== null) {
        // Held until commit, so a revoke of the parent either sees this child or this sees the revoke.
        const parent = await lockTokenForDerivation(trx, row.parent_token_id);
        if (
          parent === undefined ||
          parent.revoked_at !== null ||
          (parent.expires_at !== null && parent.expires_at <= now)
        ) {
          throw new ArcaError(
            'Unauthenticated',
            'the token this request was made with has been revoked or has expired',
          );
        }
      }
      await insertToken(trx, row);
      await auditor(access.principal, row.created_at).append(trx, {
        action: 'tokens/create',
        target: `arca://tokens/${row.id}`,
        outcome: 'succeeded',
        details: {
          for: principal.name,
          name: input.name,
          readOnly: input.readOnly ?? false,
          scope: input.scope ?? null,
          expiresAt: input.expiresAt ?? null,
          parent: row.parent_token_id,
        },
      });
    });
    return { row, secret };
  }

  /**
   * A principal's tokens. Listing is a read: a full or read-only token lists its own principal's
   * (others' need principals/read at the organisation); a narrowed token sees only its own
   * principal's tokens narrowed to its scope; a session token lists none.
   */
  async tokens(kind: PrincipalKind, name: string, access: AccessContext): Promise<TokenRow[]> {
    const presented = access.principal.token;
    if (presented.session) access.requireFullCredential('listing tokens');
    const principal = await this.get(kind, name);
    if (principal.id !== access.principal.id) access.require('principals/read');
    const rows = await listTokens(this.store.session, principal.id);
    const scope = presented.scope;
    return scope === undefined ? rows : rows.filter((t) => t.scope_kind === scope.kind && t.scope_key === scope.key);
  }

  /**
   * Revokes a token and every token derived from it, in one transaction. A full token revokes its
   * principal's tokens (others' need principals/write); a narrowed token only itself and the tokens
   * it minted; a read-only or session token nothing.
   */
  async revoke(id: string, access: AccessContext): Promise<TokenRow> {
    const presented = access.principal.token;
    if (presented.readOnly || presented.session) access.requireFullCredential('revoking a token');
    const wellFormed = /^[0-9a-f-]{36}$/.test(id);
    const token = wellFormed ? await findTokenById(this.store.session, id) : undefined;
    // Only a token id is echoed: what else arrives here is often the secret itself, pasted by mistake.
    if (token === undefined)
      throw new ArcaError(
        'TokenNotFound',
        wellFormed
          ? `no token has the id ${JSON.stringify(id)}`
          : 'no token has this id: token ids are UUIDs (arca token list shows them), never the secret',
        { target: 'id' },
      );
    if (token.principal_id !== access.principal.id) access.require('principals/write');
    else if (presented.scope !== undefined && !(await derivesFrom(this.store.session, token.id, presented.id))) {
      throw new ArcaError(
        'CredentialRestricted',
        `this token is ${access.describeCredential()}; it may revoke only itself and the tokens it created, token ${id} needs a full token`,
        { target: 'id' },
      );
    }
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      const { derived } = await revokeToken(trx, id, now);
      await auditor(access.principal, now).append(trx, {
        action: 'tokens/revoke',
        target: `arca://tokens/${id}`,
        outcome: 'succeeded',
        ...(derived > 0 ? { details: { derivedRevoked: derived } } : {}),
      });
    });
    return (await findTokenById(this.store.session, id)) ?? token;
  }

  async upsertGroup(name: string, description: string | null | undefined, access: AccessContext) {
    assertPrincipalName(name);
    access.require('principals/write');
    const now = isoNow(this.clock);
    try {
      await this.store.transaction(async (trx) => {
        const existing = await findGroup(trx, nameKey(name));
        if (existing) await updateGroup(trx, existing.id, { description });
        else
          await insertGroup(trx, {
            id: randomUUID(),
            name,
            nameKey: nameKey(name),
            description: description ?? null,
            at: now,
            by: access.principal.name,
          });
        await auditor(access.principal, now).append(trx, {
          action: 'principals/write',
          target: `arca://groups/${name}`,
          outcome: 'succeeded',
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return this.group(name);
  }

  async group(name: string) {
    const group = await findGroup(this.store.session, nameKey(name));
    if (group === undefined)
      throw new ArcaError('GroupNotFound', `no group is named ${JSON.stringify(name)}`, { target: 'name' });
    return { ...group, members: await groupMembers(this.store.session, group.id) };
  }

  async groups() {
    return listGroups(this.store.session);
  }

  /** Adds or removes a member (a user or service principal, by name). */
  async setMembership(groupName: string, memberName: string, member: boolean, access: AccessContext) {
    access.require('principals/write');
    const group = await this.group(groupName);
    const principal = await findPrincipalByName(this.store.session, nameKey(memberName));
    if (principal === undefined)
      throw new ArcaError('PrincipalNotFound', `no user or service principal is named ${JSON.stringify(memberName)}`, {
        target: 'member',
      });
    await this.store.transaction(async (trx) => {
      if (member) await addGroupMember(trx, group.id, principal.id);
      else
        await keepingAnOwner(trx, `removing ${principal.name} from group ${group.name}`, () =>
          removeGroupMember(trx, group.id, principal.id),
        );
      await bumpAccessEpoch(trx);
      await auditor(access.principal, this.clock).append(trx, {
        action: 'principals/write',
        target: `arca://groups/${group.name}/members/${principal.name}`,
        outcome: 'succeeded',
        details: { member },
      });
    });
    return this.group(groupName);
  }

  async removeGroup(name: string, access: AccessContext): Promise<void> {
    access.require('principals/write');
    const group = await this.group(name);
    await this.store.transaction(async (trx) => {
      await keepingAnOwner(trx, `deleting group ${group.name}`, async () => {
        await deleteAssignmentsOf(trx, group.id);
        await bumpAccessEpoch(trx);
        await deleteGroup(trx, group.id);
      });
      await auditor(access.principal, this.clock).append(trx, {
        action: 'principals/write',
        target: `arca://groups/${group.name}`,
        outcome: 'succeeded',
        details: { deleted: true },
      });
    });
  }
}

/** Refuses a token that a narrowed token may not mint: one broader (another scope, none) or longer-lived than itself. */
function assertAtMostAsNarrow(
  input: NewToken,
  scope: { kind: ScopeKind; key: string },
  expiresAt: string | undefined,
  credential: string,
): void {
  const flag = `${scope.kind}: ${scope.key}`;
  if (input.scope === undefined || input.scope.kind !== scope.kind || nameKey(input.scope.name) !== scope.key) {
    const asked =
      input.scope === undefined ? 'a token for every scope' : `a token for ${input.scope.kind} ${input.scope.name}`;
    throw new ArcaError(
      'CredentialRestricted',
      `this token is ${credential}; it may create only tokens narrowed to the same ${scope.kind} (give ${flag}); ${asked} needs a full token`,
      { target: scope.kind },
    );
  }
  if (expiresAt !== undefined && (input.expiresAt === undefined || input.expiresAt > expiresAt)) {
    const asked =
      input.expiresAt === undefined ? 'a token that never expires' : `a token expiring at ${input.expiresAt}`;
    throw new ArcaError(
      'CredentialRestricted',
      `this token is ${credential} and expires at ${expiresAt}; it may create only tokens expiring no later (give expires_at ≤ ${expiresAt}); ${asked} needs a full token`,
      { target: 'expires_at' },
    );
  }
}
