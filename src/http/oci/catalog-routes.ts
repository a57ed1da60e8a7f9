import { Type } from '@sinclair/typebox';
import { scopeSegments } from '../../core/names.js';
import type { CatalogScope } from '../../services/oci/oci-catalog.js';
import { accessOf } from '../auth.js';
import { tags, type OciRouteContext } from './oci-route-context.js';

/** The most repositories one `/v2/_catalog` page lists (a larger `n` is refused: 400). */
const maxCatalogPage = 1000;

/** `GET /v2/`: the endpoint clients probe to learn whether they must log in. */
export function registerBaseRoute({ r }: OciRouteContext): void {
  r.get(
    '/v2/',
    {
      schema: {
        tags,
        operationId: 'ociBase',
        summary: 'OCI base endpoint: 200 with a valid token, otherwise 401 with the token-flow challenge',
      },
      config: { access: { oci: 'login' } },
    },
    async (_request, reply) => reply.type('application/json').send({}),
  );
}

/** `GET /v2/_catalog`: the repositories the caller can read, paged. */
export function registerCatalogRoute({ r, oci }: OciRouteContext): void {
  r.get(
    '/v2/_catalog',
    {
      schema: {
        tags,
        operationId: 'ociCatalog',
        summary:
          'Repositories of the registries and workspaces the caller can read, in lexical order; n (at most 1000) and last page through them (Link header)',
        querystring: Type.Object({
          n: Type.Optional(Type.Integer({ minimum: 0, maximum: maxCatalogPage })),
          last: Type.Optional(Type.String({ maxLength: 255 })),
        }),
      },
      config: { access: { oci: 'login' } },
    },
    async (request, reply) => {
      const access = accessOf(request);
      const n = request.query.n ?? maxCatalogPage;
      const canRead = (scope: CatalogScope) => access.allows(`${scopeSegments[scope.kind]}/assets/read`, scope);
      const page = n === 0 ? { repositories: [], more: false } : await oci.catalog(canRead, n, request.query.last);
      const last = page.repositories.at(-1);
      if (page.more && last !== undefined)
        void reply.header('link', `</v2/_catalog?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`);
      return reply.type('application/json').send({ repositories: page.repositories });
    },
  );
}
