import { Type } from '@sinclair/typebox';
import { repositoryPath, RepositoryParams, tags, type OciRouteContext } from './oci-route-context.js';

const maxTagsPage = 1000;

/** `GET …/tags/list`: a repository's tags and version labels, paged. */
export function registerTagRoutes({ r, oci, repository }: OciRouteContext): void {
  r.get(
    '/v2/:scope/:segment/:name/tags/list',
    {
      schema: {
        tags,
        operationId: 'ociListTags',
        summary: 'Tags (and version labels) in lexical order; n and last page through them (Link header)',
        params: RepositoryParams,
        querystring: Type.Object({
          n: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
          last: Type.Optional(Type.String({ maxLength: 128 })),
        }),
      },
      config: { access: { oci: 'pull' } },
    },
    async (request, reply) => {
      const repo = await repository(request);
      const n = Math.min(request.query.n ?? maxTagsPage, maxTagsPage);
      const page = n === 0 ? { tags: [], more: false } : await oci.tags(repo, n, request.query.last);
      const last = page.tags.at(-1);
      if (page.more && last !== undefined)
        void reply.header(
          'link',
          `<${repositoryPath(repo.name)}/tags/list?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`,
        );
      return reply.type('application/json').send({ name: repo.name.full, tags: page.tags });
    },
  );
}
