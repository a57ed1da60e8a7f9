import { Type } from '@sinclair/typebox';
import { arcaError } from '../../core/errors.js';
import type { RoleService } from '../../services/access/roles.js';
import { accessOf } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { errorResponses } from './http-schemas.js';
import { AssignmentBody, AssignmentView, ScopeQuery, scopeOf } from './identity-schemas.js';
import { assignmentView } from './identity-views.js';

/** Role assignments: who holds which role where (list, assign, remove). */
export function registerRoleAssignmentRoutes(r: TypedRouter, roles: RoleService): void {
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
  registerAssign(r, roles);
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

function registerAssign(r: TypedRouter, roles: RoleService): void {
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
        throw arcaError(
          'InvalidRequestBody',
          'oneOf',
          { choices: 'user, service_principal or group' },
          { target: 'user' },
        );
      return reply
        .status(201)
        .send(
          assignmentView(
            await roles.assign({ role, assignee, scope: scopeOf({ registry, workspace }) }, accessOf(request)),
          ),
        );
    },
  );
}
