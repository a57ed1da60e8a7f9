import { Type } from '@sinclair/typebox';
import { arcaError } from '../../core/errors.js';
import type { AccessScope } from '../../services/access/access.js';

export const Name = Type.Object({ name: Type.String({ maxLength: 128 }) });
export const PrincipalView = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    display_name: Type.Union([Type.String(), Type.Null()]),
    disabled: Type.Boolean(),
    created_at: Type.String(),
    created_by: Type.String(),
  },
  { $id: 'Principal' },
);
export const PrincipalBody = Type.Object(
  {
    email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
    display_name: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'PrincipalBody' },
);
export const TokenView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    created_at: Type.String(),
    expires_at: Type.Union([Type.String(), Type.Null()]),
    revoked_at: Type.Union([Type.String(), Type.Null()]),
    last_used_at: Type.Union([Type.String(), Type.Null()]),
    read_only: Type.Boolean(),
    scope: Type.Union([Type.String(), Type.Null()]),
    token: Type.Optional(Type.String({ description: 'The secret: shown once, when the token is created.' })),
  },
  { $id: 'Token' },
);
export const TokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    expires_at: Type.Optional(Type.String({ format: 'date-time' })),
    read_only: Type.Optional(Type.Boolean()),
    registry: Type.Optional(Type.String({ maxLength: 64, description: 'Limit the token to this registry.' })),
    workspace: Type.Optional(Type.String({ maxLength: 64, description: 'Limit the token to this workspace.' })),
  },
  { additionalProperties: false, $id: 'TokenBody' },
);
export const RoleView = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    built_in: Type.Boolean(),
    actions: Type.Array(Type.String()),
    not_actions: Type.Array(Type.String()),
    permissions: Type.Array(Type.String()),
  },
  { $id: 'Role' },
);
export const RoleBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    actions: Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 }),
    not_actions: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 })),
  },
  { additionalProperties: false, $id: 'RoleBody' },
);
export const AssignmentView = Type.Object(
  {
    id: Type.String(),
    role: Type.String(),
    assignee: Type.String({ description: '`user:alice`, `service:ci`, `group:team-a`' }),
    scope: Type.String({ description: '`org`, `registry:<name>`, `workspace:<name>`' }),
    created_at: Type.String(),
    created_by: Type.String(),
  },
  { $id: 'RoleAssignment' },
);
export const WhoamiAssignment = Type.Object(
  {
    ...AssignmentView.properties,
    from_group: Type.Union([Type.String(), Type.Null()], {
      description: 'The group this role comes through; null when it is assigned to the caller directly.',
    }),
  },
  { $id: 'WhoamiAssignment' },
);
export const AssignmentBody = Type.Object(
  {
    role: Type.String({ maxLength: 128 }),
    user: Type.Optional(Type.String({ maxLength: 128 })),
    service_principal: Type.Optional(Type.String({ maxLength: 128 })),
    group: Type.Optional(Type.String({ maxLength: 128 })),
    registry: Type.Optional(Type.String({ maxLength: 64 })),
    workspace: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false, $id: 'RoleAssignmentBody' },
);
export const ScopeQuery = Type.Object(
  { registry: Type.Optional(Type.String({ maxLength: 64 })), workspace: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

export const GroupView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    members: Type.Array(Type.Object({ name: Type.String(), kind: Type.String() })),
  },
  { $id: 'Group' },
);

/** The scope a `registry` or `workspace` field names; the organisation when neither is given. */
export function scopeOf(query: { registry?: string | undefined; workspace?: string | undefined }): AccessScope {
  if (query.registry !== undefined && query.workspace !== undefined)
    throw arcaError(
      'InvalidRequestBody',
      'notBoth',
      { first: 'registry', second: 'workspace' },
      { target: 'registry' },
    );
  if (query.registry !== undefined) return { kind: 'registry', name: query.registry };
  if (query.workspace !== undefined) return { kind: 'workspace', name: query.workspace };
  return { kind: 'org' };
}
