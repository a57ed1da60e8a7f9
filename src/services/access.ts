import { ArcaError } from '../core/errors.js';
import { nameKey, type ScopeKind } from '../core/names.js';
import { builtInRoles, grantedBy, type Permission } from '../core/permissions.js';
import type { MetadataStore } from '../storage/metadata/metadata-store.js';
import { assignmentsFor } from '../storage/metadata/access-repository.js';
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
const readPermissions = new Set<Permission>(['registries/read', 'registries/assets/read', 'workspaces/read', 'workspaces/assets/read', 'operations/read', 'principals/read', 'roles/read', 'audit/read', 'jobs/read']);

/**
 * What one authenticated caller may do: the union of its roles (own and groups'), each at the
 * organisation or one registry/workspace, narrowed by its token (read-only, one scope).
 */
export class AccessContext {
  constructor(readonly principal: Principal, private readonly grants: Grant[]) {}

  /** True when the caller holds `permission` at `scope` (an org-wide grant covers every scope). */
  allows(permission: Permission, scope: AccessScope = { kind: 'org' }): boolean {
    const token = this.principal.token;
    if (token.readOnly && !readPermissions.has(permission)) return false;
    if (token.scope !== undefined && (scope.kind === 'org' ? !permission.endsWith('/read') : scope.kind !== token.scope.kind || nameKey(scope.name) !== token.scope.key)) return false;
    return this.grants.some((grant) => grant.permissions.has(permission)
      && (grant.scope === undefined || (scope.kind !== 'org' && grant.scope.kind === scope.kind && grant.scope.key === nameKey(scope.name))));
  }

  /** Throws `Forbidden` naming the missing permission unless the caller holds it. */
  require(permission: Permission, scope: AccessScope = { kind: 'org' }): void {
    if (this.allows(permission, scope)) return;
    const where = scope.kind === 'org' ? 'the organisation' : `${scope.kind} ${scope.name}`;
    throw new ArcaError('Forbidden', `${this.principal.name} lacks the permission ${permission} on ${where}`, { target: permission });
  }

  /** For lists: every scope of a kind (`all`), or the names (case-folded) where the caller holds `permission`. */
  visible(kind: ScopeKind, permission: Permission): 'all' | Set<string> {
    const token = this.principal.token;
    if (token.scope === undefined && this.grants.some((g) => g.scope === undefined && g.permissions.has(permission))) return 'all';
    const keys = new Set<string>();
    for (const grant of this.grants) {
      if (!grant.permissions.has(permission)) continue;
      if (grant.scope === undefined && token.scope?.kind === kind) keys.add(token.scope.key);
      if (grant.scope?.kind === kind && (token.scope === undefined || (token.scope.kind === kind && token.scope.key === grant.scope.key))) keys.add(grant.scope.key);
    }
    return keys;
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

  constructor(private readonly store: MetadataStore, private readonly cacheSize = 10_000) {}

  async contextFor(principal: Principal): Promise<AccessContext> {
    const cached = this.cache.get(principal.id);
    if (cached !== undefined && cached.epoch === principal.accessEpoch) return new AccessContext(principal, cached.grants);
    const grants = await this.loadGrants(principal.id);
    if (this.cache.size >= this.cacheSize) this.cache.clear();
    this.cache.set(principal.id, { epoch: principal.accessEpoch, grants });
    return new AccessContext(principal, grants);
  }

  private async loadGrants(principalId: string): Promise<Grant[]> {
    const rows = await assignmentsFor(this.store.db, principalId);
    const grants: Grant[] = [];
    for (const row of rows) {
      const permissions = builtInGrants.get(row.role_key)
        ?? (row.actions === null ? undefined : grantedBy({ actions: JSON.parse(row.actions) as string[], notActions: JSON.parse(row.not_actions ?? '[]') as string[] }));
      if (permissions === undefined) continue;
      grants.push({ permissions, ...(row.scope_kind === 'org' ? {} : { scope: { kind: row.scope_kind, key: row.scope_key } }) });
    }
    return grants;
  }
}
