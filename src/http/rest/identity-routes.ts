import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ArcaError } from '../../core/errors.js';
import type { AccessScope } from '../../services/access/access.js';
import type { PrincipalService } from '../../services/access/principals.js';
import type { RoleService } from '../../services/access/roles.js';
import type { PrincipalRow, TokenRow } from '../../storage/metadata/principals-repository.js';
import { accessOf } from '../auth.js';
import { errorResponses } from './http-schemas.js';

const Name = Type.Object({ name: Type.String({ maxLength: 128 }) });
const PrincipalView = Type.Object(
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
const PrincipalBody = Type.Object(
  {
    email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
    display_name: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'PrincipalBody' },
);
const TokenView = Type.Object(
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
const TokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    expires_at: Type.Optional(Type.String({ format: 'date-time' })),
    read_only: Type.Optional(Type.Boolean()),
    registry: Type.Optional(Type.String({ maxLength: 64, description: 'Limit the token to this registry.' })),
    workspace: Type.Optional(Type.String({ maxLength: 64, description: 'Limit the token to this workspace.' })),
  },
  { additionalProperties: false, $id: 'TokenBody' },
);
const RoleView = Type.Object(
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
const RoleBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    actions: Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 }),
    not_actions: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 })),
  },
  { additionalProperties: false, $id: 'RoleBody' },
);
const AssignmentView = Type.Object(
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
const WhoamiAssignment = Type.Object(
  {
    ...AssignmentView.properties,
    from_group: Type.Union([Type.String(), Type.Null()], {
      description: 'The group this role comes through; null when it is assigned to the caller directly.',
    }),
  },
  { $id: 'WhoamiAssignment' },
);
const AssignmentBody = Type.Object(
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
const ScopeQuery = Type.Object(
  { registry: Type.Optional(Type.String({ maxLength: 64 })), workspace: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

function principalView(p: PrincipalRow) {
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

function tokenView(t: TokenRow, secret?: string) {
  return {
    id: t.id,
    name: t.name,
    created_at: t.created_at,
    expires_at: t.expires_at,
    revoked_at: t.revoked_at,
    last_used_at: t.last_used_at,
    read_only: t.read_only === 1,
    scope: t.scope_kind === null ? null : `${t.scope_kind}:${t.scope_key ?? ''}`,
    ...(secret === undefined ? {} : { token: secret }),
  };
}

function scopeOf(query: { registry?: string | undefined; workspace?: string | undefined }): AccessScope {
  if (query.registry !== undefined && query.workspace !== undefined)
    throw new ArcaError('InvalidRequestBody', 'give registry or workspace, not both', { target: 'registry' });
  if (query.registry !== undefined) return { kind: 'registry', name: query.registry };
  if (query.workspace !== undefined) return { kind: 'workspace', name: query.workspace };
  return { kind: 'org' };
}

/** Users, service principals, groups, tokens, roles and role assignments. */
export function registerIdentityRoutes(app: FastifyInstance, principals: PrincipalService, roles: RoleService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/whoami',
    {
      schema: {
        tags: ['identity'],
        operationId: 'whoami',
        summary: 'The caller, its token narrowing and its role assignments: its own and those its groups hold',
        response: {
          200: Type.Object({
            principal: PrincipalView,
            token: Type.Object({
              id: Type.String(),
              read_only: Type.Boolean(),
              scope: Type.Union([Type.String(), Type.Null()]),
            }),
            assignments: Type.Array(WhoamiAssignment),
          }),
          ...errorResponses,
        },
      },
      config: { access: { filtered: 'principals/read' } },
    },
    async (request) => {
      const access = accessOf(request);
      const me = await principals.get(access.principal.kind, access.principal.name);
      const token = access.principal.token;
      // A narrowed token shows only what it can use: the assignments at the organisation and at its scope.
      const tokenScope = token.scope ? `${token.scope.kind}:${token.scope.key}` : null;
      const mine = (await roles.assignmentsOf(me.id)).filter(
        (a) => tokenScope === null || a.scope === 'org' || a.scope === tokenScope,
      );
      return {
        principal: principalView(me),
        token: { id: token.id, read_only: token.readOnly, scope: tokenScope },
        assignments: mine.map(({ fromGroup, ...assignment }) => ({ ...assignment, from_group: fromGroup })),
      };
    },
  );

  for (const [kind, segment, tag] of [
    ['user', 'users', 'User'],
    ['service', 'service-principals', 'ServicePrincipal'],
  ] as const) {
    r.get(
      `/api/v1/${segment}`,
      {
        schema: {
          tags: ['identity'],
          operationId: `list${tag}s`,
          summary: `List ${segment}`,
          response: { 200: Type.Object({ value: Type.Array(PrincipalView) }), ...errorResponses },
        },
        config: { access: { permission: 'principals/read' } },
      },
      async () => ({ value: (await principals.list(kind)).map(principalView) }),
    );
    r.get(
      `/api/v1/${segment}/:name`,
      {
        schema: {
          tags: ['identity'],
          operationId: `get${tag}`,
          summary: `Show a ${kind}`,
          params: Name,
          response: { 200: PrincipalView, ...errorResponses },
        },
        config: { access: { permission: 'principals/read' } },
      },
      async (request) => principalView(await principals.get(kind, request.params.name)),
    );
    r.put(
      `/api/v1/${segment}/:name`,
      {
        schema: {
          tags: ['identity'],
          operationId: `createOrUpdate${tag}`,
          summary: `Create or update a ${kind}`,
          params: Name,
          body: PrincipalBody,
          response: { 200: PrincipalView, ...errorResponses },
        },
        config: { access: { filtered: 'principals/write' } },
      },
      async (request) =>
        principalView(
          await principals.upsert(
            kind,
            request.params.name,
            {
              ...(request.body.email !== undefined ? { email: request.body.email } : {}),
              ...(request.body.display_name !== undefined ? { displayName: request.body.display_name } : {}),
              ...(request.body.disabled !== undefined ? { disabled: request.body.disabled } : {}),
            },
            accessOf(request),
          ),
        ),
    );
    r.delete(
      `/api/v1/${segment}/:name`,
      {
        schema: {
          tags: ['identity'],
          operationId: `delete${tag}`,
          summary: `Delete a ${kind} (never the last Owner)`,
          params: Name,
          response: { 204: Type.Null(), ...errorResponses },
        },
        config: { access: { filtered: 'principals/write' } },
      },
      async (request, reply) => {
        await principals.remove(kind, request.params.name, accessOf(request));
        return reply.status(204).send(null);
      },
    );
    r.get(
      `/api/v1/${segment}/:name/tokens`,
      {
        schema: {
          tags: ['identity'],
          operationId: `list${tag}Tokens`,
          summary: 'List tokens (never their secrets)',
          params: Name,
          response: { 200: Type.Object({ value: Type.Array(TokenView) }), ...errorResponses },
        },
        config: { access: { filtered: 'principals/read' } },
      },
      async (request) => ({
        value: (await principals.tokens(kind, request.params.name, accessOf(request))).map((t) => tokenView(t)),
      }),
    );
    r.post(
      `/api/v1/${segment}/:name/tokens`,
      {
        schema: {
          tags: ['identity'],
          operationId: `create${tag}Token`,
          summary: 'Create a token; the secret is in `token`, shown once',
          params: Name,
          body: TokenBody,
          response: { 201: TokenView, ...errorResponses },
        },
        config: { access: { filtered: 'principals/write' } },
      },
      async (request, reply) => {
        const { name, expires_at, read_only, registry, workspace } = request.body;
        const scope = scopeOf({ registry, workspace });
        const created = await principals.createToken(
          kind,
          request.params.name,
          {
            name,
            ...(expires_at === undefined ? {} : { expiresAt: new Date(expires_at).toISOString() }),
            ...(read_only === undefined ? {} : { readOnly: read_only }),
            ...(scope.kind === 'org' ? {} : { scope }),
          },
          accessOf(request),
        );
        return reply.status(201).send(tokenView(created.row, created.secret));
      },
    );
  }

  r.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: ['identity'],
        operationId: 'revokeToken',
        summary: 'Revoke a token (your own, or any with principals/write)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: TokenView, ...errorResponses },
      },
      config: { access: { filtered: 'principals/write' } },
    },
    async (request) => tokenView(await principals.revoke(request.params.id, accessOf(request))),
  );

  const GroupView = Type.Object(
    {
      id: Type.String(),
      name: Type.String(),
      description: Type.Union([Type.String(), Type.Null()]),
      members: Type.Array(Type.Object({ name: Type.String(), kind: Type.String() })),
    },
    { $id: 'Group' },
  );
  const groupView = (g: {
    id: string;
    name: string;
    description: string | null;
    members: { name: string; kind: string }[];
  }) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    members: g.members.map((m) => ({ name: m.name, kind: m.kind })),
  });
  r.get(
    '/api/v1/groups',
    {
      schema: {
        tags: ['identity'],
        operationId: 'listGroups',
        summary: 'List groups',
        response: {
          200: Type.Object({
            value: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                description: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
      config: { access: { permission: 'principals/read' } },
    },
    async () => ({
      value: (await principals.groups()).map((g) => ({ id: g.id, name: g.name, description: g.description })),
    }),
  );
  r.get(
    '/api/v1/groups/:name',
    {
      schema: {
        tags: ['identity'],
        operationId: 'getGroup',
        summary: 'Show a group and its members',
        params: Name,
        response: { 200: GroupView, ...errorResponses },
      },
      config: { access: { permission: 'principals/read' } },
    },
    async (request) => groupView(await principals.group(request.params.name)),
  );
  r.put(
    '/api/v1/groups/:name',
    {
      schema: {
        tags: ['identity'],
        operationId: 'createOrUpdateGroup',
        summary: 'Create or update a group',
        params: Name,
        body: Type.Object(
          { description: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 200: GroupView, ...errorResponses },
      },
      config: { access: { filtered: 'principals/write' } },
    },
    async (request) =>
      groupView(await principals.upsertGroup(request.params.name, request.body.description, accessOf(request))),
  );
  r.delete(
    '/api/v1/groups/:name',
    {
      schema: {
        tags: ['identity'],
        operationId: 'deleteGroup',
        summary: 'Delete a group',
        params: Name,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { access: { filtered: 'principals/write' } },
    },
    async (request, reply) => {
      await principals.removeGroup(request.params.name, accessOf(request));
      return reply.status(204).send(null);
    },
  );
  for (const [method, member] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    r[method](
      '/api/v1/groups/:name/members/:member',
      {
        schema: {
          tags: ['identity'],
          operationId: member ? 'addGroupMember' : 'removeGroupMember',
          summary: member ? 'Add a user or service principal to a group' : 'Remove a member from a group',
          params: Type.Object({ name: Type.String({ maxLength: 128 }), member: Type.String({ maxLength: 128 }) }),
          response: { 200: GroupView, ...errorResponses },
        },
        config: { access: { filtered: 'principals/write' } },
      },
      async (request) =>
        groupView(
          await principals.setMembership(request.params.name, request.params.member, member, accessOf(request)),
        ),
    );
  }

  const roleView = (role: Awaited<ReturnType<RoleService['get']>>) => ({
    name: role.name,
    description: role.description,
    built_in: role.builtIn,
    actions: role.actions,
    not_actions: role.notActions,
    permissions: role.permissions,
  });
  r.get(
    '/api/v1/roles',
    {
      schema: {
        tags: ['roles'],
        operationId: 'listRoles',
        summary: 'Built-in and custom roles',
        response: { 200: Type.Object({ value: Type.Array(RoleView) }), ...errorResponses },
      },
      config: { access: { permission: 'roles/read' } },
    },
    async () => ({ value: (await roles.list()).map(roleView) }),
  );
  r.get(
    '/api/v1/roles/:name',
    {
      schema: {
        tags: ['roles'],
        operationId: 'getRole',
        summary: 'Show a role and the permissions it grants',
        params: Name,
        response: { 200: RoleView, ...errorResponses },
      },
      config: { access: { permission: 'roles/read' } },
    },
    async (request) => roleView(await roles.get(request.params.name)),
  );
  r.put(
    '/api/v1/roles/:name',
    {
      schema: {
        tags: ['roles'],
        operationId: 'createRole',
        summary: 'Create a custom role (actions / not_actions with * wildcards)',
        params: Name,
        body: RoleBody,
        response: { 200: RoleView, ...errorResponses },
      },
      config: { access: { filtered: 'roles/write' } },
    },
    async (request) => {
      if (request.body.name !== undefined && request.body.name !== request.params.name)
        throw new ArcaError(
          'NameMismatch',
          `the body names ${request.body.name} but the URL names ${request.params.name}`,
          { target: 'name' },
        );
      return roleView(
        await roles.create(
          {
            name: request.params.name,
            description: request.body.description ?? '',
            actions: request.body.actions,
            notActions: request.body.not_actions ?? [],
          },
          accessOf(request),
        ),
      );
    },
  );

  r.get(
    '/api/v1/role-assignments',
    {
      schema: {
        tags: ['roles'],
        operationId: 'listRoleAssignments',
        summary: 'Role assignments, at org or one registry/workspace',
        querystring: ScopeQuery,
        response: { 200: Type.Object({ value: Type.Array(AssignmentView) }), ...errorResponses },
      },
      config: { access: { filtered: 'roles/read' } },
    },
    async (request) => {
      const scope =
        request.query.registry === undefined && request.query.workspace === undefined
          ? undefined
          : scopeOf(request.query);
      accessOf(request).require('roles/read', scope ?? { kind: 'org' });
      return { value: (await roles.assignments(scope === undefined ? {} : { scope })).map(assignmentView) };
    },
  );
  r.post(
    '/api/v1/role-assignments',
    {
      schema: {
        tags: ['roles'],
        operationId: 'createRoleAssignment',
        summary: 'Assign a role to a user, service principal or group at org, a registry or a workspace',
        body: AssignmentBody,
        response: { 201: AssignmentView, ...errorResponses },
      },
      config: { access: { filtered: 'roles/write' } },
    },
    async (request, reply) => {
      const { role, user, service_principal, group, registry, workspace } = request.body;
      const given = [
        user && { kind: 'user' as const, name: user },
        service_principal && { kind: 'service' as const, name: service_principal },
        group && { kind: 'group' as const, name: group },
      ].filter((x) => !!x);
      const assignee = given[0];
      if (given.length !== 1 || !assignee)
        throw new ArcaError('InvalidRequestBody', 'name exactly one of user, service_principal or group', {
          target: 'user',
        });
      return reply
        .status(201)
        .send(
          assignmentView(
            await roles.assign({ role, assignee, scope: scopeOf({ registry, workspace }) }, accessOf(request)),
          ),
        );
    },
  );
  r.delete(
    '/api/v1/role-assignments/:id',
    {
      schema: {
        tags: ['roles'],
        operationId: 'deleteRoleAssignment',
        summary: 'Remove a role assignment (never the last org Owner)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { access: { filtered: 'roles/write' } },
    },
    async (request, reply) => {
      await roles.unassign(request.params.id, accessOf(request));
      return reply.status(204).send(null);
    },
  );
}

function assignmentView(a: {
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
