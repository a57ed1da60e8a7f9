import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { PrincipalService } from '../../services/access/principals.js';
import type { RoleService } from '../../services/access/roles.js';
import { registerGroupRoutes } from './group-routes.js';
import { registerPrincipalTokenRoutes, registerRevokeTokenRoute } from './principal-token-routes.js';
import { registerPrincipalRoutes } from './principal-routes.js';
import { registerRoleAssignmentRoutes } from './role-assignment-routes.js';
import { registerRoleRoutes } from './role-routes.js';
import { registerWhoamiRoute } from './whoami-routes.js';

/** Users, service principals, groups, tokens, roles and role assignments. */
export function registerIdentityRoutes(app: FastifyInstance, principals: PrincipalService, roles: RoleService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // The registration order is the order of the paths in the OpenAPI document.
  registerWhoamiRoute(r, principals, roles);
  for (const [kind, segment, tag] of [
    ['user', 'users', 'User'],
    ['service', 'service-principals', 'ServicePrincipal'],
  ] as const) {
    const context = { r, principals, kind, segment, tag };
    registerPrincipalRoutes(context);
    registerPrincipalTokenRoutes(context);
  }
  registerRevokeTokenRoute(r, principals);
  registerGroupRoutes(r, principals);
  registerRoleRoutes(r, roles);
  registerRoleAssignmentRoutes(r, roles);
}
