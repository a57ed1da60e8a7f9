import type { Scope } from '../../core/model/scopes.js';
import type { FastifyRequest } from 'fastify';
import { scopeSegments } from '../../core/names.js';
import { parseRepositoryName, type RepositoryName } from '../../core/oci/oci-manifests.js';
import type { AccessService, Permission } from '../../services/access/access.js';
import type { IdentityService } from '../../services/access/identity.js';
import type { OciService } from '../../services/oci/oci-service.js';
import { requestContextOf } from '../auth.js';
import { routeConfigOf } from '../route-config.js';

/** What an OCI route needs: a valid token (`login`), or read / write / delete on the repository's scope. */
export type OciAction = 'login' | 'pull' | 'push' | 'delete';

declare module 'fastify' {
  interface FastifyRequest {
    /** The scope an OCI route's repository name resolved to (set by the guard). */
    ociScope?: Scope;
    ociName?: RepositoryName;
  }
}

const permissionVerb = { pull: 'read', push: 'write', delete: 'delete' } as const;

/**
 * The secret an OCI client presents: `Bearer <token>` (an Arca token, or one from `/v2/token`) or
 * `Basic base64(user:token)` — the user name is not trusted, the token alone says who is calling.
 */
export function presentedSecret(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const bearer = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization);
  if (bearer) return bearer[1];
  const basic = /^Basic ([A-Za-z0-9+/=]{1,1024})$/.exec(authorization);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Authenticates an OCI request and checks the permission its repository's scope needs. */
export async function ociGuard(
  request: FastifyRequest,
  action: OciAction,
  services: { identity: IdentityService; access: AccessService; oci: OciService },
): Promise<void> {
  const secret = presentedSecret(request.headers.authorization);
  request.principal = await services.identity.authenticate(
    secret === undefined ? undefined : `Bearer ${secret}`,
    requestContextOf(request),
  );
  request.access = await services.access.contextFor(request.principal);
  if (action === 'login') return;
  const params = request.params as Record<string, string>;
  const name = parseRepositoryName(params['scope'] ?? '', params['segment'] ?? '', params['name'] ?? '');
  const scope = await services.oci.resolveScope(name.scope);
  const permission = `${scopeSegments[scope.kind]}/assets/${permissionVerb[action]}` as Permission;
  request.access.require(permission, { kind: scope.kind, name: scope.name });
  request.ociScope = scope;
  request.ociName = name;
}

/** `repository:<name>:pull,push` scopes of a token request, parsed; malformed ones are ignored as the Docker token spec allows. */
export function parseTokenScopes(scopes: string[]): { repository: string; actions: string[] }[] {
  const parsed: { repository: string; actions: string[] }[] = [];
  for (const scope of scopes) {
    for (const one of scope.split(' ')) {
      const match = /^repository:([^:]+(?::\d+)?[^:]*):([a-z*,]+)$/.exec(one);
      if (match) parsed.push({ repository: match[1] ?? '', actions: (match[2] ?? '').split(',').filter(Boolean) });
    }
  }
  return parsed;
}

/** The scope of an OCI request that failed authentication, for the `WWW-Authenticate` challenge. */
export function challengeScope(request: FastifyRequest): string | undefined {
  const route = routeConfigOf(request);
  const rule = route.access;
  if (route.url === '/v2/_catalog') return 'registry:catalog:*';
  if (rule === undefined || !('oci' in rule) || rule.oci === 'login') return undefined;
  const params = request.params as Record<string, string | undefined>;
  if (params['scope'] === undefined || params['segment'] === undefined || params['name'] === undefined)
    return undefined;
  const actions = rule.oci === 'pull' ? 'pull' : rule.oci === 'push' ? 'pull,push' : 'delete';
  return `repository:${params['scope']}/${params['segment']}/${params['name']}:${actions}`;
}
