import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { arcaError } from '../../core/errors.js';
import { permissions } from '../../core/permissions.js';
import type { AccessContext, AccessService } from '../../services/access/access.js';
import type { IdentityService } from '../../services/access/identity.js';
import type { PrincipalService } from '../../services/access/principals.js';
import type { RoleService } from '../../services/access/roles.js';
import { accessOf, principalOf, requestContextOf } from '../auth.js';
import {
  clearedSessionCookie,
  csrfValueOf,
  secureCookies,
  sessionCookie,
  sessionSecretOf,
} from '../studio-session-cookie.js';
import type { TypedRouter } from '../typed-router.js';
import { errorResponses } from './http-schemas.js';
import { CallerView, callerView } from './whoami-routes.js';

/** How studio sessions are limited (from the configuration). */
export interface StudioSessionLimits {
  maxSeconds: number;
  idleSeconds: number;
}

const PermissionList = Type.Array(Type.Union(permissions.map((p) => Type.Literal(p))));
const SessionView = Type.Object(
  {
    ...CallerView.properties,
    credential: Type.String({
      description: 'The signed-in token in words: `a full token`, `read-only`, `narrowed to …`.',
    }),
    permissions: Type.Object(
      {
        org: PermissionList,
        scopes: Type.Record(Type.String(), PermissionList, {
          description: 'By `registry:<name>` or `workspace:<name>`: what the caller holds there beyond the org.',
        }),
      },
      { description: 'What the caller may do (the token narrowing applied), for showing or hiding actions.' },
    ),
    expires_at: Type.String({ description: 'When the session ends however busy (never after its token).' }),
    idle_timeout_seconds: Type.Integer({ description: 'The session ends when unused this long.' }),
    csrf_token: Type.String({
      description: 'Send it as the `X-Arca-CSRF` header on every state-changing request made with the session cookie.',
    }),
  },
  { $id: 'StudioSession' },
);

async function sessionView(
  access: AccessContext,
  secret: string,
  deps: { principals: PrincipalService; roles: RoleService; limits: StudioSessionLimits },
) {
  return {
    ...(await callerView(access, deps.principals, deps.roles)),
    credential: access.describeCredential(),
    permissions: access.summary(),
    expires_at: access.principal.token.expiresAt ?? '',
    idle_timeout_seconds: deps.limits.idleSeconds,
    csrf_token: csrfValueOf(secret),
  };
}

/** The cookie's secret of a request authenticated by a studio session (others carry none to show or end). */
function studioSecretOf(request: FastifyRequest): string {
  const secret = sessionSecretOf(request.headers.cookie);
  if (!principalOf(request).token.studioSession || secret === undefined) throw arcaError('StudioSessionNotFound', {});
  return secret;
}

/**
 * Studio sign-in: `POST /api/v1/sessions` exchanges a token for a session in an HttpOnly cookie,
 * `GET /api/v1/sessions/current` shows it (with its CSRF value), `DELETE` signs out.
 */
export function registerSessionRoutes(
  r: TypedRouter,
  deps: {
    identity: IdentityService;
    access: AccessService;
    principals: PrincipalService;
    roles: RoleService;
    limits: StudioSessionLimits;
    publicUrl: string | undefined;
  },
): void {
  r.post(
    '/api/v1/sessions',
    {
      schema: {
        tags: ['sessions'],
        operationId: 'createSession',
        summary: 'Sign in to the studio: exchange a token for a session cookie (HttpOnly, SameSite=Strict)',
        description:
          'Authenticated by the token in the body (not a header). The session is as narrow as the token, dies with it, and ends when unused for the idle limit or at its absolute limit.',
        security: [],
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 512, description: 'An Arca token.' }) },
          { additionalProperties: false },
        ),
        response: { 201: SessionView, ...errorResponses },
      },
      // The token in the body is the credential: the handler authenticates it like a bearer token.
      config: { access: { public: true } },
    },
    async (request, reply) => {
      const principal = await deps.identity.authenticate(`Bearer ${request.body.token}`, requestContextOf(request));
      if (principal.token.session) throw arcaError('CredentialRestricted', 'sessionTokenOffV2', {});
      const issued = await deps.identity.issueStudioSession(principal, deps.limits.maxSeconds);
      const session = await deps.identity.authenticateStudioSession(issued.token, requestContextOf(request));
      const access = await deps.access.contextFor(session);
      const maxAge = (Date.parse(issued.expiresAt) - Date.parse(issued.issuedAt)) / 1000;
      void reply.header('set-cookie', sessionCookie(issued.token, maxAge, secureCookies(request, deps.publicUrl)));
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send(await sessionView(access, issued.token, deps));
    },
  );
  r.get(
    '/api/v1/sessions/current',
    {
      schema: {
        tags: ['sessions'],
        operationId: 'getCurrentSession',
        summary: 'The signed-in studio session: who, roles, what they may do, expiry and the CSRF value',
        response: { 200: SessionView, ...errorResponses },
      },
      config: { access: { filtered: 'principals/read' } },
    },
    async (request, reply) => {
      const secret = studioSecretOf(request);
      void reply.header('cache-control', 'no-store');
      return sessionView(accessOf(request), secret, deps);
    },
  );
  r.delete(
    '/api/v1/sessions/current',
    {
      schema: {
        tags: ['sessions'],
        operationId: 'deleteCurrentSession',
        summary: 'Sign out: the session is revoked server-side and its cookie cleared',
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { access: { filtered: 'principals/read' } },
    },
    async (request, reply) => {
      studioSecretOf(request);
      await deps.identity.endStudioSession(principalOf(request));
      void reply.header('set-cookie', clearedSessionCookie(secureCookies(request, deps.publicUrl)));
      return reply.status(204).send(null);
    },
  );
}
