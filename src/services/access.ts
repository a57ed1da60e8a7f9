import { ArcaError } from '../core/errors.js';
import type { Principal } from './identity.js';

/** Permission strings, named as Azure names them where Azure has a name. */
export type Permission =
  | 'registries/read' | 'registries/write' | 'registries/delete'
  | 'workspaces/read' | 'workspaces/write' | 'workspaces/delete'
  | 'operations/read'
  | 'registries/assets/read' | 'registries/assets/write' | 'registries/assets/delete' | 'registries/assets/aliases/write'
  | 'workspaces/assets/read' | 'workspaces/assets/write' | 'workspaces/assets/delete' | 'workspaces/assets/aliases/write';

/** What a permission is asked for: the organisation, or one registry or workspace. */
export type AccessScope = { kind: 'org' } | { kind: 'registry' | 'workspace'; name: string };

/**
 * The one authorisation check every route goes through. Until roles and assignments arrive, only
 * administrators hold permissions; the check's signature is the one role-based access will keep.
 */
export function authorize(principal: Principal, permission: Permission, scope: AccessScope = { kind: 'org' }): void {
  if (principal.isAdmin) return;
  const where = scope.kind === 'org' ? 'the organisation' : `${scope.kind} ${scope.name}`;
  throw new ArcaError('Forbidden', `${principal.name} lacks the permission ${permission} on ${where}`, { target: permission });
}
