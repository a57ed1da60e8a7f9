import { compact } from '../../core/compact.js';
import type { RoleService } from '../../services/access/roles.js';
import type { AssignmentView } from '../../services/access/roles.js';
import type { Group, GroupMember, Principal, Token } from '../../core/model/access.js';

export function principalView(p: Principal) {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    email: p.email,
    display_name: p.displayName,
    disabled: p.disabled,
    created_at: p.createdAt,
    created_by: p.createdBy,
  };
}

export function tokenView(t: Token, secret?: string) {
  return {
    id: t.id,
    name: t.name,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    revoked_at: t.revokedAt,
    last_used_at: t.lastUsedAt,
    read_only: t.readOnly,
    scope: t.scopeKind === null ? null : `${t.scopeKind}:${t.scopeKey ?? ''}`,
    ...compact({ token: secret }),
  };
}

export function groupView(g: Group & { members: GroupMember[] }) {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    members: g.members.map((m) => ({ name: m.name, kind: m.kind })),
  };
}

export function roleView(role: Awaited<ReturnType<RoleService['get']>>) {
  return {
    name: role.name,
    description: role.description,
    built_in: role.builtIn,
    actions: role.actions,
    not_actions: role.notActions,
    permissions: role.permissions,
  };
}

export function assignmentView(a: AssignmentView) {
  return {
    id: a.id,
    role: a.role,
    assignee: a.assignee,
    scope: a.scope,
    created_at: a.createdAt,
    created_by: a.createdBy,
  };
}
