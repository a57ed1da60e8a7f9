import { arcaError } from '../../core/errors.js';
import { nameKey, type ScopeKind } from '../../core/names.js';
import { builtInRoles, grantedBy, permissions, type Permission } from '../../core/permissions.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { assignmentsFor } from '../../storage/metadata/access-repository.js';
import type { Principal } from './identity.js';

export type { Permission };

/** What a permission is asked for: the organisation, or one registry or workspace (by name). */
export type AccessScope = { kind: 'org' } | { kind: ScopeKind; name: string };

interface Grant {
  permissions: Set<Permission>;
  /** undefined: the whole organisation */
  scope?: { kind: ScopeKind; key: string };
}

const builtInGrants = new Map(builtInRoles.map((role) => [nameKey(role.name), grantedBy(role)]));
const readPermissions = new Set<Permission>([
  'registries/read',
  'registries/assets/read',
  'workspaces/read',
  'workspaces/assets/read',
  'operations/read',
  'principals/read',
  'roles/read',
  'audit/read',
  'jobs/read',
  'automations/read',
]);

/**
 * What one authenticated caller may do: the union of its roles (own and groups'), each at the
 * organisation or one registry/workspace, narrowed by its token (read-only, one scope). A narrowed
 * token acts only inside its scope: every organisation-wide permission is refused to it, reads too;
 * routes about its scope alone ask with `allowsAbout`.
 */
export class AccessContext {
  constructor(
    readonly principal: Principal,
    private readonly grants: Grant[],
  ) {}

  /** True when the caller holds `permission` at `scope` (an org-wide grant covers every scope). */
  allows(permission: Permission, scope: AccessScope = { kind: 'org' }): boolean {
    return this.credentialLimit(permission, scope) === undefined && this.granted(permission, scope);
  }

  /** Throws `Forbidden` naming the missing permission, or `CredentialRestricted` when the role grants it but the token does not. */
  require(permission: Permission, scope: AccessScope = { kind: 'org' }): void {
    if (this.allows(permission, scope)) return;
    const where = scope.kind === 'org' ? 'the organisation' : `${scope.kind} ${scope.name}`;
    const limit = this.credentialLimit(permission, scope);
    if (limit !== undefined && this.granted(permission, scope)) {
      throw arcaError(
        'CredentialRestricted',
        { limit, permission, where, needed: this.neededFor(permission, scope) },
        { target: permission },
      );
    }
    throw arcaError('Forbidden', { principal: this.principal.name, permission, where }, { target: permission });
  }

  /**
   * An organisation-level permission asked about one registry or workspace only (an operation of it,
   * the evidence of one of its versions): a token narrowed to that scope may, and a role held at that
   * scope counts as well as one held at the organisation.
   */
  allowsAbout(permission: Permission, scope: { kind: ScopeKind; name: string }): boolean {
    return (
      this.credentialLimit(permission, scope) === undefined &&
      (this.granted(permission, { kind: 'org' }) || this.granted(permission, scope))
    );
  }

  /** `allowsAbout`, or the error `require` would throw. */
  requireAbout(permission: Permission, scope: { kind: ScopeKind; name: string }): void {
    if (this.allowsAbout(permission, scope)) return;
    if (this.granted(permission, { kind: 'org' }) || this.granted(permission, scope)) {
      throw arcaError(
        'CredentialRestricted',
        {
          limit: this.credentialLimit(permission, scope) ?? '',
          permission,
          where: `${scope.kind} ${scope.name}`,
          needed: this.neededFor(permission, scope),
        },
        { target: permission },
      );
    }
    this.require(permission, scope);
  }

  /** What the presented token is, in words: `a full token`, `read-only`, `narrowed to workspace ws1`, `a /v2/ session token`. */
  describeCredential(): string {
    const token = this.principal.token;
    const parts = [
      token.session ? 'a /v2/ session token' : '',
      token.readOnly ? 'read-only' : '',
      token.scope ? `narrowed to ${token.scope.kind} ${token.scope.key}` : '',
    ].filter(Boolean);
    return parts.length === 0 ? 'a full token' : parts.join(', ');
  }

  /** True for a token that is neither read-only, nor narrowed, nor a `/v2/` session token. */
  isFullCredential(): boolean {
    const token = this.principal.token;
    return !token.readOnly && token.scope === undefined && !token.session;
  }

  /** Throws `CredentialRestricted` unless the token is a full credential; `action` says what was tried. */
  requireFullCredential(action: string): void {
    if (this.isFullCredential()) return;
    throw arcaError('CredentialRestricted', 'needsFullToken', { credential: this.describeCredential(), action });
  }

  /** For lists: every scope of a kind (`all`), or the names (case-folded) where the caller holds `permission`. */
  visible(kind: ScopeKind, permission: Permission): 'all' | Set<string> {
    const token = this.principal.token;
    if (token.readOnly && !readPermissions.has(permission)) return new Set();
    if (token.scope === undefined && this.grants.some((g) => g.scope === undefined && g.permissions.has(permission)))
      return 'all';
    const keys = new Set<string>();
    for (const grant of this.grants) {
      if (!grant.permissions.has(permission)) continue;
      if (grant.scope === undefined && token.scope?.kind === kind) keys.add(token.scope.key);
      if (
        grant.scope?.kind === kind &&
        (token.scope === undefined || (token.scope.kind === kind && token.scope.key === grant.scope.key))
      )
        keys.add(grant.scope.key);
    }
    return keys;
  }

  /**
   * What the caller may do, for a client to show or hide actions: the permissions held across the
   * organisation, and those held at each registry or workspace a grant (or the token) names. The token's
   * limits apply; the server checks every request all the same.
   */
  summary(): { org: Permission[]; scopes: Record<string, Permission[]> } {
    const named = this.grants.flatMap((grant) => (grant.scope ? [grant.scope] : []));
    if (this.principal.token.scope) named.push(this.principal.token.scope);
    const scopes: Record<string, Permission[]> = {};
    for (const { kind, key } of named) {
      const held = permissions.filter((permission) => this.allows(permission, { kind, name: key }));
      if (held.length > 0) scopes[`${kind}:${key}`] = held;
    }
    return { org: permissions.filter((permission) => this.allows(permission)), scopes };
  }

  /** What the roles grant, whatever the token. */
  private granted(permission: Permission, scope: AccessScope): boolean {
    return this.grants.some(
      (grant) =>
        grant.permissions.has(permission) &&
        (grant.scope === undefined ||
          (scope.kind !== 'org' && grant.scope.kind === scope.kind && grant.scope.key === nameKey(scope.name))),
    );
  }

  /** Why the token (not the role) refuses `permission` at `scope`, in words; undefined when it does not. */
  private credentialLimit(permission: Permission, scope: AccessScope): string | undefined {
    const token = this.principal.token;
    if (token.readOnly && !readPermissions.has(permission)) return this.describeCredential();
    if (
      token.scope !== undefined &&
      (scope.kind === 'org' || scope.kind !== token.scope.kind || nameKey(scope.name) !== token.scope.key)
    )
      return this.describeCredential();
    return undefined;
  }

  private neededFor(permission: Permission, scope: AccessScope): string {
    const token = this.principal.token;
    const outside =
      token.scope !== undefined &&
      (scope.kind === 'org' || scope.kind !== token.scope.kind || nameKey(scope.name) !== token.scope.key);
    const wants = [
      token.readOnly && !readPermissions.has(permission) ? 'not read-only' : '',
      outside && token.scope ? `not narrowed to ${token.scope.kind} ${token.scope.key}` : '',
    ].filter(Boolean);
    return `a token that is ${wants.join(' and ')}`;
  }
}

/**
 * Builds the access context of a principal from its assignments (and its groups'). Computed grants
 * are kept per principal while the access epoch — read with the token on every request, bumped in
 * the transaction of every role, assignment or membership change — stays the same, so a change
 * takes effect on the next request in every process.
 */
export class AccessService {
  private readonly cache = new Map<string, { epoch: number; grants: Grant[] }>();

  constructor(
    private readonly store: MetadataStore,
    private readonly cacheSize = 10_000,
  ) {}

  async contextFor(principal: Principal): Promise<AccessContext> {
    const cached = this.cachedContextFor(principal);
    if (cached !== undefined) return cached;
    const grants = await this.loadGrants(principal.id);
    if (this.cache.size >= this.cacheSize) this.cache.clear();
    this.cache.set(principal.id, { epoch: principal.accessEpoch, grants });
    return new AccessContext(principal, grants);
  }

  /** The context from grants computed at the principal's access epoch, without waiting; undefined when there are none. */
  cachedContextFor(principal: Principal): AccessContext | undefined {
    const cached = this.cache.get(principal.id);
    return cached !== undefined && cached.epoch === principal.accessEpoch
      ? new AccessContext(principal, cached.grants)
      : undefined;
  }

  private async loadGrants(principalId: string): Promise<Grant[]> {
    const rows = await assignmentsFor(this.store.session, principalId);
    const grants: Grant[] = [];
    for (const row of rows) {
      const permissions =
        builtInGrants.get(row.roleKey) ?? (row.customRole === null ? undefined : grantedBy(row.customRole));
      if (permissions === undefined) continue;
      grants.push({
        permissions,
        ...(row.scopeKind === 'org' ? {} : { scope: { kind: row.scopeKind, key: row.scopeKey } }),
      });
    }
    return grants;
  }
}
