import { Type } from '@sinclair/typebox';
import { arcaError } from '../../core/errors.js';
import { ociIndexMediaType } from '../../core/oci/oci-manifests.js';
import { BlobParams, tags, type OciRouteContext } from './oci-route-context.js';

/** `GET …/referrers/<digest>`: the manifests whose subject is the digest, as an image index. */
export function registerReferrerRoutes({ r, oci, repository }: OciRouteContext): void {
  r.get(
    '/v2/:scope/:segment/:name/referrers/:digest',
    {
      schema: {
        tags,
        operationId: 'ociListReferrers',
        summary: 'Manifests whose subject is the digest, as an OCI image index (artifactType filters)',
        params: BlobParams,
        querystring: Type.Object({ artifactType: Type.Optional(Type.String({ maxLength: 255 })) }),
      },
      config: { access: { oci: 'pull' } },
    },
    async (request, reply) => {
      const { digest } = request.params;
      if (!/^sha256:[0-9a-f]{64}$/.test(digest))
        throw arcaError('DigestInvalid', 'notSha256', { value: digest }, { target: 'digest' });
      const manifests = await oci.referrers(await repository(request), digest, request.query.artifactType);
      if (request.query.artifactType !== undefined) void reply.header('oci-filters-applied', 'artifactType');
      return reply
        .header('content-type', ociIndexMediaType)
        .send(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: ociIndexMediaType, manifests })));
    },
  );
}
