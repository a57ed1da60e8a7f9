import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArcaError } from '../core/errors.js';
import type { ScopeKind } from '../core/names.js';
import { authorize, type Permission } from '../services/access.js';
import type { IdentityService, Principal } from '../services/identity.js';

/** What a route declares about access: public, or the permission it needs and where. */
export type RouteAccess =
  | { public: true }
  | { permission: Permission; scope?: { kind: ScopeKind; param: string } };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The principal of an authenticated request (routes without `public` always have one). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new ArcaError('Unauthenticated', 'this route needs a token');
  return request.principal;
}

/**
 * Authenticates and authorises every request before its body is read. A route that declares no
 * access rule is refused outright, so a new route cannot be left open by accident.
 */
export function installAuth(app: FastifyInstance, identity: IdentityService): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (request.is404) return;
    if (access === undefined) throw new ArcaError('InternalError', `route ${request.routeOptions.url ?? ''} declares no access rule`);
    if ('public' in access) return;
    request.principal = await identity.authenticate(request.headers.authorization);
    const params = request.params as Record<string, string | undefined>;
    const scopeName = access.scope ? params[access.scope.param] : undefined;
    authorize(request.principal, access.permission, access.scope && scopeName !== undefined ? { kind: access.scope.kind, name: scopeName } : { kind: 'org' });
  });
}
