import type { FastifyInstance, FastifyRequest } from 'fastify';
import { arcaError } from '../core/errors.js';
import type { ScopeKind } from '../core/names.js';
import type { AccessContext, AccessService, Permission } from '../services/access/access.js';
import type { IdentityService, Principal } from '../services/access/identity.js';
import type { AuditRequestContext } from '../storage/metadata/audit-context.js';
import type { OciService } from '../services/oci/oci-service.js';
import { ociGuard, presentedSecret, type OciAction } from './oci/oci-auth.js';
import { installRouteConfig, routeConfigOf } from './route-config.js';
import { requireCsrf, sessionSecretOf } from './studio-session-cookie.js';

/** What a route declares about access: public, or the permission it needs and where. */
export type RouteAccess =
  | { public: true }
  /** Any authenticated caller; the handler narrows what it returns (lists show only what the caller may read). */
  | { filtered: Permission }
  /** `basic`: a Basic header with an Arca token as the password is taken too (MLflow clients send one). */
  | { permission: Permission; scope?: { kind: ScopeKind; param: string }; basic?: true }
  /**
   * OCI routes: Bearer or Basic (an Arca token as the password); `login` needs only a valid token,
   * the others the asset permission on the scope the repository name (`:scope` param) resolves to.
   */
  | { oci: OciAction };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal?: Principal;
    access?: AccessContext;
  }
}

/** The request id and client address that audit events written while serving `request` carry. */
export function requestContextOf(request: FastifyRequest): AuditRequestContext {
  return { requestId: request.id, source: request.ip };
}

/** The principal of an authenticated request (routes without `public` always have one). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw arcaError('Unauthenticated', {});
  return request.principal;
}

/** The caller's access context (every non-public route has one). */
export function accessOf(request: FastifyRequest): AccessContext {
  if (request.access === undefined) throw arcaError('Unauthenticated', {});
  return request.access;
}

/**
 * Authenticates and authorises every request before its body is read: the one check every route
 * goes through. A route that declares no access rule is refused outright, so a new route cannot be
 * left open by accident.
 */
export function installAuth(
  app: FastifyInstance,
  identity: IdentityService,
  access: AccessService,
  oci: OciService,
): void {
  installRouteConfig(app);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('access', undefined);
  // Shutdown closes the database after the app: the uses of tokens recorded in memory land first.
  app.addHook('onClose', () => identity.flushTokenUses());
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const route = routeConfigOf(request);
    const rule = route.access;
    if (rule === undefined) throw arcaError('InternalError', 'noAccessRule', { route: route.url });
    if ('public' in rule) return;
    if ('oci' in rule) return ociGuard(request, rule.oci, { identity, access, oci });
    // A bearer token wins over a cookie; a cookie authenticates only a studio session, and only with its CSRF header.
    // Every audit event the principal causes while serving the request carries its id and the client's address.
    let { authorization } = request.headers;
    let presented = request.arcaPresentedCredential ?? undefined;
    if ('basic' in rule && authorization?.startsWith('Basic ') === true) {
      const secret = presentedSecret(authorization);
      authorization = secret === undefined ? undefined : `Bearer ${secret}`;
      // The rate limiter hashed the whole Basic header, not the token inside it: authenticate hashes the token.
      presented = undefined;
    }
    const cookieSecret =
      authorization === undefined || authorization === '' ? sessionSecretOf(request.headers.cookie) : undefined;
    if (cookieSecret === undefined) {
      request.principal = await identity.authenticate(authorization, requestContextOf(request), presented);
      if (request.principal.token.session) throw arcaError('CredentialRestricted', 'sessionTokenOffV2', {});
    } else {
      request.principal = await identity.authenticateStudioSession(
        cookieSecret,
        requestContextOf(request),
        request.arcaPresentedCredential ?? undefined,
      );
      requireCsrf(request, cookieSecret);
    }
    // Grants cached at the current access epoch need no await (one promise fewer on every request).
    request.access = access.cachedContextFor(request.principal) ?? (await access.contextFor(request.principal));
    if ('filtered' in rule) return;
    const params = request.params as Record<string, string | undefined>;
    const scopeName = rule.scope ? params[rule.scope.param] : undefined;
    request.access.require(
      rule.permission,
      rule.scope && scopeName !== undefined ? { kind: rule.scope.kind, name: scopeName } : { kind: 'org' },
    );
  });
}
