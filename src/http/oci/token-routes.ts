import { Type } from '@sinclair/typebox';
import { nameKey } from '../../core/names.js';
import type { IdentityService } from '../../services/access/identity.js';
import { principalOf } from '../auth.js';
import { parseTokenScopes } from './oci-auth.js';
import { tags, type OciRouteContext } from './oci-route-context.js';

/** Session tokens from `/v2/token` live this long (clients ask again when one expires). */
const sessionTokenSeconds = 300;

/** `GET /v2/token`: the Docker token flow, trading an Arca token for a short-lived session token. */
export function registerTokenRoute({ r, oci }: OciRouteContext, identity: IdentityService): void {
  r.get(
    '/v2/token',
    {
      schema: {
        tags,
        operationId: 'ociToken',
        summary:
          'Docker token flow: Basic auth with an Arca token as the password → a short-lived token for the requested scopes',
        querystring: Type.Object({
          service: Type.Optional(Type.String({ maxLength: 128 })),
          scope: Type.Optional(
            Type.Union([
              Type.String({ maxLength: 1024 }),
              Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 32 }),
            ]),
          ),
          account: Type.Optional(Type.String({ maxLength: 256 })),
          client_id: Type.Optional(Type.String({ maxLength: 256 })),
          offline_token: Type.Optional(Type.String({ maxLength: 16 })),
        }),
      },
      config: { access: { oci: 'login' } },
    },
    async (request, reply) => {
      const requested = parseTokenScopes([request.query.scope ?? []].flat());
      const readOnly = requested.length > 0 && requested.every((s) => s.actions.every((a) => a === 'pull'));
      const scopeNames = new Set(requested.map((s) => nameKey(s.repository.split('/')[0] ?? '')));
      let grantScope: { kind: 'registry' | 'workspace'; key: string } | undefined;
      if (scopeNames.size === 1) {
        const scope = await oci.resolveScope([...scopeNames][0] ?? '').catch(() => undefined);
        if (scope !== undefined) grantScope = { kind: scope.kind, key: scope.nameKey };
      }
      const issued = await identity.issueSessionToken(
        principalOf(request),
        { readOnly, ...(grantScope ? { scope: grantScope } : {}) },
        sessionTokenSeconds,
      );
      return reply.header('cache-control', 'no-store').send({
        token: issued.token,
        access_token: issued.token,
        expires_in: Math.round((Date.parse(issued.expiresAt) - Date.parse(issued.issuedAt)) / 1000),
        issued_at: issued.issuedAt,
      });
    },
  );
}
