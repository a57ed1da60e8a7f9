import { Type } from '@sinclair/typebox';
import { arcaError } from '../../core/errors.js';
import type { RoleService } from '../../services/access/roles.js';
import { accessOf } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { errorResponses } from './http-schemas.js';
import { Name, RoleBody, RoleView } from './identity-schemas.js';
import { roleView } from './identity-views.js';

/** Roles: the built-in ones and custom ones (list, show, create). */
export function registerRoleRoutes(r: TypedRouter, roles: RoleService): void {
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
  registerCreateRole(r, roles);
}

function registerCreateRole(r: TypedRouter, roles: RoleService): void {
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
        throw arcaError(
          'NameMismatch',
          { bodyName: request.body.name, urlName: request.params.name },
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
}
