import { compact } from '../../core/compact.js';
import type { RoleService } from '../../services/access/roles.js';
import type { PrincipalRow, TokenRow } from '../../storage/metadata/principals-repository.js';

export function principalView(p: PrincipalRow) {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    email: p.email,
    display_name: p.display_name,
    disabled: p.disabled === 1,
    created_at: p.created_at,
    created_by: p.created_by,
  };
}

export function tokenView(t: TokenRow, secret?: string) {
  return {
    id: t.id,
    name: t.name,
    created_at: t.created_at,
    expires_at: t.expires_at,
    revoked_at: t.revoked_at,
    last_used_at: t.last_used_at,
    read_only: t.read_only === 1,
    scope: t.scope_kind === null ? null : `${t.scope_kind}:${t.scope_key ?? ''}`,
    ...compact({ token: secret }),
  };
}

export function groupView(g: {
  id: string;
  name: string;
  description: string | null;
  members: { name: string; kind: string }[];
}) {
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

export function assignmentView(a: {
  id: string;
  role: string;
  assignee: string;
  scope: string;
  created_at: string;
  created_by: string;
}) {
  return {
    id: a.id,
    role: a.role,
    assignee: a.assignee,
    scope: a.scope,
    created_at: a.created_at,
    created_by: a.created_by,
  };
}
