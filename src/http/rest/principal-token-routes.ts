import { Type } from '@sinclair/typebox';
import { compact } from '../../core/compact.js';
import type { PrincipalService } from '../../services/access/principals.js';
import { accessOf } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { errorResponses } from './http-schemas.js';
import { Name, scopeOf, TokenBody, TokenView } from './identity-schemas.js';
import { tokenView } from './identity-views.js';
import type { PrincipalKindRoutes } from './principal-routes.js';

/** A principal's tokens: list them (never their secrets) and create one (its secret shown once). */
export function registerPrincipalTokenRoutes({ r, principals, kind, segment, tag }: PrincipalKindRoutes): void {
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
          ...compact({ readOnly: read_only }),
          ...(scope.kind === 'org' ? {} : { scope }),
        },
        accessOf(request),
      );
      return reply.status(201).send(tokenView(created.token, created.secret));
    },
  );
}

/** `DELETE /api/v1/tokens/:id`: revoke a token by its id, whoever it belongs to. */
export function registerRevokeTokenRoute(r: TypedRouter, principals: PrincipalService): void {
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
}
