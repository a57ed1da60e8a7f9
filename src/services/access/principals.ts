import { compact } from '../../core/compact.js';
import { randomUUID } from 'node:crypto';
import { arcaError } from '../../core/errors.js';
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
} from '../../storage/metadata/principals-repository.js';
import type { Group, GroupMember, Principal, PrincipalKind, Token } from '../../core/model/access.js';
import type { AccessContext } from './access.js';
import { isoNow, type Clock } from '../clock.js';
import { keepingAnOwner } from './owners.js';
import { generateToken, hashToken } from './identity.js';

export type { PrincipalKind };
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

  async upsert(kind: PrincipalKind, name: string, fields: PrincipalFields, access: AccessContext): Promise<Principal> {
    assertPrincipalName(name);
    access.require('principals/write');
    const now = isoNow(this.clock);
    await this.store.transaction(async (trx) => {
      const existing = await findPrincipalByName(trx, nameKey(name));
      if (existing && existing.kind !== kind)
        throw arcaError('PrincipalKindConflict', { name, kind: label[existing.kind] }, { target: 'name' });
      if (existing && fields.disabled === true && !existing.disabled) {
        await keepingAnOwner(trx, `disabling ${existing.name}`, () =>
          updatePrincipal(trx, existing.id, { disabled: true }),
        );
      }
      if (existing) {
        await updatePrincipal(trx, existing.id, {
          ...compact({ email: fields.email, displayName: fields.displayName, disabled: fields.disabled }),
        });
      } else {
        await insertPrincipal(trx, {
          id: randomUUID(),
          kind,
          name,
          nameKey: nameKey(name),
          displayName: fields.displayName ?? null,
          email: fields.email ?? null,
          disabled: fields.disabled ?? false,
          isAdmin: false,
          createdAt: now,
          createdBy: access.principal.name,
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

  async get(kind: PrincipalKind, name: string): Promise<Principal> {
    const found = await findPrincipalByName(this.store.session, nameKey(name));
    if (found === undefined || found.kind !== kind)
      throw arcaError('PrincipalNotFound', { kind: label[kind], name }, { target: 'name' });
    return found;
  }

  list(kind: PrincipalKind): Promise<Principal[]> {
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
  ): Promise<{ token: Token; secret: string }> {
    const presented = access.principal.token;
    if (presented.readOnly || presented.session) access.requireFullCredential('creating a token');
    const principal = await this.get(kind, name);
    if (principal.id !== access.principal.id) access.require('principals/write');
    const now = isoNow(this.clock);
    if (input.expiresAt !== undefined && input.expiresAt <= now)
      throw arcaError('InvalidRequestBody', 'expiresInPast', {}, { target: 'expires_at' });
    if (presented.scope !== undefined)
      assertAtMostAsNarrow(input, presented.scope, presented.expiresAt, access.describeCredential());
    const secret = generateToken();
    const token: Token = {
      id: randomUUID(),
      principalId: principal.id,
      name: input.name,
      tokenHash: hashToken(secret),
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
      lastUsedAt: null,
      readOnly: input.readOnly ?? false,
      scopeKind: input.scope?.kind ?? null,
      scopeKey: input.scope ? nameKey(input.scope.name) : null,
      parentTokenId: presented.scope === undefined ? null : presented.id,
      session: false,
      studioSession: false,
    };
    await this.store.transaction(async (trx) => {
      if (token.parentTokenId !== null) {
        // Held until commit, so a revoke of the parent either sees this child or this sees the revoke.
        const parent = await lockTokenForDerivation(trx, token.parentTokenId);
        if (
          parent === undefined ||
          parent.revokedAt !== null ||
          (parent.expiresAt !== null && parent.expiresAt <= now)
        ) {
          throw arcaError('Unauthenticated', 'revoked', {});
        }
      }
      await insertToken(trx, token);
      await auditor(access.principal, token.createdAt).append(trx, {
        action: 'tokens/create',
        target: `arca://tokens/${token.id}`,
        outcome: 'succeeded',
        details: {
          for: principal.name,
          name: input.name,
          readOnly: input.readOnly ?? false,
          scope: input.scope ?? null,
          expiresAt: input.expiresAt ?? null,
          parent: token.parentTokenId,
        },
      });
    });
    return { token, secret };
  }

  /**
   * A principal's tokens. Listing is a read: a full or read-only token lists its own principal's
   * (others' need principals/read at the organisation); a narrowed token sees only its own
   * principal's tokens narrowed to its scope; a session token lists none.
   */
  async tokens(kind: PrincipalKind, name: string, access: AccessContext): Promise<Token[]> {
    const presented = access.principal.token;
    if (presented.session) access.requireFullCredential('listing tokens');
    const principal = await this.get(kind, name);
    if (principal.id !== access.principal.id) access.require('principals/read');
    const rows = await listTokens(this.store.session, principal.id);
    const scope = presented.scope;
    return scope === undefined ? rows : rows.filter((t) => t.scopeKind === scope.kind && t.scopeKey === scope.key);
  }

  /**
   * Revokes a token and every token derived from it, in one transaction. A full token revokes its
   * principal's tokens (others' need principals/write); a narrowed token only itself and the tokens
   * it minted; a read-only or session token nothing.
   */
  async revoke(id: string, access: AccessContext): Promise<Token> {
    const presented = access.principal.token;
    if (presented.readOnly || presented.session) access.requireFullCredential('revoking a token');
    const wellFormed = /^[0-9a-f-]{36}$/.test(id);
    const token = wellFormed ? await findTokenById(this.store.session, id) : undefined;
    // Only a token id is echoed: what else arrives here is often the secret itself, pasted by mistake.
    if (token === undefined)
      throw wellFormed
        ? arcaError('TokenNotFound', { id }, { target: 'id' })
        : arcaError('TokenNotFound', 'notUuid', {}, { target: 'id' });
    if (token.principalId !== access.principal.id) access.require('principals/write');
    else if (presented.scope !== undefined && !(await derivesFrom(this.store.session, token.id, presented.id))) {
      throw arcaError(
        'CredentialRestricted',
        'revokeOthers',
        { credential: access.describeCredential(), id },
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
            createdAt: now,
            createdBy: access.principal.name,
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

  async group(name: string): Promise<Group & { members: GroupMember[] }> {
    const group = await findGroup(this.store.session, nameKey(name));
    if (group === undefined) throw arcaError('GroupNotFound', { name }, { target: 'name' });
    return { ...group, members: await groupMembers(this.store.session, group.id) };
  }

  async groups(): Promise<Group[]> {
    return listGroups(this.store.session);
  }

  /** Adds or removes a member (a user or service principal, by name). */
  async setMembership(groupName: string, memberName: string, member: boolean, access: AccessContext) {
    access.require('principals/write');
    const group = await this.group(groupName);
    const principal = await findPrincipalByName(this.store.session, nameKey(memberName));
    if (principal === undefined)
      throw arcaError(
        'PrincipalNotFound',
        { kind: 'user or service principal', name: memberName },
        { target: 'member' },
      );
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
    throw arcaError(
      'CredentialRestricted',
      'narrowerScope',
      { credential, kind: scope.kind, flag, asked },
      { target: scope.kind },
    );
  }
  if (expiresAt !== undefined && (input.expiresAt === undefined || input.expiresAt > expiresAt)) {
    const asked =
      input.expiresAt === undefined ? 'a token that never expires' : `a token expiring at ${input.expiresAt}`;
    throw arcaError('CredentialRestricted', 'laterExpiry', { credential, expiresAt, asked }, { target: 'expires_at' });
  }
}
